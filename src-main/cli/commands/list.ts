import { BACKEND_INFO } from '../../shared/backends';
import { COMMON_FLAGS, EXIT, table, type CliCommand } from '../command';

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List saved connections.',
  usage: '[--json]',
  flags: { ...COMMON_FLAGS, json: { type: 'boolean', description: 'Print JSON instead of a table.' } },
  async run(args, ctx) {
    const list = ctx.core().connections.list();
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
