import { describe, expect, it } from 'vitest';
import { runSqlAlchemy, sqlalchemyMissing } from '../../../test/sqlalchemy';
import { quotePgIdent } from './compile';
import { PG_RESERVED_WORDS } from './reserved-words';

/**
 * Poolscope's model of SQLAlchemy 2.0, compared with the real SQLAlchemy of the pinned Python env:
 * the answers must be the same, not just plausible. Skipped (with the reason in the title) where
 * that Python cannot be made.
 */
const MISSING = sqlalchemyMissing();
const title = (what: string) => (MISSING ? `${what} (SKIPPED: ${MISSING})` : what);

describe.skipIf(MISSING)(title('Poolscope agrees with the installed SQLAlchemy'), () => {
  it('PostgreSQL reserved words are the dialect\'s RESERVED_WORDS, and quoting matches PGIdentifierPreparer.quote()', () => {
    const sample = [
      ...PG_RESERVED_WORDS,
      ...['mood', 'Mood', 'MOOD', 'mood2', '2mood', '$mood', 'mood$', '_mood', '__', 'my mood', 'my-mood', 'my"mood', "it's", 'größe', 'été'],
      ...['\u017ftatus', '\u0131d', '\u212aelvin', '\u0130d', 'type', 'status', 'name', 'value', 'level', 'key', 'position', 'rank', 'year', 'a.b'],
    ];
    const real = runSqlAlchemy<{ version: string; reserved: string[]; quoted: string[] }>(
      [
        'import sqlalchemy',
        'from sqlalchemy.dialects import postgresql',
        'from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS',
        'p = postgresql.dialect().identifier_preparer',
        'print(json.dumps({"version": sqlalchemy.__version__, "reserved": sorted(RESERVED_WORDS), "quoted": [p.quote(n) for n in data]}))',
      ].join('\n'),
      sample,
    );
    expect([...PG_RESERVED_WORDS].sort(), `reserved-words.ts vs SQLAlchemy ${real.version}`).toEqual(real.reserved);
    expect(sample.map(quotePgIdent)).toEqual(real.quoted);
  });
});
