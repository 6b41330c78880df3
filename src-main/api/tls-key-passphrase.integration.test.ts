import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Core } from '../core/core';
import { createHandlers, dispatch, type Handlers } from '../api';
import { silentLogger } from '../core/logging/logger';
import { PgCluster, requirePgCluster } from '../../test/pg-cluster';
import { makeClientCerts, type ClientCerts } from '../../test/client-certs';
import { tempDir } from '../../test/tmp';
import { runSqlAlchemy, sqlalchemyMissing } from '../../test/sqlalchemy';
import { scenarioSchema } from '../shared/lab-types';
import { planSides, startVerify, type VerifyPlan } from '../core/verify/verify-run';

/**
 * The pinned Python stack against the same server, key and passphrase: asyncpg with an SSLContext
 * in connect_args (what the export writes; SQLAlchemy's asyncpg dialect hands URL arguments to
 * asyncpg.connect, which has no sslcert/sslpassword arguments), asyncpg's own DSN reader, and
 * psycopg with libpq's URL parameters. The passphrase arrives on stdin.
 */
const PYTHON_SIDE = `
import asyncio, ssl, urllib.parse
import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine

DN = "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"

def context(pw):
    c = ssl.create_default_context()
    c.check_hostname = False
    c.verify_mode = ssl.CERT_NONE
    c.load_cert_chain(data["cert"], data["key"], password=pw)
    return c

def url(driver, query):
    return URL.create("postgresql+" + driver, username=data["user"], password=data["password"], host=data["host"], port=data["port"], database="app", query=query)

async def engine_dn(make):
    try:
        engine = make()
        try:
            async with engine.connect() as conn:
                return {"ok": True, "dn": (await conn.execute(text(DN))).scalar()}
        finally:
            await engine.dispose()
    except Exception as e:
        return {"ok": False, "error": type(e).__name__ + ": " + str(e)}

async def dsn_dn(pw):
    q = urllib.parse.urlencode({"sslmode": "require", "sslcert": data["cert"], "sslkey": data["key"], "sslpassword": pw})
    dsn = "postgresql://%s:%s@%s:%s/app?%s" % (urllib.parse.quote(data["user"]), urllib.parse.quote(data["password"], safe=""), data["host"], data["port"], q)
    try:
        conn = await asyncpg.connect(dsn)
        try:
            return {"ok": True, "dn": await conn.fetchval(DN)}
        finally:
            await conn.close()
    except Exception as e:
        return {"ok": False, "error": type(e).__name__ + ": " + str(e)}

async def main():
    out = {}
    for label, pw in (("right", data["passphrase"]), ("wrong", data["passphrase"] + "-wrong")):
        libpq = {"sslmode": "require", "sslcert": data["cert"], "sslkey": data["key"], "sslpassword": pw}
        out["asyncpg+SSLContext " + label] = await engine_dn(lambda: create_async_engine(url("asyncpg", {}), connect_args={"ssl": context(pw)}))
        out["asyncpg DSN " + label] = await dsn_dn(pw)
        out["psycopg URL " + label] = await engine_dn(lambda: create_async_engine(url("psycopg", libpq)))
    print(json.dumps(out))

asyncio.run(main())
`;

/**
 * A client key encrypted with a passphrase, against a private PostgreSQL that demands a client
 * certificate (pg_hba `hostssl … scram-sha-256 clientcert=verify-ca`). The passphrase is saved the
 * way imports and pasted URLs save it: the secret parameter sslpassword, encrypted beside the
 * password. Every way Poolscope connects a saved connection must use it; without it, or with a
 * wrong one, the connection test's TLS stage says which parameter is missing or wrong.
 */
describe.skipIf(requirePgCluster())('an encrypted client key unlocked by the saved sslpassword (private PostgreSQL, clientcert=verify-ca)', () => {
  const dir = tempDir('poolscope-tlspass-');
  const passphrase = `Key pass ${randomBytes(6).toString('hex')} ü&=`;
  let certs: ClientCerts;
  let cluster: PgCluster;
  let core: Core;
  let handlers: Handlers;
  const results: string[] = [];

  const call = async (method: string, input: unknown): Promise<any> => {
    const r = await dispatch(handlers, method, input, { transport: 'test' }, silentLogger);
    results.push(JSON.stringify(r));
    return r;
  };

  const create = async (name: string, key: string, params: Record<string, string>, cert = certs.cert) => {
    const profile = { ...cluster.profile({ name, tls: { mode: 'require', cert, key } }), options: { ...cluster.profile().options, params } };
    const r = await call('connections.create', { profile, password: cluster.password });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    return r.value.id as string;
  };

  beforeAll(async () => {
    certs = makeClientCerts(dir.path, passphrase);
    cluster = await PgCluster.create({ ssl: true, clientCa: certs.ca });
    core = new Core({ dataDir: join(dir.path, 'data'), mode: 'serve', seedDemo: false });
    handlers = createHandlers(core);
  }, 120_000);

  afterAll(async () => {
    await core?.close();
    await cluster?.destroy();
    dir.cleanup();
  });

  it('the server really demands the certificate: without one the login is refused', async () => {
    const id = await create('no certificate', '', {}, '');
    const r = await call('connections.test', { testId: 'tlspass-nocert', id });
    expect(r.value.ok).toBe(false);
    expect(r.value.failure.stage).toBe('auth');
    expect(r.value.failure.message).toMatch(/certificate/i);
  });

  it('with the saved sslpassword: the connection test, a pool, the checks and the type mapping all connect over TLS', async () => {
    const id = await create('encrypted key', certs.encryptedKey, { sslpassword: passphrase });
    const saved = await call('connections.get', { id });
    expect(saved.value.options.secretParams).toEqual(['sslpassword']);

    const test = await call('connections.test', { testId: 'tlspass-ok', id });
    expect(test.value.failure).toBeUndefined();
    expect(test.value.ok).toBe(true);
    expect(test.value.facts.tls.state).toBe('in use');

    await core.pools.open(id);
    const conn = await core.pools.get(id)!.pool.checkout();
    const rows = await conn.query<{ ssl: boolean; dn: string }>('SELECT ssl, client_dn AS dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    await conn.release();
    // The server saw our client certificate on the pool's own connection.
    expect(rows.rows[0]).toEqual({ ssl: true, dn: '/CN=poolscope_app' });
    await core.pools.close(id);

    const checks = await call('checks.run', { id });
    expect(checks.ok, JSON.stringify(checks.error)).toBe(true);
    const schemas = await call('types.schemas', { id });
    expect(schemas.ok, JSON.stringify(schemas.error)).toBe(true);
    expect(schemas.value.schemas).toContain('public');
  });

  it('a traditional PEM key (Proc-Type: 4,ENCRYPTED) is unlocked the same way', async () => {
    const id = await create('traditional key', certs.traditionalKey, { sslpassword: passphrase });
    const test = await call('connections.test', { testId: 'tlspass-trad', id });
    expect(test.value.ok).toBe(true);
  });

  it('no sslpassword saved: the TLS stage names the encrypted key and the missing parameter', async () => {
    const id = await create('key without passphrase', certs.encryptedKey, {});
    const test = await call('connections.test', { testId: 'tlspass-missing', id });
    expect(test.value.ok).toBe(false);
    expect(test.value.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'Client key locked' });
    expect(test.value.failure.message).toBe(`The client key ${certs.encryptedKey} is encrypted and no sslpassword is saved for this connection.`);
    expect(test.value.failure.hint).toMatch(/sslpassword=/);
    // Every other way in gives the same words, not OpenSSL's "bad decrypt".
    const checks = await call('checks.run', { id });
    expect(checks.ok).toBe(false);
    expect(checks.error.message).toMatch(/^Client key locked: The client key .* is encrypted and no sslpassword is saved/);
    await expect(core.pools.open(id).then(() => core.pools.get(id)!.pool.checkout())).rejects.toThrow(/no sslpassword is saved/);
    await core.pools.close(id);
  });

  it('a passphrase typed in the dialog: a draft test uses it and stores nothing; Save (connections.update) stores it encrypted', async () => {
    const id = await create('typed passphrase', certs.encryptedKey, {});
    const stored = (await call('connections.get', { id })).value;
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, lastTest: _l, ...profile } = stored;
    // What the form sends: the new value among the parameters, under the backend's name.
    const draft = { ...profile, options: { ...profile.options, params: { sslpassword: passphrase } } };
    const test = await call('connections.test', { testId: 'tlspass-typed', id, profile: draft });
    expect(test.value.failure).toBeUndefined();
    expect(test.value.ok).toBe(true);
    expect((await call('connections.get', { id })).value.options.secretParams).toBeUndefined();
    const wrong = await call('connections.test', { testId: 'tlspass-typed-wrong', id, profile: { ...draft, options: { ...draft.options, params: { sslpassword: 'not it' } } } });
    expect(wrong.value.failure).toMatchObject({ stage: 'tls', title: 'Client key locked' });
    const updated = await call('connections.update', { id, profile: draft });
    expect(updated.ok, JSON.stringify(updated.error)).toBe(true);
    expect(updated.value.options.secretParams).toEqual(['sslpassword']);
    expect(updated.value.options.params).toEqual({});
    expect((await call('connections.test', { testId: 'tlspass-typed-saved', id })).value.ok).toBe(true);
  });

  it('TLS mode prefer with no sslpassword: OpenSSL\'s bad decrypt in the handshake is still named as a locked key', async () => {
    const r = await call('connections.create', { profile: { ...cluster.profile({ name: 'prefer, locked key', tls: { mode: 'prefer', cert: certs.cert, key: certs.encryptedKey } }) }, password: cluster.password });
    const test = await call('connections.test', { testId: 'tlspass-prefer-locked', id: r.value.id });
    expect(test.value.ok).toBe(false);
    expect(test.value.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'Client key locked', code: 'ERR_OSSL_BAD_DECRYPT' });
    expect(test.value.failure.hint).toMatch(/sslpassword/);
  });

  it('a wrong sslpassword: the TLS stage says the saved one does not unlock the key', async () => {
    const id = await create('wrong passphrase', certs.encryptedKey, { sslpassword: `${passphrase}-wrong` });
    const test = await call('connections.test', { testId: 'tlspass-wrong', id });
    expect(test.value.ok).toBe(false);
    expect(test.value.failure).toMatchObject({ kind: 'tls', stage: 'tls', title: 'Client key locked' });
    expect(test.value.failure.message).toMatch(/^The saved sslpassword does not unlock the client key .*client-enc\.key \(bad decrypt\)\.$/);
    expect(test.value.failure.hint).toMatch(/Replace the saved sslpassword/);
  });

  it.skipIf(sqlalchemyMissing())('the pinned Python stack agrees: the same key and passphrase log in, a wrong passphrase does not', () => {
    const out = runSqlAlchemy<Record<string, { ok: boolean; dn?: string; error?: string }>>(PYTHON_SIDE, { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, cert: certs.cert, key: certs.encryptedKey, passphrase });
    for (const way of ['asyncpg+SSLContext', 'asyncpg DSN', 'psycopg URL']) {
      expect(out[`${way} right`], way).toEqual({ ok: true, dn: '/CN=poolscope_app' });
      expect(out[`${way} wrong`]!.ok, way).toBe(false);
    }
    // libpq says what OpenSSL said; Poolscope names the parameter instead (the test above).
    expect(out['psycopg URL wrong']!.error).toMatch(/could not load private key file .*bad decrypt/);
  });

  /** A saved connection with the encrypted key and its sslpassword, as a Run on real SQLAlchemy plan for one driver and source. */
  async function verifyPlan(name: string, driver: 'psycopg' | 'asyncpg', source: VerifyPlan['source']): Promise<VerifyPlan> {
    const id = await create(name, certs.encryptedKey, { sslpassword: passphrase });
    const saved = core.connections.get(id);
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...stored } = saved;
    return {
      label: saved.name,
      connectionId: null,
      profile: { ...stored, service: { ...stored.service, driver } },
      password: cluster.password,
      secrets: { tlsKeyPassphrase: passphrase },
      facts: null,
      source,
      scenario: scenarioSchema.parse({ concurrency: 2, durationSec: 1, holdMs: 10, query: { kind: 'select1' } }),
      python: inject('python').python!,
    };
  }

  /** Runs the plan; both sides must finish with requests done and no error. */
  async function expectCleanRun(plan: VerifyPlan): Promise<void> {
    const dto = await startVerify(plan, () => undefined).done;
    expect(dto.state, JSON.stringify(dto.python.failure ?? dto.poolscope.failure)).toBe('done');
    expect(dto.python.errors, JSON.stringify(dto.python.samples)).toBe(0);
    expect(dto.poolscope.errors, JSON.stringify(dto.poolscope.samples)).toBe(0);
    expect(dto.python.completed).toBeGreaterThan(0);
    expect(dto.poolscope.completed).toBeGreaterThan(0);
  }

  it.skipIf(!inject('python').python)('Run on real SQLAlchemy with psycopg: both sides log in with the saved sslpassword, which never rides in the URL', async () => {
    const plan = await verifyPlan('verify over psycopg', 'psycopg', 'pool');
    const sides = planSides(plan);
    expect((sides.input.engine as { url: string }).url).not.toMatch(/sslpassword/);
    expect(sides.input.secretParams).toEqual({ sslpassword: passphrase });
    await expectCleanRun(plan);
  }, 90_000);

  it.skipIf(!inject('python').python)('Run on real SQLAlchemy with the exported db.py on asyncpg: the passphrase reaches its SSLContext through the environment db.py reads', async () => {
    const plan = await verifyPlan('verify export over asyncpg', 'asyncpg', 'export');
    const sides = planSides(plan);
    expect(sides.driver).toBe('asyncpg');
    const engine = sides.input.engine as { url: string; source: string; env: Record<string, string> };
    expect(engine.url).not.toMatch(/sslpassword|CHANGE_ME/);
    expect(engine.source).toContain('password=os.environ["DATABASE_SSL_KEY_PASSPHRASE"]');
    expect(engine.env).toEqual({ DATABASE_SSL_KEY_PASSPHRASE: passphrase });
    // Poolscope's side keeps the client certificate db.py puts in its SSLContext.
    expect(sides.profile.tls).toMatchObject({ cert: certs.cert, key: certs.encryptedKey });
    await expectCleanRun(plan);
  }, 90_000);

  it('the passphrase never comes back from the API', () => {
    expect(results.length).toBeGreaterThan(10);
    for (const r of results) {
      expect(r.includes(passphrase)).toBe(false);
      expect(r.includes(encodeURIComponent(passphrase))).toBe(false);
    }
  });
});
