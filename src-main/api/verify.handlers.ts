import type { Core } from '../core/core';
import { verifyService } from '../core/verify/service';
import type { Handlers } from './dispatch';

export function verifyHandlers(core: Core): Pick<Handlers, 'verify.interpreters' | 'verify.choose' | 'verify.start' | 'verify.stop' | 'verify.get' | 'verify.latest'> {
  const svc = () => verifyService(core);
  return {
    'verify.interpreters': ({ id, refresh }) => svc().interpreters(id, refresh),
    'verify.choose': ({ path, id }) => svc().choose(path, id),
    'verify.start': ({ id, source, scenario, python }) => svc().start(id, source, scenario, python),
    'verify.stop': ({ verifyId }) => ({ stopped: svc().stop(verifyId) }),
    'verify.get': ({ verifyId }) => svc().get(verifyId),
    'verify.latest': ({ id }) => svc().latest(id),
  };
}
