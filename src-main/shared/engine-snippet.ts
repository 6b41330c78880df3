import type { AdvisedSetting, Recommendation } from './advice';

/**
 * The recommendation as Python: `create_async_engine(...)` with every setting and, above it, the
 * one-line reason it came from. Used by the checks' fixes and the UI's copy button; the config
 * export writes the same lines into its files.
 */
export function engineSnippet(rec: Recommendation, opts: { urlVariable?: string } = {}): string {
  const url = opts.urlVariable ?? 'DATABASE_URL';
  const imports = new Set<string>(['import os', 'from sqlalchemy.ext.asyncio import create_async_engine']);
  if (rec.poolClass.value !== 'default') imports.add(`from sqlalchemy.pool import ${rec.poolClass.value}`);
  for (const a of rec.connectArgs) for (const i of a.imports) imports.add(i);

  const args: string[] = [];
  const add = (s: AdvisedSetting<unknown> | null) => {
    if (!s || s.python === '' || (s.value === null && s.key === 'isolation_level')) return;
    args.push(`    # ${s.reason}`, `    ${s.key}=${s.python},`);
  };
  if (rec.poolClass.value !== 'default') add(rec.poolClass);
  add(rec.poolSize);
  add(rec.maxOverflow);
  add(rec.poolTimeout);
  add(rec.poolRecycle);
  add(rec.prePing);
  add(rec.isolationLevel);
  const connectArgs = rec.connectArgs.filter((a) => a.where === 'connect_args');
  if (connectArgs.length) {
    args.push('    connect_args={');
    for (const a of connectArgs) args.push(`        # ${a.reason}`, `        "${a.key}": ${a.python},`);
    args.push('    },');
  }
  const ordered = [...imports].sort((a, b) => Number(a.startsWith('from')) - Number(b.startsWith('from')) || a.localeCompare(b));
  return [
    ...ordered,
    '',
    `# ${rec.url.reason}`,
    `${url} = os.environ["${url}"]  # e.g. ${rec.url.value}`,
    '',
    'engine = create_async_engine(',
    `    ${url},`,
    ...args,
    ')',
  ].join('\n');
}
