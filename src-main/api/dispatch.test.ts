import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from './dispatch';
import { AppError } from '../shared/errors';
import { silentLogger } from '../core/logging/logger';
import { redactor } from '../core/logging/redact';

function handlers(overrides: Partial<Record<string, (input: unknown) => unknown>>): Handlers {
  return new Proxy({} as Handlers, {
    get: (_t, name: string) => overrides[name] ?? (() => ({ ok: true })),
  });
}

describe('dispatch', () => {
  const ctx = { transport: 'test' as const };

  it('refuses an unknown method with a structured error', async () => {
    const r = await dispatch(handlers({}), 'nope.nothing', {}, ctx, silentLogger);
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_METHOD', message: 'There is no method "nope.nothing".' }) });
    expect((await dispatch(handlers({}), 42, {}, ctx, silentLogger)).ok).toBe(false);
    expect((await dispatch(handlers({}), '__proto__', {}, ctx, silentLogger)).ok).toBe(false);
  });

  it('validates input against the contract and names the field', async () => {
    const r = await dispatch(handlers({}), 'connections.get', { id: 5 }, ctx, silentLogger);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.message).toMatch(/^connections\.get got invalid input: id:/);
      expect(r.error.details).toEqual({ field: 'id' });
    }
    const extra = await dispatch(handlers({}), 'app.info', { surprise: true }, ctx, silentLogger);
    expect(extra.ok).toBe(false);
  });

  it('treats a missing input as {} and passes parsed input to the handler', async () => {
    let seen: unknown;
    const r = await dispatch(handlers({ 'app.info': (i) => ((seen = i), { v: 1 }) }), 'app.info', undefined, ctx, silentLogger);
    expect(r).toEqual({ ok: true, value: { v: 1 } });
    expect(seen).toEqual({});
  });

  it('passes AppErrors through and turns other exceptions into INTERNAL, with secrets scrubbed', async () => {
    const app = await dispatch(handlers({ 'app.info': () => { throw new AppError('NOT_FOUND', 'gone', 'look elsewhere'); } }), 'app.info', {}, ctx, silentLogger);
    expect(app).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone', hint: 'look elsewhere' } });
    redactor.remember('dispatch-secret-99');
    const internal = await dispatch(handlers({ 'app.info': () => { throw new Error('boom with dispatch-secret-99 inside'); } }), 'app.info', {}, ctx, silentLogger);
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('INTERNAL');
      expect(internal.error.message).not.toContain('dispatch-secret-99');
      expect(internal.error.hint).toMatch(/log file/);
    }
  });
});
