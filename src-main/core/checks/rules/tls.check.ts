import { factBoolean } from '../../../shared/facts';
import { isLoopback } from '../../advice/pool';
import { fact, outcome, own, type Rule } from '../rule';

const WHY =
  'Without TLS the password exchange and every query and result cross the network readable by anyone on the path. On the same machine that does not matter; towards a server elsewhere, in staging or production, it does.';

export const tlsRule: Rule = {
  id: 'tls',
  title: 'TLS to the server',
  evaluate(c) {
    if (c.ctx.family === 'sqlite') return null;
    const tls = factBoolean(c.facts, 'tls');
    const env = c.profile.service.environment;
    const evidence = [fact(c, 'tls'), own('tls.mode', c.profile.tls.mode), own('service.environment', env), own('host', c.profile.socket ?? c.profile.host ?? '127.0.0.1')];
    if (tls === undefined) return outcome('info', 'Whether this session uses TLS could not be read.', WHY, evidence);
    if (factBoolean(c.facts, 'pooler.present')) {
      return outcome('info', `The pooler's own link to the server ${tls ? 'uses' : 'does not use'} TLS; the link from the application to the pooler is not visible from the server.`, WHY, evidence);
    }
    if (tls) return outcome('pass', `TLS is in use (tls.mode=${c.profile.tls.mode}).`, WHY, evidence);
    if (isLoopback(c.profile)) return outcome('pass', 'No TLS, on this machine: nothing crosses a network.', WHY, evidence);
    const fix = { summary: 'Enable TLS on the server, then set the connection\'s TLS mode to verify-full (verify-ca without a matching host name).' };
    if (env === 'production' || env === 'staging') return outcome('warn', `No TLS to ${c.profile.host} in ${env}.`, WHY, evidence, fix);
    return outcome('info', `No TLS to ${c.profile.host} (${env}).`, WHY, evidence, fix);
  },
};
