import type { Backend } from '../../shared/backends';
import { familyOf } from '../../shared/backends';
import type { Driver } from './types';
import { postgresDriver } from './postgres';
import { mysqlDriver } from './mysql';
import { sqliteDriver } from './sqlite';

const BY_FAMILY = { postgresql: postgresDriver, mysql: mysqlDriver, sqlite: sqliteDriver } as const;

export function driverFor(backend: Backend): Driver {
  return BY_FAMILY[familyOf(backend)];
}

export type { Driver, DriverConnection, ConnectSpec, QueryResult } from './types';
