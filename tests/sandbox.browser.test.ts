import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSandboxExamples } from '../gateway/src/plugins/sandbox-examples.js';
import { fromRoot } from '../scripts/paths.js';
import { devToken, graphql, startGraph, type RunningGraph } from './support/graph.js';

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

const examples = readSandboxExamples(fromRoot('schema', 'sandbox-examples.json'));

/** CodeMirror renders only the visible lines, so editors are read through their instance, not the DOM text. */
function editorValue(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
}
const RESPONSE = '.graphiql-response .CodeMirror';
const QUERY = '.graphiql-query-editor .CodeMirror';
// The editor tools hold the variables editor, then the headers editor (hidden or not).
const HEADERS = '.graphiql-editor-tool .graphiql-editor >> nth=1 >> .CodeMirror';

const SUBSCRIPTION = /^subscription\b/m;

/** The bar's line about the subscription running or last run. */
const liveStatus = (page: Page) => page.locator('.sandbox-live');

/** The subject of the token in the headers editor, or null when none is there. */
async function signedInAs(page: Page): Promise<string | null> {
  const text = await editorValue(page, HEADERS);
  const authorization = text.trim() ? (JSON.parse(text) as Record<string, string>).Authorization : undefined;
  if (!authorization) return null;
  return (JSON.parse(Buffer.from(authorization.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
}

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
    // The examples' inert JSON holds links residents would send (a report's photos); the page itself loads none.
    const markup = html.replace(/<script type="application\/json" id="sandbox-config">[^<]*<\/script>/, '');
    expect(markup).not.toBe(html);
    const foreign = [...markup.matchAll(/https?:\/\/[^\s"'`<>()\\]+/g)]
      .map(([url]) => url)
      .filter((url) => !URL.canParse(url) || new URL(url).host !== origin.host);
    expect(foreign).toEqual([]);

    const script = await fetch(new URL('/sandbox/graphiql.min.js', origin));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=86400');
    await script.arrayBuffer();
  });

  test('after signing in from the panel, every preloaded tab runs as loaded, each as the identity it needs', async () => {
    const origin = new URL(graph.gatewayUrl).origin;
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(graph.gatewayUrl);
      await page.locator(QUERY).waitFor();

      // One tab per operation, titled by it, in the examples' order; the first opens first.
      const tabs = page.locator('.graphiql-tab-button');
      const names = examples.operations.map((example) => example.operation);
      await expect.poll(() => tabs.allInnerTexts()).toEqual(names);
      expect(await page.locator('.graphiql-tab-active .graphiql-tab-button').innerText()).toBe(names[0]);

      const identity = page.getByLabel('Sign in (development only)');
      const chooseIdentity = async (id: string) => {
        const { sub } = examples.identities.find((candidate) => candidate.id === id)!;
        await identity.selectOption(id);
        await expect.poll(() => signedInAs(page), { message: `headers carry a token for ${sub}` }).toBe(sub);
        return sub;
      };
      let current = await chooseIdentity('demo-resident-kyiv-1');

      const execute = page.locator('.graphiql-execute-button');
      for (const [index, example] of examples.operations.entries()) {
        if (index > 0) await tabs.nth(index).click();
        await expect.poll(() => page.locator('.graphiql-tab-active .graphiql-tab-button').innerText()).toBe(example.operation);
        // GraphiQL reads the operation's name from the editor shortly after the tab opens.
        await expect.poll(() => page.locator(QUERY).evaluate((element) => (element as unknown as { CodeMirror: { operationName: string | null } }).CodeMirror.operationName)).toBe(example.operation);
        // Each tab keeps its own headers: the panel writes the chosen token into every tab it opens.
        if (example.signIn) current = await chooseIdentity(example.signIn);
        else await expect.poll(() => signedInAs(page)).toBe(current);

        const answered = page.waitForResponse((response) => {
          const request = response.request();
          return request.method() === 'POST' && new URL(request.url()).pathname === '/graphql' && request.postDataJSON()?.operationName === example.operation;
        });
        await execute.click();
        const response = await answered;
        const claims = JSON.parse(Buffer.from(response.request().headers().authorization!.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string };
        expect(claims.sub, example.operation).toBe(current);
        if (SUBSCRIPTION.test(await editorValue(page, QUERY))) {
          // Over Server-Sent Events, admitted (a refusal would end the stream at once), until stopped;
          // the test below watches one deliver events.
          expect(response.request().headers().accept, example.operation).toBe('text/event-stream');
          expect(response.status(), example.operation).toBe(200);
          expect(response.headers()['content-type'], example.operation).toMatch(/^text\/event-stream/);
          await liveStatus(page).filter({ hasText: `${example.operation}: subscribed over Server-Sent Events, waiting` }).waitFor();
          await execute.click();
          await liveStatus(page).filter({ hasText: `${example.operation}: the subscription ended` }).waitFor();
          continue;
        }
        const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
        expect(body.errors, `${example.operation}: ${JSON.stringify(body.errors)}`).toBeUndefined();
        expect(body.data, example.operation).toBeTruthy();
        for (const [field, value] of Object.entries(body.data!)) expect(value, `${example.operation}.${field}`).not.toBeNull();
        // And the answer is what GraphiQL shows.
        await expect.poll(() => editorValue(page, RESPONSE)).toContain('"data"');
      }

      expect(pageErrors).toEqual([]);
      // data: URLs (GraphiQL's inlined fonts) never touch the network.
      const outside = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
      expect(outside).toEqual([]);
      expect(requests.some((url) => url.endsWith('/sandbox/graphiql.min.js'))).toBe(true);
      expect(requests.some((url) => url.endsWith('/sandbox/token'))).toBe(true);
    } finally {
      await context.close();
    }
  });

  test('a subscription tab shows each event as it arrives, over Server-Sent Events', async () => {
    const example = examples.operations.find((candidate) => candidate.operation === 'PetitionLive')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(graph.gatewayUrl);
      await page.locator(QUERY).waitFor();
      await page.locator('.graphiql-tab-button', { hasText: /^PetitionLive$/ }).click();
      await expect.poll(() => page.locator(QUERY).evaluate((element) => (element as unknown as { CodeMirror: { operationName: string | null } }).CodeMirror.operationName)).toBe('PetitionLive');
      const stream = page.waitForResponse((response) => response.request().postDataJSON()?.operationName === 'PetitionLive');
      await page.locator('.graphiql-execute-button').click();
      expect((await stream).status()).toBe(200);
      await liveStatus(page).filter({ hasText: 'PetitionLive: subscribed over Server-Sent Events, waiting' }).waitFor();

      // Residents sign elsewhere (the app); each signature is an event the open tab shows.
      const signatures: number[] = [];
      for (const [n, sub] of ['browser-live-1', 'browser-live-2'].entries()) {
        const signed = await graphql(graph.gatewayUrl, 'mutation Sign($id: ID!) { signPetition(id: $id, channel: MOBILE_APP) { petition { signatureCount } } }', example.variables, {
          authorization: `Bearer ${await devToken(sub)}`,
        });
        expect(signed.errors).toBeUndefined();
        signatures.push(signed.data.signPetition.petition.signatureCount);
        await liveStatus(page).filter({ hasText: `PetitionLive: ${n + 1} event${n ? 's' : ''} over Server-Sent Events` }).waitFor();
        await expect.poll(async () => JSON.parse(await editorValue(page, RESPONSE)).data?.petitionChanged?.signatureCount).toBe(signatures[n]);
      }
      expect(signatures[1]).toBe(signatures[0]! + 1);
      // Fields from other subgraphs arrive with each event (the initiator's name comes from the registry).
      expect(JSON.parse(await editorValue(page, RESPONSE)).data.petitionChanged.initiatorOrganization.name).toEqual(expect.any(String));

      // The execute button stops it, and the stream closes.
      await page.locator('.graphiql-execute-button').click();
      await liveStatus(page).filter({ hasText: 'PetitionLive: the subscription ended after 2 events.' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('says so on the page when it cannot reach the gateway, until it can again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(graph.gatewayUrl);
      await page.locator(QUERY).waitFor();
      const banner = page.getByRole('alert').filter({ hasText: 'cannot reach the gateway' });
      expect(await banner.count()).toBe(0);

      // The gateway as gone as a stopped process: the browser gets no answer at all.
      await context.route('**/graphql', (route) => route.abort('connectionrefused'));
      await page.locator('.graphiql-execute-button').click();
      await banner.waitFor();
      expect(await banner.innerText()).toContain(new URL(graph.gatewayUrl).host);

      await context.unroute('**/graphql');
      await banner.waitFor({ state: 'detached', timeout: 20_000 });
    } finally {
      await context.close();
    }
  });
});
