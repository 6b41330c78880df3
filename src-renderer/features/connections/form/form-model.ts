import { BACKEND_INFO, type Backend, type PyDriver } from '@shared/backends';
import { KEY_PASSPHRASE_PARAM } from '@shared/url-secrets';
import type { SshSettingsInput } from '@shared/ssh';
import { profileInputSchema, type PasswordMode, type PoolClass, type ProfileInput, type TlsMode, type Environment, type Workload } from '@shared/profile';

/**
 * The connection dialog's state: text for every input (so a half-typed port is not lost), turned
 * into a profile only on save, with an error per field that is wrong.
 */
export interface FormState {
  name: string;
  backend: Backend;
  via: 'host' | 'socket';
  host: string;
  port: string;
  socket: string;
  database: string;
  user: string;
  passwordMode: PasswordMode;
  /** Typed password: for "saved" it replaces the stored one; empty keeps it. For "ask" it is used by Test only. */
  password: string;
  forgetPassword: boolean;
  tlsMode: TlsMode;
  tlsCa: string;
  tlsCert: string;
  tlsKey: string;
  charset: string;
  applicationName: string;
  connectTimeoutSec: string;
  params: Record<string, string>;
  color: string;
  tags: string;
  /** Sidebar group, as a path ("Production/EU"); empty for the top level. */
  group: string;
  notes: string;
  environment: Environment;
  workload: Workload;
  processes: string;
  concurrency: string;
  driver: PyDriver | '';
  poolClass: PoolClass;
  poolSize: string;
  maxOverflow: string;
  poolTimeout: string;
  recycle: string;
  prePing: boolean;
  useLifo: boolean;
  resetOnReturn: 'rollback' | 'commit' | 'none';
  /**
   * Names of the secret URL parameters saved for this connection (sslpassword …): the main process
   * sends names only, never values.
   */
  secretParams: string[];
  /**
   * What Save does with a saved secret parameter: a new value (empty keeps the saved one), or forget
   * it. Also holds a new client key passphrase typed where none is saved (keyPassphraseParam).
   */
  secretEdits: Record<string, SecretParamEdit>;
  /** The SSH tunnel settings, kept as they are (the form has no SSH section yet): editing other fields never drops them. */
  ssh?: SshSettingsInput;
}

export type SecretParamEdit = { value: string } | { forget: true };

export type FieldErrors = Partial<Record<keyof FormState, string>>;

export function formFromProfile(input: Partial<ProfileInput> = {}): FormState {
  const backend = input.backend ?? 'postgresql';
  const p = profileInputSchema.parse({ ...input, name: input.name || 'x', backend });
  return {
    name: input.name ?? '',
    backend,
    via: p.socket && !p.host ? 'socket' : 'host',
    host: p.host ?? (backend === 'sqlite' ? '' : '127.0.0.1'),
    port: p.port !== undefined ? String(p.port) : '',
    socket: p.socket ?? '',
    database: p.database,
    user: p.user ?? '',
    passwordMode: p.passwordMode,
    password: '',
    forgetPassword: false,
    tlsMode: p.tls.mode,
    tlsCa: p.tls.ca ?? '',
    tlsCert: p.tls.cert ?? '',
    tlsKey: p.tls.key ?? '',
    charset: p.options.charset ?? '',
    applicationName: p.options.applicationName ?? '',
    connectTimeoutSec: String(p.options.connectTimeoutSec),
    params: p.options.params,
    secretParams: p.options.secretParams ?? [],
    secretEdits: {},
    color: p.color ?? '',
    tags: p.tags.join(', '),
    group: p.group,
    notes: p.notes ?? '',
    ...(p.ssh ? { ssh: p.ssh } : {}),
    environment: p.service.environment,
    workload: p.service.workload,
    processes: String(p.service.processes),
    concurrency: p.service.concurrencyPerProcess !== undefined ? String(p.service.concurrencyPerProcess) : '',
    driver: p.service.driver ?? '',
    poolClass: p.pool.poolClass,
    poolSize: String(p.pool.poolSize),
    maxOverflow: String(p.pool.maxOverflow),
    poolTimeout: String(p.pool.timeout),
    recycle: String(p.pool.recycle),
    prePing: p.pool.prePing,
    useLifo: p.pool.useLifo,
    resetOnReturn: p.pool.resetOnReturn,
  };
}

function int(value: string, field: keyof FormState, errors: FieldErrors, label: string, min: number, max: number): number | undefined {
  const t = value.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!/^-?\d+$/.test(t) || n < min || n > max) {
    errors[field] = `${label} must be a whole number from ${min} to ${max}${t ? `, not "${t.slice(0, 20)}"` : ''}.`;
    return undefined;
  }
  return n;
}

function num(value: string, field: keyof FormState, errors: FieldErrors, label: string, min: number, max: number): number | undefined {
  const t = value.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n) || n < min || n > max) {
    errors[field] = `${label} must be a number from ${min} to ${max}, not "${t.slice(0, 20)}".`;
    return undefined;
  }
  return n;
}

/** The profile the form describes, or the errors that stop it from being one. */
export function profileFromForm(f: FormState): { profile?: ProfileInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const sqlite = f.backend === 'sqlite';
  if (!f.name.trim()) errors.name = 'Give the connection a name.';
  if (sqlite) {
    if (!f.database.trim()) errors.database = 'Give the database file path, or :memory: for an in-memory database.';
  } else if (f.via === 'socket') {
    if (!f.socket.trim().startsWith('/')) errors.socket = 'A unix socket is an absolute path, for example /var/run/postgresql or /run/mysqld/mysqld.sock.';
  } else if (!f.host.trim()) errors.host = 'Give a host name or IP address.';
  else if (/\s/.test(f.host.trim())) errors.host = 'A host name has no spaces.';
  const port = sqlite ? undefined : int(f.port, 'port', errors, 'Port', 1, 65535);
  const timeout = num(f.connectTimeoutSec, 'connectTimeoutSec', errors, 'Connect timeout', 0.1, 600);
  const processes = int(f.processes, 'processes', errors, 'Processes', 1, 10_000);
  const concurrency = int(f.concurrency, 'concurrency', errors, 'Concurrency', 1, 100_000);
  const poolSize = int(f.poolSize, 'poolSize', errors, 'pool_size', 0, 10_000);
  const maxOverflow = int(f.maxOverflow, 'maxOverflow', errors, 'max_overflow', -1, 10_000);
  const poolTimeout = num(f.poolTimeout, 'poolTimeout', errors, 'pool_timeout', 0, 86_400);
  const recycle = int(f.recycle, 'recycle', errors, 'pool_recycle', -1, 31_536_000);
  if (f.color && !/^#[0-9a-fA-F]{6}$/.test(f.color)) errors.color = 'Colour must look like #3b82f6.';
  const tags = f.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.some((t) => t.length > 40)) errors.tags = 'Each tag is at most 40 characters.';
  if (Object.keys(errors).length) return { errors };

  const profile: ProfileInput = {
    name: f.name.trim(),
    backend: f.backend,
    database: f.database.trim(),
    ...(sqlite
      ? {}
      : {
          ...(f.via === 'socket' ? { socket: f.socket.trim() } : { host: f.host.trim() }),
          ...(port !== undefined ? { port } : {}),
          ...(f.user.trim() ? { user: f.user.trim() } : {}),
          passwordMode: f.passwordMode,
        }),
    tls: sqlite ? { mode: 'disable' } : { mode: f.tlsMode, ...(f.tlsCa.trim() ? { ca: f.tlsCa.trim() } : {}), ...(f.tlsCert.trim() ? { cert: f.tlsCert.trim() } : {}), ...(f.tlsKey.trim() ? { key: f.tlsKey.trim() } : {}) },
    options: {
      ...(f.charset.trim() && !sqlite ? { charset: f.charset.trim() } : {}),
      ...(f.applicationName.trim() && !sqlite ? { applicationName: f.applicationName.trim() } : {}),
      ...(timeout !== undefined ? { connectTimeoutSec: timeout } : {}),
      ...secretParamsOptions(f),
    },
    ...(f.color ? { color: f.color } : {}),
    tags,
    group: f.group,
    ...(f.notes.trim() ? { notes: f.notes } : {}),
    ...(f.ssh && !sqlite ? { ssh: f.ssh } : {}),
    service: {
      environment: f.environment,
      workload: f.workload,
      ...(processes !== undefined ? { processes } : {}),
      ...(concurrency !== undefined ? { concurrencyPerProcess: concurrency } : {}),
      ...(f.driver ? { driver: f.driver } : {}),
    },
    pool: {
      poolClass: f.poolClass,
      ...(poolSize !== undefined ? { poolSize } : {}),
      ...(maxOverflow !== undefined ? { maxOverflow } : {}),
      ...(poolTimeout !== undefined ? { timeout: poolTimeout } : {}),
      ...(recycle !== undefined ? { recycle } : {}),
      prePing: f.prePing,
      useLifo: f.useLifo,
      resetOnReturn: f.resetOnReturn,
    },
  };
  // The schema is the last word: anything it still refuses is shown on the field it names.
  const checked = profileInputSchema.safeParse(profile);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = issue.path[0] === 'ssh' ? 'ssh' : (FIELD_FOR_PATH[issue.path.map(String).join('.')] ?? 'name');
      errors[key] ??= issue.path[0] === 'ssh' && typeof issue.path[2] === 'number' ? `SSH hop ${issue.path[2] + 1}: ${issue.message}` : issue.message;
    }
    return { errors };
  }
  return { profile, errors };
}

const FIELD_FOR_PATH: Record<string, keyof FormState> = {
  name: 'name',
  host: 'host',
  port: 'port',
  socket: 'socket',
  database: 'database',
  user: 'user',
  color: 'color',
  tags: 'tags',
  group: 'group',
  notes: 'notes',
  'tls.ca': 'tlsCa',
  'tls.cert': 'tlsCert',
  'tls.key': 'tlsKey',
  'options.charset': 'charset',
  'options.applicationName': 'applicationName',
  'options.connectTimeoutSec': 'connectTimeoutSec',
};

/** Switching backend: keep what carries over, reset what does not (port, user, charset). */
export function switchBackend(f: FormState, backend: Backend): FormState {
  const info = BACKEND_INFO[backend];
  const before = BACKEND_INFO[f.backend];
  const next: FormState = { ...f, backend };
  if (backend === 'sqlite') return { ...next, database: f.backend === 'sqlite' ? f.database : '', via: 'host', tlsMode: 'disable' };
  if (!f.port || Number(f.port) === before.defaultPort) next.port = '';
  if (!f.user || f.user === before.defaultUser) next.user = info.defaultUser;
  if (f.backend === 'sqlite') {
    next.host = '127.0.0.1';
    next.database = info.defaultDatabase;
    next.tlsMode = 'prefer';
  }
  if (info.family !== 'mysql') next.charset = '';
  if (f.driver && !info.drivers.includes(f.driver)) next.driver = '';
  return next;
}

/**
 * The secret parameter the form offers as "Key passphrase": the name this backend's Python drivers
 * read (sslpassword, ssl_key_password), when TLS is on and a client key file is given; else null.
 */
export function keyPassphraseParam(f: Pick<FormState, 'backend' | 'tlsMode' | 'tlsKey'>): string | null {
  if (f.tlsMode === 'disable' || !f.tlsKey.trim()) return null;
  return KEY_PASSPHRASE_PARAM[BACKEND_INFO[f.backend].family];
}

/**
 * The options that carry edits of saved secret parameters, in the store's terms: a new value rides
 * among `params` (the main process moves it into the encrypted store before anything is written,
 * on create as on update), a forgotten one is left out of the `secretParams` list. No edit:
 * `secretParams` stays absent, which keeps every saved value. A key passphrase typed where none is
 * saved travels the same way, and only while the form still has a client key for it.
 */
function secretParamsOptions(f: FormState): { params: Record<string, string>; secretParams?: string[] } {
  const key = keyPassphraseParam(f);
  const edits = Object.entries(f.secretEdits).filter(([name]) => f.secretParams.includes(name) || name === key);
  const replaced = Object.fromEntries(edits.flatMap(([name, e]) => ('value' in e && e.value !== '' && name !== 'password' ? [[name, e.value]] : [])));
  const forgotten = new Set(edits.filter(([, e]) => 'forget' in e).map(([name]) => name));
  return {
    params: { ...f.params, ...replaced },
    ...(forgotten.size ? { secretParams: f.secretParams.filter((n) => !forgotten.has(n)) } : {}),
  };
}
