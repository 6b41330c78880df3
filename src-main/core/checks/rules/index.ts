import type { Rule } from '../rule';
import { abortedConnectsRule } from './aborted-connects.check';
import { asyncpgPgbouncerRule } from './asyncpg-pgbouncer.check';
import { connectionUsageRule } from './connection-usage.check';
import { driverChoiceRule } from './driver-choice.check';
import { forkSafetyRule } from './fork-safety.check';
import { idleSessionTimeoutRule } from './idle-session-timeout.check';
import { isolationLevelRule } from './isolation-level.check';
import { maxConnectionsRule } from './max-connections.check';
import { mysqlAuthPluginRule } from './mysql-auth-plugin.check';
import { poolClassRule } from './pool-class.check';
import { prePingRule } from './pre-ping.check';
import { serverCharsetRule } from './server-charset.check';
import { serverTimeoutsRule } from './server-timeouts.check';
import { sqliteMemoryPoolRule } from './sqlite-memory-pool.check';
import { sqliteWritersRule } from './sqlite-writers.check';
import { superuserReservedRule } from './superuser-reserved.check';
import { tlsRule } from './tls.check';
import { urlCharsetRule } from './url-charset.check';
import { waitTimeoutRule } from './wait-timeout.check';

/** Every rule, in the order results with the same severity are listed: pool settings first, then the server. */
export const RULES: Rule[] = [
  sqliteMemoryPoolRule,
  asyncpgPgbouncerRule,
  waitTimeoutRule,
  idleSessionTimeoutRule,
  prePingRule,
  maxConnectionsRule,
  poolClassRule,
  urlCharsetRule,
  mysqlAuthPluginRule,
  isolationLevelRule,
  sqliteWritersRule,
  forkSafetyRule,
  driverChoiceRule,
  tlsRule,
  serverCharsetRule,
  connectionUsageRule,
  abortedConnectsRule,
  superuserReservedRule,
  serverTimeoutsRule,
];
