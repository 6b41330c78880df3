import { worstSeverity, type CheckRun } from '../../shared/checks';
import { checksService, runChecksOnce } from '../../core/checks/service';
import { COMMON_FLAGS, EXIT, type CliCommand } from '../command';
import { COMMAND_SUMMARIES } from '../registry';
import { PROFILE_FLAGS_USAGE, PROFILE_FLAG_SPECS, commandTarget, connectPassword } from '../profile-flags';
import { formatRun } from './check-format';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: COMMAND_SUMMARIES.check,
  usage: `<saved-name|url> [--json] ${PROFILE_FLAGS_USAGE}`,
  flags: {
    ...COMMON_FLAGS,
    ...PROFILE_FLAG_SPECS,
  },
  async run(args, ctx) {
    const t = commandTarget(args, ctx, 'poolscope check "Demo (SQLite)" or poolscope check mysql+asyncmy://app@db/app');
    const password = connectPassword(t);
    let run: CheckRun;
    if (t.target.savedId && !t.overridden) {
      // A saved connection as saved: the run is stored and says what changed since the last one.
      run = await checksService(ctx.core()).runSaved(t.target.savedId, password);
    } else {
      run = await runChecksOnce({ profile: t.profile, password, secrets: t.target.connect, label: t.target.label, ...(t.target.savedId ? { nativeBinding: ctx.core().options.nativeBinding } : {}) });
    }
    const worst = worstSeverity(run.checks);
    ctx.io.out(args.flags.json ? JSON.stringify({ ...run, worst }, null, 2) : formatRun(run));
    return worst === 'fail' ? EXIT.failed : EXIT.ok;
  },
};
