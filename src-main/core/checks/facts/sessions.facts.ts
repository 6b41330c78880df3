import type { DriverConnection } from '../../drivers';
import { attempt, known, unknown, type FactMap } from './fact';

/**
 * Who is connected, read several times: the budget a pool may plan with rests on the sessions of
 * *other* applications. Poolscope's own sessions (application_name poolscope-… on PostgreSQL; this
 * reading's own session on MySQL) and the service's own (its application_name, when the profile
 * names one) are left out, and a one-sample spike is dropped: the value is the second highest of
 * the samples, the peak of the steady state.
 */
export interface SessionRow {
  app: string;
  user: string;
  client: string;
  n: number;
  /** 'own': Poolscope; 'service': the service being advised; 'other': everyone else. */
  kind: 'own' | 'service' | 'other';
}

export const SAMPLES = 5;
export const SAMPLE_GAP_MS = 150;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The steady-state peak: the second highest sample (the highest alone may be a spike). */
export function steadyPeak(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => b - a);
  return sorted.length >= 3 ? sorted[1]! : (sorted[0] ?? 0);
}

const PG_SQL = `SELECT coalesce(nullif(application_name, ''), '(none)') AS app, coalesce(usename, '') AS "user",
  coalesce(host(client_addr), 'local') AS client, count(*)::int AS n, pid = pg_backend_pid() AS self
  FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1, 2, 3, 5`;

const MYSQL_SQL = `SELECT COALESCE(NULLIF(DB, ''), '(none)') AS app, USER AS user, SUBSTRING_INDEX(HOST, ':', 1) AS client, COUNT(*) AS n, ID = CONNECTION_ID() AS self
  FROM information_schema.PROCESSLIST WHERE COMMAND <> 'Daemon' AND USER NOT IN ('system user', 'event_scheduler') GROUP BY 1, 2, 3, 5`;

export async function collectSessionFacts(conn: DriverConnection, family: 'postgresql' | 'mysql', serviceApp: string | undefined): Promise<FactMap> {
  const src = family === 'postgresql' ? "pg_stat_activity (client backends)" : 'information_schema.PROCESSLIST';
  const counts: number[] = [];
  let last: SessionRow[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0) await sleep(SAMPLE_GAP_MS);
    const r = await attempt(() => conn.query<{ app: string; user: string; client: string; n: number | string; self: boolean | number }>(family === 'postgresql' ? PG_SQL : MYSQL_SQL));
    if (!r.ok) return { other_sessions: unknown(r.reason, src), own_sessions: unknown(r.reason, src), service_sessions: unknown(r.reason, src), session_breakdown: unknown(r.reason, src) };
    last = r.value.rows.map((row) => {
      const n = Number(row.n);
      const self = row.self === true || Number(row.self) === 1;
      const kind: SessionRow['kind'] = self || (family === 'postgresql' && row.app.startsWith('poolscope')) ? 'own' : serviceApp && row.app === serviceApp ? 'service' : 'other';
      return { app: row.app, user: row.user, client: row.client, n, kind };
    });
    counts.push(last.filter((x) => x.kind === 'other').reduce((a, x) => a + x.n, 0));
  }
  const peak = steadyPeak(counts);
  const own = last.filter((x) => x.kind === 'own').reduce((a, x) => a + x.n, 0);
  const service = last.filter((x) => x.kind === 'service').reduce((a, x) => a + x.n, 0);
  const how = `${src}, ${SAMPLES} samples ${SAMPLE_GAP_MS} ms apart: ${counts.join(', ')} → ${peak} (the highest sample alone is dropped as a spike)`;
  const groups = new Map<string, number>();
  for (const x of last.filter((r) => r.kind === 'other')) groups.set(`${x.app} · ${x.user}@${x.client}`, (groups.get(`${x.app} · ${x.user}@${x.client}`) ?? 0) + x.n);
  const breakdown = [...groups].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = breakdown.slice(0, 8).map(([k, n]) => `${k}: ${n}`);
  if (breakdown.length > 8) shown.push(`${breakdown.length - 8} more groups: ${breakdown.slice(8).reduce((a, [, n]) => a + n, 0)}`);
  return {
    other_sessions: known(peak, how),
    own_sessions: known(own, family === 'postgresql' ? `${src}, application_name poolscope-…` : `${src}, this reading's own session`),
    service_sessions: known(service, serviceApp ? `${src}, application_name ${serviceApp}` : 'the profile names no application_name: the service cannot be told apart'),
    session_breakdown: known(shown.length ? shown.join('; ') : 'none', `${src}, last sample, ${family === 'postgresql' ? 'application_name' : 'database'} · user@client`),
  };
}
