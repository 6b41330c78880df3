import { z } from 'zod';
import { method, event } from './define';
import { sshHopSchema, sshSchema, type TunnelEventDto, type TunnelStatusDto } from '../ssh';

const id = z.string().min(1).max(64);

/** A hop as the renderer describes it; the main process resolves aliases before keying secrets. */
const hopRef = sshHopSchema;

export interface ResolvedHopDto {
  host: string;
  port: number;
  user: string;
  auth: 'agent' | 'key' | 'password';
  keyFile?: string;
  /** Whether a passphrase (key) or password is saved for this hop. */
  hasSecret: boolean;
}

export const sshMethods = {
  'ssh.resolve': method(
    z.strictObject({ ssh: sshSchema }),
    'The hops as they will be dialled (~/.ssh/config aliases and ProxyJump expanded), each with whether its secret is saved.',
  ).returns<ResolvedHopDto[]>(),
  'ssh.setSecret': method(
    z.strictObject({ hop: hopRef, useSshConfig: z.boolean().default(true), secret: z.string().max(4096).nullable() }),
    'Save (or with null forget) a hop\'s key passphrase or password, encrypted at rest like a connection password.',
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
