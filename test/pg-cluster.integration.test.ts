import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgCluster, requirePgCluster } from './pg-cluster';

async function tryConnect(c: PgCluster, password: string): Promise<string> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password, database: 'app', connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ u: string }>('SELECT current_user AS u');
    return `ok:${rows[0]!.u}`;
  } catch (err) {
    return `error:${(err as { code?: string }).code}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe.skipIf(requirePgCluster())('private PostgreSQL cluster for tests', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await PgCluster.create();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('authenticates the password role with SCRAM and refuses a wrong password with 28P01', async () => {
    expect(await tryConnect(cluster, cluster.password)).toBe(`ok:${cluster.user}`);
    expect(await tryConnect(cluster, 'wrong')).toBe('error:28P01');
  });

  it('stops (connections refused) and starts again on the same port', async () => {
    const port = cluster.port;
    await cluster.stop('immediate');
    expect(await tryConnect(cluster, cluster.password)).toBe('error:ECONNREFUSED');
    await cluster.start();
    expect(cluster.port).toBe(port);
    expect(await tryConnect(cluster, cluster.password)).toBe(`ok:${cluster.user}`);
    await cluster.restart('fast');
    expect(await tryConnect(cluster, cluster.password)).toBe(`ok:${cluster.user}`);
  });
});
