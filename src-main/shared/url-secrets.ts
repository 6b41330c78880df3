/**
 * Connection parameters that carry a secret. libpq marks exactly three of its keywords as secret
 * (dispchar "*" in PQconndefaults, libpq 18): password, sslpassword and oauth_client_secret;
 * psycopg passes every URL parameter to libpq, and asyncpg's DSN reader takes password and
 * sslpassword. On MySQL, PyMySQL and mysqlclient take passwd as the password and PyMySQL takes
 * ssl_key_password. libpq 18's scram_client_key is not marked secret, but it is what SCRAM
 * derives from the password and logs in as the user without it, so it is kept as one too.
 * Names are matched ignoring case: a misspelt `Password=` is refused by the
 * drivers but is still a password someone typed, so it is never kept in the clear either.
 *
 * `password` itself is the login password (SQLAlchemy lets the query value override the one in
 * the user part); every other one is a "secret parameter", kept encrypted beside it.
 */
export const SECRET_PARAM_NAMES = ['password', 'passwd', 'sslpassword', 'oauth_client_secret', 'ssl_key_password', 'scram_client_key'] as const;

/**
 * The secret parameter each backend's Python drivers read as the client key's passphrase: asyncpg
 * hands sslpassword to SSLContext.load_cert_chain and libpq (psycopg) uses it for sslkey; PyMySQL
 * takes ssl_key_password (aiomysql and asyncmy have no such argument: they take an SSLContext).
 */
export const KEY_PASSPHRASE_PARAM = { postgresql: 'sslpassword', mysql: 'ssl_key_password', sqlite: null } as const;

/**
 * The environment variable an exported db.py reads the client key's passphrase from, for the
 * drivers that take it only inside an ssl.SSLContext (.env.example names it with a placeholder).
 */
export const KEY_PASSPHRASE_ENV = 'DATABASE_SSL_KEY_PASSPHRASE';

const SECRET_SET = new Set<string>(SECRET_PARAM_NAMES);

export function isSecretParam(key: string): boolean {
  return SECRET_SET.has(key.toLowerCase());
}

/** What a URL shows in place of a secret value. */
export const SECRET_MASK = '***';

export interface SplitParams {
  /** The parameters without any secret. */
  params: Record<string, string>;
  /** The `password` parameter, exactly so named (what the drivers read as the login password). */
  password?: string;
  /** Every other secret parameter with a value. */
  secrets: Record<string, string>;
  /** Secret parameters given empty: a request to forget the saved value. */
  cleared: string[];
}

/** Takes the secrets out of a parameter map (the map itself is not changed). */
export function splitSecretParams(params: Record<string, string>): SplitParams {
  const out: SplitParams = { params: {}, secrets: {}, cleared: [] };
  for (const [key, value] of Object.entries(params)) {
    if (!isSecretParam(key)) out.params[key] = value;
    else if (value === '') out.cleared.push(key);
    else if (key === 'password') out.password = value;
    else out.secrets[key] = value;
  }
  return out;
}
