import { engineParts, sortImports } from '../../shared/engine-snippet';
import type { ExportFile } from '../../shared/export/bundle';
import { comments, fileText, provenance, type ExportContext } from './context';

/**
 * db.py: the engine factory the service imports. The engine itself is the recommendation's
 * engine snippet (the same lines the checks offer), so db.py and the Checks view never disagree.
 */
export function dbPy(ctx: ExportContext): ExportFile {
  const { imports, body } = engineParts(ctx.rec, { asyncioNames: ['AsyncSession', 'async_sessionmaker'] });
  const header = [
    ...provenance(ctx, 'db.py: the async engine and session factory'),
    'Each setting carries the reason it was chosen on the line above it.',
    'The URL, with its password, comes from the environment (see .env.example): never from this file.',
    ...ctx.rec.notes.map((n) => `Note: ${n}`),
  ];
  const forked =
    ctx.profile.service.processes > 1
      ? ['', `# ${ctx.profile.service.processes} processes: import this module in each worker after the fork (gunicorn and uvicorn workers do); a connection opened before a fork must never be used on both sides of it.`]
      : [];
  return {
    path: 'db.py',
    summary: 'create_async_engine with the recommended pool settings, and an async_sessionmaker',
    content: fileText([
      ...comments('#', header),
      ...sortImports([...imports, 'from collections.abc import AsyncIterator']),
      '',
      ...body,
      ...forked,
      '',
      '# expire_on_commit=False: after commit, attributes stay readable; refreshing them would need I/O, which AsyncSession refuses to do implicitly (MissingGreenlet).',
      'async_session = async_sessionmaker(engine, expire_on_commit=False)',
      '',
      '',
      'async def get_session() -> AsyncIterator[AsyncSession]:',
      '    """One session per request or task, closed afterwards (usable as a FastAPI dependency)."""',
      '    async with async_session() as session:',
      '        yield session',
    ]),
  };
}
