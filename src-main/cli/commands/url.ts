import { PY_DRIVERS, type PyDriver } from '../../shared/backends';
import { formatUrl } from '../../shared/url';
import { UsageError } from '../args';
import { COMMON_FLAGS, EXIT, type CliCommand } from '../command';
import { COMMAND_SUMMARIES } from '../registry';
import { isUrlTarget, resolveTarget } from '../resolve-target';
import { checkDriverFits } from '../profile-flags';

/**
 * The SQLAlchemy URL of a saved connection (or a re-rendered pasted one). The password is masked
 * unless --with-password is given: the terminal is the place where the person asked for it.
 */
export const urlCommand: CliCommand = {
  name: 'url',
  summary: COMMAND_SUMMARIES.url,
  usage: '<saved-name|url> [--driver asyncpg|psycopg|aiomysql|asyncmy|aiosqlite] [--with-password] [--json]',
  opens: 'store',
  flags: {
    ...COMMON_FLAGS,
    driver: { type: 'string', value: 'DRIVER', description: `Python driver in the scheme (${PY_DRIVERS.join(', ')}); default: the connection's own.` },
    'with-password': { type: 'boolean', description: 'Print the real password (and secret parameters such as sslpassword) instead of ***.' },
  },
  async run(args, ctx) {
    const [target, ...extra] = args.positionals;
    if (!target) throw new UsageError('Name a saved connection or pass a URL.');
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    const driver = args.flags.driver as string | undefined;
    if (driver !== undefined && !(PY_DRIVERS as readonly string[]).includes(driver)) {
      throw new UsageError(`--driver must be one of ${PY_DRIVERS.join(', ')}, not "${driver}".`);
    }
    // A saved name opens the store first (asynchronously: see CliContext.store); a URL never opens it.
    const store = isUrlTarget(target) ? undefined : await ctx.store();
    const resolved = resolveTarget(target, () => store!, (w) => ctx.io.err(w));
    if (driver !== undefined) checkDriverFits(driver as PyDriver, resolved.profile, resolved.label);
    const needsPassword = resolved.profile.passwordMode !== 'none' && resolved.profile.backend !== 'sqlite';
    const password = args.flags['with-password'] ? resolved.password : undefined;
    if (args.flags['with-password'] && password === undefined && needsPassword) {
      ctx.io.err(`poolscope url: "${resolved.label}" has no saved password; printing the URL with *** in its place.`);
    }
    const url = formatUrl(resolved.profile, {
      ...(driver ? { driver: driver as PyDriver } : {}),
      ...(args.flags['with-password'] && resolved.secrets ? { secrets: resolved.secrets } : {}),
      ...(password !== undefined ? { password } : needsPassword || resolved.password !== undefined ? { password: 'masked' as const } : {}),
    });
    if (args.flags.json) ctx.io.out(JSON.stringify({ url, ...(driver ? { driver } : {}), passwordShown: password !== undefined }, null, 2));
    else ctx.io.out(url);
    return EXIT.ok;
  },
};
