import { z } from 'zod';
import { method, event } from './define';
import { groupSchema, profileInputSchema, type ConnectionProfile, type ConnectionSummary } from '../profile';
import { PY_DRIVERS } from '../backends';
import type { TestProgress, TestReport } from '../conn-test';
import type { DiscoveredServer } from '../discovery';

const id = z.string().min(1).max(64);
/** Chosen by the client so it can cancel a test and match its progress events before the result arrives. */
const testId = z.string().min(8).max(64).regex(/^[\w-]+$/, 'Use letters, digits, - and _');
const password = z.string().max(4096);

export interface ImportResult {
  created: ConnectionProfile[];
  /** Names that were taken and got a suffix. */
  renamed: Array<{ from: string; to: string }>;
}

export const connectionsMethods = {
  'connections.list': method(z.strictObject({}), 'Saved connections, in display order.').returns<ConnectionSummary[]>(),
  'connections.get': method(z.strictObject({ id }), 'One saved connection profile (never its password).').returns<ConnectionProfile>(),
  'connections.create': method(
    z.strictObject({ profile: profileInputSchema, password: password.optional() }),
    'Save a new connection; the password, if given, is encrypted at rest.',
  ).returns<ConnectionProfile>(),
  'connections.update': method(
    z.strictObject({
      id,
      profile: profileInputSchema,
      /** Omitted: keep the stored password. Null: forget it. A string: replace it. */
      password: password.nullable().optional(),
    }),
    'Change a saved connection.',
  ).returns<ConnectionProfile>(),
  'connections.delete': method(z.strictObject({ id }), 'Delete a saved connection and its stored secret.').returns<{ deleted: boolean }>(),
  'connections.duplicate': method(
    z.strictObject({ id }),
    'Copy a saved connection (with its saved password) under a new, unique name.',
  ).returns<ConnectionProfile>(),
  'connections.import': method(
    z.strictObject({
      items: z.array(z.strictObject({ profile: profileInputSchema, password: password.optional() })).min(1).max(200),
    }),
    'Save several connections at once (URL or .env import, discovery); taken names get a suffix. All or nothing.',
  ).returns<ImportResult>(),
  'connections.exportAll': method(
    z.strictObject({ passphrase: z.string().min(8, 'Use a passphrase of at least 8 characters').max(1024).optional() }),
    'A back-up file of every saved connection (not the demo); passwords only with a passphrase, encrypted under it.',
  ).returns<{ fileName: string; text: string; count: number; withPasswords: boolean }>(),
  'connections.importAll': method(
    z.strictObject({ text: z.string().min(1).max(10_000_000), passphrase: z.string().max(1024).optional(), withoutPasswords: z.boolean().default(false) }),
    'Restore connections from a back-up file; taken names get a suffix. All or nothing.',
  ).returns<ImportResult>(),
  'connections.setGroup': method(
    z.strictObject({ ids: z.array(id).min(1).max(1000), group: groupSchema }),
    'Move connections into a group (a path such as "Production/EU"; "" is the top level).',
  ).returns<{ updated: number }>(),
  'connections.renameGroup': method(
    z.strictObject({ from: groupSchema.refine((g) => g !== '', 'Name the group to rename'), to: groupSchema }),
    'Rename a group (and move what is inside it along); "" as the new name moves its contents to the top level.',
  ).returns<{ updated: number }>(),
  'connections.test': method(
    z
      .strictObject({
        testId,
        /** A saved connection; its saved password is used unless `password` is given. */
        id: id.optional(),
        /** An unsaved (or edited) profile to test instead of the saved one. */
        profile: profileInputSchema.optional(),
        /** For "ask on connect": used for this test only, never stored. */
        password: password.optional(),
      })
      .refine((v) => v.id !== undefined || v.profile !== undefined, { message: 'Give the id of a saved connection or a profile to test', path: ['id'] }),
    'Staged connection test (resolve, TCP, TLS, authenticate, first query) with server facts; progress arrives as connections.testProgress events.',
  ).returns<TestReport>(),
  'connections.cancelTest': method(z.strictObject({ testId }), 'Cancel a running connection test.').returns<{ cancelled: boolean }>(),
  'connections.discover': method(z.strictObject({}), 'Look for database servers on this machine (127.0.0.1 ports and the usual unix sockets).').returns<
    DiscoveredServer[]
  >(),
  'connections.url': method(
    z.strictObject({ id, driver: z.enum(PY_DRIVERS).optional() }),
    'The SQLAlchemy URL of a saved connection, with the password masked (***).',
  ).returns<{ url: string; masked: boolean }>(),
  'connections.copyUrlWithPassword': method(
    z.strictObject({ id, driver: z.enum(PY_DRIVERS).optional() }),
    'Put the URL with the real password on the clipboard from the main process (desktop app); the password never reaches the UI.',
  ).returns<{ copied: boolean }>(),
};

export const connectionsEvents = {
  'connections.changed': event<{ ids: string[] }>('The saved-connection list changed (created, updated, deleted, imported).'),
  'connections.testProgress': event<TestProgress>('A connection test stage started, finished or failed.'),
};
