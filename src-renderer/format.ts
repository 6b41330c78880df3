/**
 * One place for dates, times and numbers in the UI: Intl in the user's locale (the browser's or the
 * OS's), so Load runs, the event log, checks and exports all read the same way. `locale` is for
 * tests; the UI leaves it out. Formatters are built once per locale and option set.
 */
type When = Date | string | number;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dtf(locale: string | undefined, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale ?? ''}|${JSON.stringify(opts)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

function nf(locale: string | undefined, digits: number): Intl.NumberFormat {
  const key = `n|${locale ?? ''}|${digits}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return f;
}

const toDate = (w: When) => (w instanceof Date ? w : new Date(w));

/** 21:05:09 or 9:05:09 PM, as the locale writes it. */
export function formatTime(w: When, locale?: string): string {
  return dtf(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(toDate(w));
}

/** formatTime with milliseconds, for event logs. */
export function formatTimeMs(w: When, locale?: string): string {
  return dtf(locale, { hour: 'numeric', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 }).format(toDate(w));
}

/** A date and time to the minute. */
export function formatDateTime(w: When, locale?: string): string {
  return dtf(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' }).format(toDate(w));
}

/** A count or rate with the locale's grouping (430,808), rounded to `digits` decimals. */
export function formatCount(n: number, locale?: string, digits = 0): string {
  return nf(locale, digits).format(n);
}

/** "3 minutes ago", "yesterday": how long ago `w` was, from `now`, in the locale's words. */
export function formatAgo(w: When, now: When = Date.now(), locale?: string): string {
  const secs = Math.round((toDate(now).getTime() - toDate(w).getTime()) / 1000);
  const key = `r|${locale ?? ''}`;
  let f = cache.get(key) as unknown as Intl.RelativeTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })) as unknown as Intl.NumberFormat);
  const abs = Math.abs(secs);
  if (abs < 60) return f.format(-Math.max(1, secs), 'second');
  if (abs < 3600) return f.format(-Math.round(secs / 60), 'minute');
  if (abs < 86_400) return f.format(-Math.round(secs / 3600), 'hour');
  return f.format(-Math.round(secs / 86_400), 'day');
}
