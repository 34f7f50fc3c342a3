// The risk analyst in a real Chromium: adds a criterion (frozen fish from China → red) to the
// rule set in force, first with a selection percentage out of range (the server's field-level
// message shows next to the field), then corrected; activates the new version; a declaration
// lodged through the API then turns red with that criterion's reason on its file page.
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

describe('analyst adds a criterion in Chromium', { skip: skipWithoutChromium }, () => {
  let product: Product;
  let version = 0;
  before(async () => {
    product = await startProduct();
    version = await activateDemoRuleSet(product);
  });
  after(async () => {
    await product.close();
  });

  it('saves a new version with the criterion, activates it, and a new file turns red with its reason', async () => {
    const page = await product.newPage();
    await page.goto(`${product.base}/#/rule-sets`);
    await page.getByRole('link', { name: `v${version}`, exact: true }).click();
    await page.getByRole('heading', { name: `Jeu de règles v${version}` }).waitFor();
    await page.getByLabel('Votre nom (enregistré comme auteur)').fill('Awa Diop');
    await page.getByRole('button', { name: 'Ajouter un critère' }).click();

    await page.getByLabel('Identifiant').fill('C-FROZEN-FISH-CN');
    await page.getByLabel('Nom', { exact: true }).fill('Poisson congelé de Chine / Frozen fish from China');
    await page.getByRole('group', { name: 'Condition 1' }).getByLabel('Champ').selectOption('tariffLine');
    await page.getByRole('group', { name: 'Condition 1' }).getByLabel('Opérateur').selectOption('prefix');
    await page.getByRole('group', { name: 'Condition 1' }).getByLabel('Valeur').fill('0303');
    await page.getByRole('button', { name: 'Ajouter une condition' }).click();
    await page.getByRole('group', { name: 'Condition 2' }).getByLabel('Champ').selectOption('origin');
    await page.getByRole('group', { name: 'Condition 2' }).getByLabel('Valeur').fill('CN');
    await page.getByLabel('Circuit', { exact: true }).selectOption('red');
    await page.getByLabel('Pourcentage de sélection').fill('150');
    await page.getByLabel('Poids').fill('40');
    await page.getByLabel('Valable à partir du').fill('2026-01-01');
    await page
      .getByLabel('Motif pour les agents (français)')
      .fill('Poisson congelé de Chine : sous-évaluation fréquente');
    await page
      .getByLabel('Motif pour les agents (anglais)')
      .fill('Frozen fish from China: frequent under-valuation');
    await page
      .getByLabel('Justification de l’analyste (confidentielle)')
      .fill('Seizures on this flow in 2025.');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();

    // The 400's problem is shown beside the percentage field, in French, and the field is marked invalid.
    const percentage = page.getByLabel('Pourcentage de sélection');
    await page.locator('#criterion-percentage-error').waitFor();
    assert.equal(await percentage.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#criterion-percentage-error').innerText(), /150/);
    await page.getByRole('alert').filter({ hasText: 'problème(s) à corriger' }).waitFor();
    await screenshot(page, 'criterion-problem-fr');

    await percentage.fill('100');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    const next = version + 1;
    await page.getByRole('heading', { name: `Jeu de règles v${next}` }).waitFor();
    await page.getByText(`Version ${next} enregistrée.`).waitFor();
    await page.getByRole('row', { name: /C-FROZEN-FISH-CN/ }).waitFor();
    await page.getByLabel('Votre nom (enregistré comme auteur)').fill('Awa Diop');
    await page.getByRole('button', { name: 'Activer cette version' }).click();
    await page.getByText(`La version ${next} est en vigueur.`).waitFor();
    await screenshot(page, 'rule-set-activated-fr');

    const active = await product.api('GET', '/api/rule-sets/active');
    assert.equal((active.body as { version: number }).version, next);

    // A broker lodges frozen fish from China: the new criterion selects it for the red lane.
    const lodged = await product.api('POST', '/api/declarations', aDeclaration());
    assert.equal(lodged.status, 201, JSON.stringify(lodged.body));
    const id = (lodged.body as { id: string }).id;
    await page.goto(`${product.base}/#/files/${id}`);
    await page.getByText('Poisson congelé de Chine : sous-évaluation fréquente').waitFor();
    assert.match(await page.locator('.lane-line').innerText(), /Circuit Rouge/);
    await screenshot(page, 'file-red-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Frozen fish from China: frequent under-valuation').waitFor();
    assert.match(await page.locator('.lane-line').innerText(), /Red lane/);
    await screenshot(page, 'file-red-en');
    await page.context().close();
  });
});
