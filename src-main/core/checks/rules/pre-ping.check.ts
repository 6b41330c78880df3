import { factBoolean } from '../../../shared/facts';
import { isLoopback } from '../../advice/pool';
import { engineCall, fact, outcome, own, patchFix, type Rule } from '../rule';

const WHY =
  'A pooled connection can die while it waits in the pool: a pooler or load balancer drops idle clients (AWS, Google Cloud and Azure load balancers after 350–600 s), a NAT gateway forgets the flow, or the server times it out. pool_pre_ping=True tests each connection at checkout and replaces a dead one, instead of failing the request with ConnectionDoesNotExistError or "server has gone away".';

export const prePingRule: Rule = {
  id: 'pre-ping',
  title: 'pool_pre_ping behind poolers and load balancers',
  evaluate(c) {
    if (c.ctx.family === 'sqlite') return null;
    const env = c.profile.service.environment;
    const evidence = [own('pool.prePing', c.profile.pool.prePing), own('service.environment', env), own('host', c.profile.socket ?? c.profile.host ?? '127.0.0.1')];
    if (c.ctx.family === 'postgresql') evidence.push(fact(c, 'pooler.present'), fact(c, 'tcp_keepalives_idle'));
    if (c.pool === 'null') return outcome('pass', 'NullPool opens a fresh connection for every checkout: nothing waits in a pool to go stale.', WHY, evidence);
    if (c.profile.pool.prePing) return outcome('pass', 'pool_pre_ping=True: dead connections are replaced at checkout.', WHY, evidence);
    const fix = patchFix(`Set pool_pre_ping=True (${c.advice.prePing.reason}).`, { pool: { prePing: true } }, engineCall([c.advice.prePing]));
    if (factBoolean(c.facts, 'pooler.present')) {
      return outcome('fail', `pool_pre_ping is off behind ${c.ctx.poolerName}.`, WHY, evidence, fix);
    }
    if (env === 'production' || env === 'staging' || !isLoopback(c.profile)) {
      const where = !isLoopback(c.profile) ? `${c.profile.host} is another machine` : `environment is ${env}`;
      return outcome('warn', `pool_pre_ping is off and ${where}: load balancers or NAT may drop idle connections on the way.`, WHY, evidence, fix);
    }
    if (c.advice.prePing.value) return outcome('info', `pool_pre_ping is off: ${c.advice.prePing.reason}.`, WHY, evidence, fix);
    return outcome('pass', 'pool_pre_ping is off on a loopback server with nothing in between: nothing drops idle connections.', WHY, evidence);
  },
};
