import { TARGET_LABELS, type Target } from '../../shared/typemap-model';
import type { Storage } from './storage';

/** What a target cannot keep of the source column, as short tags with a sentence each and the usual fix. */
export interface Loss {
  tag: string;
  detail: string;
  fix: string;
}

/**
 * Integer bounds with thousands separators. The 64-bit bounds are beyond a double's exact range
 * (2 ** 63 - 1 is stored as 2 ** 63), so they are written from the power of two they stand for:
 * a maximum is 2^k - 1, a minimum -2^k.
 */
export function fmt(n: number): string {
  if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) return n.toLocaleString('en-US');
  const k = BigInt(Math.round(Math.log2(Math.abs(n))));
  return (n > 0 ? 2n ** k - 1n : -(2n ** k)).toLocaleString('en-US');
}

function widerInt(max: number): string {
  if (max > 2 ** 63 - 1) return 'Numeric(20, 0)';
  if (max > 2 ** 31 - 1) return 'BigInteger()';
  if (max > 2 ** 15 - 1) return 'Integer()';
  return 'SmallInteger()';
}

/** `autoincrementKey`: the column is an auto-increment primary key, whose fix must stay an integer type. */
/** Decimal digits a double always carries exactly (DBL_DIG). */
export const DOUBLE_EXACT_DIGITS = 15;

export function losses(src: Storage, dst: Storage, target: Target, ddl: string, opts: { autoincrementKey?: boolean } = {}): Loss[] {
  const T = TARGET_LABELS[target];
  if (src.kind !== dst.kind) {
    if (src.kind === 'other' || dst.kind === 'other') return [];
    return [{ tag: 'representation', detail: `${T} stores it as ${ddl} (${dst.kind}), not as ${src.kind}.`, fix: 'Declare the generic type that matches the data.' }];
  }
  const out: Loss[] = [];
  switch (src.kind) {
    case 'int': {
      const d = dst as typeof src;
      if (d.min > src.min || d.max < src.max) {
        const unsigned = src.min === 0;
        out.push({
          tag: unsigned ? 'unsigned range' : 'range',
          detail: `${T} ${ddl} holds ${fmt(d.min)} to ${fmt(d.max)}; the source holds up to ${fmt(src.max)}${unsigned ? ' (unsigned)' : ''}.`,
          fix:
            opts.autoincrementKey && widerInt(src.max) === 'Numeric(20, 0)'
              ? 'BigInteger(): Numeric(20, 0) would hold every value but does not auto-increment (MySQL refuses AUTO_INCREMENT on DECIMAL; SQLAlchemy gives PostgreSQL a 32-bit SERIAL); ids of an auto-increment key do not reach 2**63 in practice.'
              : `${widerInt(src.max)}: the next wider type that holds every value.`,
        });
      }
      break;
    }
    case 'decimal': {
      const d = dst as typeof src;
      // Through a double, any decimal of at most 15 significant digits comes back exactly, and
      // SQLAlchemy rounds it to the column's scale on the way out (measured with SQLAlchemy 2.0 on
      // SQLite: Numeric(15, 2) round-trips 9,999,999,999,999.99; Numeric(16, 2) does not).
      const fitsDouble = src.precision != null && src.precision <= DOUBLE_EXACT_DIGITS && d.precision != null && d.precision >= src.precision && (d.scale ?? 0) >= (src.scale ?? 0);
      if (src.exact && !d.exact && !fitsDouble)
        out.push({
          tag: 'precision',
          detail: 'SQLite has no exact decimal storage: SQLAlchemy converts Decimal through float and warns ("does *not* support Decimal objects natively"); cents can round.',
          fix: 'Keep Numeric for production; in SQLite tests compare amounts with a tolerance, or store minor units (cents) in BigInteger.',
        });
      else if (d.precision != null && (src.precision == null || d.precision < src.precision || (d.scale ?? 0) < (src.scale ?? 0)))
        out.push({
          tag: 'precision',
          detail: `${T} ${ddl} holds ${d.precision} digits with ${d.scale ?? 0} after the point; the source ${src.precision == null ? 'has no precision limit' : `holds ${src.precision},${src.scale ?? 0}`}.`,
          fix: 'Numeric(p, s) with explicit precision and scale (e.g. Numeric(38, 10)).',
        });
      break;
    }
    case 'float':
      if ((dst as typeof src).bits < src.bits)
        out.push({ tag: 'precision', detail: `${T} ${ddl} is a 4-byte float (about 6 significant digits); the source stores 8-byte doubles.`, fix: 'Double(): DOUBLE PRECISION on PostgreSQL, DOUBLE on MySQL and SQLite.' });
      break;
    case 'text':
    case 'bytes': {
      const d = dst as { maxBytes?: number; maxChars?: number };
      const s = src as { maxBytes?: number; maxChars?: number };
      const srcBytes = s.maxBytes ?? (s.maxChars != null ? s.maxChars * 4 : Infinity);
      if (d.maxBytes != null && srcBytes > d.maxBytes)
        out.push({
          tag: 'size',
          detail: `${T} ${ddl} holds at most ${fmt(d.maxBytes)} bytes; longer values fail in strict mode.`,
          fix: src.kind === 'text' ? 'Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")' : 'LargeBinary().with_variant(mysql.LONGBLOB(), "mysql", "mariadb")',
        });
      break;
    }
    case 'datetime':
    case 'time': {
      const d = dst as { tz: boolean; fsp: number; minYear?: number; maxYear?: number };
      if (src.tz && !d.tz)
        out.push({
          tag: 'time zone',
          detail:
            target === 'sqlite'
              ? 'SQLAlchemy stores SQLite dates as ISO text without an offset: aware datetimes lose their time zone and come back naive.'
              : `${T} ${ddl} has no time zone: aware datetimes lose their offset and come back naive.`,
          fix: 'Store UTC everywhere: a TypeDecorator over DateTime that converts to UTC on write and sets tzinfo=timezone.utc on read.',
        });
      if (d.fsp < src.fsp)
        out.push({
          tag: 'fractional seconds',
          detail: `${T} ${ddl} keeps ${d.fsp === 0 ? 'whole seconds' : `${d.fsp} fractional digits`}: sub-second digits are lost (MySQL rounds them, MariaDB truncates).`,
          fix: `${src.kind === 'time' ? 'Time' : 'DateTime'}().with_variant(mysql.${src.kind === 'time' ? 'TIME' : 'DATETIME'}(fsp=6), "mysql", "mariadb")`,
        });
      if (src.kind === 'datetime' && d.minYear === 1970)
        out.push({ tag: 'range', detail: `${T} TIMESTAMP only holds 1970-01-01 to 2038-01-19 (UTC).`, fix: 'DateTime() (DATETIME on MySQL) instead of TIMESTAMP.' });
      break;
    }
    case 'interval':
      if (src.native && !(dst as typeof src).native)
        out.push({
          tag: 'interval arithmetic',
          detail: `${T} has no INTERVAL: Interval() is a DATETIME offset from 1970-01-01, so SQL-side interval arithmetic does not carry over; only SQLAlchemy reads it back as a timedelta.`,
          fix: 'Interval() when only Python reads it; BigInteger seconds when SQL must compute with it.',
        });
      break;
    case 'uuid':
      if (src.native && !(dst as typeof src).native)
        out.push({
          tag: 'UUID format',
          detail:
            target === 'mysql'
              ? 'MySQL has no native UUID, and SQLAlchemy 2.0 emits CHAR(32) for Uuid() on MariaDB as well, though MariaDB 10.7+ has a uuid type: 32 hex digits without dashes. SQLAlchemy converts uuid.UUID both ways, but raw SQL and other tools see different text, and nothing validates it.'
              : `${T} has no native UUID: Uuid() is CHAR(32), 32 hex digits without dashes. SQLAlchemy converts uuid.UUID both ways, but raw SQL and other tools see different text, and nothing validates it.`,
          fix:
            target === 'mysql'
              ? 'Keep Uuid() (it round-trips uuid.UUID everywhere); on MariaDB 10.7+ Uuid().with_variant(UUID(), "mariadb") keeps a native uuid column; if other tools read the column as text, use String(36) and store str(uuid).'
              : 'Keep Uuid() (it round-trips uuid.UUID everywhere); if other tools read the column as text, use String(36) and store str(uuid).',
        });
      break;
    case 'enum':
      if (src.enforced && !(dst as typeof src).enforced)
        out.push({
          tag: 'enum constraint',
          detail: `On ${T} the Enum is ${ddl} without a CHECK (create_constraint defaults to False), so any string of that length is accepted.`,
          fix: 'Enum(..., create_constraint=True) adds a CHECK constraint where there is no native enum.',
        });
      break;
    case 'json':
      if (src.binary && !(dst as typeof src).binary)
        out.push({ tag: 'JSONB', detail: `${T} stores JSON as text: no JSONB operators (@>, ?) or GIN indexes.`, fix: 'JSON().with_variant(postgresql.JSONB(), "postgresql")' });
      break;
    default:
      break;
  }
  return out;
}
