import { z } from 'zod';
import { method, event } from './define';
import { SSH_SECRET_KEY_RE, sshHopSchema, sshSchema, type TunnelEventDto, type TunnelStatusDto } from '../ssh';

const id = z.string().min(1).max(64);

/** A hop as the renderer describes it; the main process resolves aliases before keying secrets. */
const hopRef = sshHopSchema;

export interface ResolvedHopDto {
  host: string;
  port: number;
  user: string;
  auth: 'agent' | 'key' | 'password';
  keyFile?: string;
  /** Whether a passphrase (key) or password is saved (encrypted) for this hop. */
  hasSecret: boolean;
  /** Whether one was typed at a prompt for this session only (memory, until Poolscope quits). */
  sessionSecret: boolean;
}

export const sshMethods = {
  'ssh.resolve': method(
    z.strictObject({ ssh: sshSchema }),
    'The hops as they will be dialled (~/.ssh/config aliases and ProxyJump expanded), each with whether its secret is saved.',
  ).returns<ResolvedHopDto[]>(),
  'ssh.setSecret': method(
    z
      .strictObject({
        /** The hop as the form has it (aliases are resolved first) … */
        hop: hopRef.optional(),
        useSshConfig: z.boolean().default(true),
        /** … or the key an SSH failure named (failure.ssh.secret.key), for the "ask on connect" prompt. */
        secretKey: z.string().max(4200).regex(SSH_SECRET_KEY_RE, 'Not an SSH secret key (passphrase:<key file> or password:user@host:port)').optional(),
        secret: z.string().max(4096).nullable(),
        /** false: keep it in memory for this session only, never on disk. */
        remember: z.boolean().default(true),
      })
      .refine((v) => (v.hop === undefined) !== (v.secretKey === undefined), { message: 'Give either the hop or the secretKey', path: ['hop'] }),
    'Save (or with null forget) a hop\'s key passphrase or password, encrypted at rest like a connection password; or, with remember false, hold it in memory for this session only.',
  ).returns<{ saved: boolean }>(),
  'ssh.trustHostKey': method(
    z.strictObject({
      host: z.string().min(1).max(255),
      port: z.number().int().min(1).max(65_535),
      keyType: z.string().min(1).max(64),
      key: z.string().min(16).max(16_384),
    }),
    'Trust an SSH host key the user checked (first use): it is added to Poolscope\'s own known_hosts.',
  ).returns<{ trusted: boolean }>(),
  'ssh.status': method(z.strictObject({ id }), 'The SSH tunnel of a saved connection, when one is open, with its recent events.').returns<{
    tunnel: TunnelStatusDto | null;
    events: TunnelEventDto[];
  }>(),
};

export const sshEvents = {
  'ssh.tunnel': event<TunnelEventDto>('An SSH tunnel went up, down, is reconnecting, missed its keep-alives, or was dropped by the fault lab.'),
};
