import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGraph, type RunningGraph } from './support/graph.js';

// playwright-core downloads no browser: the system's Chromium drives the test.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && !process.env.CI) {
  console.warn(`sandbox browser test skipped: no ${CHROMIUM} (apt-get install chromium to run it)`);
}

// In CI a missing browser is a broken environment, not a reason to skip silently.
test.runIf(!hasChromium && Boolean(process.env.CI))('Chromium is installed for the sandbox browser test', () => {
  throw new Error(`${CHROMIUM} is missing: install it (apt-get install -y chromium) so the sandbox browser test runs in CI`);
});

describe.skipIf(!hasChromium)('the sandbox in a browser', () => {
  let graph: RunningGraph;
  let browser: Browser;

  beforeAll(async () => {
    graph = await startGraph();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
  });

  test('the page and its assets come from the gateway alone', async () => {
    const origin = new URL(graph.gatewayUrl);
    const page = await fetch(graph.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>Participation graph — sandbox</title>');
    const foreign = [...html.matchAll(/https?:\/\/[^\s"'`<>()\\]+/g)]
      .map(([url]) => url)
      .filter((url) => !URL.canParse(url) || new URL(url).host !== origin.host);
    expect(foreign).toEqual([]);

    const script = await fetch(new URL('/sandbox/graphiql.min.js', origin));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=86400');
    await script.arrayBuffer();
  });

  test('GraphiQL runs the preloaded CityOverview against the graph', async () => {
    const origin = new URL(graph.gatewayUrl).origin;
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(graph.gatewayUrl);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();

      // A tab is titled after the first operation of its file.
      const tabs = page.locator('.graphiql-tab-button');
      await expect.poll(() => tabs.allInnerTexts()).toContain('CityOverview');
      // It opens first; clicking a tab would reload its editors and hide a wrong first load.
      const active = await page.locator('.graphiql-tab-active .graphiql-tab-button').innerText();
      if (active !== 'CityOverview') await tabs.filter({ hasText: /^CityOverview$/ }).click();
      // The city file holds two operations, so the button offers a menu of them.
      const execute = page.locator('.graphiql-execute-button');
      const offersMenu = (await execute.getAttribute('aria-haspopup')) === 'menu';
      await execute.click();
      if (offersMenu) await page.getByRole('menuitem', { name: 'CityOverview' }).click();

      // CodeMirror renders only the visible lines, so read the editor's value, not the DOM text.
      const response = page.locator('.graphiql-response .CodeMirror');
      const responseText = () =>
        response.evaluate((element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
      await expect.poll(responseText, { timeout: 30_000 }).toContain('"petitionStats"');
      const text = await responseText();
      expect(text).toMatch(/Київ|Kyiv/);
      // No errors also proves the tab's variables reached the request: $city is required.
      expect(text).not.toContain('"errors"');

      expect(pageErrors).toEqual([]);
      // data: URLs (GraphiQL's inlined fonts) never touch the network.
      const outside = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
      expect(outside).toEqual([]);
      expect(requests.some((url) => url.endsWith('/sandbox/graphiql.min.js'))).toBe(true);
    } finally {
      await context.close();
    }
  });
});
