import { factString } from '../../../shared/facts';
import { fact, outcome, type Rule } from '../rule';

const WHY_MYSQL =
  'character_set_server is the default for new databases, and through them for new tables. utf8 is utf8mb3 (deprecated, 3 bytes per character at most); MySQLTuner flags it. A table created with it rejects emoji even over a utf8mb4 connection. ALTER DATABASE … CHARACTER SET only changes the default for tables created afterwards; existing tables keep their charset until ALTER TABLE … CONVERT TO CHARACTER SET rewrites them.';
const WHY_PG =
  'server_encoding is fixed per database at creation. SQL_ASCII stores bytes without checking them, so invalid text gets in and breaks later readers; UTF8 is what drivers and SQLAlchemy expect.';

/** The database default for new tables, then one CONVERT per existing table (generated, since the tables are not known here). */
export function convertSql(db: string): string {
  const ident = `\`${db.replace(/`/g, '``')}\``;
  const literal = `'${db.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return [
    '-- Default for tables created from now on (existing tables keep their charset):',
    `ALTER DATABASE ${ident} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    '-- Existing tables: this query writes one ALTER TABLE … CONVERT TO per table; run its output.',
    "SELECT CONCAT('ALTER TABLE `', REPLACE(table_name, '`', '``'), '` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;')",
    `  FROM information_schema.tables WHERE table_schema = ${literal} AND table_type = 'BASE TABLE';`,
  ].join('\n');
}

export const serverCharsetRule: Rule = {
  id: 'server-charset',
  title: 'Server character set',
  evaluate(c) {
    if (c.ctx.family === 'mysql') {
      const cs = factString(c.facts, 'character_set_server');
      const evidence = [fact(c, 'character_set_server'), fact(c, 'collation_server')];
      if (cs === undefined) return outcome('info', 'character_set_server could not be read.', WHY_MYSQL, evidence);
      if (cs.toLowerCase() === 'utf8mb4') return outcome('pass', 'character_set_server=utf8mb4.', WHY_MYSQL, evidence);
      const db = c.profile.database || 'your_database';
      return outcome('warn', `character_set_server=${cs}${/^utf8(mb3)?$/i.test(cs) ? ' (utf8mb3)' : ''}: new databases and tables default to a charset without 4-byte characters.`, WHY_MYSQL, evidence, {
        summary:
          "Make utf8mb4 the server default (character_set_server in the server config), then convert the application's tables with ALTER TABLE … CONVERT TO CHARACTER SET utf8mb4: ALTER DATABASE alone only changes the default for new tables. Each CONVERT rewrites its table, so run it in a maintenance window.",
        sql: convertSql(db),
      });
    }
    if (c.ctx.family === 'postgresql') {
      const enc = factString(c.facts, 'server_encoding');
      const evidence = [fact(c, 'server_encoding')];
      if (enc === undefined) return outcome('info', 'server_encoding could not be read.', WHY_PG, evidence);
      if (enc === 'UTF8') return outcome('pass', 'server_encoding=UTF8.', WHY_PG, evidence);
      return outcome(enc === 'SQL_ASCII' ? 'warn' : 'info', `server_encoding=${enc}.`, WHY_PG, evidence, {
        summary: 'Create the database with UTF8 and move the data (the encoding of an existing database cannot be changed).',
        sql: `CREATE DATABASE new_db ENCODING 'UTF8' TEMPLATE template0;`,
      });
    }
    return null;
  },
};
