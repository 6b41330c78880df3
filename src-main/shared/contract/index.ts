import type { z } from 'zod';
import type { MethodSpec, EventSpec } from './define';
import { appMethods, appEvents } from './app';
import { connectionsMethods, connectionsEvents } from './connections';
import { poolsMethods, poolsEvents } from './pools';
import { labMethods, labEvents } from './lab';
import { checksMethods, checksEvents } from './checks';
import { typesMethods, typesEvents } from './types';
import { exportMethods, exportEvents } from './export';
import { importsMethods } from './imports';
import { sshMethods, sshEvents } from './ssh';
import { verifyMethods, verifyEvents } from './verify';

/**
 * The whole API, declared once. Handlers, the Electron preload, the WebSocket transport and the
 * renderer's typed client all derive from these two objects.
 */
export const methods = {
  ...appMethods,
  ...connectionsMethods,
  ...poolsMethods,
  ...labMethods,
  ...checksMethods,
  ...typesMethods,
  ...exportMethods,
  ...importsMethods,
  ...sshMethods,
  ...verifyMethods,
} as const;

export const events = {
  ...appEvents,
  ...connectionsEvents,
  ...poolsEvents,
  ...labEvents,
  ...checksEvents,
  ...typesEvents,
  ...exportEvents,
  ...sshEvents,
  ...verifyEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Events = typeof events;
export type EventName = keyof Events;

export type MethodInput<M extends MethodName> = Methods[M] extends MethodSpec<infer I, unknown> ? z.input<I> : never;
export type ParsedInput<M extends MethodName> = Methods[M] extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type MethodOutput<M extends MethodName> = Methods[M] extends MethodSpec<z.ZodType, infer O> ? O : never;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** The channel name used on Electron IPC for a pushed event. Requests use the method name itself. */
export const eventChannel = (name: EventName): string => `event:${name}`;

export { method, event } from './define';
export type { MethodSpec, EventSpec } from './define';
