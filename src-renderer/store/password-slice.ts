import type { StateCreator } from 'zustand';
import type { StoreState } from './index';

/** What the password is wanted for; the prompt words its button and its promise after it. */
export type PasswordAction = 'test' | 'pool' | 'checks' | 'types';

export interface PasswordRequest {
  connectionId: string;
  action: PasswordAction;
}

export interface PasswordSlice {
  /** The one open "ask on connect" prompt. Never the password itself. */
  passwordRequest: PasswordRequest | null;
  /**
   * Asks for the password of an "ask on connect" connection. Resolves with what was typed, or
   * null when the prompt was cancelled (or replaced by another request). The caller sends it in
   * its one request and keeps it nowhere.
   */
  requestPassword(connectionId: string, action: PasswordAction): Promise<string | null>;
  /** The prompt's answer: the password, or null for Cancel. */
  answerPassword(password: string | null): void;
}

export const createPasswordSlice: StateCreator<StoreState, [], [], PasswordSlice> = (set) => {
  // The resolver lives outside the store: the store holds what is being asked, never an answer.
  let pending: ((password: string | null) => void) | null = null;
  const settle = (password: string | null) => {
    const resolve = pending;
    pending = null;
    set({ passwordRequest: null });
    resolve?.(password);
  };
  return {
    passwordRequest: null,
    requestPassword(connectionId, action) {
      settle(null);
      return new Promise((resolve) => {
        pending = resolve;
        set({ passwordRequest: { connectionId, action } });
      });
    },
    answerPassword(password) {
      settle(password);
    },
  };
};
