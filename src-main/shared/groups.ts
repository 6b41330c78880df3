/**
 * Groups (sidebar folders) are a path on the profile: "Production/EU" puts a connection in the
 * folder EU inside Production; "" means top level. A path rather than a table of folders because
 * the tools people import from (DBeaver, DataGrip, DbGate, pgAdmin) all describe membership this
 * way, a back-up then carries groups with no extra format, and an empty folder has no meaning here.
 */

export const GROUP_SEPARATOR = '/';
export const MAX_GROUP_DEPTH = 6;
export const MAX_GROUP_SEGMENT = 60;

/** Trims every segment and drops empty ones: " Prod / EU /" → "Prod/EU". */
export function normalizeGroup(path: string): string {
  return path
    .split(GROUP_SEPARATOR)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s !== '')
    .join(GROUP_SEPARATOR);
}

/** Why a (normalised) group path cannot be used, or null when it can. */
export function groupProblem(path: string): string | null {
  const segments = path === '' ? [] : path.split(GROUP_SEPARATOR);
  if (segments.length > MAX_GROUP_DEPTH) return `A group can be nested at most ${MAX_GROUP_DEPTH} levels deep.`;
  const long = segments.find((s) => s.length > MAX_GROUP_SEGMENT);
  if (long) return `The group name "${long.slice(0, 20)}…" is longer than ${MAX_GROUP_SEGMENT} characters.`;
  return null;
}

/** "Prod/EU/db" → ["Prod", "Prod/EU", "Prod/EU/db"]: the folder and each of its ancestors. */
export function groupAncestors(path: string): string[] {
  if (!path) return [];
  const segments = path.split(GROUP_SEPARATOR);
  return segments.map((_, i) => segments.slice(0, i + 1).join(GROUP_SEPARATOR));
}

export function groupLeaf(path: string): string {
  const i = path.lastIndexOf(GROUP_SEPARATOR);
  return i < 0 ? path : path.slice(i + 1);
}

export function groupParent(path: string): string {
  const i = path.lastIndexOf(GROUP_SEPARATOR);
  return i < 0 ? '' : path.slice(0, i);
}

/** True when `path` is `group` itself or inside it. */
export function isInGroup(path: string, group: string): boolean {
  return path === group || path.startsWith(group + GROUP_SEPARATOR);
}

/** The path after renaming folder `from` to `to` (anything inside moves along), or the path unchanged. */
export function renamedGroup(path: string, from: string, to: string): string {
  if (!isInGroup(path, from)) return path;
  return normalizeGroup(to + path.slice(from.length));
}
