import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { parseProfile } from '../../shared/profile';
import { createDemoDatabase } from '../demo/demo-db';
import { tempDir } from '../../../test/tmp';
import { expectColumn } from '../../../test/typemap-expect';
import { PYTHON_MISSING, pyCompile } from '../../../test/python';
import { runTypes } from './run';
import { generateModels } from '../typemap/models';
import { sqliteAffinity } from '../typemap/sqlite-affinity';
import type { IntrospectedSchema, TypesReport } from '../../shared/typemap-model';

describe('SQLite introspection and mapping (the demo database, real SQLite)', () => {
  const dir = tempDir();
  const file = join(dir.path, 'demo.sqlite');
  let report: TypesReport;
  let schema: IntrospectedSchema;

  beforeAll(async () => {
    createDemoDatabase(file);
    ({ report, schema } = await runTypes({ profile: parseProfile({ name: 'demo', backend: 'sqlite', database: file }), label: 'demo' }));
  });
  afterAll(() => dir.cleanup());

  it('reads declared types with affinity, keys, rowid aliases, foreign keys, indexes and CHECKs', () => {
    const users = schema.tables.find((t) => t.name === 'users')!;
    const tenants = schema.tables.find((t) => t.name === 'tenants')!;
    expect(report.tables.map((t) => t.name)).toEqual(['api_keys', 'audit_events', 'invoices', 'tenants', 'users']);
    expect(users.columns.find((c) => c.name === 'id')).toMatchObject({ nativeType: 'INTEGER', autoincrement: true, affinity: 'INTEGER' });
    expect(users.columns.find((c) => c.name === 'last_login_at')).toMatchObject({ nativeType: 'TIMESTAMP WITH TIME ZONE', affinity: 'NUMERIC' });
    expect(users.foreignKeys).toEqual([{ name: null, columns: ['tenant_id'], refSchema: null, refTable: 'tenants', refColumns: ['id'], onDelete: 'CASCADE' }]);
    expect(users.indexes).toEqual([{ name: 'ix_users_tenant_active', columns: ['tenant_id', 'is_active'], unique: false }]);
    expect(users.uniques.map((u) => u.columns)).toEqual(expect.arrayContaining([['public_id'], ['tenant_id', 'email']]));
    expect(tenants.checks).toEqual([{ name: null, sql: "plan IN ('free', 'team', 'enterprise')" }]);
  });

  it('maps the demo columns the way SQLAlchemy reflects them', () => {
    const c = report.columns;
    expectColumn(c, 'tenants.timezone', { native: 'VARCHAR', reflected: 'VARCHAR()', generic: 'String()', ddl: ['VARCHAR', 'error: VARCHAR requires a length on dialect mysql', 'VARCHAR'], verdicts: ['portable', 'unsupported', 'portable'] });
    expectColumn(c, 'tenants.plan', { reflected: 'VARCHAR(10)', generic: "Enum('free', 'team', 'enterprise', native_enum=False)", ddl: ['VARCHAR(10)', 'VARCHAR(10)', 'VARCHAR(10)'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'tenants.monthly_fee', { reflected: 'NUMERIC(10, 2)', generic: 'Numeric(10, 2)', ddl: ['NUMERIC(10, 2)', 'NUMERIC(10, 2)', 'NUMERIC(10, 2)'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'tenants.settings', { reflected: 'sqlite.JSON()', generic: 'JSON()', ddl: ['JSON', 'JSON', 'JSON'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'tenants.created_at', { reflected: 'TIMESTAMP()', generic: 'TIMESTAMP()', ddl: ['TIMESTAMP WITHOUT TIME ZONE', 'TIMESTAMP', 'TIMESTAMP'], verdicts: ['portable', 'lossy', 'portable'], lost: [[], ['fractional seconds', 'range'], []] });
    expectColumn(c, 'users.public_id', { native: 'CHAR(36)', reflected: 'CHAR(36)', generic: 'CHAR(36)', ddl: ['CHAR(36)', 'CHAR(36)', 'CHAR(36)'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'users.is_active', { reflected: 'BOOLEAN()', generic: 'Boolean()', ddl: ['BOOLEAN', 'BOOL', 'BOOLEAN'], verdicts: ['portable', 'portable', 'portable'] });
    expectColumn(c, 'users.last_login_at', { reflected: 'NUMERIC()', generic: 'DateTime(timezone=True)', ddl: ['TIMESTAMP WITH TIME ZONE', 'DATETIME', 'DATETIME'], verdicts: ['portable', 'lossy', 'lossy'], lost: [[], ['time zone'], ['time zone']] });
    expectColumn(c, 'users.created_at', { reflected: 'DATETIME()', generic: 'DateTime()', ddl: ['TIMESTAMP WITHOUT TIME ZONE', 'DATETIME', 'DATETIME'], verdicts: ['portable', 'lossy', 'portable'], lost: [[], ['fractional seconds'], []] });
    expectColumn(c, 'users.avatar', { reflected: 'BLOB()', generic: 'LargeBinary()', ddl: ['BYTEA', 'BLOB', 'BLOB'], verdicts: ['portable', 'lossy', 'portable'], lost: [[], ['size'], []] });
    expectColumn(c, 'api_keys.key_id', { native: 'UUID', reflected: 'NUMERIC()', generic: 'Uuid()', ddl: ['UUID', 'CHAR(32)', 'CHAR(32)'], verdicts: ['portable', 'lossy', 'lossy'], lost: [[], ['UUID format'], ['UUID format']] });
    expectColumn(c, 'invoices.tax_rate', { reflected: 'REAL()', generic: 'REAL()', ddl: ['REAL', 'REAL', 'REAL'], verdicts: ['lossy', 'portable', 'portable'], lost: [['precision'], [], []] });
    expectColumn(c, 'audit_events.duration_ms', { reflected: 'BIGINT()', generic: 'BigInteger()', ddl: ['BIGINT', 'BIGINT', 'BIGINT'], verdicts: ['portable', 'portable', 'portable'] });
    expect(c.find((x) => x.column === 'key_id')!.notes.join(' ')).toMatch(/falls back to the affinity rules/);
  });

  it('answers "can this run on SQLite in tests / on MySQL?"', () => {
    expect(report.summary.targets.sqlite.runs).toBe(true);
    expect(report.summary.targets.mysql).toMatchObject({ runs: false, unsupported: 1 });
    expect(report.summary.issues.filter((i) => i.target === 'mysql' && i.level === 'unsupported').map((i) => `${i.table}.${i.column}`)).toEqual(['tenants.timezone']);
    expect(report.tableSummaries.find((t) => t.table === 'tenants')!.targets.mysql.runs).toBe(false);
  });

  it("computes the same affinity SQLite itself applies (typeof of stored values)", () => {
    const db = new Database(':memory:');
    const declared = ['INTEGER', 'VARCHAR(10)', 'BLOB', '', 'DOUBLE PRECISION', 'UUID', 'TIMESTAMP WITH TIME ZONE', 'FLOATING POINT', 'STRING', 'JSON'];
    db.exec(`CREATE TABLE t (${declared.map((d, i) => `c${i} ${d}`).join(', ')})`);
    db.prepare(`INSERT INTO t VALUES (${declared.map(() => "'12'").join(', ')})`).run();
    const stored = db.prepare(`SELECT ${declared.map((_, i) => `typeof(c${i}) AS c${i}`).join(', ')} FROM t`).get() as Record<string, string>;
    db.close();
    // '12' is stored as integer under INTEGER/NUMERIC affinity, real under REAL, text under TEXT and BLOB (no conversion).
    const expected: Record<string, string> = { INTEGER: 'integer', NUMERIC: 'integer', REAL: 'real', TEXT: 'text', BLOB: 'text' };
    declared.forEach((d, i) => expect(stored[`c${i}`], `typeof for declared "${d}"`).toBe(expected[sqliteAffinity(d)]));
  });

  it.skipIf(PYTHON_MISSING)('generates models python3 compiles, in both variants', () => {
    for (const variant of ['portable', 'faithful'] as const) pyCompile(generateModels(schema, [], variant));
    const portable = generateModels(schema, ['tenants'], 'portable');
    expect(portable).toContain("plan: Mapped[str] = mapped_column(Enum('free', 'team', 'enterprise', native_enum=False, create_constraint=True), server_default=text(\"'free'\"))");
    expect(portable).toContain('timezone: Mapped[str] = mapped_column(Text()');
    expect(generateModels(schema, ['tenants'], 'faithful')).toContain(`CheckConstraint("plan IN ('free', 'team', 'enterprise')")`);
  });
});
