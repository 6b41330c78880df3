import type { AdvisedSetting, Recommendation } from './advice';

/** Python import lines in one order everywhere: plain `import`s first, then `from` imports, each alphabetical. */
export function sortImports(lines: Iterable<string>): string[] {
  return [...new Set(lines)].sort((a, b) => Number(a.startsWith('from')) - Number(b.startsWith('from')) || a.localeCompare(b));
}

/** Text for a `#` comment: a measured value with a line break in it must not end the comment and start code. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export interface EngineParts {
  /** The import lines the engine needs (unsorted set; see sortImports). */
  imports: string[];
  /** From the URL's reason down to the closing parenthesis of `create_async_engine(...)`. */
  body: string[];
}

/**
 * The recommendation as Python, in parts: the config export merges the imports with those of the
 * file around it (db.py, conftest.py); engineSnippet joins them for the checks and the copy button.
 */
export function engineParts(rec: Recommendation, opts: { urlVariable?: string; asyncioNames?: string[] } = {}): EngineParts {
  const url = opts.urlVariable ?? 'DATABASE_URL';
  // Ordinal order, as isort writes it: classes (AsyncSession) before functions.
  const asyncio = [...new Set(['create_async_engine', ...(opts.asyncioNames ?? [])])].sort();
  const imports = new Set<string>(['import os', `from sqlalchemy.ext.asyncio import ${asyncio.join(', ')}`]);
  if (rec.poolClass.value !== 'default') imports.add(`from sqlalchemy.pool import ${rec.poolClass.value}`);
  for (const a of rec.connectArgs) for (const i of a.imports) imports.add(i);

  const args: string[] = [];
  const add = (s: AdvisedSetting<unknown> | null) => {
    if (!s || s.python === '' || (s.value === null && s.key === 'isolation_level')) return;
    args.push(`    # ${oneLine(s.reason)}`, `    ${s.key}=${s.python},`);
  };
  // Leaving poolclass out is a decision too: say which pool SQLAlchemy picks instead.
  if (rec.poolClass.value === 'default') {
    const why = oneLine(rec.poolClass.reason);
    args.push(`    # poolclass ${why.startsWith('left out') ? why : `left out: ${why}`}`);
  }
  else add(rec.poolClass);
  add(rec.poolSize);
  add(rec.maxOverflow);
  add(rec.poolTimeout);
  add(rec.poolRecycle);
  add(rec.prePing);
  add(rec.isolationLevel);
  // URL arguments the advice needs are set on the URL in code: the URL itself comes from the environment,
  // and a parameter shown only in the example comment would be a promise the code does not keep.
  const urlArgs = rec.connectArgs.filter((a) => a.where === 'url');
  if (urlArgs.length) imports.add('from sqlalchemy import make_url');
  const urlLines = urlArgs.length
    ? [
        ...urlArgs.map((a) => `    # ${a.key}=${a.python} is set on the URL here, whatever the environment's URL says: ${oneLine(a.reason)}`),
        `    make_url(${url}).update_query_dict({${urlArgs.map((a) => `${JSON.stringify(a.key)}: ${JSON.stringify(a.python)}`).join(', ')}}),`,
      ]
    : [`    ${url},`];
  const connectArgs = rec.connectArgs.filter((a) => a.where === 'connect_args');
  if (connectArgs.length) {
    args.push('    connect_args={');
    for (const a of connectArgs) args.push(`        # ${oneLine(a.reason)}`, `        "${a.key}": ${a.python},`);
    args.push('    },');
  }
  // Objects the connect_args refer to (an SSLContext) are built first, each block under its own comment.
  const setup = rec.connectArgs.flatMap((a) => (a.setup?.length ? [...a.setup.map((l) => (l.startsWith('#') ? `# ${oneLine(l.replace(/^#\s*/, ''))}` : l)), ''] : []));
  return {
    imports: [...imports],
    body: [`# ${oneLine(rec.url.reason)}`, `${url} = os.environ["${url}"]  # e.g. ${oneLine(rec.url.value)}`, '', ...setup, 'engine = create_async_engine(', ...urlLines, ...args, ')'],
  };
}

/**
 * The recommendation as Python: `create_async_engine(...)` with every setting and, above it, the
 * one-line reason it came from. Used by the checks' fixes and the UI's copy button; the config
 * export writes the same lines into its files (through engineParts).
 */
export function engineSnippet(rec: Recommendation, opts: { urlVariable?: string } = {}): string {
  const { imports, body } = engineParts(rec, opts);
  return [...sortImports(imports), '', ...body].join('\n');
}
