import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { createSshSecretSlice, sshSecretNeedOf, type SshSecretSlice } from './ssh-secret-slice';

const newStore = () => create<SshSecretSlice>()(createSshSecretSlice as never);
const need = { key: 'passphrase:/home/me/.ssh/id_ed25519', kind: 'passphrase' as const, label: 'the key /home/me/.ssh/id_ed25519', wrong: false };

describe('requestSshSecret', () => {
  it('shows what is asked for, resolves with the answer and the remember choice, and keeps no secret in the store', async () => {
    const store = newStore();
    const asked = store.getState().requestSshSecret({ connectionId: 'c1', action: 'pool', need });
    expect(store.getState().sshSecretRequest).toEqual({ connectionId: 'c1', action: 'pool', need });
    store.getState().answerSshSecret({ secret: 'k3y-phrase', remember: false });
    expect(await asked).toEqual({ secret: 'k3y-phrase', remember: false });
    expect(store.getState().sshSecretRequest).toBeNull();
    expect(JSON.stringify(store.getState())).not.toContain('k3y-phrase');
  });

  it('Cancel, or a newer request, resolves an open one with null', async () => {
    const store = newStore();
    const first = store.getState().requestSshSecret({ connectionId: 'c1', action: 'test', need });
    const second = store.getState().requestSshSecret({ connectionId: 'c2', action: 'checks', need: { ...need, wrong: true } });
    expect(await first).toBeNull();
    store.getState().answerSshSecret(null);
    expect(await second).toBeNull();
  });
});

describe('sshSecretNeedOf', () => {
  it('reads the secret an SSH failure names, and nothing from other errors', () => {
    expect(sshSecretNeedOf({ ssh: { kind: 'passphrase-needed', hop: 0, secret: need } })).toEqual(need);
    expect(sshSecretNeedOf({ ssh: { kind: 'host-key-unknown', hop: 0 } })).toBeNull();
    expect(sshSecretNeedOf({ needsPassword: true })).toBeNull();
    expect(sshSecretNeedOf(undefined)).toBeNull();
  });
});
