import type { profileInputSchema } from '../../shared/profile';

/*
 * Saved profiles are checked with the profile schema (zod) when they are written, and every read
 * checked them again. Loading zod and running its first parse was about a third of `poolscope list`'s
 * start, so a row carries a stamp: the identity of the schema that accepted it and a digest of its
 * exact text. A row whose stamp matches this build's schema and its own text is read with
 * JSON.parse alone; any other row (another build's schema, a text changed by anything that did not
 * stamp it, a damaged row) goes through the schema as before, with the same errors.
 */

export type ProfileSchema = typeof profileInputSchema;

declare const __POOLSCOPE_PROFILE_SCHEMA__: string | undefined;

/**
 * The identity of the profile schema in this build: a digest of src-main/shared and zod's version,
 * set by the build (electron.vite.config.ts). Undefined when run from source (tests, tsx): then no
 * row is stamped and every read goes through the schema.
 */
export const BUILD_PROFILE_SCHEMA_TAG: string | undefined = typeof __POOLSCOPE_PROFILE_SCHEMA__ === 'string' ? __POOLSCOPE_PROFILE_SCHEMA__ : undefined;

/**
 * The stamp of a profile's exact saved text under a schema identity. The digest is 64 bits of a
 * plain multiplicative hash over the text's UTF-16 units, not a cryptographic one: it tells a text
 * changed by anything but the store (a damaged page, an older version, a hand edit) from the one
 * that was checked; whoever can write the store could write a fitting stamp with any digest. It
 * spares `poolscope list` loading node:crypto.
 */
export function profileStamp(tag: string, text: string): string {
  let a = 0x9e3779b9 ^ text.length;
  let b = 0x85ebca6b ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x9e3779b1);
    b = Math.imul(b ^ c, 0x5f356495);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return `${tag}:${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

/** Where a store gets the profile schema: given at once (the app, serve mode), or loaded only when a row needs it (the CLI). */
export interface ProfileSchemaSource {
  /** The schema identity rows are stamped with; undefined: stamp nothing, trust no stamp. */
  readonly tag: string | undefined;
  /** The schema; throws when it was not loaded (a bug: the caller should have loaded it first). */
  schema(): ProfileSchema;
}
