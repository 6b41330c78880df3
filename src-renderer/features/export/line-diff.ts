/** A line diff (jsdiff's diffArrays over lines) with unified-style hunks, for "what changed since the last export". */
import { diffArrays } from 'diff';

export type DiffLine = { kind: 'same' | 'add' | 'del'; text: string; oldNo?: number; newNo?: number };

export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText === '' ? [] : oldText.split('\n');
  const b = newText === '' ? [] : newText.split('\n');
  const out: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  // jsdiff's Myers diff: O((n+m)·d), so a big file with a few changes costs about its length.
  for (const part of diffArrays(a, b)) {
    for (const text of part.value) {
      if (part.added) out.push({ kind: 'add', text, newNo: ++newNo });
      else if (part.removed) out.push({ kind: 'del', text, oldNo: ++oldNo });
      else out.push({ kind: 'same', text, oldNo: ++oldNo, newNo: ++newNo });
    }
  }
  return out;
}

/** Changed lines with `context` unchanged lines around them; runs of unchanged lines between hunks are dropped. */
export function hunks(lines: DiffLine[], context = 3): Array<DiffLine | { kind: 'gap'; count: number }> {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.kind !== 'same') for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep[k] = true;
  });
  const out: Array<DiffLine | { kind: 'gap'; count: number }> = [];
  let skipped = 0;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (skipped) out.push({ kind: 'gap', count: skipped });
      skipped = 0;
      out.push(l);
    } else skipped++;
  });
  if (skipped && out.length) out.push({ kind: 'gap', count: skipped });
  return out;
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}
