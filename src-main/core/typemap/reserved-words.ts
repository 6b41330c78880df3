/**
 * PostgreSQL reserved words as SQLAlchemy 2.0.54 quotes them: `RESERVED_WORDS` of
 * sqlalchemy/dialects/postgresql/base.py (102 words), copied as data once with
 *   python -c "from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS as R; print(sorted(R))"
 * Regenerate and compare when the pinned SQLAlchemy (test/python-requirements.txt) changes.
 */
export const PG_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization', 'between', 'binary',
  'both', 'case', 'cast', 'check', 'collate', 'column', 'constraint', 'create', 'cross', 'current_catalog',
  'current_date', 'current_role', 'current_schema', 'current_time', 'current_timestamp', 'current_user', 'default',
  'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'freeze',
  'from', 'full', 'grant', 'group', 'having', 'ilike', 'in', 'initially', 'inner', 'intersect', 'into', 'is',
  'isnull', 'join', 'leading', 'left', 'like', 'limit', 'localtime', 'localtimestamp', 'natural', 'new', 'not',
  'notnull', 'null', 'of', 'off', 'offset', 'old', 'on', 'only', 'or', 'order', 'outer', 'over', 'overlaps',
  'placing', 'primary', 'references', 'returning', 'right', 'select', 'session_user', 'similar', 'some', 'symmetric',
  'table', 'then', 'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'verbose', 'when',
  'where', 'window', 'with',
]);
