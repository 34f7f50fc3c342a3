// The officer's screens in a real Chromium: a declaration lodged through the API appears in the
// worklist with its lane, and its page shows items, taxes, lane, reasons and timeline, in
// French, then in English after the switch; on that page an officer re-routes a file, records
// its payment and releases it, and a refused step says why in the reader's language.
// Screenshots of both languages go to artifacts/.
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

    // The lane filter is the API's: the file shows under its lane only, and no file's
    // assessment is read one by one.
    const assessment = await product.api('GET', `/api/declarations/${id}/assessment`);
    const lane = (assessment.body as { lane: string }).lane;
    const laneWords: Record<string, string> = { red: 'Rouge', yellow: 'Jaune', blue: 'Bleu', green: 'Vert' };
    const assessmentReads: string[] = [];
    page.on('request', (request) => {
      if (/\/assessment$/.test(request.url())) assessmentReads.push(request.url());
    });
    await page.getByLabel('Circuit', { exact: true }).selectOption(lane);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await row.waitFor();
    assert.match(page.url(), new RegExp(`lane=${lane}`));
    assert.match(await row.innerText(), new RegExp(laneWords[lane] ?? lane));
    const other = lane === 'blue' ? 'red' : 'blue';
    await page.getByLabel('Circuit', { exact: true }).selectOption(other);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(new RegExp(`lane=${other}`));
    // Only this file is lodged so far: no other lane has any.
    await page.getByText('Aucune déclaration ne correspond à ces filtres.').waitFor();
    assert.equal(await row.count(), 0);
    await page.getByRole('button', { name: 'Effacer' }).click();
    await row.waitFor();
    assert.deepEqual(assessmentReads, []);
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

  it('re-routes, records the payment and releases from the file page; a refused step says why', async () => {
    // A file of its own, on a B/L whose ship has not arrived yet.
    const bill = 'ACTS00000001';
    const declaration = aDeclaration({ billsOfLading: [bill] });
    const lodged = await product.api('POST', '/api/declarations', declaration);
    assert.equal(lodged.status, 201, JSON.stringify(lodged.body));
    const fileId = (lodged.body as { id: string }).id;
    const [template] = aManifest().billsOfLading;
    assert.ok(template);
    const manifest = await product.api(
      'POST',
      '/api/manifests',
      aManifest({ billsOfLading: [{ ...template, number: bill, containers: [] }] }),
    );
    assert.equal(manifest.status, 201, JSON.stringify(manifest.body));

    const page = await product.newPage({ as: 'supervisor', username: 'sup.diallo' });
    await page.goto(`${product.base}/#/files/${fileId}`);
    await page.getByRole('heading', { name: 'Étapes du dédouanement' }).waitFor();

    // Release before arrival and payment: refused, with the state, what is lacking, what is allowed.
    await page.getByRole('button', { name: 'Donner la mainlevée' }).click();
    const refusal = page.getByTestId('step-refused');
    await refusal.getByText('Étape refusée : Mainlevée ; le dossier est à l’état « évalué ».').waitFor();
    assert.match(await refusal.innerText(), /Il manque : .*marchandises arrivées.*droits payés ou garantis/);
    assert.match(
      await refusal.innerText(),
      /Étapes permises maintenant : Réorientation, Paiement, Garantie, Annulation\./,
    );
    await screenshot(page, 'file-step-refused-fr');

    // A re-route needs a reason: the server's message sits under the field.
    await page.getByLabel('Nouveau circuit').selectOption('green');
    await page.getByRole('button', { name: 'Réorienter', exact: true }).click();
    await page.getByText('Étape non enregistrée : corrigez le ou les 1 champ(s) signalé(s).').waitFor();
    assert.equal(await page.getByLabel('Motif de la réorientation').getAttribute('aria-invalid'), 'true');
    await page
      .getByLabel('Motif de la réorientation')
      .fill('Importateur connu, contrôle documentaire suffisant');
    await page.getByRole('button', { name: 'Réorienter', exact: true }).click();
    await page.getByText(/^Réorientation : enregistré\./).waitFor();
    await page.getByTestId('lane-in-force').getByText('Vert', { exact: true }).waitFor();
    await page
      .getByTestId('reroutes')
      .getByText(/par sup\.diallo : Importateur connu/)
      .waitFor();
    await page.getByRole('list').getByText('Circuit réorienté').waitFor();

    await page.getByLabel('Référence de la quittance ou de la garantie').fill('QUIT-2026-0042');
    await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await page.getByText(/^Paiement : enregistré\./).waitFor();
    // The page reloads the file after the step: wait for the status it shows then.
    await page.getByTestId('file-status').getByText('Payée', { exact: true }).waitFor();

    // The ship arrives (an hour before the server's clock, which the steps are dated by); the
    // green file is released.
    const arrived = await product.api(
      'POST',
      `/api/manifests/${(manifest.body as { id: string }).id}/arrival`,
      { meansArrivedAt: '2026-03-01T07:00:00Z' },
    );
    assert.equal(arrived.status, 200, JSON.stringify(arrived.body));
    await page.getByRole('button', { name: 'Donner la mainlevée' }).click();
    await page.getByText(/^Mainlevée : enregistré\. État du dossier : mainlevée donnée\./).waitFor();
    await page.getByTestId('file-status').getByText('Mainlevée donnée').waitFor();
    await page.getByRole('list').getByText('Mainlevée', { exact: true }).waitFor();
    await screenshot(page, 'file-released-fr');

    // Once released, a second release is refused: in English after the switch.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Release the goods' }).click();
    await page
      .getByTestId('step-refused')
      .getByText('Step refused: Release; the file is “released”.')
      .waitFor();
    await screenshot(page, 'file-step-refused-en');
    const events = await product.api('GET', `/api/declarations/${fileId}/events`);
    const types = (events.body as { events: { type: string }[] }).events.map((event) => event.type);
    assert.deepEqual(
      types.filter((type) => type === 'lane_rerouted' || type === 'paid' || type === 'released'),
      ['lane_rerouted', 'paid', 'released'],
    );
    await page.context().close();
  });
});
