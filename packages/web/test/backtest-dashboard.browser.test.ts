// The backtest and the national dashboard in a real Chromium: an analyst backtests a candidate
// over the files lodged, follows its progress bar and reads the report's charts and table; the
// dashboard shows the lanes assigned per day, in French and in English, and the B/Ls not
// written off weeks after their ship arrived, per office.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
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

  it('shows write-off ageing per office: a chart, a table by age band, the office’s B/Ls', async () => {
    // A B/L no declaration cites, its ship arrived 45 days before the server's clock (1 March).
    const [template] = aManifest().billsOfLading;
    assert.ok(template);
    const manifest = await product.api(
      'POST',
      '/api/manifests',
      aManifest({
        reference: 'MAN-AGEING-1',
        billsOfLading: [{ ...template, number: 'AGEING000001', containers: [] }],
        expectedArrival: '2026-01-15T06:00:00Z',
      }),
    );
    assert.equal(manifest.status, 201, JSON.stringify(manifest.body));
    const arrived = await product.api(
      'POST',
      `/api/manifests/${(manifest.body as { id: string }).id}/arrival`,
      { meansArrivedAt: '2026-01-15T06:00:00Z' },
    );
    assert.equal(arrived.status, 200, JSON.stringify(arrived.body));

    const page = await product.newPage();
    await page.goto(`${product.base}/#/dashboard?office=SNDKR1&to=2026-03-01`);
    await page.getByRole('heading', { name: 'Apurement : connaissements en souffrance' }).waitFor();
    await page.getByRole('img', { name: /Connaissements non apurés 21 jours après l’arrivée/ }).waitFor();
    const offices = page.getByRole('table', {
      name: 'Connaissements non apurés 21 jours après l’arrivée, par bureau',
    });
    const headers = await offices.locator('thead th').allInnerTexts();
    assert.deepEqual(headers.slice(0, 6), [
      'Bureau',
      'Connaissements',
      '21 à 29 jours',
      '30 à 59 jours',
      '60 à 89 jours',
      '90 jours et plus',
    ]);
    const row = offices.getByRole('row', { name: /^SNDKR1/ });
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 5), ['1', '0', '1', '0', '0']);
    const bill = page.getByTestId('ageing-bills').getByRole('row', { name: /AGEING000001/ });
    assert.match(await bill.innerText(), /MAN-AGEING-1.*15 janv\. 2026\s+45/s);

    // A threshold past its age leaves the B/L out.
    await page.getByLabel('Seuil').selectOption('60');
    await page.getByText('Aucun connaissement en souffrance 60 jours après l’arrivée.').waitFor();
    await page.getByLabel('Seuil').selectOption('21');
    await bill.waitFor();
    await screenshot(page, 'dashboard-ageing-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Write-off: overdue B/Ls' }).waitFor();
    await page
      .getByRole('table', { name: 'B/Ls not written off 21 days after arrival, per office' })
      .waitFor();
    await screenshot(page, 'dashboard-ageing-en');
    await page.context().close();
  });
});
