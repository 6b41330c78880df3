import { describe, expect, it } from 'vitest';
import { analysePooler, type PoolerSignals } from './analysis';

const direct: PoolerSignals = { sessionId: '4242', backendPid: 4242, secondPid: null, serverPort: 5432, dialledPort: 5432 };

describe('analysePooler', () => {
  it('a server reached directly: key = pg_backend_pid(), port = the dialled one, no pooler', () => {
    const a = analysePooler(direct);
    expect(a).toMatchObject({ keyKnown: true, keyDiffers: false, portDiffers: false, pidMoved: false, pooled: false });
    expect(a.evidence).toEqual(['backend key = pg_backend_pid() = 4242', 'inet_server_port() = dialled port 5432']);
  });

  it('PgBouncer: its own backend key and the server behind it on another port', () => {
    const signals = { ...direct, sessionId: '-1794567', serverPort: 5432, dialledPort: 6432 };
    const a = analysePooler(signals);
    expect(a).toMatchObject({ keyDiffers: true, portDiffers: true, pooled: true });
    expect(a.evidence).toEqual(['backend key -1794567 ≠ pg_backend_pid() 4242', 'inet_server_port() 5432 ≠ dialled port 6432']);
    // The connection test names the key by its field in BackendKeyData.
    expect(analysePooler(signals, { keyLabel: 'backend key pid' }).evidence[0]).toBe('backend key pid -1794567 ≠ pg_backend_pid() 4242');
  });

  it('a port mapping or TCP proxy: the port differs but the key matches, so no pooler', () => {
    const a = analysePooler({ ...direct, dialledPort: 15432 });
    expect(a).toMatchObject({ portDiffers: true, pooled: false });
    expect(a.evidence.at(-1)).toBe('the backend key matches, so this is a port mapping or TCP proxy, not a pooler');
  });

  it('TCP dialled but the server sees a unix-socket client (inet_server_port() is NULL)', () => {
    const a = analysePooler({ ...direct, serverPort: null });
    expect(a.portDiffers).toBe(true);
    expect(a.evidence).toContain('inet_server_port() is NULL: the server sees a unix-socket client although you dialled TCP');
  });

  it('over a unix socket there is no port to compare', () => {
    const a = analysePooler({ ...direct, serverPort: null, dialledPort: undefined });
    expect(a.portDiffers).toBe(false);
    expect(a.evidence.join(' ')).not.toMatch(/inet_server_port/);
  });

  it('pg_backend_pid() moving between transactions is transaction pooling, even with a matching key', () => {
    const a = analysePooler({ ...direct, secondPid: 4343 });
    expect(a).toMatchObject({ pidMoved: true, pooled: true });
    expect(a.evidence).toContain('pg_backend_pid() changed between transactions (4242 → 4343): transaction pooling');
  });

  it('without a backend key nothing can be compared, and nothing is claimed', () => {
    const a = analysePooler({ ...direct, sessionId: null });
    expect(a).toMatchObject({ keyKnown: false, keyDiffers: false, pooled: false });
    expect(a.evidence.join(' ')).not.toMatch(/backend key =/);
  });
});
