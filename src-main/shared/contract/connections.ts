import { z } from 'zod';
import { method, event } from './define';
import { profileInputSchema, type ConnectionProfile, type ConnectionSummary } from '../profile';

const id = z.string().min(1).max(64);

export const connectionsMethods = {
  'connections.list': method(z.strictObject({}), 'Saved connections, in display order.').returns<ConnectionSummary[]>(),
  'connections.get': method(z.strictObject({ id }), 'One saved connection profile (never its password).').returns<ConnectionProfile>(),
  'connections.create': method(
    z.strictObject({ profile: profileInputSchema, password: z.string().max(4096).optional() }),
    'Save a new connection; the password, if given, is encrypted at rest.',
  ).returns<ConnectionProfile>(),
  'connections.update': method(
    z.strictObject({
      id,
      profile: profileInputSchema,
      /** Omitted: keep the stored password. Null: forget it. A string: replace it. */
      password: z.string().max(4096).nullable().optional(),
    }),
    'Change a saved connection.',
  ).returns<ConnectionProfile>(),
  'connections.delete': method(z.strictObject({ id }), 'Delete a saved connection and its stored secret.').returns<{ deleted: boolean }>(),
};

export const connectionsEvents = {
  'connections.changed': event<{ ids: string[] }>('The saved-connection list changed (created, updated, deleted, imported).'),
};
