import type { TestProject } from 'vitest/node';
import { probeMysql, probePostgres } from './servers';

declare module 'vitest' {
  export interface ProvidedContext {
    servers: { postgres: string | null; mysql: string | null };
  }
}

/**
 * Probes the real servers once. Unreachable on a laptop: a loud banner and the affected tests
 * are skipped with the reason. Unreachable under CI (CI=true): the run fails here.
 */
export default async function setup(project: TestProject): Promise<void> {
  const [postgres, mysql] = await Promise.all([probePostgres(), probeMysql()]);
  const problems = [postgres && `PostgreSQL unreachable: ${postgres}`, mysql && `MySQL/MariaDB unreachable: ${mysql}`].filter(Boolean) as string[];
  if (problems.length) {
    const line = '!'.repeat(78);
    const banner = [line, 'INTEGRATION SERVERS MISSING: tests that need them are SKIPPED', ...problems, 'Start them, or set POOLSCOPE_PG_URL / POOLSCOPE_MYSQL_URL.', line].join('\n');
    process.stderr.write(`\n${banner}\n\n`);
    if (process.env.CI === 'true' || process.env.CI === '1') {
      throw new Error(`CI=true and integration servers are unreachable:\n${problems.join('\n')}`);
    }
  }
  project.provide('servers', { postgres, mysql });
}
