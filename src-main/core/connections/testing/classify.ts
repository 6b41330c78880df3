import type { BackendFamily } from '../../../shared/backends';
import type { FailureKind, StageId, TestFailure } from '../../../shared/conn-test';
import type { TlsMode } from '../../../shared/profile';
import { AppError } from '../../../shared/errors';
import { redactor } from '../../logging/redact';
import { formatSeconds, StepTimeout, TestCancelled } from './abort';
import { KEY_LOCKED } from '../../drivers/tls';

/** What the classifier needs to know about the attempt to phrase a useful message. */
export interface FailureContext {
  family: BackendFamily;
  stage: StageId;
  /** host:port, socket path or file. */
  where: string;
  host?: string;
  isSocket: boolean;
  database: string;
  user?: string;
  timeoutMs: number;
  tlsMode: TlsMode;
  passwordGiven: boolean;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'HANDSHAKE_NO_SSL_SUPPORT',
  'POOLSCOPE_TLS_UNAVAILABLE',
]);

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (typeof e?.code === 'string' && e.code) return e.code;
  if (typeof e?.code === 'number') return String(e.code);
  return undefined;
}

function errnoOf(err: unknown): number | undefined {
  const n = (err as { errno?: unknown } | null)?.errno;
  return typeof n === 'number' && n > 0 ? n : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function failure(kind: FailureKind, ctx: FailureContext, title: string, message: string, hint: string, code?: string): TestFailure {
  // Server messages never carry the password, but a URL or a key=value string inside one might.
  return { kind, stage: ctx.stage, title, message: redactor.scrub(message), hint: redactor.scrub(hint), ...(code ? { code } : {}) };
}

const FILE_MISSING_HINT = 'Check the path. Poolscope never creates a SQLite file by connecting to it; SQLAlchemy would silently create an empty database here.';

/** Turns whatever a stage threw into a failure kind, a plain message and what to do next. */
export function classifyFailure(err: unknown, ctx: FailureContext): TestFailure {
  const code = codeOf(err);
  const errno = errnoOf(err);
  const msg = messageOf(err);
  const server = ctx.family === 'postgresql' ? 'PostgreSQL' : ctx.family === 'mysql' ? 'MySQL/MariaDB' : 'SQLite';

  if (err instanceof TestCancelled) return failure('cancelled', ctx, 'Cancelled', 'The test was cancelled before it finished.', 'Run it again when you are ready.');
  if (err instanceof AppError && err.details?.kind === 'file-missing') {
    return failure('file-missing', ctx, 'Database file missing', `The SQLite file ${ctx.where} does not exist.`, FILE_MISSING_HINT, 'ENOENT');
  }
  if (err instanceof AppError && err.details?.kind === KEY_LOCKED) return failure('tls', ctx, 'Client key locked', err.message, err.hint, 'TLS_KEY_PASSPHRASE');
  if (err instanceof AppError) return failure(err.code === 'BAD_INPUT' ? 'tls' : 'other', ctx, 'Cannot start the test', err.message, err.hint, err.code);

  // Name resolution
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') {
    const temporary = code === 'EAI_AGAIN';
    return failure(
      'unknown-host',
      ctx,
      'Unknown host',
      temporary ? `The DNS server did not answer for "${ctx.host}" (${code}).` : `The host name "${ctx.host}" does not resolve to an address (${code}).`,
      'Check the spelling. A Docker Compose service name only resolves inside that Compose network; from this machine use 127.0.0.1 and the published port.',
      code,
    );
  }
  // Timeouts: which stage timed out says what kind of silence it was.
  if (err instanceof StepTimeout || code === 'ETIMEDOUT' || /timeout expired|timed out/i.test(msg)) {
    const limit = formatSeconds(err instanceof StepTimeout ? err.ms : ctx.timeoutMs);
    if (ctx.stage === 'resolve') return failure('timeout', ctx, 'DNS timeout', `Resolving "${ctx.host}" took longer than ${limit}.`, 'The DNS server is slow or unreachable; try the IP address, or check the network / VPN.', 'ETIMEDOUT');
    if (ctx.stage === 'tcp') {
      return failure('timeout', ctx, 'Connection timed out', `Nothing answered at ${ctx.where} within ${limit}.`, 'A firewall or security group is dropping the packets, the address is wrong, or the server is unreachable from this network. Raise the connect timeout only if the network is known to be slow.', 'ETIMEDOUT');
    }
    return failure(
      'timeout',
      ctx,
      'The server stopped answering',
      `The TCP connection to ${ctx.where} opened, but the ${ctx.stage === 'tls' ? `${server} handshake` : ctx.stage === 'auth' ? 'login' : 'query'} got no answer within ${limit}.`,
      `Something that is not ${server} may listen on this port (check the port number), or the server is overloaded or hung.`,
      'ETIMEDOUT',
    );
  }
  if (code === 'ECONNREFUSED') {
    return failure('refused', ctx, 'Connection refused', `Nothing is listening at ${ctx.where} (connection refused).`, `The server is down or listens on another port. Check that ${server} runs and which port it uses (PostgreSQL 5432, PgBouncer 6432, MySQL/MariaDB 3306).`, code);
  }
  if (ctx.isSocket && (code === 'ENOENT' || code === 'ENOTSOCK')) {
    return failure('refused', ctx, 'No server socket', `There is no server socket at ${ctx.where}.`, `The server is down, or its socket lives elsewhere (PostgreSQL: unix_socket_directories; MySQL: the socket setting in my.cnf).`, code);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return failure('unreachable', ctx, 'Network unreachable', `There is no route to ${ctx.where} (${code}).`, 'Check the address, the VPN or the network this machine is on.', code);
  }
  if (code === 'POOLSCOPE_PROTOCOL' || code === 'POOLSCOPE_WRONG_PROTOCOL') {
    return failure('wrong-protocol', ctx, `Not a ${server} server`, `${ctx.where} answered, but not like ${server}: ${msg}.`, 'Check the port: another service (a web server, a proxy, another database) answers there.', code);
  }

  // A key Poolscope could not tell was encrypted (not PEM) reaches OpenSSL without its passphrase.
  if (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt|bad password read/i.test(msg)) {
    const param = ctx.family === 'mysql' ? 'ssl_key_password' : 'sslpassword';
    return failure('tls', ctx, 'Client key locked', `The client key could not be decrypted (${msg}).`, `The key file is encrypted: save its passphrase as the secret parameter ${param}, or replace the saved one if it is wrong.`, code ?? 'TLS_KEY_PASSPHRASE');
  }
  // TLS
  if ((code && TLS_CODES.has(code)) || /does not support (SSL|secure connection)|self[- ]signed certificate|certificate|SSL routines|wrong version number/i.test(msg)) {
    const unavailable = code === 'HANDSHAKE_NO_SSL_SUPPORT' || code === 'POOLSCOPE_TLS_UNAVAILABLE' || /does not support (SSL|secure connection)/i.test(msg);
    if (unavailable) {
      return failure('tls', ctx, 'TLS not offered', `The server at ${ctx.where} does not offer TLS, and this connection requires it (TLS mode ${ctx.tlsMode}).`, 'Enable TLS on the server (PostgreSQL: ssl = on; MySQL: ssl_cert/ssl_key), or set the TLS mode to prefer or disable for a trusted local network.', code ?? 'TLS');
    }
    const certHint =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `The certificate is not issued for "${ctx.host}". Connect with the name on the certificate, or use verify-ca to check the chain only.`
        : 'Give the CA certificate that signed the server\'s certificate (TLS settings, CA file), or use TLS mode require to encrypt without verifying.';
    return failure('tls', ctx, 'TLS handshake failed', `TLS with ${ctx.where} failed: ${msg}.`, certHint, code ?? 'TLS');
  }

  // Server answers, by SQLSTATE (PostgreSQL) or error number (MySQL)
  if (ctx.family === 'postgresql') {
    if (code === '28P01') {
      return failure('auth-failed', ctx, 'Authentication failed', `The server refused the password for user "${ctx.user ?? ''}" (28P01).`, ctx.passwordGiven ? 'Check the password (Edit replaces a saved one). The role may also have no password, or one that expired (VALID UNTIL).' : 'No password was given: save one in Edit, or switch the password mode to "ask on connect".', code);
    }
    if (/client password must be a string|password must be a string/i.test(msg)) {
      return failure('auth-failed', ctx, 'Password needed', `The server asks user "${ctx.user ?? ''}" for a password, and none was given.`, 'No password was given: save one in Edit, or switch the password mode to "ask on connect".', 'NO_PASSWORD');
    }
    if (code === '28000') {
      return failure('auth-failed', ctx, 'Access not allowed', `${msg} (28000).`, 'pg_hba.conf has no line that allows this user, database and client address, or the role does not exist. Ask the DBA, or check pg_hba.conf and reload.', code);
    }
    if (code === '3D000') return failure('unknown-database', ctx, 'Unknown database', `The database "${ctx.database}" does not exist on ${ctx.where} (3D000).`, 'Check the name (PostgreSQL names are case-sensitive when created with quotes) or create it: CREATE DATABASE …; list them with SELECT datname FROM pg_database.', code);
    if (code === '53300') return failure('server-rejected', ctx, 'Too many connections', `${msg} (53300).`, 'The server reached max_connections. Look for idle sessions (pg_stat_activity), lower pool sizes, or put PgBouncer in front.', code);
    if (code === '57P03') return failure('server-rejected', ctx, 'Server not ready', `${msg} (57P03).`, 'The server is starting up, shutting down or in recovery; try again in a moment.', code);
    if (code === '42501') return failure('permission-denied', ctx, 'Permission denied', `${msg} (42501).`, 'The user lacks a privilege (CONNECT on the database, or LOGIN). GRANT it, or use another user.', code);
  }
  if (ctx.family === 'mysql') {
    if (errno === 1045 || code === 'ER_ACCESS_DENIED_ERROR') {
      return failure('auth-failed', ctx, 'Authentication failed', `The server refused user "${ctx.user ?? ''}" with ${ctx.passwordGiven ? 'this password' : 'no password'} (1045).`, 'Check the password. MySQL matches accounts by user and client host: \'app\'@\'%\' and \'app\'@\'localhost\' are different accounts with their own passwords.', '1045');
    }
    if (errno === 1698 || code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR') {
      return failure('auth-failed', ctx, 'Authentication failed', `The server refused user "${ctx.user ?? ''}" (1698).`, 'No account matches this user from this client address, or the account logs in only another way (MariaDB\'s unix_socket for root). Check the user name, or create the account for this host (for example \'app\'@\'%\').', '1698');
    }
    if (errno === 1049 || code === 'ER_BAD_DB_ERROR') return failure('unknown-database', ctx, 'Unknown database', `The database "${ctx.database}" does not exist on ${ctx.where} (1049).`, 'Check the name or create it: CREATE DATABASE … CHARACTER SET utf8mb4; list them with SHOW DATABASES.', '1049');
    if (errno === 1044 || code === 'ER_DBACCESS_DENIED_ERROR') return failure('permission-denied', ctx, 'No access to the database', `User "${ctx.user ?? ''}" may not use database "${ctx.database}" (1044).`, 'GRANT the user privileges on this database, or pick one it may use.', '1044');
    if (errno === 1130 || code === 'ER_HOST_NOT_PRIVILEGED') return failure('auth-failed', ctx, 'Host not allowed', `${msg} (1130).`, 'No account matches this user from this client address. Create one for the right host (for example \'app\'@\'%\').', '1130');
    if (errno === 1040 || code === 'ER_CON_COUNT_ERROR') return failure('server-rejected', ctx, 'Too many connections', `${msg} (1040).`, 'The server reached max_connections. Lower pool sizes or close idle sessions.', '1040');
    if (errno === 1251 || code === 'ER_NOT_SUPPORTED_AUTH_MODE') return failure('auth-failed', ctx, 'Authentication plugin not supported', `${msg} (1251).`, 'The account uses a plugin this client cannot speak; use caching_sha2_password or mysql_native_password.', '1251');
  }
  if (ctx.family === 'sqlite') {
    if (code === 'SQLITE_NOTADB') return failure('not-a-database', ctx, 'Not a SQLite database', `${ctx.where} exists but is not a SQLite database (SQLITE_NOTADB).`, 'Point the connection at the .db/.sqlite file itself; an encrypted (SQLCipher) file also looks like this.', code);
    if (code === 'ENOENT') return failure('file-missing', ctx, 'Database file missing', `The SQLite file ${ctx.where} does not exist.`, FILE_MISSING_HINT, code);
    if (code === 'EISDIR') return failure('not-a-database', ctx, 'Not a file', `${ctx.where} is a folder, not a database file.`, 'Point the connection at the database file inside it.', code);
    if (code === 'EACCES' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') return failure('permission-denied', ctx, 'Cannot open the file', `${ctx.where} could not be opened: ${msg} (${code}).`, 'Check the file and folder permissions for this user (SQLite also needs to create the -journal/-wal file next to it).', code);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /Connection terminated|closed the connection/i.test(msg)) {
    return failure('server-rejected', ctx, 'Connection dropped', `The server at ${ctx.where} closed the connection during ${ctx.stage === 'auth' ? 'login' : `the ${ctx.stage} stage`}.`, 'The server may limit connections, require TLS, or be a proxy that cannot reach its backend. The server log says why.', code);
  }
  return failure('other', ctx, 'The test failed', `${msg}${code ? ` (${code})` : ''}.`, 'The message above is the server\'s or the driver\'s own; the server log may say more.', code);
}
