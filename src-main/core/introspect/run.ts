import { randomUUID } from 'node:crypto';
import { BACKEND_INFO } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import type { ProfileData } from '../../shared/profile';
import type { ColumnMapping, IntrospectedSchema, IntrospectedTable, TypesProgress, TypesReport } from '../../shared/typemap-model';
import { driverFor, type DriverConnection } from '../drivers';
import type { ConnectSecrets } from '../drivers/types';
import { mapColumns, TypeCache, type MappedColumn } from '../typemap/map';
import { summarize } from '../typemap/summary';
import { modelBlockers } from '../typemap/models';
import { checkAborted } from './types';
import { connectFailure } from '../connections/testing/diagnose';
import { introspectorFor } from './index';

/**
 * One type-mapping run over a raw connection (and on MySQL/MariaDB a second one the introspector
 * opens and closes): connect, introspect (a few catalog queries), map (pure, linear), summarise.
 * Cancelling destroys the connections, which ends a query in flight.
 */
export interface TypesRunSpec {
  profile: ProfileData;
  password?: string;
  secrets?: ConnectSecrets;
  /** Shown in messages and the report: the saved name or the masked URL. */
  label: string;
  schema?: string;
  signal?: AbortSignal;
  onProgress?(p: Omit<TypesProgress, 'jobId'>): void;
  nativeBinding?: string;
}

async function open(spec: TypesRunSpec): Promise<DriverConnection> {
  try {
    return await driverFor(spec.profile.backend).connect({
      profile: spec.profile,
      ...(spec.password !== undefined ? { password: spec.password } : {}),
      ...spec.secrets,
      applicationName: 'poolscope-types',
      ...(spec.nativeBinding ? { nativeBinding: spec.nativeBinding } : {}),
    });
  } catch (err) {
    // The same words as the connection test, the checks and the command line (connections/testing/diagnose).
    throw await connectFailure(err, { profile: spec.profile, ...(spec.password !== undefined ? { password: spec.password } : {}), ...(spec.secrets ? { secrets: spec.secrets } : {}), ...(spec.nativeBinding ? { nativeBinding: spec.nativeBinding } : {}) });
  }
}

async function withConnection<T>(spec: TypesRunSpec, work: (conn: DriverConnection) => Promise<T>): Promise<T> {
  checkAborted(spec.signal);
  const conn = await open(spec);
  const onAbort = () => conn.destroy();
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(conn);
  } catch (err) {
    // A query killed by the cancel shows up as a driver error: report the cancel, not the symptom.
    checkAborted(spec.signal);
    if (err instanceof AppError) throw err;
    if (driverFor(spec.profile.backend).isDisconnect(err))
      throw new AppError('DB_ERROR', `The connection to ${spec.label} was lost while reading its schema: ${(err as Error).message}`, 'Run it again. If it keeps happening, the server log says why sessions end (a restart, an idle timeout, a killed session).');
    throw new AppError('DB_ERROR', `Reading the schema of ${spec.label} failed: ${(err as Error).message}`, 'The connected user needs read access to the catalog (pg_catalog, information_schema or sqlite_master).');
  } finally {
    spec.signal?.removeEventListener('abort', onAbort);
    await conn.close();
  }
}

export function listSchemas(spec: TypesRunSpec): Promise<string[]> {
  return withConnection(spec, (conn) => introspectorFor(BACKEND_INFO[spec.profile.backend].family).listSchemas(conn));
}

export async function runTypes(spec: TypesRunSpec): Promise<{ report: TypesReport; schema: IntrospectedSchema }> {
  const family = BACKEND_INFO[spec.profile.backend].family;
  spec.onProgress?.({ phase: 'connecting', done: 0, total: 0, message: `Connecting to ${spec.label}` });
  return withConnection(spec, async (conn) => {
    const t0 = performance.now();
    const schema = await introspectorFor(family).introspect(conn, {
      ...(spec.schema ? { schema: spec.schema } : {}),
      ...(spec.signal ? { signal: spec.signal } : {}),
      onProgress: (done, total, message) => spec.onProgress?.({ phase: 'introspecting', done, total, message }),
      // MySQL/MariaDB: a second session lets the server open the tables for two views at once; the
      // introspector closes it. PostgreSQL and SQLite use one (see their introspectors).
      ...(family === 'mysql' ? { openSession: () => open(spec) } : {}),
    });
    const t1 = performance.now();
    const columnCount = schema.tables.reduce((n, t) => n + t.columns.length, 0);
    spec.onProgress?.({ phase: 'mapping', done: 0, total: columnCount, message: `Mapping ${columnCount} columns` });
    const report = buildReport(schema, spec.label, t1 - t0, t1);
    spec.onProgress?.({ phase: 'done', done: columnCount, total: columnCount, message: `${report.summary.tables} tables, ${columnCount} columns` });
    return { report, schema };
  });
}

/** Pure apart from the clock: an introspected schema to the report the UI, the CLI and the bench read. */
export function buildReport(schema: IntrospectedSchema, label: string, introspectMs: number, mapStart = performance.now()): TypesReport {
  // Columns of the same type are mapped once (the cache), and every column once: the models check
  // reads the same mappings the grid shows instead of mapping the schema a second time.
  const cache: TypeCache = new TypeCache();
  const mapped = new Map<IntrospectedTable, MappedColumn[]>();
  const columns: ColumnMapping[] = [];
  for (const table of schema.tables) {
    const m = mapColumns(schema.family, table, cache);
    mapped.set(table, m);
    for (const c of m) columns.push(c.mapping);
  }
  const { tables: tableSummaries, schema: summary } = summarize(columns, modelBlockers(schema, [], cache, mapped));
  return {
    id: randomUUID(),
    connectionName: label,
    backend: schema.backend,
    family: schema.family,
    serverVersion: schema.serverVersion,
    schema: schema.schema,
    tables: schema.tables.map((t) => ({ name: t.name, columns: t.columns.length, primaryKey: t.primaryKey, ...(t.partitions ? { partitions: t.partitions } : {}) })),
    columns,
    tableSummaries,
    summary,
    timings: { introspectMs: Math.round(introspectMs), mapMs: Math.round(performance.now() - mapStart) },
  };
}
