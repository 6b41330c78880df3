import { test, expect, fullScreenshot } from '../fixtures/serve';

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

/** The build is split by section: the first load carries the shell and the section it shows, the rest comes on demand. */
test('the first load fetches only the shown section; another section arrives on demand, compressed and cached', async ({ page, serve }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(serve.url);
  await expect(page.getByTestId('panel-overview')).toBeVisible();
  await expect(page.getByTestId('lazy-loading')).toHaveCount(0);
  const chunk = (name: string) => new RegExp(`^/assets/${name}-[\\w-]{8}\\.js$`);
  expect(scripts.some((s) => chunk('index').test(s))).toBe(true);
  expect(scripts.some((s) => chunk('OverviewView').test(s))).toBe(true);
  for (const other of ['PoolView', 'ChecksView', 'MatrixView', 'TypesView', 'ExportView', 'ConnectionForm', 'ImportDialog']) {
    expect(scripts.filter((s) => chunk(other).test(s)), `${other} is not part of the first load`).toEqual([]);
  }

  const poolChunk = page.waitForResponse((r) => chunk('PoolView').test(new URL(r.url()).pathname));
  await page.getByTestId('tab-pool').click();
  const response = await poolChunk;
  expect(response.status()).toBe(200);
  expect(['br', 'gzip']).toContain((await response.allHeaders())['content-encoding']);
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  await expect(page.getByTestId('panel-pool').getByRole('heading').first()).toBeVisible();
  await expect(page.getByTestId('lazy-loading')).toHaveCount(0);

  // Not hashed, so revalidated: a new build's favicon shows at once.
  const icon = await page.request.get(`${serve.origin}/favicon.svg`);
  expect(icon.headers()['cache-control']).toBe('no-cache');
});

/** While a section's code is on its way the panel says so; a chunk that cannot be fetched says what to do. */
test('a section that is still loading shows a labelled status, and one that cannot be fetched offers a reload', async ({ page, serve }) => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/assets\/ExportView-[\w-]{8}\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.route(/\/assets\/MatrixView-[\w-]{8}\.js$/, (route) => route.abort('connectionreset'));
  await page.goto(serve.url);
  await expect(page.getByTestId('panel-overview')).toBeVisible();

  await page.getByTestId('tab-export').click();
  const loading = page.getByTestId('panel-export').getByRole('status');
  await expect(loading).toHaveText('Loading Export…');
  await fullScreenshot(page, 'lazy-section-loading');
  release();
  await expect(page.getByTestId('export-view')).toBeVisible();
  await expect(page.getByTestId('lazy-loading')).toHaveCount(0);

  await page.getByTestId('tab-matrix').click();
  const failed = page.getByTestId('panel-matrix').getByRole('alert');
  await expect(failed).toContainText('Matrix could not be loaded');
  await expect(failed.getByRole('button', { name: 'Reload the page' })).toBeVisible();
  await fullScreenshot(page, 'lazy-section-failed');
  // The rest of the page keeps working: another section still opens.
  await page.getByTestId('tab-overview').click();
  await expect(page.getByTestId('overview')).toBeVisible();
});
