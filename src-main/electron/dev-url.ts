/**
 * The renderer's dev-server URL (`electron-vite dev` sets ELECTRON_RENDERER_URL), or undefined.
 * Its origin becomes trusted for IPC, so it is honoured only in a development build (electron-vite
 * compiles `import.meta.env.DEV` to false in `electron-vite build`, and the check disappears) and
 * only for a plain http URL on this machine: an environment variable must never hand the
 * preload's API to some other page.
 */
export function rendererDevUrl(value: string | undefined, developmentBuild: boolean): string | undefined {
  if (!developmentBuild || !value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return url.protocol === 'http:' && loopback && !url.username && !url.password ? value : undefined;
}
