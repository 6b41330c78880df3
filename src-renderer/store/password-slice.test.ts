import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { createPasswordSlice, type PasswordSlice } from './password-slice';

const newStore = () => create<PasswordSlice>()(createPasswordSlice as never);

describe('requestPassword', () => {
  it('shows what is asked for, resolves with the answer, and keeps no password in the store', async () => {
    const store = newStore();
    const asked = store.getState().requestPassword('c1', 'checks');
    expect(store.getState().passwordRequest).toEqual({ connectionId: 'c1', action: 'checks' });
    store.getState().answerPassword('s3cret-pw');
    expect(await asked).toBe('s3cret-pw');
    expect(store.getState().passwordRequest).toBeNull();
    expect(JSON.stringify(store.getState())).not.toContain('s3cret-pw');
  });

  it('Cancel resolves with null', async () => {
    const store = newStore();
    const asked = store.getState().requestPassword('c1', 'test');
    store.getState().answerPassword(null);
    expect(await asked).toBeNull();
  });

  it('a new request replaces an open one, which resolves with null', async () => {
    const store = newStore();
    const first = store.getState().requestPassword('c1', 'pool');
    const second = store.getState().requestPassword('c2', 'test');
    expect(await first).toBeNull();
    expect(store.getState().passwordRequest).toEqual({ connectionId: 'c2', action: 'test' });
    store.getState().answerPassword('pw');
    expect(await second).toBe('pw');
  });
});
