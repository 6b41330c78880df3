import { test, expect } from '../fixtures/serve';

/** What serve mode sends: a minified, compressed renderer with long caching for hashed assets, and a favicon. */
test('assets are minified, compressed (br, gzip) and cached; the page is not cached; the favicon exists', async ({ page, request, serve }) => {
  const html = await request.get(serve.url, { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(html.status()).toBe(200);
  expect(html.headers()['cache-control']).toBe('no-store');
  const script = /src="\.\/(assets\/index-[\w-]+\.js)"/.exec(await html.text())![1]!;

  const br = await request.get(`${serve.origin}/${script}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
  expect(br.headers()['content-encoding']).toBe('br');
  expect(br.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(br.headers()['vary']).toBe('Accept-Encoding');
  const sent = Number(br.headers()['content-length']);
  const js = await br.text(); // decoded by the client
  expect(sent).toBeLessThan(js.length / 3);
  // Minified: a few very long lines, not thousands of indented ones.
  expect(js.split('\n').length).toBeLessThan(200);

  const gz = await request.get(`${serve.origin}/${script}`, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gz.headers()['content-encoding']).toBe('gzip');
  expect(await gz.text()).toBe(js);
  const plain = await request.get(`${serve.origin}/${script}`, { headers: { 'Accept-Encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect(Number(plain.headers()['content-length'])).toBe(Buffer.byteLength(js));

  // The page asks for the favicon it names, and gets it.
  const icons: number[] = [];
  page.on('response', (r) => {
    if (/favicon/.test(r.url())) icons.push(r.status());
  });
  await page.goto(serve.url);
  await expect(page.getByTestId('app')).toBeVisible();
  const icon = await request.get(`${serve.origin}/favicon.svg`);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/svg+xml');
  expect(icons.every((s) => s === 200)).toBe(true);
});
