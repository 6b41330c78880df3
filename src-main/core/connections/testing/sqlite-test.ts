import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ServerFacts } from '../../../shared/conn-test';
import { isMemorySqlite } from '../../../shared/backends';
import { driverFor } from '../../drivers';
import { throwIfAborted } from './abort';
import { measureLatency, query, type TestContext } from './context';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function header(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** SQLite: the file itself, opening it, and a query that makes SQLite read its header and schema. */
export async function testSqlite(t: TestContext): Promise<ServerFacts> {
  const p = t.profile;
  const memory = isMemorySqlite(p.database);

  await t.tracker.run('file', async () => {
    if (memory) return { value: null, detail: 'in memory: every new connection opens its own empty database' };
    if (!isAbsolute(p.database)) {
      t.warnings.push(`The path is relative: Poolscope resolved it to ${resolve(p.database)}; your service resolves it against its own working directory.`);
    }
    const st = statSync(p.database);
    if (st.isDirectory()) throw Object.assign(new Error(`${p.database} is a directory`), { code: 'EISDIR' });
    const head = st.size > 0 ? header(p.database) : Buffer.alloc(0);
    if (st.size === 0) return { value: null, detail: 'empty file (SQLite treats it as an empty database)', status: 'warn' as const };
    const looksRight = head.equals(HEADER);
    return { value: null, detail: `${sizeText(st.size)}${looksRight ? ', SQLite 3 header' : ', no SQLite header'}`, status: looksRight ? ('ok' as const) : ('warn' as const) };
  });

  const conn = await t.tracker.run('open', async () => {
    throwIfAborted(t.signal);
    const c = await driverFor('sqlite').connect({ profile: p, nativeBinding: t.nativeBinding });
    t.onCleanup(() => c.close());
    return { value: c, detail: memory ? 'opened :memory:' : 'opened (file must exist; never created)' };
  });

  const row = await t.tracker.run('query', async () => {
    const rows = await query<{ version: string; objects: number }>(t, conn, 'SELECT sqlite_version() AS version, (SELECT count(*) FROM sqlite_master) AS objects', 'The first query');
    return { value: rows[0]!, detail: `${rows[0]!.objects} schema objects` };
  });
  const journal = await query<{ journal_mode: string }>(t, conn, 'PRAGMA journal_mode', 'Reading the journal mode');
  const latency = await measureLatency(t, conn);
  return {
    product: 'SQLite',
    version: row.version,
    versionString: `SQLite ${row.version} (the library inside Poolscope; Python's sqlite3 module may link another version), journal_mode=${journal[0]?.journal_mode ?? 'unknown'}`,
    auth: { method: 'none', detail: 'SQLite has no users: file permissions decide who may read and write.' },
    tls: { state: 'not applicable' },
    latency,
    database: memory ? ':memory:' : p.database,
  };
}
