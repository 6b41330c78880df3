import { readFileSync } from 'node:fs';

export interface WalDamage {
  /** Transactions committed in the WAL after the damaged frame, which SQLite will drop. */
  lostCommits: number;
  /** 1-based frame number of the first damaged frame. */
  firstBadFrame: number;
}

/**
 * Reads a WAL file as SQLite's recovery will (sqlite.org/fileformat.html, "The WAL file format")
 * and reports acknowledged transactions it would silently drop: SQLite stops at the first frame
 * whose cumulative checksum does not match, so a damaged frame in the middle discards every
 * commit after it. A torn last frame (a write in flight at a crash) is normal and not reported:
 * only commit frames after the damage, written with this WAL's salt, count as lost.
 */
export function checkWal(walFile: string): WalDamage | null {
  let buf: Buffer;
  try {
    buf = readFileSync(walFile);
  } catch {
    return null;
  }
  if (buf.length < 32) return null;
  const magic = buf.readUInt32BE(0);
  if (magic !== 0x377f0682 && magic !== 0x377f0683) return null;
  const bigEndian = (magic & 1) === 1;
  const pageSize = buf.readUInt32BE(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return null;
  const salt1 = buf.readUInt32BE(16);
  const salt2 = buf.readUInt32BE(20);
  const word = (at: number): number => (bigEndian ? buf.readUInt32BE(at) : buf.readUInt32LE(at));
  const sum = (s: [number, number], from: number, to: number): [number, number] => {
    let [s0, s1] = s;
    for (let i = from; i < to; i += 8) {
      s0 = (s0 + word(i) + s1) >>> 0;
      s1 = (s1 + word(i + 4) + s0) >>> 0;
    }
    return [s0, s1];
  };
  let check = sum([0, 0], 0, 24);
  if (check[0] !== buf.readUInt32BE(24) || check[1] !== buf.readUInt32BE(28)) return null;
  const frameSize = 24 + pageSize;
  let frame = 0;
  let bad = 0;
  let lostCommits = 0;
  for (let at = 32; at + frameSize <= buf.length; at += frameSize) {
    frame++;
    const ours = buf.readUInt32BE(at + 8) === salt1 && buf.readUInt32BE(at + 12) === salt2;
    const commit = buf.readUInt32BE(at + 4) !== 0;
    if (bad) {
      if (ours && commit) lostCommits++;
      continue;
    }
    if (!ours) break;
    const next = sum(sum(check, at, at + 8), at + 24, at + frameSize);
    if (next[0] !== buf.readUInt32BE(at + 16) || next[1] !== buf.readUInt32BE(at + 20)) {
      bad = frame;
      if (commit) lostCommits++;
      continue;
    }
    check = next;
  }
  return bad && lostCommits > 0 ? { lostCommits, firstBadFrame: bad } : null;
}
