import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../core/core';
import { createHandlers, dispatch } from './index';
import { silentLogger } from '../core/logging/logger';
import { tempDir } from '../../test/tmp';
import type { TypesProgress, TypesReport } from '../shared/typemap-model';

describe('types.* handlers through dispatch (the demo SQLite database)', () => {
  const dir = tempDir();
  let core: Core;
  const ctx = { transport: 'test' as const };
  let handlers: ReturnType<typeof createHandlers> | undefined;
  // One handler set, as a transport holds it: reports live in it between calls.
  const call = (method: string, input: unknown) => dispatch((handlers ??= createHandlers(core)), method, input, ctx, silentLogger);

  beforeAll(() => {
    core = new Core({ dataDir: dir.path, mode: 'cli' });
  });
  afterAll(async () => {
    await core.close();
    dir.cleanup();
  });

  it('introspects with progress events, exports models from the report, and refuses unknown reports', async () => {
    const demo = core.connections.list().find((c) => c.builtin)!;
    const events: TypesProgress[] = [];
    const off = core.bus.subscribe((name, payload) => name === 'types.progress' && events.push(payload as TypesProgress));
    const schemas = await call('types.schemas', { id: demo.id });
    expect(schemas).toEqual({ ok: true, value: { schemas: ['main'], current: 'main' } });
    const r = await call('types.introspect', { id: demo.id, jobId: 'job-1' });
    off();
    expect(r.ok).toBe(true);
    const report = (r as { ok: true; value: TypesReport }).value;
    expect(report.summary.targets.mysql.runs).toBe(false);
    expect(events.every((e) => e.jobId === 'job-1')).toBe(true);
    expect(events.map((e) => e.phase)).toEqual(expect.arrayContaining(['connecting', 'introspecting', 'mapping', 'done']));

    const models = await call('types.models', { reportId: report.id, tables: ['users'], variant: 'portable' });
    expect(models.ok && (models.value as { code: string }).code).toContain('class Users(Base):');
    const unknownTable = await call('types.models', { reportId: report.id, tables: ['nope'], variant: 'portable' });
    expect(unknownTable).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const gone = await call('types.models', { reportId: 'no-such-report', tables: [], variant: 'faithful' });
    expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('types.cancel', { jobId: 'job-1' })).toEqual({ ok: true, value: { cancelled: false } });
    expect((await call('types.introspect', { id: demo.id, jobId: 'x', extra: 1 })).ok).toBe(false);
  });
});
