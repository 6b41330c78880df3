import type { ExportFile } from '../../shared/export/bundle';
import { generateModels } from '../typemap/models';
import { comments, fileText, provenance, type ExportContext } from './context';

/** models.py: the type-mapping view's models for the tables chosen there, with the bundle's header. */
export function modelsPy(ctx: ExportContext): ExportFile | null {
  if (!ctx.models) return null;
  const { schema, tables, variant } = ctx.models;
  const count = tables.length || schema.tables.length;
  return {
    path: 'models.py',
    summary: `SQLAlchemy 2.0 declarative models for ${count} table${count === 1 ? '' : 's'} (${variant})`,
    content: fileText([...comments('#', provenance(ctx, 'models.py: declarative models from the Types view')), generateModels(schema, tables, variant)]),
  };
}
