import { beforeEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { TypesReport } from '@shared/typemap-model';

// The slice talks to the main process through the bridge; here every call is recorded and answered.
const call = vi.fn();
vi.mock('../bridge', () => ({ bridge: { call: (...a: unknown[]) => call(...a), on: vi.fn() }, toApiError: (e: unknown) => e }));

const { createTypesSlice } = await import('./types-slice');
const { createPasswordSlice } = await import('./password-slice');
const { createSshSecretSlice } = await import('./ssh-secret-slice');

type Store = ReturnType<typeof createTypesSlice> & ReturnType<typeof createPasswordSlice> & ReturnType<typeof createSshSecretSlice> & { toast: () => void };
const newStore = () =>
  create<Store>()((...a) => ({
    ...(createTypesSlice as never as (...x: typeof a) => ReturnType<typeof createTypesSlice>)(...a),
    ...(createPasswordSlice as never as (...x: typeof a) => ReturnType<typeof createPasswordSlice>)(...a),
    ...(createSshSecretSlice as never as (...x: typeof a) => ReturnType<typeof createSshSecretSlice>)(...a),
    toast: () => {},
  }));

const report = { id: 'r1', schema: 'public', columns: [], tables: [] } as unknown as TypesReport;
const need = { key: 'passphrase:/home/me/.ssh/id_ed25519', kind: 'passphrase' as const, label: 'the key /home/me/.ssh/id_ed25519', wrong: false };
const sshFailure = { code: 'SSH_ERROR', message: 'The key /home/me/.ssh/id_ed25519 needs its passphrase.', details: { ssh: { kind: 'passphrase-needed', hop: 0, secret: need } } };
/** Waits (a few ticks at most) until check() holds. */
const until = async (check: () => boolean) => {
  for (let i = 0; i < 50 && !check(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(check()).toBe(true);
};

beforeEach(() => call.mockReset());

describe('startTypes on a connection that asks for its password', () => {
  it('prompts, maps and lists the schemas with that password, and keeps it nowhere in the store', async () => {
    call.mockImplementation(async (method: string) => (method === 'types.introspect' ? report : { schemas: ['public', 'sales'], current: 'public' }));
    const store = newStore();
    const done = store.getState().startTypes('c1', true);
    expect(store.getState().passwordRequest).toEqual({ connectionId: 'c1', action: 'types' });
    expect(call).not.toHaveBeenCalled();
    store.getState().answerPassword('typed-pw-1');
    await done;
    expect(call.mock.calls.map(([m, input]) => [m, input.password])).toEqual([
      ['types.introspect', 'typed-pw-1'],
      ['types.schemas', 'typed-pw-1'],
    ]);
    expect(store.getState().types.c1).toMatchObject({ status: 'done', report, schemas: ['public', 'sales'], schema: 'public', error: null });
    expect(JSON.stringify(store.getState())).not.toContain('typed-pw-1');
  });

  it('Cancel maps nothing and shows no error', async () => {
    const store = newStore();
    const done = store.getState().startTypes('c1', true, 'sales');
    store.getState().answerPassword(null);
    await done;
    expect(call).not.toHaveBeenCalled();
    expect(store.getState().types.c1).toBeUndefined();
  });

  it('a connection with its password saved maps without a prompt, and sends no password', async () => {
    call.mockResolvedValue(report);
    const store = newStore();
    store.setState({ types: { c2: { status: 'idle', report: null, error: null, progress: null, jobId: null, schemas: ['public'], schemasError: null, schema: 'public' } } });
    await store.getState().startTypes('c2', false);
    expect(store.getState().passwordRequest).toBeNull();
    expect(call).toHaveBeenCalledTimes(1);
    expect(call.mock.calls[0]![1]).toEqual({ id: 'c2', jobId: expect.any(String), schema: 'public' });
  });
});

describe('runTypes when the SSH tunnel names a secret', () => {
  it('asks for it, hands it to the main process and maps again with the same password', async () => {
    const introspect = vi.fn().mockRejectedValueOnce(sshFailure).mockResolvedValueOnce(report);
    call.mockImplementation(async (method: string, input: unknown) => (method === 'types.introspect' ? introspect(input) : method === 'types.schemas' ? { schemas: ['public'], current: 'public' } : { kept: true }));
    const store = newStore();
    const done = store.getState().runTypes('c1', null, { password: 'typed-pw-2' });
    await until(() => store.getState().sshSecretRequest !== null);
    expect(store.getState().sshSecretRequest).toEqual({ connectionId: 'c1', action: 'types', need });
    // Behind the prompt the section is calm: no failure banner.
    expect(store.getState().types.c1).toMatchObject({ status: 'cancelled', error: null });
    store.getState().answerSshSecret({ secret: 'k3y-phrase', remember: false });
    await done;
    expect(call).toHaveBeenCalledWith('ssh.setSecret', { secretKey: need.key, secret: 'k3y-phrase', remember: false });
    expect(introspect).toHaveBeenCalledTimes(2);
    expect(introspect.mock.calls[1]![0]).toMatchObject({ id: 'c1', password: 'typed-pw-2' });
    expect(store.getState().types.c1).toMatchObject({ status: 'done', report, error: null });
  });

  it('Cancel on the SSH prompt leaves a calm state; after the last attempt the failure shows', async () => {
    call.mockImplementation(async (method: string) => {
      if (method === 'types.introspect') throw sshFailure;
      return { kept: true };
    });
    const store = newStore();
    const cancelled = store.getState().runTypes('c1');
    await until(() => store.getState().sshSecretRequest !== null);
    store.getState().answerSshSecret(null);
    await cancelled;
    expect(store.getState().types.c1).toMatchObject({ status: 'cancelled', error: null });

    // Every answer refused: asked SSH_SECRET_ATTEMPTS times, then the named failure is shown.
    const answering = setInterval(() => store.getState().sshSecretRequest && store.getState().answerSshSecret({ secret: 'wrong', remember: false }), 1);
    await store.getState().runTypes('c1');
    clearInterval(answering);
    expect(call.mock.calls.filter(([m]) => m === 'ssh.setSecret')).toHaveLength(3);
    expect(store.getState().types.c1).toMatchObject({ status: 'error', error: { code: 'SSH_ERROR' } });
  });
});
