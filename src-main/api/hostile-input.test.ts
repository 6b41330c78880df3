import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { Core } from '../core/core';
import { createHandlers, dispatch } from './index';
import { METHOD_NAMES, methods } from '../shared/contract';
import { startWsServer, type RunningServer } from '../transport/ws-server';
import { tempDir } from '../../test/tmp';

/** Values an attacker or a buggy client might send: wrong types, huge strings, deep objects, prototype tricks. */
const deep = (depth: number): unknown => (depth === 0 ? 'x' : { a: deep(depth - 1) });
const hostile = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false, withMap: false, withSet: false, withTypedArray: false }),
  fc.constantFrom<unknown>(null, undefined, 0, -1, NaN, Infinity, '', [], 'x'.repeat(1_000_000), deep(2000), { __proto__: { polluted: true } }, JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { polluted: true } } }),
  fc.dictionary(fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 2 }), { maxKeys: 6 }),
  fc.record({ id: fc.oneof(fc.string({ maxLength: 80 }), fc.integer(), fc.constant(null)), extra: fc.anything({ maxDepth: 1 }) }, { requiredKeys: [] }),
);

describe('hostile input to every contract method', () => {
  const dir = tempDir();
  let core: Core;
  let server: RunningServer;
  beforeAll(async () => {
    core = new Core({ dataDir: join(dir.path, 'data'), mode: 'serve' });
    const renderer = join(dir.path, 'renderer');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
    server = await startWsServer({ handlers: createHandlers(core), bus: core.bus, logger: core.logger, port: 0, rendererDir: renderer });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    dir.cleanup();
  });

  it('every method answers random and malformed input with a value or a structured error, never a throw', async () => {
    const handlers = createHandlers(core);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHOD_NAMES), hostile, async (name, input) => {
        const r = await dispatch(handlers, name, input, { transport: 'test' }, core.logger);
        if (!r.ok) {
          expect(typeof r.error.code).toBe('string');
          expect(r.error.message.length).toBeGreaterThan(0);
          expect(r.error.message.length).toBeLessThan(2000);
          expect(r.error.hint.length).toBeGreaterThan(0);
        }
        expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      }),
      { numRuns: 600 },
    );
    for (const name of METHOD_NAMES) expect(methods[name].kind).toBe('method');
  });

  it('unknown fields are refused even on otherwise valid input', async () => {
    const handlers = createHandlers(core);
    const r = await dispatch(handlers, 'connections.list', { sneaky: 1 }, { transport: 'test' }, core.logger);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('BAD_INPUT');
  });

  it('over the socket: a barrage of malformed messages, then the server still serves', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((r) => ws.once('open', r));
    const replies: Array<{ ok: boolean; error?: { code: string } }> = [];
    ws.on('message', (d) => replies.push(JSON.parse(String(d))));
    const messages = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constant(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`),
        fc.tuple(fc.constantFrom(...METHOD_NAMES, 'nope', '__proto__', 'constructor'), hostile).map(([method, input]) => JSON.stringify({ id: 1, method, input })),
      ),
      300,
    );
    for (const m of messages) ws.send(m);
    ws.send(JSON.stringify({ id: 'final', method: 'app.info', input: {} }));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`only ${replies.length} replies`)), 20_000);
      const check = setInterval(() => {
        // Every message answered; a slow valid call (connections.discover probes ports for ~0.4 s) may answer after the final one.
        if (replies.length >= messages.length + 1) {
          clearTimeout(t);
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    expect(replies.length).toBe(messages.length + 1);
    for (const r of replies) if (!r.ok) expect(r.error?.code).toMatch(/^[A-Z_]+$/);
    expect(replies.find((r) => (r as { id?: unknown }).id === 'final')).toMatchObject({ id: 'final', ok: true, value: { name: 'Poolscope' } });
    ws.close();
  });
});
