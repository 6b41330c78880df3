import { describe, expect, it } from 'vitest';
import { formatAgo, formatCount, formatDateTime, formatTime, formatTimeMs } from './format';

// A fixed instant in local time, so the expectations do not depend on the machine's time zone.
const at = new Date(2026, 11, 4, 21, 5, 9, 42);

describe('one formatter for the whole UI (Intl, the user locale)', () => {
  it('formats times with the locale hour cycle, the same in every view', () => {
    expect(formatTime(at, 'en-GB')).toBe('21:05:09');
    expect(formatTime(at.toISOString(), 'en-GB')).toBe('21:05:09');
    expect(formatTime(at, 'en-US')).toMatch(/^9:05:09\s?PM$/);
    expect(formatTime(at, 'de-DE')).toBe('21:05:09');
  });

  it('adds milliseconds for event logs without changing the hour cycle', () => {
    expect(formatTimeMs(at, 'en-GB')).toBe('21:05:09.042');
    expect(formatTimeMs(at.getTime(), 'en-US')).toMatch(/^9:05:09\.042\s?PM$/);
  });

  it('formats a date and time compactly', () => {
    expect(formatDateTime(at, 'en-GB')).toBe('04/12/2026, 21:05');
    expect(formatDateTime(at, 'de-DE')).toBe('04.12.2026, 21:05');
  });

  it('groups large counts with the locale separators', () => {
    expect(formatCount(430808, 'en-US')).toBe('430,808');
    expect(formatCount(430808, 'de-DE')).toBe('430.808');
    expect(formatCount(12.6, 'en-US')).toBe('13');
    expect(formatCount(0.5, 'en-US', 1)).toBe('0.5');
  });

  it('says how long ago a test ran, in the locale words', () => {
    const now = at.getTime();
    expect(formatAgo(now - 12_000, now, 'en-US')).toBe('12 seconds ago');
    expect(formatAgo(now - 3 * 60_000, now, 'en-US')).toBe('3 minutes ago');
    expect(formatAgo(now - 2 * 3_600_000, now, 'de-DE')).toBe('vor 2 Stunden');
    expect(formatAgo(now - 86_400_000, now, 'en-US')).toBe('yesterday');
  });
});
