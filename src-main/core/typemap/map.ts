import type { BackendFamily } from '../../shared/backends';
import { TARGETS, TARGET_LABELS, type ColumnMapping, type IntrospectedColumn, type DdlResult, type IntrospectedSchema, type IntrospectedTable, type Target, type Verdict } from '../../shared/typemap-model';
import { compileType } from './compile';
import { columnTypes, readChecks, type CheckMemo } from './conventions';
import { losses, type Loss } from './losses';
import { autoincrementKeyType, portableType } from './portable';
import { pyType } from './python';
import { saClass, type SaType } from './satype';
import { mysqlCreates, sourceStorageOf, storageOf } from './storage';

/**
 * Pure: an introspected schema in, one mapping per column out. Linear in the number of columns
 * (per table, one pass to index keys; per column, a constant number of compilations).
 */
export function mapSchema(schema: IntrospectedSchema, cache: TypeCache = new TypeCache()): ColumnMapping[] {
  const out: ColumnMapping[] = [];
  for (const table of schema.tables) for (const c of mapColumns(schema.family, table, cache)) out.push(c.mapping);
  return out;
}

export function mapTable(family: BackendFamily, table: IntrospectedTable): ColumnMapping[] {
  return mapColumns(family, table).map((c) => c.mapping);
}

/**
 * Columns of the same declared type map the same way unless a CHECK, a key or an unnamed enum
 * makes them differ: a schema of 20,000 columns has a few dozen distinct answers, computed once.
 */
type CacheEntry = Omit<MappedColumn, 'mapping'> & { shared: Omit<ColumnMapping, 'table' | 'column' | 'ordinal' | 'nullable' | 'default' | 'autoincrement' | 'primaryKey'> };
export class TypeCache extends Map<string, CacheEntry> {
  /**
   * The usual column (no enum, domain, CHECK enum or json_valid CHECK) by declared type, then by
   * (indexed, auto-increment key): the same partition as the string key, without building and
   * hashing a key string per column (20,000 of them were a good part of the mapping's garbage).
   */
  readonly plain = new Map<string, Array<CacheEntry | undefined>>();
  /** Each CHECK's SQL parsed once: 1,000 tables repeating one CHECK parse it once. */
  readonly checks: CheckMemo = new Map();
}

/** A column's mapping with the SQLAlchemy types behind its Python text, for model generation. */
export interface MappedColumn {
  mapping: ColumnMapping;
  generic: SaType;
  portable: SaType;
  enumCheck?: { values: string[]; sql: string };
}

export function mapColumns(family: BackendFamily, table: IntrospectedTable, cache: TypeCache = new TypeCache()): MappedColumn[] {
  const checks = readChecks(table, cache.checks);
  const indexed = new Set<string>(table.primaryKey);
  for (const keys of [table.indexes, table.uniques, table.foreignKeys]) for (const k of keys) for (const c of k.columns) indexed.add(c);
  const pk = new Set(table.primaryKey);
  return table.columns.map((col) => {
    // An auto-increment key maps differently on SQLite (only INTEGER PRIMARY KEY assigns ids).
    const autoincrementKey = col.autoincrement && table.primaryKey.length === 1 && pk.has(col.name);
    // A CHECK-enum or json_valid column's answer also depends on that CHECK (its SQL and values, or
    // the flag): part of the key, so a schema whose tables repeat one CHECK maps it once.
    const enumCheck = checks.enums.get(col.name);
    const json = checks.json.has(col.name);
    const labels = col.enumLabels?.length ? col.enumLabels.join('\u0001') : '';
    const plain = !col.typeKind && !col.domainBase && !labels && !enumCheck && !json;
    const slot = (indexed.has(col.name) ? 2 : 0) + (autoincrementKey ? 1 : 0);
    const key = plain
      ? ''
      : `${col.nativeType}\u0000${col.typeKind ?? ''}\u0000${col.domainBase ?? ''}\u0000${labels}\u0000${indexed.has(col.name)}\u0000${autoincrementKey}${enumCheck ? `\u0000enum\u0000${enumCheck.sql}\u0000${enumCheck.values.join('\u0001')}` : ''}${json ? '\u0000json' : ''}`;
    const hit = plain ? cache.plain.get(col.nativeType)?.[slot] : cache.get(key);
    if (hit) {
      // Built field by field (an object rest and a trailing spread per column were most of the
      // mapping's time on 20,000 columns); the keys keep the order the spread gave them.
      // Two literals rather than a conditional spread in the middle (which made V8 build each
      // object key by key): 20,000 of them per schema.
      const s = hit.shared;
      const mapping: ColumnMapping =
        s.affinity === undefined
          ? {
              table: table.name,
              column: col.name,
              ordinal: col.ordinal,
              nullable: col.nullable,
              default: col.default,
              autoincrement: col.autoincrement,
              primaryKey: pk.has(col.name),
              nativeType: s.nativeType,
              reflected: s.reflected,
              generic: s.generic,
              genericModule: s.genericModule,
              notes: s.notes,
              ddl: s.ddl,
              verdicts: s.verdicts,
              portable: s.portable,
            }
          : {
              table: table.name,
              column: col.name,
              ordinal: col.ordinal,
              nullable: col.nullable,
              default: col.default,
              autoincrement: col.autoincrement,
              primaryKey: pk.has(col.name),
              nativeType: s.nativeType,
              affinity: s.affinity,
              reflected: s.reflected,
              generic: s.generic,
              genericModule: s.genericModule,
              notes: s.notes,
              ddl: s.ddl,
              verdicts: s.verdicts,
              portable: s.portable,
            };
      const m: MappedColumn = hit.enumCheck ? { mapping, generic: hit.generic, portable: hit.portable, enumCheck: hit.enumCheck } : { mapping, generic: hit.generic, portable: hit.portable };
      return col.computed === undefined && !col.collation ? m : generatedLoss(family, col, m);
    }
    const types = columnTypes(family, checks, col);
    const sourceDdl = compileType(types.generic, family);
    // What the column is on the server, as SQLAlchemy reflects it: a target creating exactly this is portable by definition.
    const reflectedDdl = compileType(types.reflected, family);
    const enumChecked = types.enumCheck !== undefined;
    const source = types.sourceStorage ?? (sourceDdl.ok ? sourceStorageOf(family, types.generic, sourceDdl.ddl, { enumChecked }) : null);
    const ddl = {} as Record<Target, DdlResult>;
    const verdicts = {} as Record<Target, Verdict>;
    const ctx = { table: table.name, column: col.name, indexed: indexed.has(col.name) };
    const fixFor = (t: SaType) => {
      const p = portableType(t, ctx);
      return p.why ? `${pyType(p.type)}: ${p.why}` : undefined;
    };
    const keyType = autoincrementKey ? autoincrementKeyType(portableType(types.generic, ctx).type) : null;
    // SQLite assigns ids only to INTEGER PRIMARY KEY: any other declaration of an auto-increment key
    // needs the fix, including one whose portable type is plain Integer() (SMALLINT UNSIGNED).
    const plainPortable = portableType(types.generic, ctx).type;
    const keyFix = keyType?.why ?? (autoincrementKey ? `${pyType(plainPortable)}: SQLite assigns ids only to a column declared exactly INTEGER PRIMARY KEY.` : undefined);
    for (const target of TARGETS) {
      let result = compileType(types.generic, target);
      let storageDdl: string | undefined;
      const serial = target === 'postgresql' && autoincrementKey && !result.ok ? pgSerial(types.generic) : null;
      if (serial) {
        result = { ok: true, ddl: serial.ddl };
        storageDdl = serial.storage;
      }
      ddl[target] = result;
      verdicts[target] = verdict(target, result, types.generic, source, enumChecked, fixFor, target === family && reflectedDdl.ok && result.ok && result.ddl === reflectedDdl.ddl, keyFix, storageDdl);
      const dec = asdecimalLoss(types.reflected, types.generic);
      if (dec && verdicts[target].level !== 'unsupported') verdicts[target] = addLoss(verdicts[target], dec);
    }
    const allPortable = TARGETS.every((t) => verdicts[t].level === 'portable');
    const isGeneric = saClass(types.generic.cls).module === 'sqlalchemy';
    const portable = keyType ? keyType.type : (types.portable ?? (allPortable && isGeneric ? types.generic : plainPortable));
    const notes = keyType ? [...types.notes, `An auto-increment key: the portable model declares ${pyType(keyType.type)}, because SQLite assigns ids only to a column declared exactly INTEGER PRIMARY KEY.`] : types.notes;
    const mapping: ColumnMapping = {
      table: table.name,
      column: col.name,
      ordinal: col.ordinal,
      nativeType: col.nativeType,
      ...(col.affinity ? { affinity: col.affinity } : {}),
      nullable: col.nullable,
      default: col.default,
      autoincrement: col.autoincrement,
      primaryKey: pk.has(col.name),
      reflected: pyType(types.reflected),
      generic: pyType(types.generic),
      genericModule: saClass(types.generic.cls).module,
      notes,
      ddl,
      verdicts,
      portable: pyType(portable),
    };
    const result: MappedColumn = { mapping, generic: types.generic, portable, ...(types.enumCheck ? { enumCheck: types.enumCheck } : {}) };
    // An unnamed native enum's fix names it after the table and column: not shareable. A
    // non-native one (a CHECK enum) is never named (portable.ts genericFix).
    const unnamedEnum = /Enum/.test(types.generic.cls) && !types.generic.name && types.generic.nativeEnum !== false;
    if (!unnamedEnum) {
      const { table: _t, column: _c, ordinal: _o, nullable: _n, default: _d, autoincrement: _a, primaryKey: _p, ...shared } = mapping;
      const entry: CacheEntry = { generic: result.generic, portable: result.portable, ...(result.enumCheck ? { enumCheck: result.enumCheck } : {}), shared };
      if (!plain) cache.set(key, entry);
      else {
        let slots = cache.plain.get(col.nativeType);
        if (!slots) cache.plain.set(col.nativeType, (slots = []));
        slots[slot] = entry;
      }
    }
    return generatedLoss(family, col, result);
  });
}

/**
 * SQLAlchemy's MySQL DOUBLE and REAL default to asdecimal=True (dialects/mysql/types.py), so the
 * reflected column returns Decimal; the generic Float/Double default to asdecimal=False and return
 * float on every dialect, the column's own MySQL server included. MySQL's FLOAT defaults to False.
 */
function asdecimalLoss(reflected: SaType, generic: SaType): Loss | null {
  if (reflected.cls !== 'mysql.DOUBLE' && reflected.cls !== 'mysql.REAL') return null;
  const chain = [generic.cls, ...saClass(generic.cls).mro];
  if (!chain.includes('Float') || generic.cls === 'mysql.DOUBLE' || generic.cls === 'mysql.REAL') return null;
  return {
    tag: 'asdecimal',
    detail: `Python type: SQLAlchemy reflects ${pyType(reflected)} with asdecimal=True and returns Decimal; ${pyType(generic)} returns float (asdecimal=False) on every backend.`,
    fix: `${pyType(generic).replace(/\)$/, '')}${pyType(generic).endsWith('()') ? '' : ', '}asdecimal=True) keeps Decimal; or keep float on purpose.`,
  };
}

/**
 * A generated column is per column (never in the type cache). The portable model declares it a plain
 * column (its expression is the source server's SQL, which SQLAlchemy's Computed() passes through
 * verbatim), so no target computes it; PostgreSQL also has only stored generated columns, and
 * SQLAlchemy's PostgreSQL DDL compiler raises CompileError for Computed(persisted=False).
 */
function generatedLoss(family: BackendFamily, col: IntrospectedColumn, m0: MappedColumn): MappedColumn {
  const m = collationLoss(col, m0);
  if (col.computed === undefined) return m;
  const expr = family === 'sqlite' ? '' : ` AS (${col.computed})`;
  const kind = col.computedKind ? `, ${col.computedKind}` : '';
  const verdicts = { ...m.mapping.verdicts };
  for (const target of TARGETS) {
    if (verdicts[target].level === 'unsupported') continue;
    const T = TARGET_LABELS[target];
    const virtualOnPg = target === 'postgresql' && col.computedKind === 'virtual';
    verdicts[target] = addLoss(verdicts[target], {
      tag: 'generated',
      detail: `A generated column${expr}${kind}: the portable model declares it a plain column, so ${T} computes nothing and the application must write it.${virtualOnPg ? ' PostgreSQL has stored generated columns only: SQLAlchemy raises CompileError for Computed(..., persisted=False).' : ''}`,
      fix: `Add Computed(...) with an expression ${T} understands${virtualOnPg ? ' and persisted=True' : ''}, or compute the value in Python.`,
    });
  }
  return { ...m, mapping: { ...m.mapping, verdicts } };
}

/**
 * A MySQL column collation of its own (utf8mb4_bin in a utf8mb4_general_ci table) decides what `=`,
 * ORDER BY and unique keys mean. The generic type drops it, so MySQL gives the column the table's
 * collation; PostgreSQL and SQLite have no collation of that name, so SQLAlchemy's collation=
 * (rendered COLLATE "name") is refused there: the loss is reported on every target.
 */
function collationLoss(col: IntrospectedColumn, m: MappedColumn): MappedColumn {
  // MariaDB's JSON is LONGTEXT with utf8mb4_bin: part of the JSON convention, kept by JSON() itself.
  if (!col.collation || [m.generic.cls, ...saClass(m.generic.cls).mro].includes('JSON')) return m;
  const verdicts = { ...m.mapping.verdicts };
  for (const target of TARGETS) {
    if (verdicts[target].level === 'unsupported') continue;
    const T = TARGET_LABELS[target];
    verdicts[target] = addLoss(verdicts[target], {
      tag: 'collation',
      detail:
        target === 'mysql'
          ? `The column's collation ${col.collation} is dropped: the generic type takes the table's collation, so comparisons, ORDER BY and unique keys can change (a _bin collation tells 'Secret' from 'SECRET').`
          : `The column's collation ${col.collation} is dropped, and ${T} has no collation of that name (SQLAlchemy's collation= renders COLLATE "${col.collation}", which ${T} refuses).`,
      fix: target === 'mysql' ? `Keep String(..., collation=${JSON.stringify(col.collation).replace(/"/g, "'")}) in a MySQL variant (with_variant).` : `Pick the ${T} collation that behaves alike (e.g. the server default, case-sensitive, for a _bin one) and pass it as collation= in a ${T} variant.`,
    });
  }
  return { ...m, mapping: { ...m.mapping, verdicts } };
}

function addLoss(v: Verdict, l: Loss): Verdict {
  if (v.level === 'portable') return { level: 'lossy', lost: [l.tag], detail: l.detail, fix: l.fix };
  return { ...v, lost: [...v.lost, l.tag], detail: `${v.detail} ${l.detail}`, fix: v.fix ? `${v.fix} Also: ${l.fix}` : l.fix };
}

/**
 * PostgreSQL's DDL compiler writes SERIAL/SMALLSERIAL/BIGSERIAL for an auto-increment integer key
 * without compiling its type (PGDDLCompiler.get_column_specification), so MySQL's TINYINT and
 * MEDIUMINT keys, which PostgreSQL's type compiler cannot render, are created as SERIAL.
 */
function pgSerial(t: SaType): { ddl: string; storage: string } | null {
  const chain = [t.cls, ...saClass(t.cls).mro];
  if (!chain.includes('Integer')) return null;
  if (chain.includes('BigInteger')) return { ddl: 'BIGSERIAL', storage: 'BIGINT' };
  if (chain.includes('SmallInteger')) return { ddl: 'SMALLSERIAL', storage: 'SMALLINT' };
  return { ddl: 'SERIAL', storage: 'INTEGER' };
}

/** What a portable verdict should still say about how the target stores the value. */
const STORAGE_NOTES: Partial<Record<Target, Record<string, string>>> = {
  sqlite: {
    JSON: ' Declared JSON gets NUMERIC affinity on SQLite; SQLAlchemy stores the document as text.',
    BOOLEAN: ' SQLite stores it as 0/1 (NUMERIC affinity).',
    DATETIME: ' SQLAlchemy stores it as ISO text.',
    TIMESTAMP: ' SQLAlchemy stores it as ISO text.',
    NUMERIC: ' SQLite keeps it as a double and SQLAlchemy warns that it converts Decimal through float; up to 15 digits come back exact.',
    DECIMAL: ' SQLite keeps it as a double and SQLAlchemy warns that it converts Decimal through float; up to 15 digits come back exact.',
  },
  mysql: { BOOL: ' BOOL is TINYINT(1) on MySQL.', JSON: ' On MariaDB JSON is LONGTEXT with a json_valid() CHECK.' },
};

/** The DDL as the server takes it: MySQL turns TEXT(n) and BLOB(n) into the smallest type that fits. */
function shownDdl(target: Target, ddl: string): string {
  const created = target === 'mysql' ? mysqlCreates(ddl) : null;
  if (!created) return ddl;
  const n = Number(/\d+/.exec(ddl)![0]).toLocaleString('en-US');
  return `${ddl}, which the server creates as ${created} (the smallest type for ${n} ${created.endsWith('TEXT') ? 'utf8mb4 characters, 4 bytes each at most' : 'bytes'}),`;
}

function portableDetail(target: Target, ddl: string, identical: boolean): string {
  const base = identical ? `Same column on ${TARGET_LABELS[target]}: ${ddl}.` : `${TARGET_LABELS[target]} creates ${shownDdl(target, ddl).replace(/,$/, '')}.`;
  return base + (STORAGE_NOTES[target]?.[ddl.replace(/\(.*$/, '')] ?? '');
}

/**
 * `autoincrementFix`: set for an auto-increment, single-column integer key whose portable type needs
 * a SQLite variant (see autoincrementKeyType); SQLite then loses the autoincrement unless it gets
 * exactly INTEGER.
 */
function verdict(
  target: Target,
  result: DdlResult,
  generic: SaType,
  source: ReturnType<typeof storageOf> | null,
  enumChecked: boolean,
  fixFor: (t: SaType) => string | undefined,
  identical: boolean,
  autoincrementFix?: string,
  storageDdl?: string,
): Verdict {
  const T = TARGET_LABELS[target];
  const rowid = target === 'sqlite' && autoincrementFix !== undefined;
  if (!result.ok) {
    const fix = fixFor(generic) ?? 'Declare a type SQLAlchemy can create on every target.';
    return { level: 'unsupported', lost: [], detail: `${T}: ${result.error}`, fix: rowid ? `${fix} Also: ${autoincrementFix}` : fix };
  }
  const found: Loss[] = [];
  const dst = storageDdl ? storageOf(target, { cls: storageDdl }, storageDdl) : storageOf(target, generic, result.ddl, { enumChecked });
  if (!identical && source) found.push(...losses(source, dst, target, shownDdl(target, result.ddl), { autoincrementKey: autoincrementFix !== undefined }));
  if (rowid && result.ddl !== 'INTEGER')
    found.push({
      tag: 'autoincrement',
      detail: `SQLite assigns ids only to a column declared exactly INTEGER PRIMARY KEY (the rowid alias); SQLAlchemy declares this key ${result.ddl}, so an insert without an id fails ("NOT NULL constraint failed").`,
      fix: autoincrementFix,
    });
  if (found.length === 0) return { level: 'portable', lost: [], detail: portableDetail(target, result.ddl, identical) };
  return {
    level: 'lossy',
    lost: found.map((l) => l.tag),
    detail: found.map((l) => l.detail).join(' '),
    fix: found.map((l) => l.fix).join(' Also: '),
  };
}
