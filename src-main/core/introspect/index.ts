import type { BackendFamily } from '../../shared/backends';
import { mysqlIntrospector } from './mysql';
import { postgresIntrospector } from './postgres';
import { sqliteIntrospector } from './sqlite';
import type { Introspector } from './types';

const BY_FAMILY: Record<BackendFamily, Introspector> = { postgresql: postgresIntrospector, mysql: mysqlIntrospector, sqlite: sqliteIntrospector };

export function introspectorFor(family: BackendFamily): Introspector {
  return BY_FAMILY[family];
}

export type { Introspector, IntrospectOptions } from './types';
