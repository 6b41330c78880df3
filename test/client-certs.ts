import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

/**
 * A throwaway CA and a client certificate it signed, with the client key three ways: in the clear,
 * encrypted as PKCS#8 ("ENCRYPTED PRIVATE KEY", what `openssl pkey -aes256` writes) and in the
 * traditional PEM form ("Proc-Type: 4,ENCRYPTED", `openssl genrsa -aes256` and older tools). The
 * passphrase reaches openssl through its environment, never its argv.
 */
export interface ClientCerts {
  ca: string;
  caKey: string;
  cert: string;
  plainKey: string;
  encryptedKey: string;
  traditionalKey: string;
  passphrase: string;
}

export function makeClientCerts(dir: string, passphrase: string): ClientCerts {
  const env = { ...process.env, POOLSCOPE_TEST_KEY_PASS: passphrase };
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore', env });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Poolscope client CA', '-keyout', 'client-ca.key', '-out', 'client-ca.pem']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=poolscope_app', '-keyout', 'client.key', '-out', 'client.csr']);
  writeFileSync(join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n');
  openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'client-ca.pem', '-CAkey', 'client-ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'client.ext', '-out', 'client.pem']);
  openssl(['pkey', '-in', 'client.key', '-aes256', '-passout', 'env:POOLSCOPE_TEST_KEY_PASS', '-out', 'client-enc.key']);
  openssl(['rsa', '-in', 'client.key', '-aes256', '-traditional', '-passout', 'env:POOLSCOPE_TEST_KEY_PASS', '-out', 'client-trad.key']);
  const at = (f: string) => join(dir, f);
  return { ca: at('client-ca.pem'), caKey: at('client-ca.key'), cert: at('client.pem'), plainKey: at('client.key'), encryptedKey: at('client-enc.key'), traditionalKey: at('client-trad.key'), passphrase };
}
