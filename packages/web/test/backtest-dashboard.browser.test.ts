// The backtest and the national dashboard in a real Chromium: an analyst backtests a candidate
// over the files lodged, follows its progress bar and reads the report's charts and table; the
// dashboard shows the lanes assigned per day, in French and in English.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration } from '@anticipa/core/testing';
import {
  activateDemoRuleSet,
  screenshot,
  skipWithoutChromium,
  startProduct,
  type Product,
} from './browser-support.ts';

describe('backtest and dashboard in Chromium', { skip: skipWithoutChromium }, () => {
  let product: Product;
  let version = 0;
  before(async () => {
    product = await startProduct();
    version = await activateDemoRuleSet(product);
    for (let n = 0; n < 3; n += 1) {
      const lodged = await product.api('POST', '/api/declarations', aDeclaration());
      assert.equal(lodged.status, 201, JSON.stringify(lodged.body));
    }
  });
  after(async () => {
    await product.close();
  });

  it('runs a backtest with a progress bar and shows its report as charts and a table', async () => {
    const page = await product.newPage();
    await page.goto(`${product.base}/#/backtest?candidate=${version}`);
    await page.getByRole('heading', { name: 'Rétro-test d’un jeu de règles candidat' }).waitFor();
    await page
      .getByLabel('Version candidate')
      .locator(`option[value="${version}"]`)
      .waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Lancer le rétro-test' }).click();
    await page.getByRole('progressbar', { name: 'Avancement' }).waitFor();
    await page.getByRole('heading', { name: 'Rapport' }).waitFor();
    assert.equal(await page.getByTestId('files').innerText(), '3');
    assert.equal((await page.locator('canvas[role="img"]').count()) >= 2, true);
    await page.getByRole('table', { name: 'Comparaison du jeu en vigueur et du candidat' }).waitFor();
    await screenshot(page, 'backtest-fr');
    await page.context().close();
  });

  it('shows the lanes assigned per day for an office, in French and English', async () => {
    const page = await product.newPage();
    await page.goto(`${product.base}/#/dashboard?office=SNDKR1&to=2026-03-01`);
    await page.getByRole('heading', { name: 'Tableau de bord national' }).waitFor();
    await page.getByTestId('assessed-total').waitFor();
    assert.equal(await page.getByTestId('assessed-total').innerText(), '3');
    await screenshot(page, 'dashboard-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'National dashboard' }).waitFor();
    await page.getByText('Over the period').waitFor();
    await screenshot(page, 'dashboard-en');
    await page.context().close();
  });
});
