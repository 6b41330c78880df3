/**
 * The one way Poolscope opens a link outside the app: http and https only, handed to the OS.
 * Everything else (file:, javascript:, custom schemes) is refused.
 */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function makeExternalOpener(open: (url: string) => Promise<void>): (url: string) => Promise<void> {
  return async (url) => {
    if (!isSafeExternalUrl(url)) throw new Error(`Refused to open ${url.slice(0, 80)}: only http(s) links are opened.`);
    await open(url);
  };
}
