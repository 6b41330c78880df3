import { describe, expect, it } from 'vitest';
import { runCli } from '../main';
import { EXIT } from '../command';
import { mysqlTarget } from '../../../test/servers';
import { serverMissing } from '../../../test/requires';

describe.skipIf(serverMissing('mysql'))('poolscope check against the real MariaDB/MySQL', () => {
  const t = mysqlTarget();
  const url = `mysql+asyncmy://${encodeURIComponent(t.user)}${t.password ? `:${encodeURIComponent(t.password)}` : ''}@${t.host}:${t.port}/${t.database}?charset=utf8mb4`;

  it('fails (exit 1) with SQLAlchemy defaults, because pool_recycle=-1 outlives wait_timeout', async () => {
    let out = '';
    const code = await runCli(['check', url], { out: (s) => void (out += s), err: (s) => void (out += s) });
    expect(code).toBe(EXIT.failed);
    expect(out).toMatch(/FAIL {2}wait-timeout +pool_recycle is off \(-1\)/);
  });

  it('passes (exit 0) with the recycle the fix names and pre-ping, in JSON', async () => {
    let out = '';
    const first = await runCli(['check', url, '--json'], { out: (s) => void (out += s), err: () => undefined });
    const recycle = JSON.parse(out).checks.find((c: { id: string }) => c.id === 'wait-timeout').fix.patch.pool.recycle as number;
    expect(first).toBe(EXIT.failed);
    out = '';
    const code = await runCli(['check', url, '--json', '--pool-recycle', String(recycle), '--pre-ping'], { out: (s) => void (out += s), err: () => undefined });
    expect(code).toBe(EXIT.ok);
    const run = JSON.parse(out);
    expect(run.checks.find((c: { id: string }) => c.id === 'wait-timeout').severity).toBe('pass');
    expect(run.worst).not.toBe('fail');
  });
});
