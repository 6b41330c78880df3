import type { StateCreator } from 'zustand';
import type { SshSecretNeed } from '@shared/ssh';
import type { StoreState } from './index';
import type { PasswordAction } from './password-slice';

export interface SshSecretRequest {
  connectionId: string | null;
  action: PasswordAction;
  /** What the tunnel named: the key file or user@host:port, never the secret. */
  need: SshSecretNeed;
}

export interface SshSecretAnswer {
  secret: string;
  /** Save it encrypted (as the dialog's field does) instead of for this session only. */
  remember: boolean;
}

export interface SshSecretSlice {
  /** The one open "ask on connect" prompt for an SSH key passphrase or password. Never the secret. */
  sshSecretRequest: SshSecretRequest | null;
  requestSshSecret(request: SshSecretRequest): Promise<SshSecretAnswer | null>;
  answerSshSecret(answer: SshSecretAnswer | null): void;
  /**
   * Asks for what an SSH failure named and hands it to the main process (for this session, or
   * saved when ticked). True when the caller should try again; false on Cancel or a refusal.
   */
  provideSshSecret(request: SshSecretRequest): Promise<boolean>;
}

/** The SSH secret a failed request names, if the failure is one a person can answer by typing it. */
export function sshSecretNeedOf(details: Record<string, unknown> | undefined): SshSecretNeed | null {
  const ssh = details?.ssh as { secret?: SshSecretNeed } | undefined;
  return ssh?.secret ?? null;
}

/** How many times one action asks again after a refused answer before it shows the failure. */
export const SSH_SECRET_ATTEMPTS = 3;

export const createSshSecretSlice: StateCreator<StoreState, [], [], SshSecretSlice> = (set, get) => {
  // As with the password prompt: the resolver lives outside the store, which never holds an answer.
  let pending: ((answer: SshSecretAnswer | null) => void) | null = null;
  const settle = (answer: SshSecretAnswer | null) => {
    const resolve = pending;
    pending = null;
    set({ sshSecretRequest: null });
    resolve?.(answer);
  };
  return {
    sshSecretRequest: null,
    requestSshSecret(request) {
      settle(null);
      return new Promise((resolve) => {
        pending = resolve;
        set({ sshSecretRequest: request });
      });
    },
    answerSshSecret(answer) {
      settle(answer);
    },
    async provideSshSecret(request) {
      const answer = await get().requestSshSecret(request);
      if (!answer) return false;
      // Loaded here so the prompt's state machine stays importable where no bridge exists (unit tests).
      const { bridge, toApiError } = await import('../bridge');
      try {
        await bridge.call('ssh.setSecret', { secretKey: request.need.key, secret: answer.secret, remember: answer.remember });
        return true;
      } catch (err) {
        get().toast('error', `The SSH ${request.need.kind} could not be kept: ${toApiError(err).message}`);
        return false;
      }
    },
  };
};
