import type { Core } from '../core/core';
import { listSchemas, runTypes, type TypesRunSpec } from '../core/introspect/run';
import { generateModels } from '../core/typemap/models';
import { AppError } from '../shared/errors';
import { reportCache } from '../core/typemap/report-cache';
import type { Handlers } from './dispatch';
import { savedConnectSecrets } from '../core/connections/connect-secrets';
import { redactor } from '../core/logging/redact';

export function typesHandlers(core: Core): Pick<Handlers, 'types.schemas' | 'types.introspect' | 'types.cancel' | 'types.models'> {
  const jobs = new Map<string, AbortController>();
  const reports = reportCache(core);
  core.onClose(() => {
    for (const j of jobs.values()) j.abort();
  });

  /** A saved connection's run; `asked` is the password of an "ask" connection, for this request only. */
  const spec = (id: string, asked: string | undefined, extra: Partial<TypesRunSpec> = {}): TypesRunSpec => {
    const saved = core.connections.get(id);
    const { id: _i, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
    let password: string | undefined;
    if (saved.passwordMode === 'saved') password = core.connections.password(id);
    else if (saved.passwordMode === 'ask') {
      if (asked === undefined) {
        throw new AppError('SECRET_UNAVAILABLE', `"${saved.name}" asks for its password on connect: Map column types asks for it.`, 'Press Map column types and enter the password; it is used for that request only. On the command line, pass a URL.', { field: 'password' });
      }
      password = asked;
      redactor.remember(asked);
    }
    return { profile, label: saved.name, ...(password !== undefined ? { password } : {}), secrets: savedConnectSecrets(core.connections, saved), ...(core.options.nativeBinding ? { nativeBinding: core.options.nativeBinding } : {}), ...extra };
  };

  return {
    'types.schemas': async ({ id, password }) => {
      const s = spec(id, password);
      const schemas = await listSchemas(s);
      const saved = core.connections.get(id);
      const current = saved.backend === 'sqlite' ? 'main' : saved.backend === 'postgresql' ? (schemas.includes('public') ? 'public' : null) : saved.database || null;
      return { schemas, current };
    },
    'types.introspect': async ({ id, schema, jobId, password }, ctx) => {
      if (jobs.has(jobId)) throw new AppError('CONFLICT', `Job ${jobId} is already running.`, 'Use a new job id for each run.');
      const controller = new AbortController();
      jobs.set(jobId, controller);
      // The client going away (socket closed) cancels its work too.
      const onGone = () => controller.abort();
      ctx.signal?.addEventListener('abort', onGone, { once: true });
      try {
        const { report, schema: introspected } = await runTypes(
          spec(id, password, {
            ...(schema ? { schema } : {}),
            signal: controller.signal,
            onProgress: (p) => core.bus.emit('types.progress', { jobId, ...p }),
          }),
        );
        reports.set(report.id, id, introspected);
        core.logger.info('types mapped', { id, tables: report.summary.tables, columns: report.summary.columns, ...report.timings });
        return report;
      } finally {
        ctx.signal?.removeEventListener('abort', onGone);
        jobs.delete(jobId);
      }
    },
    'types.cancel': ({ jobId }) => {
      const job = jobs.get(jobId);
      job?.abort();
      return { cancelled: job !== undefined };
    },
    'types.models': ({ reportId, tables, variant }) => {
      const schema = reports.get(reportId)?.schema;
      if (!schema) throw new AppError('NOT_FOUND', 'That type report is no longer in memory.', 'Run the introspection again, then export the models.');
      const known = new Set(schema.tables.map((t) => t.name));
      const missing = tables.filter((t) => !known.has(t));
      if (missing.length) throw new AppError('BAD_INPUT', `No table named ${missing.slice(0, 3).map((t) => `"${t}"`).join(', ')} in this report.`, 'Pick tables from the list.', { field: 'tables' });
      return { code: generateModels(schema, tables, variant), filename: 'models.py', variant, tables: tables.length || schema.tables.length };
    },
  };
}
