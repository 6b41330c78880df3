import type { Core } from '../core/core';
import type { Handlers } from './dispatch';

export function labHandlers(core: Core): Pick<Handlers, 'lab.start' | 'lab.stop' | 'lab.runs' | 'lab.run' | 'lab.deleteRun' | 'lab.fault'> {
  return {
    'lab.start': ({ id, scenario }) => core.lab.start(id, scenario),
    'lab.stop': ({ runId }) => ({ stopped: core.lab.stop(runId) }),
    'lab.runs': ({ id }) => core.lab.list(id),
    'lab.run': ({ runId }) => core.lab.get(runId),
    'lab.deleteRun': ({ runId }) => ({ deleted: core.lab.delete(runId) }),
    'lab.fault': ({ id, fault, confirmServer }) => core.lab.fault(id, fault, confirmServer),
  };
}
