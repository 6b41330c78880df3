import { familyOf } from '../../../shared/backends';
import { NETWORK_STAGES, SQLITE_STAGES, type StageId, type TestProgress, type TestReport } from '../../../shared/conn-test';
import { describeTarget, type ProfileData } from '../../../shared/profile';
import { classifyFailure } from './classify';
import type { TestContext } from './context';
import { describeEndpoint } from './net';
import { pgEndpoint, testPostgres } from './pg-test';
import { mysqlEndpoint, testMysql } from './mysql-test';
import { testSqlite } from './sqlite-test';
import { StageError, StageTracker } from './stages';
import { race } from './abort';
import { tunnelManager } from '../../drivers';
import { SshError, SSH_FAILURE_TITLES } from '../../ssh/errors';
import type { FailureKind, TestFailure } from '../../../shared/conn-test';
import type { SshFailureKind } from '../../../shared/ssh';
import type { ConnectSecrets } from '../../drivers/types';

export interface RunTestInput {
  testId: string;
  connectionId?: string;
  profile: ProfileData;
  password?: string;
  /** The saved secret parameters a connect needs (the client key's passphrase). */
  secrets?: ConnectSecrets;
  signal: AbortSignal;
  onProgress(progress: TestProgress): void;
  nativeBinding?: string;
  applicationName?: string;
}

const RUNNERS = { postgresql: testPostgres, mysql: testMysql, sqlite: testSqlite } as const;

/**
 * One staged connection test. It never throws: a failure is part of the report, classified with
 * the stage it happened in, and everything the test opened is closed before it returns.
 */
export async function runConnectionTest(input: RunTestInput): Promise<TestReport> {
  const { profile } = input;
  const family = familyOf(profile.backend);
  const viaSsh = family !== 'sqlite' && !!profile.ssh;
  const tracker = new StageTracker(family === 'sqlite' ? SQLITE_STAGES : viaSsh ? ['ssh', ...NETWORK_STAGES] : NETWORK_STAGES, (stage) =>
    input.onProgress({ testId: input.testId, ...(input.connectionId ? { connectionId: input.connectionId } : {}), stage }),
  );
  const cleanups: Array<() => void | Promise<void>> = [];
  const warnings: string[] = [];
  const timeoutMs = Math.round(profile.options.connectTimeoutSec * 1000);
  const ctx: TestContext = {
    profile,
    ...(input.password !== undefined ? { password: input.password } : {}),
    secrets: input.secrets ?? {},
    signal: input.signal,
    tracker,
    timeoutMs,
    applicationName: input.applicationName ?? 'poolscope-test',
    ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}),
    warnings,
    onCleanup: (fn) => void cleanups.push(fn),
  };
  const startedAt = new Date();
  const started = performance.now();
  const report: TestReport = {
    testId: input.testId,
    ...(input.connectionId ? { connectionId: input.connectionId } : {}),
    backend: profile.backend,
    target: describeTarget(profile),
    startedAt: startedAt.toISOString(),
    totalMs: 0,
    ok: false,
    cancelled: false,
    stages: tracker.stages,
    warnings,
  };
  try {
    if (viaSsh) ctx.profile = await sshStage(ctx);
    report.facts = await RUNNERS[family](ctx);
    report.ok = true;
    const fix = backendFixFor(profile, report.facts);
    if (fix) report.backendFix = fix;
  } catch (err) {
    const stage: StageId = err instanceof StageError ? err.stage : (tracker.stages.find((s) => s.status === 'running')?.id ?? tracker.stages[tracker.stages.length - 1]!.id);
    const cause = err instanceof StageError ? err.cause : err;
    if (cause instanceof SshError) {
      report.failure = sshFailure(cause, stage);
      tracker.annotate(stage, report.failure.title);
      return finish();
    }
    const endpoint = family === 'postgresql' ? pgEndpoint(profile) : family === 'mysql' ? mysqlEndpoint(profile) : null;
    report.failure = classifyFailure(cause, {
      family,
      stage,
      where: endpoint ? describeEndpoint(endpoint) : profile.database,
      ...(endpoint?.kind === 'tcp' ? { host: endpoint.host } : {}),
      isSocket: endpoint?.kind === 'socket',
      database: profile.database,
      ...(profile.user ? { user: profile.user } : {}),
      timeoutMs,
      tlsMode: profile.tls.mode,
      passwordGiven: input.password !== undefined && input.password !== '',
    });
    report.cancelled = report.failure.kind === 'cancelled';
    tracker.annotate(stage, report.cancelled ? 'cancelled while waiting here' : report.failure.title);
  }
  return finish();

  async function finish(): Promise<TestReport> {
    tracker.skipRemaining();
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // Closing what a failed test left behind must not turn into a second failure.
      }
    }
    cleanups.length = 0;
    report.totalMs = Math.round(performance.now() - started);
    report.stages = [...tracker.stages];
    return report;
  }
}

/** The SSH stage: the tunnel's hops logged in and a probe channel forwarded to the database. */
async function sshStage(ctx: TestContext): Promise<TestContext['profile']> {
  return ctx.tracker.run('ssh', async () => {
    const manager = tunnelManager();
    if (!manager) throw new SshError('tunnel-closed', 'SSH tunnels are not available in this process.', 'Test from the app, serve mode or the CLI.', 0);
    const hops = ctx.profile.ssh!.hops.length;
    // Each hop has the connect timeout for its TCP connect, handshake and login.
    const lease = await race(manager.acquire(ctx.profile, ctx.timeoutMs, { fresh: true }), { signal: ctx.signal, timeoutMs: ctx.timeoutMs * (hops + 1), what: 'The SSH tunnel', abandon: (l) => l.release() });
    ctx.onCleanup(() => lease.release());
    await race(lease.tunnel.probeForward(), { signal: ctx.signal, timeoutMs: ctx.timeoutMs, what: 'The forwarded channel' });
    return { value: lease.profile, detail: lease.tunnel.route };
  });
}

const SSH_KIND_TO_FAILURE: Record<SshFailureKind, FailureKind> = {
  'bastion-unreachable': 'unreachable',
  timeout: 'timeout',
  'not-ssh': 'wrong-protocol',
  'auth-refused': 'auth-failed',
  'key-unreadable': 'auth-failed',
  'passphrase-needed': 'auth-failed',
  'passphrase-wrong': 'auth-failed',
  'agent-unavailable': 'auth-failed',
  'password-needed': 'auth-failed',
  'host-key-unknown': 'server-rejected',
  'host-key-mismatch': 'server-rejected',
  'host-key-revoked': 'server-rejected',
  'forwarding-refused': 'permission-denied',
  'config-invalid': 'other',
  'tunnel-closed': 'unreachable',
};

function sshFailure(err: SshError, stage: StageId): TestFailure {
  return {
    kind: SSH_KIND_TO_FAILURE[err.kind],
    stage,
    title: SSH_FAILURE_TITLES[err.kind],
    message: err.message,
    hint: err.hint,
    code: `SSH_${err.kind.toUpperCase().replace(/-/g, '_')}`,
    ssh: { kind: err.kind, hop: err.hop, ...(err.hostKey ? { hostKey: err.hostKey } : {}), ...(err.secret ? { secret: err.secret } : {}) },
  };
}

/** MariaDB behind a connection saved as MySQL (or the other way round): the backend to set, and why. */
export function backendFixFor(profile: ProfileData, facts: TestReport['facts']): TestReport['backendFix'] | undefined {
  if (!facts || familyOf(profile.backend) !== 'mysql') return undefined;
  const met = facts.product === 'MariaDB' ? 'mariadb' : facts.product === 'MySQL' ? 'mysql' : null;
  if (!met || met === profile.backend) return undefined;
  const label = met === 'mariadb' ? 'MariaDB' : 'MySQL';
  return { backend: met, summary: `Set the backend to ${label}: the server is ${label} ${facts.version}, so checks, the matrix and the export use ${met}+… URLs and ${label}'s rules.` };
}
