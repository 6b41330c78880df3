import { existsSync } from 'node:fs';
import { BACKEND_INFO } from '../../shared/backends';
import { COMMON_FLAGS, EXIT, table, type CliCommand } from '../command';
import { COMMAND_SUMMARIES } from '../registry';

export const listCommand: CliCommand = {
  name: 'list',
  summary: COMMAND_SUMMARIES.list,
  usage: '[--json]',
  opens: 'store',
  flags: { ...COMMON_FLAGS },
  async run(args, ctx) {
    if (!existsSync(ctx.dataDir)) {
      // Listing is reading: a missing folder is an empty list, and it is not created.
      ctx.io.out(args.flags.json ? '[]' : `No saved connections: there is no data folder at ${ctx.dataDir} (nothing was created). The app makes it on first start (npm start).`);
      return EXIT.ok;
    }
    const list = (await ctx.store()).connections.list();
    if (args.flags.json) {
      ctx.io.out(JSON.stringify(list, null, 2));
      return EXIT.ok;
    }
    if (list.length === 0) {
      ctx.io.out('No saved connections. Add one in the app (npm start) or import a URL.');
      return EXIT.ok;
    }
    ctx.io.out(table(['NAME', 'BACKEND', 'ENVIRONMENT', 'TARGET'], list.map((c) => [c.name, BACKEND_INFO[c.backend].label, c.environment, c.target])));
    return EXIT.ok;
  },
};
