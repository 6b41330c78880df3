import { describe, expect, it } from 'vitest';
import { runSqlAlchemy, sqlalchemyMissing } from '../../../test/sqlalchemy';
import { compileOrThrow, quotePgIdent, TypeCompileError } from './compile';
import { pyType } from './python';
import { mapTable } from './map';
import { PG_RESERVED_WORDS } from './reserved-words';
import { saClass, type SaType } from './satype';
import { resolveSqliteType } from './sqlite-affinity';

/**
 * Poolscope's model of SQLAlchemy 2.0, compared with the real SQLAlchemy of the pinned Python env:
 * the answers must be the same, not just plausible. Skipped (with the reason in the title) where
 * that Python cannot be made.
 */
const MISSING = sqlalchemyMissing();
const title = (what: string) => (MISSING ? `${what} (SKIPPED: ${MISSING})` : what);

/** Target and engine dialect name: a mariadb:// engine compiles with the MySQL compiler but picks "mariadb" variants. */
const DIALECTS = [['postgresql', 'postgresql'], ['mysql', 'mysql'], ['mysql', 'mariadb'], ['sqlite', 'sqlite']] as const;

/** What compile.ts says each type compiles to, per dialect: the DDL, or the kind of SQLAlchemy error. */
function ours(t: SaType): string[] {
  return DIALECTS.map(([target, name]) => {
    try {
      return compileOrThrow(t, target, name);
    } catch (err) {
      if (err instanceof TypeCompileError) return err.kind === 'unsupported' ? 'error: UnsupportedCompilationError' : `error: CompileError: ${err.message}`;
      throw err;
    }
  });
}

/** The same, from SQLAlchemy: each type is written as Poolscope writes it in models (pyType), evaluated, compiled. */
function theirs(types: SaType[]): string[][] {
  return runSqlAlchemy<string[][]>(
    [
      'import sqlalchemy',
      'from sqlalchemy import exc, types',
      'from sqlalchemy.dialects import postgresql, mysql, sqlite',
      'from sqlalchemy.dialects.mysql.mariadb import MariaDBDialect',
      'ns = {**vars(types), "postgresql": postgresql, "mysql": mysql, "sqlite": sqlite}',
      'dialects = [postgresql.dialect(), mysql.dialect(), MariaDBDialect(), sqlite.dialect()]',
      'def one(t, d):',
      '    try:',
      '        return t.compile(dialect=d)',
      '    except exc.UnsupportedCompilationError:',
      '        return "error: UnsupportedCompilationError"',
      '    except exc.CompileError as e:',
      '        return f"error: CompileError: {e}"',
      'print(json.dumps([[one(eval(expr, ns), d) for d in dialects] for expr in data]))',
    ].join('\n'),
    types.map(pyType),
  );
}

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

  it("SQLite reflection: the class, the arguments and the warning are SQLAlchemy's own for every declared type", () => {
    const declared = [
      'VARCHAR(20)', 'DECIMAL(10,2)', 'NUMERIC(10, 2)', 'decimal(10 , 2)', 'NUMERIC(10)', 'NUMERIC', 'FOOBAR', 'FOOBAR(3)', 'FOOBAR(3, 4)',
      'NUMERIC(-1)', 'NUMERIC(+5)', 'INTEGER(11)', 'INT(11)', 'BIGINT(20)', 'SMALLINT(5)', 'TINYINT(1)', 'TEXT(100)', 'CHAR(36)', 'NCHAR(5)',
      'NVARCHAR(10)', 'VARCHAR (20)', 'character varying(20)', 'VARCHAR(20) COLLATE NOCASE', 'VARCHAR(1e3)', 'FLOAT(53)', 'FLOAT(10,2)',
      'REAL(10,2)', 'DOUBLE(10,2)', 'DOUBLE(10,0)', 'DOUBLE PRECISION', 'DATETIME(6)', 'TIMESTAMP(3)', 'TIMESTAMP(0)', 'TIME(6)', 'DATE(1)',
      'BLOB(100)', 'MYBLOB(3)', 'BOOLEAN(1)', 'BOOLEAN(0)', 'BOOL', 'JSON(1)', 'JSON', 'UNSIGNED BIG INT', 'BIGINT UNSIGNED', 'MEDIUMTEXT',
      'TIMESTAMP WITH TIME ZONE', 'UUID', 'ÄINT', 'größe(4)', '',
    ];
    const real = runSqlAlchemy<Array<[string, boolean]>>(
      [
        'from sqlalchemy import create_engine, inspect, text',
        'e = create_engine("sqlite://")',
        'with e.begin() as c:',
        '    for i, d in enumerate(data):',
        '        c.execute(text(f"CREATE TABLE t{i} (c {d})"))',
        'out = []',
        'insp = inspect(e)',
        'for i in range(len(data)):',
        '    with warnings.catch_warnings(record=True) as w:',
        '        warnings.simplefilter("always")',
        '        typ = insp.get_columns(f"t{i}")[0]["type"]',
        '    out.append([repr(typ), any("Could not instantiate" in str(x.message) for x in w)])',
        'print(json.dumps(out))',
      ].join('\n'),
      declared,
    );
    // Python's generic_repr: keyword arguments in signature order, flags left out when false.
    const FLAGS = new Set(['timezone', 'asdecimal', 'create_constraint', 'none_as_null']);
    const ours = declared.map((d) => {
      const r = resolveSqliteType(d);
      const args = r.bound.filter(([p, v]) => !(FLAGS.has(p) && v === 0)).map(([p, v]) => `${p}=${v}`);
      return [`${saClass(r.type.cls).py}(${args.join(', ')})`, r.droppedArgs];
    });
    expect(ours).toEqual(real);
  });

  it('type DDL: what compile.ts renders is what the dialects\' type compilers emit', () => {
    const types: SaType[] = [
      ...['INT4RANGE', 'INT8RANGE', 'NUMRANGE', 'DATERANGE', 'TSRANGE', 'TSTZRANGE'].map((n) => ({ cls: `pg.${n}` })),
      ...['INT4MULTIRANGE', 'INT8MULTIRANGE', 'NUMMULTIRANGE', 'DATEMULTIRANGE', 'TSMULTIRANGE', 'TSTZMULTIRANGE'].map((n) => ({ cls: `pg.${n}` })),
      { cls: 'pg.ARRAY', item: { cls: 'pg.INT4MULTIRANGE' } },
      { cls: 'String', length: 50 },
      { cls: 'String' },
      { cls: 'Uuid' },
      { cls: 'UUID' },
      { cls: 'Enum', enums: ['a', 'b'], name: 'order' },
      { cls: 'NullType' },
      { cls: 'Uuid', variants: [{ dialects: ['mariadb'], type: { cls: 'UUID' } }] },
      { cls: 'String', length: 20000, variants: [{ dialects: ['mysql', 'mariadb'], type: { cls: 'Text', length: 20000 } }] },
      { cls: 'NVARCHAR', length: 20000 },
      { cls: 'CHAR', length: 300 },
      { cls: 'Text', length: 20000 },
      { cls: 'Text', length: 0 },
      { cls: 'UnicodeText', length: 300 },
      { cls: 'LargeBinary', length: 70000 },
      { cls: 'LargeBinary', length: 0 },
      { cls: 'mysql.TEXT', length: 20000 },
      { cls: 'BigInteger', variants: [{ dialects: ['sqlite'], type: { cls: 'Integer' } }] },
      { cls: 'SmallInteger', variants: [{ dialects: ['sqlite'], type: { cls: 'Integer' } }] },
      { cls: 'Text', variants: [{ dialects: ['mysql'], type: { cls: 'mysql.LONGTEXT' } }] },
      { cls: 'Text', variants: [{ dialects: ['mysql', 'mariadb'], type: { cls: 'mysql.LONGTEXT' } }] },
    ];
    expect(types.map(ours)).toEqual(theirs(types));
  });

  it('the with_variant fixes Poolscope suggests for MySQL also take effect on a mariadb:// engine', () => {
    const columns = ['text', 'bytea', 'timestamp without time zone'].map((nativeType, i) => ({ name: `c${i}`, ordinal: i + 1, nativeType, nullable: true, default: null, autoincrement: false }));
    const fixes = mapTable('postgresql', { schema: 'public', name: 't', columns, primaryKey: [], foreignKeys: [], indexes: [], uniques: [], checks: [] }).map((c) => c.verdicts.mysql.fix!);
    const compiled = runSqlAlchemy<string[][]>(
      [
        'from sqlalchemy import types',
        'from sqlalchemy.dialects import mysql, postgresql',
        'from sqlalchemy.dialects.mysql.mariadb import MariaDBDialect',
        'ns = {**vars(types), "mysql": mysql, "postgresql": postgresql}',
        'print(json.dumps([[eval(f, ns).compile(dialect=d) for d in (mysql.dialect(), MariaDBDialect())] for f in data]))',
      ].join('\n'),
      fixes,
    );
    expect(compiled).toEqual([['LONGTEXT', 'LONGTEXT'], ['LONGBLOB', 'LONGBLOB'], ['DATETIME(6)', 'DATETIME(6)']]);
    expect(fixes).toEqual([
      'Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")',
      'LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")',
      'DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")',
    ]);
  });
});
