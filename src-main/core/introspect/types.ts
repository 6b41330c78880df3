import type { DriverConnection } from '../drivers';
import type { IntrospectedSchema, IntrospectedTable } from '../../shared/typemap-model';
import { AppError } from '../../shared/errors';

export interface IntrospectOptions {
  /** PostgreSQL schema / MySQL database / SQLite attached database; default: the connection's current one. */
  schema?: string;
  signal?: AbortSignal;
  /** Called after each catalog query (a handful per schema, never one per table). */
  onProgress?(done: number, total: number, message: string): void;
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
