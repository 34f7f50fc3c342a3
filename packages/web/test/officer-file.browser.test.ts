// The officer's screens in a real Chromium: a declaration lodged through the API appears in the
// worklist with its lane, and its page shows items, taxes, lane, reasons and timeline, in
// French, then in English after the switch. Screenshots of both languages go to artifacts/.
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

describe('officer worklist and file page in Chromium', { skip: skipWithoutChromium }, () => {
  let product: Product;
  let id = '';
  let reference = '';
  before(async () => {
    product = await startProduct();
    await activateDemoRuleSet(product);
    // Cigarettes: the demonstration rule set's C-CIGARETTES criterion hits them.
    const declaration = aDeclaration({
      items: [
        {
          tariffLine: '2402200000',
          description: 'Cigarettes containing tobacco',
          origin: 'AE',
          customsValue: '8000',
          netMass: '500',
          supplementaryQuantity: '500',
          supplementaryUnit: 'KG',
          packages: 50,
        },
      ],
    });
    const lodged = await product.api('POST', '/api/declarations', declaration);
    assert.equal(lodged.status, 201, JSON.stringify(lodged.body));
    id = (lodged.body as { id: string }).id;
    reference = declaration.reference;
  });
  after(async () => {
    await product.close();
  });

  it('lists the declaration in the worklist with its lane, and filters by office and status', async () => {
    const page = await product.newPage();
    await page.goto(`${product.base}/#/worklist`);
    await page.getByRole('heading', { name: 'Liste de travail du bureau' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(reference) });
    await row.waitFor();
    assert.match(await row.innerText(), /Sénégal Import SA/);
    assert.match(await row.innerText(), /Rouge|Jaune|Bleu|Vert/);
    await page.getByLabel('Bureau', { exact: true }).selectOption('SNDKR1');
    await page.getByLabel('Statut', { exact: true }).selectOption('cancelled');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('Aucune déclaration ne correspond à ces filtres.').waitFor();
    assert.match(page.url(), /office=SNDKR1&status=cancelled/);
    await page.getByRole('button', { name: 'Effacer' }).click();
    await row.waitFor();
    await screenshot(page, 'worklist-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Office worklist' }).waitFor();
    await screenshot(page, 'worklist-en');
    await page.context().close();
  });

  it('shows the file: items, taxes, lane with reasons and score, timeline; in French then English', async () => {
    const page = await product.newPage();
    await page.goto(`${product.base}/#/files/${id}`);
    await page.getByRole('heading', { name: `Dossier ${reference}` }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await page.getByText("Cigarettes : droits d'accise élevés, risque de fraude sur les quantités").waitFor();
    await page.getByRole('table', { name: 'Critères atteints' }).waitFor();
    assert.match(
      await page
        .getByRole('table', { name: 'Articles de la déclaration' })
        .getByRole('row', { name: /2402200000/ })
        .innerText(),
      /Cigarettes containing tobacco/,
    );
    await page.getByRole('heading', { name: 'Droits et taxes' }).waitFor();
    await page.getByText('Déclaration déposée').waitFor();
    await screenshot(page, 'file-fr');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: `File ${reference}` }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByText('Cigarettes: high excise duties, risk of quantity fraud').waitFor();
    await page.getByText('Declaration lodged').waitFor();
    await screenshot(page, 'file-en');
    await page.context().close();
  });
});
