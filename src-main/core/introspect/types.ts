import type { DriverConnection, QueryOptions, QueryResult } from '../drivers';
import type { IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { AppError } from '../../shared/errors';

export interface IntrospectOptions {
  /** PostgreSQL schema / MySQL database / SQLite attached database; default: the connection's current one. */
  schema?: string;
  signal?: AbortSignal;
  /** Called after each catalog query (a handful per schema, never one per table). */
  onProgress?(done: number, total: number, message: string): void;
  /**
   * Opens one more session to the same server. The catalog queries are independent, so half of them
   * then run there while the other half runs on `conn`: the server answers both at once. The
   * introspector closes it on every path; when it is not given or cannot be opened, every query
   * runs on `conn`. Used by the MySQL/MariaDB introspector (PostgreSQL's is faster on one session).
   */
  openSession?(): Promise<DriverConnection>;
}

export interface Introspector {
  listSchemas(conn: DriverConnection): Promise<string[]>;
  introspect(conn: DriverConnection, opts: IntrospectOptions): Promise<IntrospectedSchema>;
}

export function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Introspection was cancelled.', 'Start it again when you need it.');
}

/** Groups rows by table name, creating tables in first-seen order. */
export function tableMap(schema: string, names: string[], comments: Map<string, string> = new Map()): Map<string, IntrospectedTable> {
  return new Map(
    names.map((name) => [
      name,
      { schema, name, columns: [], primaryKey: [], foreignKeys: [], indexes: [], uniques: [], checks: [], ...(comments.get(name) ? { comment: comments.get(name)! } : {}) },
    ]),
  );
}

/**
 * Catalog rows grouped by table (first-seen order), each group in column order: the ordinal sort
 * runs on each table's few rows instead of on every column of the schema at once (20,000 rows,
 * a few milliseconds of comparisons). A stable sort, as the one over all rows was.
 */
export function rowsByTable<R>(rows: R[], table: (r: R) => string, ordinal: (r: R) => number): Map<string, R[]> {
  const out = new Map<string, R[]>();
  // A table's rows mostly arrive together: the group of the row before is tried first.
  let lastName: string | undefined;
  let last: R[] = [];
  for (const r of rows) {
    const name = table(r);
    if (name !== lastName) {
      lastName = name;
      const group = out.get(name);
      if (group) last = group;
      else out.set(name, (last = []));
    }
    last.push(r);
  }
  const byOrdinal = (x: R, y: R) => ordinal(x) - ordinal(y);
  // The server usually sends each table's rows in order already: sorted only when they are not.
  for (const group of out.values()) {
    let before = ordinal(group[0]!);
    for (let i = 1; i < group.length; i++) {
      const at = ordinal(group[i]!);
      if (before > at) {
        group.sort(byOrdinal);
        break;
      }
      before = at;
    }
  }
  return out;
}

/** A catalog query on one session, run after the ones sent to that session before it. */
export type CatalogQuery = <R>(sql: string, params?: readonly unknown[], opts?: QueryOptions) => Promise<QueryResult<R>>;

/**
 * Runs `work` with two query lanes: `first` on `conn`, `second` on a session of its own
 * (opts.openSession) or, without one, on `conn` after the first lane's queries. Each session runs
 * its queries one after another (node-postgres deprecates queueing on a busy client); once one
 * fails, the later ones on that session fail with it. The second session is opened while the first
 * lane already works, destroyed on cancel and closed when `work` ends, however it ends (an open
 * still under way is awaited and closed too).
 */
export async function withSecondSession<T>(conn: DriverConnection, opts: IntrospectOptions, work: (first: CatalogQuery, second: CatalogQuery) => Promise<T>): Promise<T> {
  let extra: DriverConnection | null = null;
  const onAbort = () => extra?.destroy();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const session = opts.openSession
    ? opts.openSession().then(
        (c) => {
          extra = c;
          if (opts.signal?.aborted) c.destroy();
          return c;
        },
        // The server may be at its connection limit: one session still does the whole job.
        () => conn,
      )
    : Promise.resolve(conn);
  const tails = new Map<DriverConnection, Promise<unknown>>();
  const lane =
    (target: Promise<DriverConnection>): CatalogQuery =>
    <R>(sql: string, params?: readonly unknown[], qopts?: QueryOptions) =>
      target.then((c) => {
        const next = (tails.get(c) ?? Promise.resolve()).then(() => c.query<R>(sql, params, qopts));
        tails.set(c, next);
        return next;
      });
  try {
    return await work(lane(Promise.resolve(conn)), lane(session));
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await session;
    await (extra as DriverConnection | null)?.close();
  }
}
