import { describe, expect, it } from 'vitest';
import { runSqlAlchemy, sqlalchemyMissing } from '../../test/sqlalchemy';
import { connectionsFromEnv, parseDotEnv } from './dotenv';

/**
 * .env files through the pinned python-dotenv 1.2.4 (`dotenv_values`, what `load_dotenv()` sees)
 * and through Poolscope's reader: the same keys and the same values, case by case. The Python side
 * runs with none of the referenced names in its environment, so `${NAME}` resolves from the file.
 */
const CASES: Record<string, string> = {
  'interpolation in a URL': 'DB_USER=app\nDB_HOST=db.internal\nDATABASE_URL=postgresql+asyncpg://${DB_USER}@${DB_HOST}:5432/orders\n',
  'interpolation in quotes, single quotes too': "A=1\nB='${A}x'\nC=\"${A}y\"\nD=${A}z\n",
  'defaults and unset names': 'E=${POOLSCOPE_UNSET_1:-fallback}\nF=${POOLSCOPE_UNSET_2}\nG=x${POOLSCOPE_UNSET_3:-}y\n',
  'a bare key is None, and interpolates to empty': 'BARE\nH=[${BARE}]\n',
  'multi-line double-quoted value': 'CERT="-----BEGIN-----\nline two\n-----END-----"\nAFTER=1\n',
  'multi-line single-quoted value': "MULTI='one\ntwo'\nNEXT=2\n",
  'double-quote escapes': 'Q="tab\\there \\"quoted\\" back\\\\slash \\n nl \\x41"\n',
  'single-quote escapes': "S='it\\'s \\\\ and \\n stays'\n",
  'comments, export, spaces': '# c\nexport EXPORTED=yes\n  SPACED = value with spaces   # comment\nHASH=a#b\nEMPTY= # only a comment\nEMPTY2=\nNOSPACE=#kept\n',
  'unparsable lines are skipped whole': "GOOD=1\nBAD='x' trailing\n=novalue\nLATER=2\n",
  'a key given twice: the last wins': 'DUP=first\nDUP=second\nUSE=${DUP}\n',
  'CRLF line ends and a BOM': '\uFEFFA=1\r\nB="x\r\ny"\r\nC=3\r\n',
  'quoted key': "'QUOTED KEY'=v\n",
  'unclosed quote': 'U="never closed\nV=after\n',
};

const SCRIPT = String.raw`
import io, os
from dotenv import dotenv_values
for k in list(os.environ):
    if k.startswith("POOLSCOPE_UNSET") or k in ("DB_USER", "DB_HOST", "A", "DUP", "BARE"): del os.environ[k]
print(json.dumps({name: dotenv_values(stream=io.StringIO(text)) for name, text in data.items()}))
`;

function asDict(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const e of parseDotEnv(text)) {
    delete out[e.key];
    out[e.key] = e.value;
  }
  return out;
}

describe.skipIf(sqlalchemyMissing())('.env reading against python-dotenv 1.2.4', () => {
  const expected = sqlalchemyMissing() ? {} : runSqlAlchemy<Record<string, Record<string, string | null>>>(SCRIPT, CASES);

  it.each(Object.keys(CASES))('%s', (name) => {
    const got = asDict(CASES[name]!);
    expect(got).toEqual(expected[name]);
    expect(Object.keys(got)).toEqual(Object.keys(expected[name]!));
  });

  it('a URL built from ${DB_USER} is saved with the expanded user, and names what came from the environment', () => {
    const [found] = connectionsFromEnv(CASES['interpolation in a URL']!);
    expect(found!.parsed).toMatchObject({ user: 'app', host: 'db.internal', database: 'orders' });
    const partly = connectionsFromEnv('DATABASE_URL=postgresql+asyncpg://${APP_USER:-svc}@db/orders\n');
    expect(partly[0]!.parsed!.user).toBe('svc');
    expect(partly[0]!.parsed!.warnings.join(' ')).toContain('${APP_USER} is not set in this file');
  });
});
