import { describe, expect, it } from 'vitest';
import type { VerifySideDto } from '../../shared/verify-types';
import { compareSides } from './compare';

const side = (o: Partial<VerifySideDto>): VerifySideDto => ({
  state: 'done',
  poolClass: 'AsyncAdaptedQueuePool',
  elapsedSec: 3,
  checkouts: 100,
  completed: 100,
  errors: 0,
  errorsByKind: {},
  wait: { count: 100, p50: 10, p99: 50, max: 60 },
  peakCheckedOut: 5,
  peakWaiting: 0,
  samples: [],
  ...o,
});

const verdicts = (a: Partial<VerifySideDto>, b: Partial<VerifySideDto>) => Object.fromEntries(compareSides(side(a), side(b)).map((r) => [r.key, r.verdict]));

describe('the comparison of a real SQLAlchemy run with Poolscope\'s', () => {
  it('equal runs are the same on every row, with a pool timeout row even when neither side timed out', () => {
    const v = verdicts({}, {});
    expect(v).toEqual({ checkouts: 'same', completed: 'same', errors: 'same', 'errors.pool timeout': 'same', peakCheckedOut: 'same', 'wait.p50': 'same', 'wait.p99': 'same' });
  });

  it('an error kind on one side only is a difference however small; counts of both sides within tolerance are not', () => {
    expect(verdicts({ errors: 1, errorsByKind: { 'pool timeout': 1 } }, {})['errors.pool timeout']).toBe('differs');
    expect(verdicts({ errors: 30, errorsByKind: { 'pool timeout': 30 } }, { errors: 22, errorsByKind: { 'pool timeout': 22 } })['errors.pool timeout']).toBe('within');
    expect(verdicts({ errors: 30, errorsByKind: { 'pool timeout': 30 } }, { errors: 10, errorsByKind: { 'pool timeout': 10 } })['errors.pool timeout']).toBe('timing');
    expect(verdicts({ errors: 5, errorsByKind: { query: 5 } }, { errors: 5, errorsByKind: { disconnect: 5 } })).toMatchObject({ errors: 'same', 'errors.query': 'differs', 'errors.disconnect': 'differs' });
  });

  it('throughput within a quarter and waits within 25 ms or 35% are within tolerance; beyond, they are timing differences', () => {
    expect(verdicts({ checkouts: 100 }, { checkouts: 80 }).checkouts).toBe('within');
    expect(verdicts({ checkouts: 100 }, { checkouts: 70 }).checkouts).toBe('timing');
    expect(verdicts({ wait: { count: 1, p50: 10, p99: 200, max: 1 } }, { wait: { count: 1, p50: 30, p99: 260, max: 1 } })).toMatchObject({ 'wait.p50': 'within', 'wait.p99': 'within' });
    expect(verdicts({ wait: { count: 1, p50: 10, p99: 200, max: 1 } }, { wait: { count: 1, p50: 40, p99: 400, max: 1 } })).toMatchObject({ 'wait.p50': 'timing', 'wait.p99': 'timing' });
    expect(verdicts({ peakCheckedOut: 5 }, { peakCheckedOut: 7 }).peakCheckedOut).toBe('differs');
  });
});
