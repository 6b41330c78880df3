import { AppError } from '../shared/errors';
import { parseProfile, type ProfileData } from '../shared/profile';
import { UrlError, formatUrl, looksLikeUrl, parseConnectionString, profileFieldsFromParsed } from '../shared/url';
import type { ConnectionStore } from '../core/connections/store';
import { redactor } from '../core/logging/redact';
import { connectSecretsFrom, savedConnectSecrets } from '../core/connections/connect-secrets';
import type { ConnectSecrets } from '../core/drivers/types';

export interface ResolvedTarget {
  /** A name to show: the saved name, or the URL with its password masked. */
  label: string;
  profile: ProfileData;
  password?: string;
  /** Values of the secret URL parameters (sslpassword …), for `url --with-password` only. */
  secrets?: Record<string, string>;
  /** What connecting needs from those (the client key's passphrase): connections/connect-secrets.ts. */
  connect: ConnectSecrets;
  savedId?: string;
}

/** A URL or a libpq key=value string, not the name of a saved connection. */
export function isUrlTarget(arg: string): boolean {
  return looksLikeUrl(arg) || /^\s*[a-z_]+\s*=/.test(arg);
}

/**
 * `poolscope <command> <saved-name|url>`: a saved connection by name (case-insensitive), or a
 * URL / libpq string given on the command line (its password is registered with the redactor
 * before anything else can print it).
 */
export function resolveTarget(arg: string, core: () => { connections: ConnectionStore }, warn?: (text: string) => void): ResolvedTarget {
  if (isUrlTarget(arg)) {
    let parsed;
    try {
      parsed = parseConnectionString(arg);
    } catch (err) {
      if (err instanceof UrlError) throw new AppError('BAD_URL', `${err.message}`, err.hint, { part: err.part, start: err.start, end: err.end });
      throw err;
    }
    if (parsed.password) redactor.remember(parsed.password);
    // The same warnings the URL box shows in the app (postgres://, a synchronous driver, several hosts …).
    for (const w of parsed.warnings) warn?.(`poolscope: note: ${w}`);
    for (const v of Object.values(parsed.secretParams ?? {})) redactor.remember(v);
    const fields = profileFieldsFromParsed(parsed);
    const profile = parseProfile({ name: 'command line', ...fields, service: parsed.driver ? { driver: parsed.driver } : {} });
    return {
      label: formatUrl(profile, { ...(parsed.driver ? { driver: parsed.driver } : { driver: null }), ...(parsed.password ? { password: 'masked' } : {}) }),
      profile,
      ...(parsed.password !== undefined ? { password: parsed.password } : {}),
      ...(parsed.secretParams ? { secrets: parsed.secretParams } : {}),
      connect: connectSecretsFrom(profile.backend, parsed.secretParams),
    };
  }
  const c = core();
  const saved = c.connections.findByName(arg);
  if (!saved) {
    const names = c.connections.list().map((s) => `"${s.name}"`);
    throw new AppError(
      'NOT_FOUND',
      `No saved connection is named "${arg}".`,
      names.length ? `Saved connections: ${names.join(', ')}. Or pass a URL such as postgresql+asyncpg://user@host/db.` : 'Pass a URL such as postgresql+asyncpg://user@host/db, or save a connection first.',
    );
  }
  const { id, hasPassword: _h, builtin: _b, createdAt: _c, updatedAt: _u, ...profile } = saved;
  const password = saved.passwordMode === 'saved' ? c.connections.password(id) : undefined;
  const secrets = saved.options.secretParams?.length ? c.connections.secretParams(id) : undefined;
  return { label: saved.name, profile, ...(password !== undefined ? { password } : {}), ...(secrets ? { secrets } : {}), connect: savedConnectSecrets(c.connections, saved), savedId: id };
}
