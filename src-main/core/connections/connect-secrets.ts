import { familyOf, type Backend } from '../../shared/backends';
import { KEY_PASSPHRASE_PARAM } from '../../shared/url-secrets';
import type { ConnectSecrets } from '../drivers/types';
import { redactor } from '../logging/redact';
import type { ConnectionStore, StoredConnection } from './store';

/**
 * The connect secrets among secret parameters (a saved connection's, or a URL's on the command
 * line): only the name this backend's Python drivers read, so a PostgreSQL connection never uses a
 * stray ssl_key_password, just as asyncpg would not. The value is a secret from here on.
 */
export function connectSecretsFrom(backend: Backend, params: Record<string, string> | undefined): ConnectSecrets {
  const name = KEY_PASSPHRASE_PARAM[familyOf(backend)];
  const value = name && params ? Object.entries(params).find(([k]) => k.toLowerCase() === name)?.[1] : undefined;
  if (!value) return {};
  redactor.remember(value);
  return { tlsKeyPassphrase: value };
}

/**
 * What a saved connection needs to connect besides its password, from the encrypted store (read
 * only when the profile names a secret parameter). `backend` is the profile being connected when it
 * differs from the saved one (a test of an edited draft). Every connect of a saved connection takes
 * its secrets from here.
 */
export function savedConnectSecrets(store: Pick<ConnectionStore, 'secretParams'>, saved: Pick<StoredConnection, 'id' | 'backend' | 'options'>, backend: Backend = saved.backend): ConnectSecrets {
  return saved.options.secretParams?.length ? connectSecretsFrom(backend, store.secretParams(saved.id)) : {};
}
