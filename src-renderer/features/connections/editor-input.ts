import type { ConnectionProfile, ProfileInput } from '@shared/profile';

/** A saved profile as the editor's starting point: the stored fields only, never a password. */
export function profileForEditor(p: ConnectionProfile): ProfileInput {
  const { id: _id, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest;
}
