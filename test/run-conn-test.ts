import { randomBytes } from 'node:crypto';
import type { TestProgress, TestReport } from '../src-main/shared/conn-test';
import { parseProfile, type ProfileData } from '../src-main/shared/profile';
import { runConnectionTest } from '../src-main/core/connections/testing/run';

/** Runs one staged connection test the way the handler does, collecting the progress it pushes. */
export async function runTest(profile: ProfileData | Record<string, unknown>, opts: { password?: string; signal?: AbortSignal } = {}): Promise<{ report: TestReport; progress: TestProgress[] }> {
  const progress: TestProgress[] = [];
  const parsed = 'tls' in profile && 'pool' in profile ? (profile as ProfileData) : parseProfile({ name: 'it', ...profile });
  const report = await runConnectionTest({
    testId: `it-${randomBytes(4).toString('hex')}`,
    profile: parsed,
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    signal: opts.signal ?? new AbortController().signal,
    onProgress: (p) => progress.push(p),
  });
  return { report, progress };
}

export function stageStatuses(report: TestReport): Record<string, string> {
  return Object.fromEntries(report.stages.map((s) => [s.id, s.status]));
}
