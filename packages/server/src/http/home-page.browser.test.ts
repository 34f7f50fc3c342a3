// The home page as a user sees it, in a real headless Chromium (Debian's `chromium`), in French
// and in English, with a screenshot of each saved under artifacts/. Without Chromium the test
// skips and says how to run it; .ci/run installs it and sets ANTICIPA_REQUIRE_CHROMIUM=1, under
// which its absence is a failure.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { aDeclaration } from '@anticipa/core/testing';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const required = process.env['ANTICIPA_REQUIRE_CHROMIUM'] === '1';
const skip =
  !existsSync(chromium) && !required
    ? `no Chromium at ${chromium}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH to run the browser tests`
    : false;
const artifacts = fileURLToPath(new URL('../../../../artifacts/', import.meta.url));
const run = promisify(execFile);

/** Runs headless Chromium on a URL with the flags this closed network needs; returns stdout. */
async function headless(profile: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

describe('home page in Chromium', { skip }, () => {
  let t: TestApp;
  let base = '';
  let profile = '';
  before(async () => {
    assert.ok(existsSync(chromium), `ANTICIPA_REQUIRE_CHROMIUM=1 but no Chromium at ${chromium}`);
    t = await createTestApp();
    await t.anticipa.declarations.lodge(aDeclaration());
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    profile = await mkdtemp(join(tmpdir(), 'anticipa-chromium-'));
    await mkdir(artifacts, { recursive: true });
  });
  after(async () => {
    await t.close();
    await rm(profile, { recursive: true, force: true });
  });

  const cases = [
    {
      lang: 'fr',
      says: ['Inspections anticipées', 'Bureaux de douane', 'Documentation de l’API'],
      link: 'English',
    },
    {
      lang: 'en',
      says: ['Anticipated inspections', 'Customs offices', 'API documentation'],
      link: 'Français',
    },
  ] as const;

  for (const { lang, says, link } of cases) {
    it(`renders in ${lang === 'fr' ? 'French' : 'English'}, with the count and offices, and a switch to the other language`, async () => {
      const url = `${base}/?lang=${lang}`;
      const dom = await headless(profile, '--dump-dom', url);
      assert.match(dom, new RegExp(`<html lang="${lang}"`));
      for (const words of says) assert.ok(dom.includes(words), `"${words}" not on the ${lang} page`);
      assert.match(dom, /<strong>1<\/strong>/);
      assert.ok(dom.includes('SNDKR1: Dakar Port'));
      assert.ok(dom.includes(`>${link}</a>`));
      const screenshot = join(artifacts, `home-${lang}.png`);
      await headless(profile, `--screenshot=${screenshot}`, '--window-size=1024,700', url);
      assert.ok(existsSync(screenshot), 'no screenshot was written');
    });
  }
});
