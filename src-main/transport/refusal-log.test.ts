import { describe, expect, it } from 'vitest';
import type { Logger } from '../core/logging/logger';
import { cut, refusalLog } from './refusal-log';

function recorder() {
  const lines: Array<{ msg: string; data?: Record<string, unknown> }> = [];
  const logger: Logger = { file: null, debug() {}, info() {}, error() {}, warn: (msg, data) => void lines.push({ msg, ...(data ? { data } : {}) }) };
  return { logger, lines };
}

describe('refusal log', () => {
  it('writes at most `max` lines per window, then one line counting the rest', () => {
    const { logger, lines } = recorder();
    let now = 0;
    const log = refusalLog(logger, { max: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 100; i++) log('websocket refused', { code: 'FORBIDDEN', reason: `#${i}` });
    expect(lines.map((l) => l.data?.reason)).toEqual(['#0', '#1', '#2']);
    now = 1000;
    log('websocket refused', { code: 'FORBIDDEN', reason: 'later' });
    expect(lines.slice(3)).toEqual([
      { msg: 'refused requests not logged', data: { count: 97, windowSeconds: 1 } },
      { msg: 'websocket refused', data: { code: 'FORBIDDEN', reason: 'later' } },
    ]);
  });

  it('cuts each logged value, saying how much was left out', () => {
    const { logger, lines } = recorder();
    refusalLog(logger, { maxChars: 10 })('websocket refused', { reason: 'x'.repeat(14_000), code: 403 });
    expect(lines[0]!.data).toEqual({ reason: `${'x'.repeat(10)}… (13990 more characters)`, code: 403 });
    expect(cut('short', 10)).toBe('short');
  });
});
