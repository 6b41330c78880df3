import { describe, expect, it } from 'vitest';
import { connectSecretsFrom, savedConnectSecrets } from './connect-secrets';
import { resolveTarget } from '../../cli/resolve-target';
import { redactor } from '../logging/redact';

describe('connect secrets from saved secret parameters', () => {
  it('takes the name each backend\'s Python drivers read as the key passphrase, ignoring case', () => {
    expect(connectSecretsFrom('postgresql', { sslpassword: 'pg-key-pass', oauth_client_secret: 'o' })).toEqual({ tlsKeyPassphrase: 'pg-key-pass' });
    expect(connectSecretsFrom('mariadb', { SSL_KEY_PASSWORD: 'my-key-pass' })).toEqual({ tlsKeyPassphrase: 'my-key-pass' });
    expect(connectSecretsFrom('mysql', { sslpassword: 'libpq name on MySQL' })).toEqual({});
    expect(connectSecretsFrom('postgresql', { ssl_key_password: 'PyMySQL name on PostgreSQL' })).toEqual({});
    expect(connectSecretsFrom('sqlite', { sslpassword: 'x' })).toEqual({});
    expect(connectSecretsFrom('postgresql', { sslpassword: '' })).toEqual({});
    expect(connectSecretsFrom('postgresql', undefined)).toEqual({});
  });

  it('the value is a secret from then on: the redactor scrubs it', () => {
    connectSecretsFrom('postgresql', { sslpassword: 'scrub-me-key-pass' });
    expect(redactor.scrub('handshake with scrub-me-key-pass failed')).not.toContain('scrub-me-key-pass');
  });

  it('reads the encrypted store only when the profile names a secret parameter', () => {
    const reads: string[] = [];
    const store = { secretParams: (id: string) => (reads.push(id), { sslpassword: 'saved-pass' }) };
    expect(savedConnectSecrets(store, { id: 'a', backend: 'postgresql', options: {} as never })).toEqual({});
    expect(reads).toEqual([]);
    expect(savedConnectSecrets(store, { id: 'b', backend: 'postgresql', options: { secretParams: ['sslpassword'] } as never })).toEqual({ tlsKeyPassphrase: 'saved-pass' });
    // A draft of another backend family tested against the saved secrets takes that family's name.
    expect(savedConnectSecrets(store, { id: 'c', backend: 'postgresql', options: { secretParams: ['sslpassword'] } as never }, 'mysql')).toEqual({});
    expect(reads).toEqual(['b', 'c']);
  });

  it('the command line: a URL\'s own sslpassword unlocks the key', () => {
    const t = resolveTarget('postgresql+asyncpg://app@db.internal/app?sslpassword=url-key-pass', () => {
      throw new Error('a URL needs no saved connections');
    });
    expect(t.connect).toEqual({ tlsKeyPassphrase: 'url-key-pass' });
    expect(t.label).not.toContain('url-key-pass');
  });
});
