import { z } from 'zod';
import { BACKENDS, PY_DRIVERS, type Backend } from './backends';
import { type Environment, ENVIRONMENTS, ISOLATION_LEVELS, PASSWORD_MODES, POOL_CLASSES, RESET_ON_RETURN, TLS_MODES, WORKLOADS } from './profile-vocab';
import { groupProblem, normalizeGroup } from './groups';
import { sshSchema } from './ssh';
import type { LastTest } from './conn-test';

/**
 * The saved-connection profile: where the server is, how to reach it, and what the service around
 * it looks like (environment, workload, driver, SQLAlchemy pool settings). Later features (pools,
 * checks, matrix, export) read these fields. Defaults follow SQLAlchemy 2.0.
 */

// The vocabulary (names, labels, describeTarget) lives apart from the schemas so that the UI's
// first chunk can use it without loading zod.
export * from './profile-vocab';

const shortText = (max: number) => z.string().max(max);

export const poolSettingsSchema = z.strictObject({
  poolClass: z.enum(POOL_CLASSES).default('default'),
  poolSize: z.number().int().min(0).max(10_000).default(5),
  maxOverflow: z.number().int().min(-1).max(10_000).default(10),
  /** Seconds to wait for a connection before SQLAlchemy's TimeoutError. */
  timeout: z.number().min(0).max(86_400).default(30),
  /** Seconds; -1 disables recycling (SQLAlchemy's default). */
  recycle: z.number().int().min(-1).max(31_536_000).default(-1),
  prePing: z.boolean().default(false),
  useLifo: z.boolean().default(false),
  resetOnReturn: z.enum(RESET_ON_RETURN).default('rollback'),
});
export type PoolSettings = z.output<typeof poolSettingsSchema>;

export const tlsSchema = z.strictObject({
  mode: z.enum(TLS_MODES).default('prefer'),
  /** Paths to PEM files on this machine. */
  ca: shortText(4096).optional(),
  cert: shortText(4096).optional(),
  key: shortText(4096).optional(),
});
export type TlsSettings = z.output<typeof tlsSchema>;

export const optionsSchema = z.strictObject({
  charset: shortText(64).optional(),
  applicationName: shortText(64).optional(),
  connectTimeoutSec: z.number().min(0.1).max(600).default(10),
  /** URL query parameters Poolscope does not model itself, kept so a URL round-trips losslessly. */
  params: z.record(shortText(256), shortText(4096)).default({}),
  /**
   * Names of URL parameters whose values are secrets (sslpassword …): the values live in the
   * encrypted secret store, never here. Absent on an update: keep the saved ones.
   */
  secretParams: z.array(shortText(256)).max(32).optional(),
});
export type ConnectionOptions = z.output<typeof optionsSchema>;

export const serviceSchema = z.strictObject({
  environment: z.enum(ENVIRONMENTS).default('local'),
  workload: z.enum(WORKLOADS).default('oltp'),
  /** Application processes (workers) that each hold their own engine and pool. */
  processes: z.number().int().min(1).max(10_000).default(1),
  /** Concurrent requests or tasks per process that need a connection at the same time. */
  concurrencyPerProcess: z.number().int().min(1).max(100_000).optional(),
  driver: z.enum(PY_DRIVERS).optional(),
  /** The engine's `isolation_level`; absent means the server's default applies. */
  isolationLevel: z.enum(ISOLATION_LEVELS).optional(),
});
export type ServiceSettings = z.output<typeof serviceSchema>;

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The sidebar folder, as a path ("Production/EU"); "" is the top level. Profiles saved before groups existed read as "". */
export const groupSchema = z
  .string()
  .max(400)
  .overwrite(normalizeGroup)
  .check((ctx) => {
    const problem = groupProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

/** What a client may send when creating or updating a connection (the password travels separately). */
export const profileInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'Give the connection a name').max(120),
  backend: z.enum(BACKENDS),
  host: shortText(255).optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  socket: shortText(1024).optional(),
  /** Database name; for SQLite the file path or `:memory:`. */
  database: shortText(4096).default(''),
  user: shortText(255).optional(),
  passwordMode: z.enum(PASSWORD_MODES).default('none'),
  tls: tlsSchema.prefault({}),
  options: optionsSchema.prefault({}),
  color: z.string().regex(HEX_COLOR, 'Colour must look like #3b82f6').optional(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  group: groupSchema.default(''),
  /** Free text kept with the connection (imports put what Poolscope cannot model here, such as an SSH tunnel). */
  notes: z.string().max(4000).optional(),
  service: serviceSchema.prefault({}),
  pool: poolSettingsSchema.prefault({}),
  /** Reach the server through SSH (bastions, first hop first); absent means a direct connection. */
  ssh: sshSchema.optional(),
});
export type ProfileInput = z.input<typeof profileInputSchema>;
export type ProfileData = z.output<typeof profileInputSchema>;

/** A saved profile as the renderer sees it: never a password, only whether one is stored. */
export interface ConnectionProfile extends ProfileData {
  id: string;
  hasPassword: boolean;
  /** True for the built-in demo connection. */
  builtin: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ConnectionSummary {
  id: string;
  name: string;
  backend: Backend;
  environment: Environment;
  color?: string;
  tags: string[];
  group: string;
  target: string;
  builtin: boolean;
  /** The last finished test of this connection, if any. */
  lastTest?: LastTest;
}

export function parseProfile(input: unknown): ProfileData {
  return profileInputSchema.parse(input);
}
