import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { lazyPackage } from '../lazy-require';

// ssh2 is CommonJS, taken whole (its module.exports holds Client and utils), and loaded the first
// time a tunnel opens: the command line's start and every connection without SSH never parse it.
const loadSsh2 = lazyPackage<typeof ssh2>('ssh2');
type Client = InstanceType<typeof ssh2.Client>;
import type { HostKeyFacts, SshAuthMethod, SshSecretNeed, TunnelEventDto, TunnelState, TunnelStatusDto } from '../../shared/ssh';
import { describeRoute, hopSecretKey } from '../../shared/ssh';
import { SshError, classifySshError } from './errors';
import { fingerprint, hostEntryName, keyTypeOf, type KnownHosts } from './known-hosts';

/** A hop with everything decided: ~/.ssh/config applied, the secret looked up. */
export interface ResolvedHop {
  host: string;
  port: number;
  user: string;
  auth: SshAuthMethod;
  keyFile?: string;
  /** The key's passphrase or the password, from the secret store (never logged). */
  secret?: string;
}

export interface TunnelOptions {
  hops: ResolvedHop[];
  /** The database host and port as the last hop sees them. */
  target: { host: string; port: number };
  knownHosts: KnownHosts;
  /** Per hop: TCP connect, SSH handshake and login must finish within this. */
  timeoutMs: number;
  keepAliveSec: number;
  agentSocket?: string;
  /** Reconnect when the tunnel drops (default true). */
  reconnect?: boolean;
  onEvent?: (e: Omit<TunnelEventDto, 'tunnel' | 'at'>) => void;
  /** Key under which the tunnel is known (set by the manager). */
  key?: string;
  /**
   * OpenSSH's StrictHostKeyChecking=accept-new: a host with no key of this type on record is
   * trusted on first use (written to Poolscope's known_hosts); a changed key is still refused.
   */
  acceptNewHostKeys?: boolean;
  /** Told about each key accepted under acceptNewHostKeys (the CLI prints it). */
  onHostKeyLearned?: (facts: HostKeyFacts) => void;
}

const HOST_KEY_ALGS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

function where(h: { host: string; port: number; user: string }): string {
  return `${h.user}@${h.host}:${h.port}`;
}

/** What to ask for when this hop's secret is missing or refused (null for the agent). */
function secretNeed(hop: ResolvedHop, wrong: boolean): SshSecretNeed | undefined {
  const key = hopSecretKey(hop);
  if (!key || hop.auth === 'agent') return undefined;
  return hop.auth === 'key' ? { key, kind: 'passphrase', label: `the key ${hop.keyFile}`, wrong } : { key, kind: 'password', label: where(hop), wrong };
}

/**
 * An SSH tunnel: a chain of SSH sessions (each hop reached through a direct-tcpip channel of the
 * one before, as OpenSSH's ProxyJump does) and a listener on 127.0.0.1 whose every connection is
 * forwarded from the last hop to the database. Drivers simply connect to that local port, so
 * every feature goes through the tunnel without knowing it exists. When the chain drops it is
 * rebuilt on the same local port (reconnect), and each step is reported as an event.
 */
export class Tunnel {
  private clients: Client[] = [];
  private server: Server | null = null;
  private readonly channels = new Set<ClientChannel>();
  private readonly sockets = new Set<Socket>();
  private _state: TunnelState = 'connecting';
  private upSince: number | null = null;
  private reconnects = 0;
  private lastError: string | undefined;
  private retryTimer: NodeJS.Timeout | null = null;
  localPort: number | null = null;

  private constructor(private readonly o: TunnelOptions) {}

  static async open(o: TunnelOptions): Promise<Tunnel> {
    const t = new Tunnel(o);
    await t.connectChain();
    try {
      await t.listen();
    } catch (err) {
      t.endClients();
      throw err;
    }
    t.setState('up', 'up', `SSH tunnel up: ${t.route}`);
    return t;
  }

  get state(): TunnelState {
    return this._state;
  }

  get route(): string {
    return describeRoute(this.o.hops, `${this.o.target.host}:${this.o.target.port}`);
  }

  status(): TunnelStatusDto {
    return {
      tunnel: this.o.key ?? this.route,
      route: this.route,
      state: this._state,
      localPort: this.localPort,
      upSince: this.upSince,
      reconnects: this.reconnects,
      channels: this.channels.size,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Opens one forwarded channel to the target and closes it: "forwarding refused" shows here, before a driver tries. */
  async probeForward(): Promise<void> {
    const ch = await this.forwardFromLast(0);
    ch.on('error', () => undefined);
    ch.destroy();
  }

  /** The fault lab: cut every SSH session at once, as a dead network would; reconnect follows. */
  drop(): void {
    if (this._state !== 'up') return;
    this.emit('dropped', this._state, 'SSH tunnel dropped on purpose (fault lab); every forwarded connection is cut.');
    for (const c of this.clients) {
      const sock = (c as unknown as { _sock?: Socket })._sock;
      sock?.destroy();
    }
  }

  async close(): Promise<void> {
    if (this._state === 'closed') return;
    this.setState('closed', 'closed', 'SSH tunnel closed.');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const ch of this.channels) ch.destroy();
    for (const s of this.sockets) s.destroy();
    this.channels.clear();
    this.sockets.clear();
    this.endClients();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private isClosed(): boolean {
    return this._state === 'closed';
  }

  private emit(kind: TunnelEventDto['kind'], state: TunnelState, message: string): void {
    try {
      this.o.onEvent?.({ kind, state, message });
    } catch {
      /* a listener's failure is not the tunnel's */
    }
  }

  private setState(state: TunnelState, kind: TunnelEventDto['kind'], message: string): void {
    this._state = state;
    this.upSince = state === 'up' ? Date.now() : state === 'closed' ? null : this.upSince;
    this.emit(kind, state, message);
  }

  private endClients(): void {
    for (const c of this.clients.reverse()) {
      c.removeAllListeners('close');
      c.on('error', () => undefined);
      c.end();
      const sock = (c as unknown as { _sock?: Socket })._sock;
      sock?.destroy();
    }
    this.clients = [];
  }

  private async connectChain(): Promise<void> {
    const clients: Client[] = [];
    try {
      for (let i = 0; i < this.o.hops.length; i++) {
        const hop = this.o.hops[i]!;
        const sock = i === 0 ? undefined : await this.forwardVia(clients[i - 1]!, hop.host, hop.port, i);
        clients.push(await this.connectHop(hop, i, sock));
      }
    } catch (err) {
      for (const c of clients.reverse()) {
        c.on('error', () => undefined);
        c.end();
      }
      throw err;
    }
    this.clients = clients;
    for (const c of clients) {
      c.on('close', () => this.onChainClosed());
      c.on('error', (err) => {
        this.lastError = err.message;
        if (/keepalive/i.test(err.message)) this.emit('keepalive-timeout', this._state, `SSH keep-alive unanswered ${3} times: ${err.message}`);
      });
    }
  }

  private forwardVia(client: Client, host: string, port: number, hop: number): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
        if (err) reject(new SshError('bastion-unreachable', `SSH hop ${hop} could not open a channel to the next hop ${host}:${port}: ${err.message}.`, 'Check that the previous SSH host can reach this one and allows TCP forwarding (AllowTcpForwarding).', hop));
        else resolve(ch);
      });
    });
  }

  private forwardFromLast(srcPort: number): Promise<ClientChannel> {
    const last = this.clients[this.clients.length - 1];
    const { host, port } = this.o.target;
    const hopIndex = this.o.hops.length - 1;
    return new Promise((resolve, reject) => {
      if (!last) return reject(new SshError('tunnel-closed', 'The SSH tunnel is not up.', 'Wait for the reconnect, or test the connection.', hopIndex));
      last.forwardOut('127.0.0.1', srcPort, host, port, (err, ch) => {
        if (err) {
          const h = this.o.hops[hopIndex]!;
          reject(new SshError('forwarding-refused', `${where(h)} refused to forward to ${host}:${port}: ${err.message}.`, 'The SSH server does not allow forwarding to that address (AllowTcpForwarding, PermitOpen), or the database host is unreachable from it. The database host must be as the SSH host sees it (often localhost or a private address).', hopIndex));
        } else resolve(ch);
      });
    });
  }

  private keyFor(hop: ResolvedHop, i: number): { privateKey: Buffer; passphrase?: string } {
    if (!hop.keyFile) throw new SshError('key-unreadable', `SSH hop ${where(hop)} uses a key file, but none is set and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa exists.`, 'Choose the private key file.', i);
    let buf: Buffer;
    try {
      buf = readFileSync(hop.keyFile);
    } catch (err) {
      throw new SshError('key-unreadable', `The SSH key ${hop.keyFile} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check the path and that this user can read the file.', i);
    }
    const parsed = loadSsh2().utils.parseKey(buf, hop.secret);
    if (parsed instanceof Error) {
      if (/no passphrase/i.test(parsed.message)) throw new SshError('passphrase-needed', `The SSH key ${hop.keyFile} is protected by a passphrase, and none is saved.`, 'Enter the key\'s passphrase when asked, or save it in the connection\'s SSH settings (it is stored encrypted, like a password).', i, undefined, secretNeed(hop, false));
      if (hop.secret && /passphrase|decrypt|bad/i.test(parsed.message)) throw new SshError('passphrase-wrong', `The passphrase for the SSH key ${hop.keyFile} is wrong.`, 'Enter the key\'s passphrase again.', i, undefined, secretNeed(hop, true));
      throw new SshError('key-unreadable', `${hop.keyFile} is not a private key ssh2 can read (${parsed.message}).`, 'Choose the private key (not the .pub file); OpenSSH, PEM and PuTTY formats are read.', i);
    }
    return { privateKey: buf, ...(hop.secret ? { passphrase: hop.secret } : {}) };
  }

  private connectHop(hop: ResolvedHop, i: number, sock: ClientChannel | undefined): Promise<Client> {
    const cfg: ConnectConfig = {
      host: hop.host,
      port: hop.port,
      username: hop.user,
      readyTimeout: this.o.timeoutMs,
      keepaliveInterval: this.o.keepAliveSec * 1000,
      keepaliveCountMax: 3,
      tryKeyboard: false,
      ...(sock ? { sock } : {}),
    };
    if (hop.auth === 'key') Object.assign(cfg, this.keyFor(hop, i));
    else if (hop.auth === 'password') {
      if (hop.secret === undefined) return Promise.reject(new SshError('password-needed', `SSH hop ${where(hop)} logs in with a password, and none is saved.`, 'Enter the SSH password when asked, or save it in the connection\'s SSH settings.', i, undefined, secretNeed(hop, false)));
      cfg.password = hop.secret;
    } else {
      const agent = this.o.agentSocket ?? process.env.SSH_AUTH_SOCK;
      if (!agent) return Promise.reject(new SshError('agent-unavailable', `SSH hop ${where(hop)} uses the SSH agent, but no agent is running (SSH_AUTH_SOCK is not set).`, 'Start ssh-agent and ssh-add your key, or choose a key file.', i));
      cfg.agent = agent;
    }
    const recorded = this.o.knownHosts.recordedTypes(hop.host, hop.port).flatMap((t) => HOST_KEY_ALGS[t] ?? []);
    if (recorded.length) cfg.algorithms = { serverHostKey: { prepend: recorded } as never };
    let refusal: SshError | null = null;
    cfg.hostVerifier = (key: Buffer) => {
      const type = keyTypeOf(key);
      const b64 = key.toString('base64');
      const res = this.o.knownHosts.check(hop.host, hop.port, type, b64);
      if (res.status === 'match') return true;
      const facts: HostKeyFacts = { hostEntry: hostEntryName(hop.host, hop.port), host: hop.host, port: hop.port, keyType: type, fingerprint: fingerprint(b64), key: b64 };
      if (res.status === 'unknown' && this.o.acceptNewHostKeys) {
        this.o.knownHosts.trust(hop.host, hop.port, type, b64);
        this.o.onHostKeyLearned?.(facts);
        return true;
      }
      if (res.status === 'mismatch' || res.status === 'revoked') {
        Object.assign(facts, { knownIn: res.file, knownLine: res.line, knownFingerprint: res.recordedFingerprint });
        refusal =
          res.status === 'revoked'
            ? new SshError('host-key-revoked', `The ${type} host key of ${facts.hostEntry} (${facts.fingerprint}) is marked @revoked in ${res.file}:${res.line}. Refused.`, 'Ask the server\'s administrator for its current host key.', i, facts)
            : new SshError('host-key-mismatch', `The ${type} host key of ${facts.hostEntry} changed: the server shows ${facts.fingerprint}, but ${res.file}:${res.line} records ${res.recordedFingerprint}. Refused: someone may be intercepting the connection, or the server was reinstalled.`, `Check the new fingerprint with the server's administrator; if it is right, remove the old line (ssh-keygen -R "${facts.hostEntry}" -f ${res.file}) and test again.`, i, facts);
      } else {
        refusal = new SshError('host-key-unknown', `${facts.hostEntry} is not a known SSH host. Its ${type} key fingerprint is ${facts.fingerprint}.`, 'Compare the fingerprint with the one the server\'s administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the server), then trust it in the connection test, or connect once with ssh, which records it in ~/.ssh/known_hosts (Poolscope reads that file).', i, facts);
      }
      return false;
    };
    return new Promise((resolve, reject) => {
      const c = new (loadSsh2().Client)();
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        c.removeAllListeners('ready');
        c.on('error', () => undefined);
        c.end();
        const classified = refusal ?? (err instanceof SshError ? err : classifySshError(err, i, where(hop), this.o.timeoutMs));
        // A refused password login: the password given (or saved) is what to ask for again.
        const need = classified.kind === 'auth-refused' && hop.auth === 'password' ? secretNeed(hop, true) : undefined;
        reject(need ? new SshError('auth-refused', classified.message, 'Check the user name, and enter the SSH password again.', i, undefined, need) : classified);
      };
      c.once('ready', () => {
        if (settled) return;
        settled = true;
        c.removeListener('error', fail);
        c.removeListener('close', onClose);
        resolve(c);
      });
      c.on('error', fail);
      const onClose = () => fail(Object.assign(new Error('connection closed during the SSH handshake'), { code: 'ECONNRESET' }));
      c.once('close', onClose);
      try {
        c.connect(cfg);
      } catch (err) {
        fail(err as Error);
      }
    });
  }

  private listen(): Promise<void> {
    const server = createServer((sock) => this.accept(sock));
    server.on('error', () => undefined);
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.localPort ?? 0, '127.0.0.1', () => {
        const a = server.address();
        this.localPort = typeof a === 'object' && a ? a.port : null;
        resolve();
      });
    });
  }

  private accept(sock: Socket): void {
    sock.on('error', () => undefined);
    if (this._state !== 'up') {
      sock.destroy();
      return;
    }
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.pause();
    this.forwardFromLast(sock.remotePort ?? 0).then(
      (ch) => {
        if (sock.destroyed) return ch.destroy();
        this.channels.add(ch);
        ch.on('error', () => undefined);
        ch.on('close', () => {
          this.channels.delete(ch);
          sock.destroy();
        });
        sock.on('close', () => ch.destroy());
        sock.pipe(ch).pipe(sock);
        sock.resume();
      },
      (err: SshError) => {
        this.lastError = err.message;
        this.emit('forward-refused', this._state, err.message);
        sock.destroy();
      },
    );
  }

  private onChainClosed(): void {
    if (this._state === 'closed' || this._state === 'reconnecting') return;
    for (const ch of this.channels) ch.destroy();
    for (const s of this.sockets) s.destroy();
    this.endClients();
    if (this.o.reconnect === false) {
      this.setState('down', 'down', `SSH tunnel down: ${this.lastError ?? 'the SSH connection closed'}.`);
      return;
    }
    this.setState('reconnecting', 'down', `SSH tunnel down (${this.lastError ?? 'the SSH connection closed'}); reconnecting.`);
    this.scheduleReconnect(0);
  }

  private scheduleReconnect(attempt: number): void {
    const delay = Math.min(250 * 2 ** attempt, 10_000);
    this.retryTimer = setTimeout(() => void this.reconnect(attempt), delay);
    this.retryTimer.unref?.();
  }

  private async reconnect(attempt: number): Promise<void> {
    if (this.isClosed()) return;
    this.emit('reconnecting', 'reconnecting', `SSH tunnel reconnecting (attempt ${attempt + 1}).`);
    try {
      await this.connectChain();
    } catch (err) {
      this.lastError = (err as Error).message;
      if (this.isClosed()) return;
      this.scheduleReconnect(attempt + 1);
      return;
    }
    if (this.isClosed()) {
      this.endClients();
      return;
    }
    this.reconnects++;
    this.lastError = undefined;
    this.setState('up', 'up', `SSH tunnel up again after ${attempt + 1} attempt(s): ${this.route}`);
  }
}
