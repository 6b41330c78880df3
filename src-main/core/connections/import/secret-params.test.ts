import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../core';
import { createHandlers, dispatch } from '../../../api';
import { tempDir } from '../../../../test/tmp';
import { jdbcSecretParams } from './jdbc';
import { parseDatagrip } from './datagrip';
import { finishCandidates, PgpassCache, publicView } from './finish';
import { testEnv } from './fixtures/stores';

/**
 * Secret connection parameters (sslpassword, oauth_client_secret …) found by an import: kept in the
 * main process during the preview (names only go out), stored encrypted with the passwords on
 * commit, never in the profile, masked in back-ups and exports, and listed by name to the form.
 */

const SSL_PASSWORD = 'key-pass-from-service-91';
const OAUTH = 'oauth-secret-from-service-33';
const PGADMIN_SSL = 'pgadmin-sslpass-58';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function start(envVars: Record<string, string> = {}) {
  const data = tempDir('poolscope-data-');
  const home = tempDir('poolscope-home-');
  const core = new Core({ dataDir: data.path, mode: 'cli', seedDemo: false, importEnv: testEnv(home.path, envVars, 'dev') });
  cleanups.push(() => data.cleanup(), () => home.cleanup(), () => core.close());
  const call = async <T = never>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(createHandlers(core), method, input, { transport: 'test' }, core.logger);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as T;
  };
  return { core, home: home.path, call };
}

/** Every form a secret takes in text: as is, percent-encoded, JSON-escaped. */
function expectAbsent(text: string, secret: string, where: string): void {
  for (const f of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) expect(text.includes(f), `${where} holds a secret`).toBe(false);
}

interface Row {
  key: string;
  name: string;
  password: { available: boolean };
  secretParams?: string[];
  profile?: { options?: { params?: Record<string, string> } };
}
interface Preview {
  previewId: string;
  candidates: Row[];
  passwordsAvailable: number;
}
interface Commit {
  created: Array<{ id: string; name: string }>;
  secretParamsStored?: number;
}

function serviceFile(dir: string): string {
  const path = join(dir, 'pg_service.conf');
  writeFileSync(path, `[orders]\nhost=db.internal\ndbname=orders\nuser=app\nsslmode=verify-full\nsslkey=/keys/app.key\nsslpassword=${SSL_PASSWORD}\n\n[plain]\nhost=db.internal\ndbname=plain\nuser=app\n\n[sso]\nhost=db.internal\ndbname=sso\nuser=app\noauth_issuer=https://login.example\noauth_client_id=poolscope\noauth_client_secret=${OAUTH}\n`);
  return path;
}

/** A core whose import environment points PGSERVICEFILE at serviceFile(), written in a folder of its own. */
function startWithServices() {
  const services = tempDir('poolscope-svc-');
  cleanups.push(() => services.cleanup());
  return { ...start({ PGSERVICEFILE: serviceFile(services.path) }), services };
}

describe('secret parameters on import', () => {
  it('pg_service.conf: the preview names sslpassword, never its value; the commit stores it encrypted, not in the profile', async () => {
    const { core, home, call } = start();
    const path = serviceFile(home);
    const p = await call<Preview>('imports.preview', { kind: 'pgservice', path });
    const text = JSON.stringify(p);
    expectAbsent(text, SSL_PASSWORD, 'the preview');
    const orders = p.candidates.find((c) => c.name === 'orders')!;
    expect(orders.secretParams).toEqual(['sslpassword']);
    expect(orders.password.available).toBe(false);
    expect(p.candidates.find((c) => c.name === 'plain')!.secretParams).toBeUndefined();
    expect(p.candidates.find((c) => c.name === 'sso')!.secretParams).toEqual(['oauth_client_secret']);
    // Each row with a secret counts as having something to import with the passwords (orders and
    // sso), so the choice is offered.
    expect(p.passwordsAvailable).toBe(2);

    const r = await call<Commit>('imports.commit', { previewId: p.previewId, items: [{ key: orders.key }], withPasswords: true });
    expect(r.secretParamsStored).toBe(1);
    const id = r.created[0]!.id;
    expect(core.connections.secretParams(id)).toEqual({ sslpassword: SSL_PASSWORD });

    // What the renderer gets for this connection: the names, never a value.
    const saved = await call<{ options: { params: Record<string, string>; secretParams?: string[] }; hasPassword: boolean }>('connections.get', { id });
    expect(saved.options.secretParams).toEqual(['sslpassword']);
    expect(saved.options.params).not.toHaveProperty('sslpassword');
    expect(saved.hasPassword).toBe(false);
    const list = await call<unknown>('connections.list', {});
    const url = await call<{ url: string; masked: boolean }>('connections.url', { id });
    expect(url.url).toContain('sslpassword=***');
    for (const [what, out] of [['connections.get', saved], ['connections.list', list], ['connections.url', url]] as const) {
      expectAbsent(JSON.stringify(out), SSL_PASSWORD, what);
    }

    // Back-ups without a passphrase and exported files mask it.
    const backup = await call<{ text: string }>('connections.exportAll', {});
    expectAbsent(backup.text, SSL_PASSWORD, 'a plain back-up');
    for (const target of ['python', 'node'] as const) {
      const { bundle } = await call<{ bundle: { files: Array<{ path: string; content: string }> } }>('export.preview', { id, target });
      for (const f of bundle.files) expectAbsent(f.content, SSL_PASSWORD, `${target} ${f.path}`);
    }
  });

  it('without "import passwords" nothing secret is stored, and the profile still holds no value', async () => {
    const { core, home, call } = start();
    const p = await call<Preview>('imports.preview', { kind: 'pgservice', path: serviceFile(home) });
    const orders = p.candidates.find((c) => c.name === 'orders')!;
    const r = await call<Commit>('imports.commit', { previewId: p.previewId, items: [{ key: orders.key }], withPasswords: false });
    const id = r.created[0]!.id;
    expect(r.secretParamsStored).toBe(0);
    expect(core.connections.secretParams(id)).toEqual({});
    const saved = core.connections.get(id);
    expect(saved.options.secretParams).toBeUndefined();
    expectAbsent(JSON.stringify(saved), SSL_PASSWORD, 'the saved profile');
  });

  it('service=… in a pasted string brings the service\'s sslpassword; one written in the string wins, and the string\'s own secrets come along', async () => {
    const { core, call } = startWithServices();
    const from = await call<Preview>('imports.preview', { kind: 'service-url', text: 'service=orders' });
    expectAbsent(JSON.stringify(from), SSL_PASSWORD, 'the preview');
    expect(from.candidates[0]!.secretParams).toEqual(['sslpassword']);
    const p = await call<Preview>('imports.preview', { kind: 'service-url', text: `postgresql:///?service=orders&sslpassword=typed-here-7&oauth_client_secret=${OAUTH}` });
    for (const s of [SSL_PASSWORD, 'typed-here-7', OAUTH]) expectAbsent(JSON.stringify(p), s, 'the preview');
    expect(p.candidates[0]!.secretParams).toEqual(['oauth_client_secret', 'sslpassword']);
    const r = await call<Commit>('imports.commit', { previewId: p.previewId, items: [{ key: p.candidates[0]!.key }], withPasswords: true });
    expect(core.connections.secretParams(r.created[0]!.id)).toEqual({ oauth_client_secret: OAUTH, sslpassword: 'typed-here-7' });
  });

  it('a service using libpq 18\'s OAuth keywords is read: the client secret is named and stored encrypted, the rest are parameters', async () => {
    const { core, call } = startWithServices();
    const p = await call<Preview>('imports.preview', { kind: 'service-url', text: 'service=sso' });
    expectAbsent(JSON.stringify(p), OAUTH, 'the preview');
    const row = p.candidates[0]!;
    expect(row.secretParams).toEqual(['oauth_client_secret']);
    expect(row.profile?.options?.params).toMatchObject({ oauth_issuer: 'https://login.example', oauth_client_id: 'poolscope' });
    const r = await call<Commit>('imports.commit', { previewId: p.previewId, items: [{ key: row.key }], withPasswords: true });
    expect(core.connections.secretParams(r.created[0]!.id)).toEqual({ oauth_client_secret: OAUTH });
  });

  it('pgAdmin: a server defined by a Service keeps its own settings and the service\'s TLS files, the server\'s winning', async () => {
    const { call, services: home } = startWithServices();
    const path = join(home.path, 'servers.json');
    const server = {
      Name: 'Orders via service', Group: 'Servers', MaintenanceDB: 'postgres', Service: 'orders', BGColor: '#aa3300',
      ConnectionParameters: { sslrootcert: '/ca/root.pem', application_name: 'orders-admin', connect_timeout: 7, keepalives_idle: '30', sslpassword: PGADMIN_SSL },
      UseSSHTunnel: 1, TunnelHost: 'bastion.internal', TunnelPort: '22', TunnelUsername: 'ops', TunnelAuthentication: 1, TunnelIdentityFile: '/keys/ops',
    };
    writeFileSync(path, JSON.stringify({ Servers: { '1': server } }));
    const p = await call<Preview>('imports.preview', { kind: 'pgadmin', path });
    expectAbsent(JSON.stringify(p), PGADMIN_SSL, 'the preview');
    expectAbsent(JSON.stringify(p), SSL_PASSWORD, 'the preview');
    const row = p.candidates[0]!;
    const profile = row.profile as { host?: string; database?: string; tls: Record<string, string>; options: { params: Record<string, string>; applicationName?: string; connectTimeoutSec?: number }; color?: string; ssh?: { hops: Array<{ host?: string }> } };
    // From the service: the address, TLS mode and client key; from the server: its CA, parameters, colour, tunnel.
    expect(profile.host).toBe('db.internal');
    expect(profile.database).toBe('postgres');
    expect(profile.tls).toEqual({ mode: 'verify-full', ca: '/ca/root.pem', key: '/keys/app.key' });
    expect(profile.options.params).toEqual({ keepalives_idle: '30' });
    expect(profile.options.applicationName).toBe('orders-admin');
    expect(profile.options.connectTimeoutSec).toBe(7);
    expect(profile.color).toBe('#aa3300');
    expect(profile.ssh?.hops.map((h) => h.host)).toEqual(['bastion.internal']);
    // Both carry an sslpassword: the server's own wins.
    expect(row.secretParams).toEqual(['sslpassword']);
  });

  it('pgAdmin: a secret among ConnectionParameters is taken out of the previewed profile and stored encrypted', async () => {
    const { core, home, call } = start();
    const path = join(home, 'servers.json');
    writeFileSync(
      path,
      JSON.stringify({
        Servers: {
          '1': { Name: 'Billing', Group: 'Servers', Host: 'billing.internal', Port: 5432, MaintenanceDB: 'billing', Username: 'ops', ConnectionParameters: { sslmode: 'require', sslpassword: PGADMIN_SSL, connect_timeout: 10 } },
        },
      }),
    );
    const p = await call<Preview>('imports.preview', { kind: 'pgadmin', path });
    expectAbsent(JSON.stringify(p), PGADMIN_SSL, 'the preview');
    const row = p.candidates[0]!;
    expect(row.secretParams).toEqual(['sslpassword']);
    expect(row.profile?.options?.params).not.toHaveProperty('sslpassword');
    const r = await call<Commit>('imports.commit', { previewId: p.previewId, items: [{ key: row.key }], withPasswords: true });
    const id = r.created[0]!.id;
    expect(core.connections.secretParams(id)).toEqual({ sslpassword: PGADMIN_SSL });
    expectAbsent(JSON.stringify(core.connections.get(id)), PGADMIN_SSL, 'the saved profile');
  });

  it('DataGrip: sslpassword in the JDBC URL reaches the candidate, and only its name the preview', () => {
    const xml = `<project version="4"><component name="DataSourceManagerImpl" format="xml" multifile-model="true">
  <data-source source="LOCAL" name="orders" uuid="11111111-2222-3333-4444-555555555555">
    <driver-ref>postgresql</driver-ref>
    <jdbc-url>jdbc:postgresql://db.example.com:5432/orders?sslmode=verify-full&amp;sslpassword=${SSL_PASSWORD}</jdbc-url>
  </data-source></component></project>`;
    const out = parseDatagrip([{ name: 'dataSources.xml', onDisk: false, bytes: Buffer.from(xml) }]);
    expect(out.candidates[0]!.secretParams).toEqual({ sslpassword: SSL_PASSWORD });
    const env = testEnv('/nonexistent-home');
    const { candidates } = finishCandidates(out.candidates, [], env, new PgpassCache(env));
    expect(candidates[0]!.secretValues).toEqual({ sslpassword: SSL_PASSWORD });
    const view = publicView(candidates[0]!);
    expect(view.secretParams).toEqual(['sslpassword']);
    expectAbsent(JSON.stringify(view), SSL_PASSWORD, 'the preview row');
  });

  it('a JDBC URL (DBeaver, DataGrip) gives up its secret parameters, the password left to the tool', () => {
    expect(jdbcSecretParams('jdbc:postgresql://db:5432/orders?sslmode=require&sslpassword=k%2Fp&password=x')).toEqual({ sslpassword: 'k/p' });
    expect(jdbcSecretParams('jdbc:postgresql://db/orders?ssl=true')).toBeUndefined();
    expect(jdbcSecretParams('not a url')).toBeUndefined();
    expect(jdbcSecretParams(undefined)).toBeUndefined();
  });
});
