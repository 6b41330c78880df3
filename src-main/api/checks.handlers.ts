import type { Core } from '../core/core';
import { checksService } from '../core/checks/service';
import type { Handlers } from './dispatch';

export function checksHandlers(core: Core): Pick<Handlers, 'checks.run' | 'checks.evaluate' | 'checks.last'> {
  const service = checksService(core);
  return {
    'checks.run': ({ id, password }) => service.runSaved(id, password),
    'checks.evaluate': ({ id }) => service.evaluateSaved(id),
    'checks.last': ({ id }) => service.last(id),
  };
}
