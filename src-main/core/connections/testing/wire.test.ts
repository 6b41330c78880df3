import { describe, expect, it } from 'vitest';
import { describeAuthRequest, parseErrorFields, printable, startupMessage } from './pg-wire';
import { CLIENT_SSL, isGreetingError, parseGreeting, sslRequestPacket } from './mysql-wire';
import { productFromVersion } from './mysql-test';
import { race, StepTimeout, TestCancelled } from './abort';

function authBody(code: number, extra = ''): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(code);
  return Buffer.concat([b, Buffer.from(extra, 'utf8')]);
}

/** A HandshakeV10 the way MariaDB 10.11 builds it. */
function greeting(opts: { version: string; caps: number; plugin?: string }): Buffer {
  const parts = [
    Buffer.from([10]),
    Buffer.from(`${opts.version}\0`, 'utf8'),
    Buffer.from([7, 0, 0, 0]),
    Buffer.alloc(8, 0x41),
    Buffer.from([0]),
    Buffer.from([opts.caps & 0xff, (opts.caps >>> 8) & 0xff]),
    Buffer.from([45, 2, 0]),
    Buffer.from([(opts.caps >>> 16) & 0xff, (opts.caps >>> 24) & 0xff]),
    Buffer.from([21]),
    Buffer.alloc(10),
    Buffer.alloc(13, 0x42),
    Buffer.from(opts.plugin ? `${opts.plugin}\0` : '', 'utf8'),
  ];
  return Buffer.concat(parts);
}

describe('PostgreSQL wire helpers', () => {
  it('builds a v3 startup message with its length and a terminating zero', () => {
    const m = startupMessage({ user: 'app', database: 'db' });
    expect(m.readInt32BE(0)).toBe(m.length);
    expect(m.readInt32BE(4)).toBe(196608);
    expect(m.subarray(8).toString('utf8')).toBe('user\0app\0database\0db\0\0');
  });

  it('names each authentication request the server can send', () => {
    expect(describeAuthRequest(authBody(0)).method).toBe('trust');
    expect(describeAuthRequest(authBody(3)).method).toBe('password (cleartext)');
    expect(describeAuthRequest(authBody(5, 'salt')).method).toBe('md5');
    expect(describeAuthRequest(authBody(10, 'SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0'))).toEqual({ code: 10, method: 'SCRAM-SHA-256', mechanisms: ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'] });
    expect(describeAuthRequest(authBody(10, 'OAUTHBEARER\0\0')).method).toBe('SASL (OAUTHBEARER)');
    expect(describeAuthRequest(authBody(42)).method).toBe('unknown (42)');
  });

  it('reads the SQLSTATE and message of an ErrorResponse', () => {
    const body = Buffer.from('SFATAL\0VFATAL\0C28000\0Mno pg_hba.conf entry for host "1.2.3.4"\0\0', 'utf8');
    expect(parseErrorFields(body)).toEqual({ severity: 'FATAL', code: '28000', message: 'no pg_hba.conf entry for host "1.2.3.4"' });
  });

  it('shows what a non-PostgreSQL server said as printable text', () => {
    expect(printable(Buffer.from('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n'))).toBe('HTTP/1.1 400 Bad Request connection: close');
    expect(printable(Buffer.from([0, 1, 2]))).toBe('');
  });
});

describe('MySQL wire helpers', () => {
  it('reads version, TLS offer and auth plugin from a greeting, without MariaDB\'s 5.5.5- prefix', () => {
    const g = parseGreeting(greeting({ version: '5.5.5-10.11.19-MariaDB-0+deb12u1', caps: 0x81bff7fe | CLIENT_SSL, plugin: 'mysql_native_password' }));
    expect(isGreetingError(g)).toBe(false);
    if (isGreetingError(g)) return;
    expect(g).toMatchObject({ protocol: 10, serverVersion: '10.11.19-MariaDB-0+deb12u1', connectionId: 7, sslOffered: true, authPlugin: 'mysql_native_password' });
    const plain = parseGreeting(greeting({ version: '8.0.36', caps: 0x81bff7fe & ~CLIENT_SSL, plugin: 'caching_sha2_password' }));
    expect(plain).toMatchObject({ sslOffered: false, authPlugin: 'caching_sha2_password', serverVersion: '8.0.36' });
  });

  it('returns the error a server sends instead of a greeting', () => {
    const err = Buffer.concat([Buffer.from([0xff, 0x6a, 0x04]), Buffer.from("Host '10.0.0.5' is not allowed to connect to this MariaDB server")]);
    expect(parseGreeting(err)).toEqual({ errno: 1130, message: "Host '10.0.0.5' is not allowed to connect to this MariaDB server" });
  });

  it('refuses something that is not protocol 10', () => {
    expect(() => parseGreeting(Buffer.from('HTTP/1.1'))).toThrow(/protocol version/);
  });

  it('asks for TLS with a 32-byte SSLRequest at sequence 1', () => {
    const p = sslRequestPacket();
    expect(p.length).toBe(36);
    expect(p.readUIntLE(0, 3)).toBe(32);
    expect(p[3]).toBe(1);
    expect(p.readUInt32LE(4) & CLIENT_SSL).toBe(CLIENT_SSL);
  });

  it('tells MariaDB from MySQL by the version string', () => {
    expect(productFromVersion('10.11.19-MariaDB-0+deb12u1')).toEqual({ product: 'MariaDB', version: '10.11.19' });
    expect(productFromVersion('5.5.5-11.4.2-MariaDB')).toEqual({ product: 'MariaDB', version: '11.4.2' });
    expect(productFromVersion('8.0.36')).toEqual({ product: 'MySQL', version: '8.0.36' });
    expect(productFromVersion('8.4.0-commercial', 'MySQL Enterprise Server')).toEqual({ product: 'MySQL', version: '8.4.0' });
  });
});

describe('race', () => {
  it('times out on schedule, cancels on abort, and hands a late result to abandon', async () => {
    const never = new Promise<number>(() => undefined);
    const c = new AbortController();
    await expect(race(never, { signal: c.signal, timeoutMs: 20, what: 'x' })).rejects.toBeInstanceOf(StepTimeout);
    const pending = race(never, { signal: c.signal, what: 'x' });
    c.abort();
    await expect(pending).rejects.toBeInstanceOf(TestCancelled);
    const abandoned: number[] = [];
    let release!: (n: number) => void;
    const late = new Promise<number>((r) => (release = r));
    await expect(race(late, { signal: new AbortController().signal, timeoutMs: 5, what: 'x', abandon: (n) => abandoned.push(n) })).rejects.toBeInstanceOf(StepTimeout);
    release(7);
    await late;
    await Promise.resolve();
    expect(abandoned).toEqual([7]);
  });
});
