/**
 * Test support for the end-to-end tests: the real server (in-process, over a throwaway
 * database, serving the built web application) on a free port, and Debian's headless Chromium
 * driven by playwright-core. Without Chromium the tests skip and say how to run them; CI
 * installs it and sets ANTICIPA_REQUIRE_CHROMIUM=1, under which its absence is a failure.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Role } from '@anticipa/core';
import {
  createTestApp,
  sessionCookie,
  type TestApp,
  type TestPrincipalScope,
} from '@anticipa/server/testing';

export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const required = process.env['ANTICIPA_REQUIRE_CHROMIUM'] === '1';

/** `skip` for node:test: a reason when Chromium is absent and not required, else false. */
export const skipWithoutChromium: string | false =
  !existsSync(chromiumPath) && !required
    ? `no Chromium at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH to run the browser tests`
    : false;

const webRoot = fileURLToPath(new URL('../dist/', import.meta.url));
const artifacts = fileURLToPath(new URL('../../../artifacts/', import.meta.url));
const demoRuleSet = fileURLToPath(new URL('../../server/reference/rule-sets/demo.json', import.meta.url));

export interface Product {
  readonly t: TestApp;
  readonly base: string;
  readonly browser: Browser;
  /**
   * A new page at a desktop size, French unless told otherwise, signed in as a new user of the
   * role `as` (an administrator by default; `null`: not signed in, the sign-in form shows).
   */
  newPage(options?: {
    locale?: string;
    width?: number;
    height?: number;
    as?: Role | null;
    scope?: TestPrincipalScope;
    /** The user's name (a fresh one by default). */
    username?: string;
  }): Promise<Page>;
  /** Calls the API from outside, as a broker's system or an analyst's script would (an administrator's key by default). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Starts the product: server (throwaway database, the built web application) and Chromium. */
export async function startProduct(): Promise<Product> {
  assert.ok(existsSync(chromiumPath), `ANTICIPA_REQUIRE_CHROMIUM=1 but no Chromium at ${chromiumPath}`);
  assert.ok(
    existsSync(join(webRoot, 'index.html')),
    'the web application is not built: run npm run build:web (scripts/run-tests.mjs builds it first)',
  );
  const t = await createTestApp({ webRoot, defaultLocale: 'fr' });
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await mkdir(artifacts, { recursive: true });
  return {
    t,
    base,
    browser,
    async newPage({
      locale = 'fr-FR',
      width = 1280,
      height = 900,
      as = 'administrator',
      scope = {},
      username,
    } = {}) {
      const context = await browser.newContext({ locale, viewport: { width, height }, timezoneId: 'UTC' });
      if (as !== null) {
        const session = await t.signIn(as, username === undefined ? scope : { ...scope, username });
        await context.addCookies([{ name: sessionCookie, value: session.token, url: base }]);
      }
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return page;
    },
    async api(method, path, body, headers = { authorization: `Bearer ${t.adminKey}` }) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** Saves and activates the demonstration rule set through the API; returns its version. */
export async function activateDemoRuleSet(product: Product): Promise<number> {
  const document = JSON.parse(await readFile(demoRuleSet, 'utf8')) as unknown;
  // Four eyes: an analyst's system saves it, a supervisor's activates it.
  const saved = await product.api('POST', '/api/rule-sets', document, await product.t.as('risk_analyst'));
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  const version = (saved.body as { version: number }).version;
  const activated = await product.api(
    'POST',
    `/api/rule-sets/${version}/activation`,
    {},
    await product.t.as('supervisor'),
  );
  assert.equal(activated.status, 201, JSON.stringify(activated.body));
  return version;
}

/** Saves a screenshot of the page under artifacts/ and checks that it was written. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  assert.ok(existsSync(path), `no screenshot at ${path}`);
}
