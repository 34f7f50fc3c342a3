// The inspector on a phone (390 × 844) in a real Chromium: the day's controls of the port office,
// a result recorded with the network cut (it waits in the phone's outbox), then sent once when
// the network returns; a result whose answer is lost on the way is sent again on the next load
// and still recorded once. The dashboard then counts the controls and the revenue recovered.
// Last, the inspector's screen, visited once, opens again with no network at all: the service
// worker serves the application, the phone the day's plan.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { readExampleTariff } from '@anticipa/server';
import { screenshot, skipWithoutChromium, startProduct, type Product } from './browser-support.ts';

const day = '2026-03-10';
const phone = { width: 390, height: 844 } as const;

/** Files of importer IMPRED go red; everyone else green. */
const ruleSet = {
  name: 'Inspector phone',
  profiles: [
    {
      id: 'P-RED',
      name: 'Red',
      criteria: [
        {
          id: 'C-RED',
          name: 'Importer under watch',
          condition: { field: 'importer', op: 'eq', value: 'IMPRED' },
          effect: { lane: 'red', percentage: 100 },
          weight: 10,
          validFrom: '2026-01-01T00:00:00.000Z',
          reason: { fr: 'Importateur surveillé', en: 'Importer under watch' },
          rationale: 'Past seizures',
        },
      ],
    },
  ],
  lists: [],
  laneParameters: {
    default: {
      expectedRate: { red: 0, yellow: 0, blue: 0 },
      minimumRandomRate: { red: 0, yellow: 0, blue: 0 },
      greenDelayMinutes: 0,
    },
    offices: [],
  },
};

interface Events {
  events: { type: string; data?: Record<string, unknown> }[];
}

const inspector = { offices: ['SNDKR1'], officerId: 'INSP1' };

/** The part of the page's globals the offline test reads. */
interface Controlled {
  readonly navigator: { readonly serviceWorker: { readonly controller: unknown } };
}

describe('inspector on a phone in Chromium', { skip: skipWithoutChromium }, () => {
  let product: Product;
  const files: { id: string; reference: string }[] = [];

  /** A red file on a B/L of its own, its ship arrived at the port on the day. */
  const aRedFile = async (bill: string) => {
    const declaration = aDeclaration({
      billsOfLading: [bill],
      importer: { taxId: 'IMPRED', name: 'IMPRED' },
    });
    const lodged = await product.api('POST', '/api/declarations', declaration);
    assert.equal(lodged.status, 201, JSON.stringify(lodged.body));
    const [template] = aManifest().billsOfLading;
    assert.ok(template);
    const manifest = await product.api(
      'POST',
      '/api/manifests',
      aManifest({
        billsOfLading: [{ ...template, number: bill, containers: [] }],
        expectedArrival: `${day}T06:00:00Z`,
      }),
    );
    assert.equal(manifest.status, 201, JSON.stringify(manifest.body));
    const arrived = await product.api(
      'POST',
      `/api/manifests/${(manifest.body as { id: string }).id}/arrival`,
      {
        meansArrivedAt: `${day}T06:00:00Z`,
      },
    );
    assert.equal(arrived.status, 200, JSON.stringify(arrived.body));
    return { id: (lodged.body as { id: string }).id, reference: declaration.reference };
  };

  const controlsFinished = async (id: string) => {
    const events = await product.api('GET', `/api/declarations/${id}/events`);
    assert.equal(events.status, 200);
    return (events.body as Events).events.filter((event) => event.type === 'control_finished');
  };

  before(async () => {
    product = await startProduct();
    const tariff = await product.t.anticipa.tariff.importDocument(await readExampleTariff('SN'));
    assert.ok(tariff.ok);
    const saved = await product.api('POST', '/api/rule-sets', ruleSet, await product.t.as('risk_analyst'));
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const version = (saved.body as { version: number }).version;
    const activated = await product.api(
      'POST',
      `/api/rule-sets/${version}/activation`,
      {},
      await product.t.as('supervisor'),
    );
    assert.equal(activated.status, 201, JSON.stringify(activated.body));
    const officer = await product.api('POST', '/api/officers', {
      id: 'INSP1',
      name: 'Awa Ndiaye',
      office: 'SNDKR1',
      qualifications: ['physical', 'scanner', 'documentary'],
      shifts: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '19:00' }],
    });
    assert.equal(officer.status, 201, JSON.stringify(officer.body));
    files.push(await aRedFile('PHONE0000001'), await aRedFile('PHONE0000002'));
  });
  after(async () => {
    await product.close();
  });

  it('records a result offline and sends it exactly once when the network returns', async () => {
    // The phone and the server agree on the time: mid-morning of the day of the controls.
    product.t.anticipa.setNow(`${day}T10:00:00Z`);
    // The inspector signs in as roster officer INSP1 of the port office: the results are theirs.
    const page = await product.newPage({ ...phone, locale: 'fr-FR', as: 'inspector', scope: inspector });
    const [file, other] = files;
    assert.ok(file && other);
    await page.clock.setFixedTime(new Date(`${day}T10:00:00Z`));
    await page.goto(`${product.base}/?lang=fr#/inspection?office=SNDKR1`);
    await page.getByRole('heading', { name: 'Contrôles du jour' }).waitFor();
    await page.getByRole('button', { name: `Saisir le résultat ${file.reference}` }).waitFor();
    await page.getByRole('button', { name: `Saisir le résultat ${other.reference}` }).waitFor();
    await screenshot(page, 'inspector-fr');

    await page.context().setOffline(true);
    await page.getByText('Hors ligne : les résultats restent sur le téléphone').waitFor();
    await page.getByRole('button', { name: `Saisir le résultat ${file.reference}` }).click();
    await page.getByRole('heading', { name: `Résultat du contrôle ${file.reference}` }).waitFor();
    // Nothing chosen: the form says so before anything is kept.
    await page.getByRole('button', { name: 'Enregistrer le résultat' }).click();
    await page.getByText('Choisissez le résultat : conforme ou non conforme.').waitFor();
    await page.getByLabel('Non conforme').check();
    await page.getByLabel('Nature de l’infraction 1').selectOption('value');
    await page.getByLabel('Article concerné (infraction 1)').selectOption('1');
    await page.getByLabel('Description de l’infraction 1').fill('Facture sous-évaluée');
    await page.getByLabel(/Valeur en douane de l’article 1/).fill('900000');
    await page.getByLabel('Photos').setInputFiles({
      name: 'conteneur.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('jpeg bytes of the container door'),
    });
    await page.getByText('1 photo(s) jointe(s)').waitFor();
    await screenshot(page, 'inspector-form-fr');
    await page.getByRole('button', { name: 'Enregistrer le résultat' }).click();
    await page.getByText(`Résultat de ${file.reference} enregistré sur le téléphone.`).waitFor();
    await page.getByText('En attente : 1 · envoyés : 0 · refusés : 0').waitFor();
    await screenshot(page, 'inspector-offline-fr');
    assert.equal((await controlsFinished(file.id)).length, 0, 'nothing reached the server while offline');

    await page.context().setOffline(false);
    await page.getByText('En attente : 0 · envoyés : 1 · refusés : 0').waitFor();
    const finished = await controlsFinished(file.id);
    assert.equal(finished.length, 1);
    assert.equal(finished[0]?.data?.outcome, 'non_compliant');
    const result = await product.api('GET', `/api/declarations/${file.id}/inspection-result`);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const stored = result.body as { revenueRecovered: string; attachments: unknown[]; inspector: string };
    assert.ok(Number(stored.revenueRecovered) > 0, stored.revenueRecovered);
    assert.equal(stored.attachments.length, 1);
    assert.equal(stored.inspector, 'INSP1');

    // A send whose answer is lost: the server records it, the phone keeps it pending...
    let cut = true;
    let answerLost = (): void => undefined;
    const lost = new Promise<void>((resolve) => {
      answerLost = resolve;
    });
    await page.route('**/inspection-result', async (route) => {
      if (!cut) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
      answerLost();
    });
    await page.getByRole('button', { name: `Saisir le résultat ${other.reference}` }).click();
    await page.getByLabel('Conforme', { exact: true }).check();
    await page.getByRole('button', { name: 'Enregistrer le résultat' }).click();
    await lost;
    await page.getByText('En attente : 1 · envoyés : 1 · refusés : 0').waitFor();
    assert.equal((await controlsFinished(other.id)).length, 1);
    // ...and sends it again on the next load: the server answers with the stored result (200).
    cut = false;
    await page.reload();
    await page.getByText('En attente : 0 · envoyés : 2 · refusés : 0').waitFor();
    assert.equal((await controlsFinished(other.id)).length, 1);
    assert.equal((await controlsFinished(file.id)).length, 1);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Today’s controls' }).waitFor();
    await page.getByText('Waiting: 0 · sent: 2 · refused: 0').waitFor();
    await screenshot(page, 'inspector-en');
    await page.context().close();
  });

  it('shows the results on the dashboard: hit rates, revenue recovered, release times, CSV', async () => {
    // The first file is paid and released six hours after its ship arrived.
    const [file] = files;
    assert.ok(file);
    const paid = await product.api('POST', `/api/declarations/${file.id}/payment`, {
      reference: 'QUIT-1',
      at: `${day}T11:00:00Z`,
    });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    const released = await product.api('POST', `/api/declarations/${file.id}/release`, {
      by: 'officer.sow',
      at: `${day}T12:00:00Z`,
    });
    assert.equal(released.status, 201, JSON.stringify(released.body));
    const page = await product.newPage({ locale: 'fr-FR' });
    await page.goto(`${product.base}/?lang=fr#/dashboard?office=SNDKR1&to=${day}`);
    await page.getByRole('heading', { name: 'Taux de résultat des contrôles' }).waitFor();
    assert.equal(await page.getByTestId('targeted-inspections').innerText(), '2');
    const revenue = await page.getByTestId('revenue-total').innerText();
    assert.match(revenue, /F\s?CFA/);
    assert.notEqual(revenue.replace(/\D/g, ''), '0');
    await page
      .getByRole('table', { name: 'Délai de l’arrivée à la mainlevée par circuit (heures) face à la cible' })
      .waitFor();
    const redRow = page.getByRole('row', { name: /^Rouge/ }).last();
    assert.match(await redRow.innerText(), /^Rouge\s+1\s+6\s+6\s+48\s+oui$/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Exporter en CSV : Taux de résultat/ }).click();
    const csv = await (await download).createReadStream();
    let text = '';
    for await (const chunk of csv) text += String(chunk);
    assert.match(text, /Sélection,Contrôles,Infractions,Taux de résultat/);
    assert.match(text, /Ciblés,2,1,0\.5/);
    await screenshot(page, 'dashboard-indicators-fr');
    await page.context().close();
  });

  it('opens the inspector’s screen with no network once visited', async () => {
    const [file, other] = files;
    assert.ok(file && other);
    product.t.anticipa.setNow(`${day}T10:00:00Z`);
    const page = await product.newPage({ ...phone, locale: 'fr-FR', as: 'inspector', scope: inspector });
    await page.clock.setFixedTime(new Date(`${day}T10:00:00Z`));
    await page.goto(`${product.base}/?lang=fr#/inspection?office=SNDKR1`);
    await page.getByRole('heading', { name: 'Contrôles du jour' }).waitFor();
    await page.getByText(file.reference, { exact: true }).waitFor();
    // The service worker has kept the application once it controls the page.
    // Polled with evaluate: the page's Content Security Policy forbids the string form's eval.
    for (
      let tries = 0;
      !(await page.evaluate(
        () => (globalThis as unknown as Controlled).navigator.serviceWorker.controller !== null,
      ));
      tries += 1
    ) {
      assert.ok(tries < 100, 'the service worker never took control of the page');
      await page.waitForTimeout(100);
    }

    await page.context().setOffline(true);
    const reloaded = await page.reload();
    assert.ok(reloaded?.fromServiceWorker(), 'the page came from the service worker');
    await page.getByRole('heading', { name: 'Contrôles du jour' }).waitFor();
    await page.getByText('Hors ligne : les résultats restent sur le téléphone').waitFor();
    await page.getByText(/^Hors ligne : plan conservé sur le téléphone, lu le/).waitFor();
    await page.getByText(file.reference, { exact: true }).waitFor();
    await page.getByText(other.reference, { exact: true }).waitFor();
    // Still usable offline: the result form opens.
    await page.getByRole('button', { name: `Saisir le résultat ${file.reference}` }).click();
    await page.getByRole('heading', { name: `Résultat du contrôle ${file.reference}` }).waitFor();
    await screenshot(page, 'inspector-offline-first-load-fr');
    // The API is not served from the cache: the server cannot be reached.
    const api = await page.evaluate(async () => {
      try {
        await fetch('/api/offices');
        return 'reached';
      } catch {
        return 'unreachable';
      }
    });
    assert.equal(api, 'unreachable');
    await page.context().close();
  });
});
