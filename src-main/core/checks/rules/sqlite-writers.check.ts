import { factString } from '../../../shared/facts';
import { fact, outcome, own, patchFix, type Rule } from '../rule';

const WHY =
  'SQLite takes one write lock for the whole database file. Several processes writing to one file queue behind that lock and, past the busy timeout (5 s by default in Python\'s sqlite3), fail with "database is locked"; pytest-xdist workers sharing a file deadlock the same way. WAL mode at least lets readers continue while one process writes.';

export const sqliteWritersRule: Rule = {
  id: 'sqlite-writers',
  title: 'File SQLite with several writer processes',
  evaluate(c) {
    if (c.ctx.kind.kind !== 'sqlite-file') return null;
    const n = c.profile.service.processes;
    const env = c.profile.service.environment;
    const journal = factString(c.facts, 'journal_mode');
    const evidence = [own('service.processes', n), own('service.environment', env), fact(c, 'journal_mode'), fact(c, 'busy_timeout')];
    if (n <= 1) return outcome('pass', `One process writes to the file (journal_mode=${journal ?? 'unknown'}).`, WHY, evidence);
    const wal = journal === 'wal' ? '' : ` journal_mode=${journal ?? 'unknown'}, so readers also wait for writers.`;
    const fix = patchFix(
      env === 'production' || env === 'staging'
        ? 'Run one process against the file, or move the service to PostgreSQL or MySQL.'
        : 'Give each test worker its own in-memory database (sqlite+aiosqlite://), or run one process.',
      { service: { processes: 1 } },
      [
        'from sqlalchemy import event',
        '',
        '@event.listens_for(engine.sync_engine, "connect")',
        'def _sqlite_wal(dbapi_connection, _record):',
        '    cursor = dbapi_connection.cursor()',
        '    cursor.execute("PRAGMA journal_mode=WAL")',
        '    cursor.close()',
      ].join('\n'),
    );
    if (env === 'production' || env === 'staging') return outcome('fail', `${n} processes write to one SQLite file in ${env}.${wal}`, WHY, evidence, fix);
    return outcome('warn', `${n} processes share one SQLite file.${wal}`, WHY, evidence, fix);
  },
};
