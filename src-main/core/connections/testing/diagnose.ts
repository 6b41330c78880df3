import { randomUUID } from 'node:crypto';
import { familyOf } from '../../../shared/backends';
import type { FailureKind, StageId, TestFailure } from '../../../shared/conn-test';
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { ProfileData } from '../../../shared/profile';
import { classifyFailure } from './classify';
import { describeEndpoint } from './net';
import { pgEndpoint } from './pg-test';
import { mysqlEndpoint } from './mysql-test';
import { runConnectionTest } from './run';
import { SshError } from '../../ssh/errors';
import type { ConnectSecrets } from '../../drivers/types';

/**
 * One classification for every way Poolscope connects: the connection test, the checks, the type
 * mapping, the command line and the export. A driver's own error is classified with the test's
 * rules; when it says too little (pg's "error establishing an SSL connection" from a MySQL port, a
 * dropped connection, a timeout), the staged connection test runs once to find out where and why,
 * and its words are the ones shown everywhere.
 */

const ERROR_CODES: Partial<Record<FailureKind, ErrorCode>> = { 'auth-failed': 'AUTH_FAILED', timeout: 'TIMEOUT', cancelled: 'CANCELLED' };

/** The test's failure as the structured error the API and the command line carry: same title, words and hint. */
export function failureError(f: TestFailure): AppError {
  return new AppError(ERROR_CODES[f.kind] ?? 'CONNECTION_FAILED', `${f.title}: ${f.message}`, f.hint, { kind: f.kind, stage: f.stage, title: f.title, ...(f.code ? { failureCode: f.code } : {}) });
}

function stageOf(err: unknown): StageId {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') return 'resolve';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') return 'tcp';
  return 'auth';
}

/** The driver's error classified directly, with the same context the connection test builds. */
export function classifyConnectError(err: unknown, profile: ProfileData, passwordGiven: boolean): TestFailure {
  const family = familyOf(profile.backend);
  const endpoint = family === 'postgresql' ? pgEndpoint(profile) : family === 'mysql' ? mysqlEndpoint(profile) : null;
  return classifyFailure(err, {
    family,
    stage: family === 'sqlite' ? 'file' : stageOf(err),
    where: endpoint ? describeEndpoint(endpoint) : profile.database,
    ...(endpoint?.kind === 'tcp' ? { host: endpoint.host } : {}),
    isSocket: endpoint?.kind === 'socket',
    database: profile.database,
    ...(profile.user ? { user: profile.user } : {}),
    timeoutMs: Math.round(profile.options.connectTimeoutSec * 1000),
    tlsMode: profile.tls.mode,
    passwordGiven,
  });
}

/** Classes whose driver error does not say enough on its own. */
function vague(f: TestFailure, err: unknown): boolean {
  if (err instanceof AppError) return false;
  if (f.kind === 'other' || f.kind === 'timeout' || f.kind === 'tls') return true;
  return f.kind === 'server-rejected' && f.title === 'Connection dropped';
}

export interface ConnectFailureInput {
  profile: ProfileData;
  password?: string;
  secrets?: ConnectSecrets;
  nativeBinding?: string;
}

/** The structured error for a failed connect, in the words the connection test uses for the same failure. */
export async function connectFailure(err: unknown, input: ConnectFailureInput): Promise<AppError> {
  // An SSH failure is already classified (bastion, login, host key, forwarding) and keeps its details.
  if (err instanceof SshError) return err;
  if (err instanceof AppError && err.details?.kind !== 'file-missing' && err.code !== 'BAD_INPUT') return err;
  const direct = classifyConnectError(err, input.profile, input.password !== undefined && input.password !== '');
  if (!vague(direct, err)) return failureError(direct);
  const report = await runConnectionTest({
    testId: `diagnose-${randomUUID()}`,
    profile: input.profile,
    ...(input.password !== undefined ? { password: input.password } : {}),
    ...(input.secrets ? { secrets: input.secrets } : {}),
    signal: new AbortController().signal,
    onProgress: () => undefined,
    applicationName: 'poolscope-diagnose',
    ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}),
  });
  // The second attempt can get through (a momentary refusal): then the first error is all there is.
  return failureError(report.failure && report.failure.kind !== 'cancelled' ? report.failure : direct);
}
