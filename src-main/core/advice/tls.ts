import type { ConnectArgAdvice } from '../../shared/advice';
import { PY_DRIVER_INFO, familyOf, type PyDriver } from '../../shared/backends';
import type { ProfileData, TlsMode } from '../../shared/profile';
import { KEY_PASSPHRASE_ENV, KEY_PASSPHRASE_PARAM } from '../../shared/url-secrets';
import { profileEvidence } from './evidence';
import type { AdviceContext } from './context';

/**
 * TLS for the drivers that take it only as an `ssl.SSLContext` in connect_args.
 *
 * - aiomysql and asyncmy: SQLAlchemy 2.0's MySQL dialects turn the URL's ssl_ca, ssl_cert, ssl_key,
 *   ssl_capath, ssl_cipher and ssl_check_hostname into a dict (`ssl={"ca": ...}`), the form PyMySQL
 *   and mysqlclient accept. Both async drivers hand that value to asyncio as the SSL context, and the
 *   TLS upgrade fails ("'dict' object has no attribute 'wrap_bio'"); other ssl_* keys reach the
 *   driver as unknown keywords (TypeError).
 * - asyncpg: SQLAlchemy passes every URL query parameter to asyncpg.connect() as a keyword. `ssl=<mode>`
 *   works, but sslrootcert, sslcert and sslkey are not keywords of asyncpg.connect() (TypeError), so
 *   a CA or client certificate has to travel inside the context.
 *
 * psycopg hands the URL's libpq parameters (sslmode, sslrootcert, sslcert, sslkey) to libpq, which
 * reads them all: it needs nothing here. The profile's URL rendering (shared/url.ts) is unchanged;
 * urlProfileFor leaves the TLS parameters out of the exported URL whenever this context carries them.
 */

/**
 * The name of the client key's passphrase among the profile's saved secret parameters (sslpassword
 * or ssl_key_password, as saved), or null when none is saved. Only the value stays secret.
 */
export function savedKeyPassphraseParam(profile: Pick<ProfileData, 'backend' | 'options'>): string | null {
  const name = KEY_PASSPHRASE_PARAM[familyOf(profile.backend)];
  return (name && profile.options.secretParams?.find((k) => k.toLowerCase() === name)) ?? null;
}

/**
 * The profile as the driver's URL can carry it: the key passphrase stays among the secret
 * parameters only for a driver that reads it from the URL (psycopg); for the others it travels in
 * the SSLContext, and in the URL it would reach connect() as a keyword it refuses (TypeError).
 */
export function withUrlSecretsFor(profile: ProfileData, driver: PyDriver): ProfileData {
  const param = savedKeyPassphraseParam(profile);
  if (!param || PY_DRIVER_INFO[driver].keyPassphrase === 'url') return profile;
  const secretParams = profile.options.secretParams!.filter((k) => k !== param);
  const { secretParams: _s, ...options } = profile.options;
  return { ...profile, options: secretParams.length ? { ...options, secretParams } : options };
}

/** Name of the SSLContext variable the generated code builds before create_async_engine. */
export const SSL_CONTEXT_VAR = 'ssl_context';

/** MySQL URL parameters SQLAlchemy's MySQL dialects read into their ssl dict; the context takes their place. */
const MYSQL_SSL_PARAMS = ['ssl_ca', 'ssl_cert', 'ssl_key', 'ssl_capath', 'ssl_cipher', 'ssl_check_hostname'];

const py = (s: string) => JSON.stringify(s);

/**
 * The TLS mode the exported context implements, or null when the URL says all there is (or TLS is
 * off). `prefer` cannot be expressed as a context: with certificate files it becomes `require`, the
 * mode libpq and PyMySQL apply when such files are given; without them the URL keeps it (asyncpg's
 * own default) or, for MySQL, there is no TLS, as before.
 */
function effectiveMode(profile: Pick<ProfileData, 'tls' | 'options'>, family: string, driver: string): Exclude<TlsMode, 'disable' | 'prefer'> | null {
  const { mode, ca, cert, key } = profile.tls;
  if (mode === 'disable') return null;
  const params = profile.options.params ?? {};
  if (family === 'mysql' && (driver === 'aiomysql' || driver === 'asyncmy')) {
    const files = !!(ca || cert || key || params.ssl_capath);
    if (mode === 'prefer') return files || params.ssl_cipher ? (ca || params.ssl_capath ? 'verify-full' : 'require') : null;
    return mode;
  }
  if (driver === 'asyncpg') {
    if (!(ca || cert || key)) return null;
    return mode === 'prefer' ? 'require' : mode;
  }
  return null;
}

/** The `connect_args={"ssl": ssl_context}` advice with the lines that build the context, or null. */
export function adviseTls(ctx: AdviceContext): ConnectArgAdvice | null {
  const mode = effectiveMode(ctx.profile, ctx.family, ctx.driver);
  if (!mode) return null;
  const { ca, cert, key } = ctx.profile.tls;
  const params = ctx.profile.options.params ?? {};
  const mysql = ctx.family === 'mysql';
  const capath = mysql ? params.ssl_capath : undefined;
  const cipher = mysql ? params.ssl_cipher : undefined;
  const label = PY_DRIVER_INFO[ctx.driver].label;

  const where = [ca ? `cafile=${py(ca)}` : null, capath ? `capath=${py(capath)}` : null].filter((x): x is string => x !== null);
  const trust = ca || capath ? `${[ca, capath].filter(Boolean).join(' or ')}` : "this machine's trusted CAs";
  // require with a CA verifies the chain but not the name (libpq's rule for sslmode=require with a root certificate, and PyMySQL's with ssl_ca).
  const verifies = mode === 'verify-full' || ((mode === 'require' || mode === 'verify-ca') && (ca || capath));
  const checksName = mode === 'verify-full';
  const meaning = !verifies
    ? `TLS (${mode}): encrypted, the server certificate is not checked`
    : `TLS (${mode}): the server certificate must chain to ${trust}${checksName ? ' and name the host' : '; its host name is not checked'}`;
  const setup = [
    `# ${meaning}${cert ? `; the client certificate ${cert} is presented` : ''}.`,
    `${SSL_CONTEXT_VAR} = ssl.create_default_context(${where.join(', ')})`,
  ];
  if (!checksName) setup.push(`${SSL_CONTEXT_VAR}.check_hostname = False`);
  if (!verifies) setup.push(`${SSL_CONTEXT_VAR}.verify_mode = ssl.CERT_NONE`);
  // The saved passphrase never leaves the secret store: the service reads its own from the environment.
  const passphrase = cert ? savedKeyPassphraseParam(ctx.profile) : null;
  if (passphrase) setup.push(`# The client key is encrypted: its passphrase (${passphrase} in Poolscope) comes from the environment, never from this file.`);
  if (cert) setup.push(`${SSL_CONTEXT_VAR}.load_cert_chain(${py(cert)}${key ? `, keyfile=${py(key)}` : ''}${passphrase ? `, password=os.environ[${py(KEY_PASSPHRASE_ENV)}]` : ''})`);
  if (cipher) setup.push(`${SSL_CONTEXT_VAR}.set_ciphers(${py(cipher)})`);

  const why = mysql
    ? `${label} takes TLS only as an ssl.SSLContext: SQLAlchemy turns ssl_* URL parameters into a dict, which ${label} hands to asyncio and the TLS upgrade fails`
    : `asyncpg takes a CA or client certificate only inside an ssl.SSLContext: sslrootcert, sslcert and sslkey in the URL reach asyncpg.connect() as unknown keywords`;
  const downgrade = ctx.driver === 'aiomysql' ? '; aiomysql carries on without TLS when the server offers none, so check that Ssl_cipher is set (the tls check reads it)' : '';
  return {
    key: 'ssl',
    python: SSL_CONTEXT_VAR,
    where: 'connect_args',
    imports: passphrase ? ['import os', 'import ssl'] : ['import ssl'],
    setup,
    ...(passphrase ? { env: [KEY_PASSPHRASE_ENV] } : {}),
    evidence: [
      profileEvidence('tls.mode', ctx.profile.tls.mode),
      ...(ca ? [profileEvidence('tls.ca', ca)] : []),
      ...(cert ? [profileEvidence('tls.cert', cert)] : []),
      ...(key ? [profileEvidence('tls.key', key)] : []),
      ...(passphrase ? [profileEvidence('options.secretParams', passphrase)] : []),
    ],
    reason: `${why}${downgrade}`,
  };
}

/** The profile as the exported URL renders it once the context carries TLS: no TLS parameters left in the query. */
export function withoutUrlTls(profile: ProfileData, family: string): ProfileData {
  if (family === 'mysql') {
    const params = Object.fromEntries(Object.entries(profile.options.params ?? {}).filter(([k]) => !MYSQL_SSL_PARAMS.includes(k)));
    return { ...profile, tls: { mode: 'disable' }, options: { ...profile.options, params } };
  }
  // asyncpg: an ssl=<mode> next to the context would be overridden by connect_args anyway; leave it out so the URL does not claim otherwise.
  return { ...profile, tls: { mode: 'prefer' } };
}
