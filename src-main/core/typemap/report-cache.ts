import type { IntrospectedSchema } from '../../shared/typemap-model';
import { perCore } from '../per-core';

/** Reports kept for model export without introspecting again; the oldest goes first. */
const KEEP_REPORTS = 4;

/**
 * Introspected schemas by report id, shared by the Types view's model export and the config
 * export's models.py, with the connection each came from.
 */
export class ReportCache {
  private readonly reports = new Map<string, { connectionId: string; schema: IntrospectedSchema }>();

  set(reportId: string, connectionId: string, schema: IntrospectedSchema): void {
    this.reports.set(reportId, { connectionId, schema });
    while (this.reports.size > KEEP_REPORTS) this.reports.delete(this.reports.keys().next().value!);
  }

  get(reportId: string): { connectionId: string; schema: IntrospectedSchema } | undefined {
    return this.reports.get(reportId);
  }
}

/** One cache per core, so both handler modules see the same reports. */
export const reportCache = perCore(() => new ReportCache());
