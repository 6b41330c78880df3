import type { Target } from '../../shared/typemap-model';
import { compileOrThrow, TypeCompileError } from './compile';
import { adaptTo, isCamelCase, saClass, type SaType } from './satype';

/**
 * sqlacodegen's `get_adapted_type`: walk the reflected type's public superclasses, adapt to each,
 * keep the adaptation only while it compiles to the same DDL on the source dialect, and stop at the
 * first generic (CamelCase) class. `VARCHAR(50)` -> `String(50)`; `TIMESTAMP(timezone=True)` ->
 * `DateTime(timezone=True)`; `CHAR(36)` stays `CHAR(36)` (String(36) would be VARCHAR(36));
 * `JSONB` stays JSONB (JSON renders JSON); MariaDB's `INTEGER(11)` stays as reflected.
 */
export function adaptToGeneric(t: SaType, dialect: Target): SaType {
  let original: string;
  try {
    original = compileOrThrow(t, dialect);
  } catch (err) {
    if (err instanceof TypeCompileError) return t;
    throw err;
  }
  // The class itself comes first in Python's MRO: a generic class is kept as it is.
  if (isCamelCase(t.cls)) return t;
  let current = t;
  for (const sup of saClass(t.cls).mro) {
    const candidate = adaptTo(current, sup);
    if (t.item) candidate.item = adaptToGeneric(t.item, dialect);
    // sqlacodegen re-applies the enum name, which adapt() loses since SQLAlchemy 1.2.
    if (sup === 'Enum' && t.name) candidate.name = t.name;
    try {
      if (compileOrThrow(candidate, dialect) !== original) break;
    } catch (err) {
      if (err instanceof TypeCompileError) break;
      throw err;
    }
    current = candidate;
    if (isCamelCase(sup)) break;
  }
  return current;
}
