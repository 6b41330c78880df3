import { z } from 'zod';
import { method, event } from './define';
import type { ModelVariant, TypesProgress, TypesReport } from '../typemap-model';

const id = z.string().min(1).max(64);
const jobId = z.string().min(1).max(64);
/** For connections that ask for their password: used for this request only, never stored. */
const password = z.string().max(4096).optional();

export const typesMethods = {
  'types.schemas': method(z.strictObject({ id, password }), 'Schemas (PostgreSQL), databases (MySQL) or attached databases (SQLite) of a saved connection, and the current one.').returns<{
    schemas: string[];
    current: string | null;
  }>(),
  'types.introspect': method(
    z.strictObject({ id, schema: z.string().min(1).max(255).optional(), jobId, password }),
    'Introspect a schema and map every column to SQLAlchemy 2.0 types, DDL per dialect and a verdict per target. Progress arrives as types.progress events with the same jobId.',
  ).returns<TypesReport>(),
  'types.cancel': method(z.strictObject({ jobId }), 'Cancel a running introspection; its types.introspect call fails with CANCELLED.').returns<{ cancelled: boolean }>(),
  'types.models': method(
    z.strictObject({
      reportId: z.string().min(1).max(64),
      tables: z.array(z.string().max(255)).max(100_000),
      variant: z.enum(['portable', 'faithful']),
    }),
    'SQLAlchemy 2.0 declarative models for the chosen tables of an introspected report (all tables when the list is empty).',
  ).returns<{ code: string; filename: string; variant: ModelVariant; tables: number }>(),
};

export const typesEvents = {
  'types.progress': event<TypesProgress>('Progress of a types.introspect job: connecting, introspecting (per catalog query), mapping, done.'),
};
