import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Core } from '../core/core';
import { createHandlers, dispatch, type Handlers } from '../api';
import { startWsServer, type RunningServer } from '../transport/ws-server';
import { silentLogger } from '../core/logging/logger';
import { mysqlAdmin, mysqlTarget, tempMysqlDatabase, uniqueName } from '../../test/servers';
import { serverMissing } from '../../test/requires';
import { tempDir } from '../../test/tmp';

/** Every form a password can take in text: as is, percent-encoded (URLs), JSON-escaped. */
function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
}

function expectAbsent(text: string | Buffer, secret: string, where: string): void {
  for (const f of forms(secret)) {
    const found = Buffer.isBuffer(text) ? text.includes(Buffer.from(f, 'utf8')) : text.includes(f);
    expect(found, `${where} holds the password (${f === secret ? 'plain' : 'encoded'})`).toBe(false);
  }
}

/**
 * The secrets promise, proved end to end against a real MariaDB account with a password: the
 * password never comes back from the API (handlers and the serve-mode socket), never reaches the
 * log files, and never sits in the app database in plain text. "Ask" passwords are never stored.
 */
describe.skipIf(serverMissing('mysql'))('saved-connection secrets', () => {
  const dir = tempDir();
  const savedPw = `Saved-${randomBytes(6).toString('hex')}-ü@:/%`;
  const askPw = `Asked-${randomBytes(6).toString('hex')}-#?&`;
  const user = uniqueName('poolscope_sec');
  let db: { name: string; drop(): Promise<void> };
  let core: Core;
  let handlers: Handlers;
  let server: RunningServer;
  let ws: WebSocket;
  const wire: string[] = [];
  const clipboard: string[] = [];
  let nextId = 1;

  const call = async (method: string, input: unknown): Promise<any> => {
    // Straight through the handlers (no transport scrubbing) and asserted there first.
    const direct = await dispatch(handlers, method, input, { transport: 'test' }, silentLogger);
    return direct;
  };
  const viaSocket = (method: string, input: unknown): Promise<any> =>
    new Promise((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data));
        if (msg.type === 'result' && msg.id === id) {
          ws.off('message', onMessage);
          resolve(msg);
        }
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, input }));
    });

  beforeAll(async () => {
    db = await tempMysqlDatabase();
    const admin = await mysqlAdmin();
    await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', savedPw]);
    await admin.query(`GRANT ALL ON \`${db.name}\`.* TO ?@?`, [user, '%']);
    await admin.end();
    core = new Core({ dataDir: join(dir.path, 'data'), mode: 'serve', seedDemo: false });
    handlers = createHandlers(core, { writeClipboard: (t) => void clipboard.push(t) });
    server = await startWsServer({ handlers: createHandlers(core), bus: core.bus, logger: core.logger, port: 0, rendererDir: join(dir.path, 'renderer') });
    ws = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
      s.on('message', (d) => wire.push(String(d)));
      s.once('open', () => resolve(s));
      s.once('error', reject);
    });
  });

  afterAll(async () => {
    ws?.close();
    await server?.close();
    await core?.close();
    const admin = await mysqlAdmin();
    await admin.query('DROP USER IF EXISTS ?@?', [user, '%']);
    await admin.end();
    await db?.drop();
    dir.cleanup();
  });

  it('keeps the saved password out of every API result, and still uses it to connect', async () => {
    const t = mysqlTarget();
    const profile = { name: 'secret mariadb', backend: 'mariadb', host: t.host, port: t.port, user, database: db.name, passwordMode: 'saved', tls: { mode: 'disable' } };
    const created = await call('connections.create', { profile, password: savedPw });
    expect(created.ok).toBe(true);
    const id = created.value.id as string;
    expect(created.value.hasPassword).toBe(true);
    const results = [
      created,
      await call('connections.get', { id }),
      await call('connections.list', {}),
      await call('connections.url', { id }),
      await call('connections.duplicate', { id }),
      await call('connections.test', { testId: 'secret-test-1', id }),
    ];
    for (const r of results) expectAbsent(JSON.stringify(r), savedPw, 'an API result');
    const report = results[5].value;
    expect(report.ok).toBe(true);
    expect(results[3].value).toMatchObject({ masked: true, url: expect.stringContaining(`${user}:***@`) });
    // The duplicate carries the saved password along (it can log in too).
    const copyTest = await call('connections.test', { testId: 'secret-test-2', id: results[4].value.id });
    expect(copyTest.value.ok).toBe(true);
  });

  it('sends nothing secret over the serve-mode socket, progress events included', async () => {
    const list = await viaSocket('connections.list', {});
    const id = list.value.find((c: { name: string }) => c.name === 'secret mariadb').id as string;
    const wrong = await viaSocket('connections.test', { testId: 'secret-test-3', id, password: `Wrong-${randomBytes(4).toString('hex')}` });
    expect(wrong.value.failure).toMatchObject({ kind: 'auth-failed', code: '1045' });
    await viaSocket('connections.test', { testId: 'secret-test-4', id });
    expect(wire.some((m) => m.includes('"connections.testProgress"'))).toBe(true);
    for (const m of wire) expectAbsent(m, savedPw, 'a socket message');
  });

  it('uses an "ask" password for that one request and stores it nowhere', async () => {
    const t = mysqlTarget();
    const admin = await mysqlAdmin();
    await admin.query('ALTER USER ?@? IDENTIFIED BY ?', [user, '%', askPw]);
    await admin.end();
    const created = await call('connections.create', { profile: { name: 'ask mariadb', backend: 'mariadb', host: t.host, port: t.port, user, database: db.name, passwordMode: 'ask', tls: { mode: 'disable' } }, password: askPw });
    expect(created.value.hasPassword).toBe(false);
    const id = created.value.id as string;
    const missing = await call('connections.test', { testId: 'secret-test-5', id });
    expect(missing.error).toMatchObject({ code: 'BAD_INPUT', details: { needPassword: true } });
    const ok = await call('connections.test', { testId: 'secret-test-6', id, password: askPw });
    expect(ok.value.ok).toBe(true);
    expectAbsent(JSON.stringify(ok), askPw, 'the test result');
  });

  it('copies the URL with its password only through the main-process clipboard', async () => {
    const list = await call('connections.list', {});
    const id = list.value.find((c: { name: string }) => c.name === 'secret mariadb').id as string;
    const copied = await call('connections.copyUrlWithPassword', { id });
    expect(copied).toEqual({ ok: true, value: { copied: true } });
    const userinfo = /^[\w+]+:\/\/([^:@]+):([^@]+)@/.exec(clipboard.at(-1) ?? '');
    expect(userinfo?.[1]).toBe(user);
    expect(decodeURIComponent(userinfo![2]!)).toBe(savedPw);
    const refused = await viaSocket('connections.copyUrlWithPassword', { id });
    expect(refused.error).toMatchObject({ code: 'UNSUPPORTED' });
    expect(refused.error.hint).toMatch(/poolscope url "secret mariadb" --with-password/);
  });

  it('leaves no password in the log files or the app database bytes', async () => {
    await core.close();
    const data = join(dir.path, 'data');
    const dbFiles = readdirSync(data).filter((f) => f.startsWith('poolscope.db'));
    expect(dbFiles).toContain('poolscope.db');
    for (const f of dbFiles) {
      const bytes = readFileSync(join(data, f));
      expectAbsent(bytes, savedPw, f);
      expectAbsent(bytes, askPw, f);
    }
    const logs = readdirSync(join(data, 'logs'));
    expect(logs.length).toBeGreaterThan(0);
    for (const f of logs) {
      const text = readFileSync(join(data, 'logs', f), 'utf8');
      expectAbsent(text, savedPw, f);
      expectAbsent(text, askPw, f);
    }
  });
});
