import type { Backend, BackendFamily } from './backends';

/**
 * What the type-mapping feature hands around: the introspected schema (as the server reports it)
 * and, per column, how SQLAlchemy 2.0 reflects it, which generic type it adapts to, the DDL that
 * type compiles to on each dialect, and a verdict per target. Plain data, shared with the UI.
 */

export const TARGETS = ['postgresql', 'mysql', 'sqlite'] as const;
export type Target = (typeof TARGETS)[number];

export const TARGET_LABELS: Record<Target, string> = { postgresql: 'PostgreSQL', mysql: 'MySQL', sqlite: 'SQLite' };

export type VerdictLevel = 'portable' | 'lossy' | 'unsupported';
export const VERDICT_LEVELS: readonly VerdictLevel[] = ['portable', 'lossy', 'unsupported'];

export interface IntrospectedColumn {
  name: string;
  /** 1-based position in the table. */
  ordinal: number;
  /** The type as the server spells it: format_type() on PostgreSQL, COLUMN_TYPE on MySQL, the declared type on SQLite. */
  nativeType: string;
  nullable: boolean;
  /** The server default as an SQL expression, or null. */
  default: string | null;
  /** SERIAL/IDENTITY, AUTO_INCREMENT, or SQLite's INTEGER PRIMARY KEY rowid alias. */
  autoincrement: boolean;
  /** PostgreSQL identity column: 'always' | 'by-default'. */
  identity?: 'always' | 'by-default';
  /** MySQL/MariaDB `ON UPDATE CURRENT_TIMESTAMP[(n)]`: the expression, upper case. */
  onUpdate?: string;
  /** Generated (computed) column expression. */
  computed?: string;
  /** Whether a generated column is stored (PostgreSQL always; MySQL STORED, MariaDB PERSISTENT) or virtual; absent when unknown. */
  computedKind?: 'stored' | 'virtual';
  /** MySQL/MariaDB: the column's collation where it differs from its table's (e.g. utf8mb4_bin). */
  collation?: string;
  comment?: string;
  /** PostgreSQL: labels of an enum type, or the base type of a domain. */
  enumLabels?: string[];
  domainBase?: string;
  /** 'e' enum, 'd' domain, 'b' base (PostgreSQL typtype). */
  typeKind?: 'base' | 'enum' | 'domain';
  /** SQLite only: the column's type affinity under SQLite's five rules. */
  affinity?: 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';
}

export interface IntrospectedForeignKey {
  name: string | null;
  columns: string[];
  refSchema: string | null;
  refTable: string;
  refColumns: string[];
  onDelete?: string;
  onUpdate?: string;
}

export interface IntrospectedIndex {
  name: string;
  columns: string[];
  unique: boolean;
  /** The index method where it is not a plain B-tree: MySQL FULLTEXT/SPATIAL/HASH, PostgreSQL gin/gist/brin/hash/… */
  kind?: string;
  /** MySQL prefix lengths (SUB_PART) per column, null for a whole column. */
  prefixes?: Array<number | null>;
}

export interface IntrospectedCheck {
  name: string | null;
  /** The constraint's SQL text (without the CHECK keyword where the server allows). */
  sql: string;
}

export interface IntrospectedTable {
  schema: string;
  name: string;
  columns: IntrospectedColumn[];
  primaryKey: string[];
  foreignKeys: IntrospectedForeignKey[];
  indexes: IntrospectedIndex[];
  /** UNIQUE constraints (PostgreSQL/MySQL) and unique indexes that back them. */
  uniques: IntrospectedIndex[];
  checks: IntrospectedCheck[];
  comment?: string;
  /** PostgreSQL: the partitions of a partitioned table (not listed as tables of their own). */
  partitions?: string[];
}

export interface IntrospectedSchema {
  backend: Backend;
  family: BackendFamily;
  serverVersion: string;
  /** PostgreSQL schema, MySQL database, SQLite attached database ("main"). */
  schema: string;
  tables: IntrospectedTable[];
}

export interface Verdict {
  level: VerdictLevel;
  /** Short names of what is lost, e.g. "time zone", "precision". Empty unless lossy. */
  lost: string[];
  /** One or two sentences: what happens on this target and why. */
  detail: string;
  /** What to change, as code where possible. Absent when portable. */
  fix?: string;
}

export type DdlResult = { ok: true; ddl: string } | { ok: false; error: string };

export interface ColumnMapping {
  table: string;
  column: string;
  ordinal: number;
  nativeType: string;
  affinity?: string;
  nullable: boolean;
  default: string | null;
  autoincrement: boolean;
  primaryKey: boolean;
  /** The type SQLAlchemy 2.0's reflection produces, as Python (e.g. `postgresql.TIMESTAMP(timezone=True)`). */
  reflected: string;
  /** The type after adaptation to a generic type (sqlacodegen's rule), as Python (e.g. `DateTime(timezone=True)`). */
  generic: string;
  /** Where `generic` is imported from. */
  genericModule: string;
  /** Why the generic type differs from a plain adaptation (conventions, detections), in plain words. */
  notes: string[];
  ddl: Record<Target, DdlResult>;
  verdicts: Record<Target, Verdict>;
  /** The type the portable model uses (the generic one with the fixes applied), as Python. */
  portable: string;
}

export interface TargetSummary {
  target: Target;
  /** True when nothing is unsupported: the schema can be created there. */
  runs: boolean;
  portable: number;
  lossy: number;
  unsupported: number;
  /** Tables that cannot be created there as a whole although each column can (MySQL's row size). */
  tableBlockers: number;
}

export interface TableSummary {
  table: string;
  columns: number;
  targets: Record<Target, TargetSummary>;
}

export interface BlockerRef {
  table: string;
  /** Empty for an issue of the whole table (scope 'table'). */
  column: string;
  scope?: 'table';
  target: Target;
  level: Exclude<VerdictLevel, 'portable'>;
  lost: string[];
  detail: string;
  fix?: string;
}

export interface SchemaSummary {
  tables: number;
  columns: number;
  targets: Record<Target, TargetSummary>;
  /** Every lossy or unsupported column, per target, in table/column order. */
  issues: BlockerRef[];
}

export interface TypesReport {
  /** Identifies this report for later model export without introspecting again. */
  id: string;
  connectionName: string;
  backend: Backend;
  family: BackendFamily;
  serverVersion: string;
  schema: string;
  /** Table names in order with their column counts (the grid's table filter). */
  tables: Array<{ name: string; columns: number; primaryKey: string[]; partitions?: string[] }>;
  columns: ColumnMapping[];
  tableSummaries: TableSummary[];
  summary: SchemaSummary;
  timings: { introspectMs: number; mapMs: number };
}

export type ModelVariant = 'portable' | 'faithful';

export interface TypesProgress {
  jobId: string;
  phase: 'connecting' | 'introspecting' | 'mapping' | 'done';
  /** Catalog queries or tables done so far, and the total, where known. */
  done: number;
  total: number;
  message: string;
}
