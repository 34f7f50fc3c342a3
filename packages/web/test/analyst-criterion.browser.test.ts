// The risk analyst in a real Chromium: adds a criterion (frozen fish from China → red) to the
// rule set in force, first with a selection percentage out of range (the server's field-level
// message shows next to the field), then corrected; activates the new version; a declaration
// lodged through the API then turns red with that criterion's reason on its file page. Once
// controls of the files it selected are recorded, its effectiveness (hits, hit rate, revenue
// recovered) shows in a sortable table with a chart. Last, the analyst adds a watchlist entry
// with its validity dates and edits the profiles in a draft (a new profile holding the new
// criterion, a new list), each refused first with the server's messages beside the fields.
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
import { testPassword } from '@anticipa/server/testing';

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

  it('signs in, saves a new version with the criterion, has it activated by a second person, and a new file turns red with its reason', async () => {
    // The analyst signs in through the form, and lands on the rule sets (their role's home).
    const analyst = await product.t.signIn('risk_analyst', { username: 'awa.diop' });
    const page = await product.newPage({ as: null });
    await page.goto(`${product.base}/`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await page.getByLabel('Nom d’utilisateur').fill('awa.diop');
    await page.getByLabel('Mot de passe').fill('not the password at all');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'mot de passe est erroné' }).waitFor();
    await screenshot(page, 'sign-in-refused-fr');
    await page.getByLabel('Mot de passe').fill(testPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText(`${analyst.username} · analyste de risque`).waitFor();
    assert.match(page.url(), /#\/rule-sets$/);
    assert.equal(await page.getByRole('link', { name: 'Tableau de bord' }).count(), 1);
    await page.getByRole('link', { name: `v${version}`, exact: true }).click();
    await page.getByRole('heading', { name: `Jeu de règles v${version}` }).waitFor();
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
    // Four eyes: the analyst who saved it cannot activate it; the office supervisor does.
    await page.getByRole('button', { name: 'Activer cette version' }).click();
    await page.getByText(/une autre personne doit le mettre en vigueur \(quatre yeux\)/).waitFor();
    await screenshot(page, 'rule-set-four-eyes-fr');
    const chief = await product.newPage({ as: 'supervisor', username: 'moussa.ndiaye' });
    await chief.goto(`${product.base}/#/rule-sets/${next}`);
    await chief.getByRole('heading', { name: `Jeu de règles v${next}` }).waitFor();
    await chief.getByRole('button', { name: 'Activer cette version' }).click();
    await chief.getByText(`La version ${next} est en vigueur.`).waitFor();
    await chief.getByText(/Activée le .* · Activée par moussa\.ndiaye/).waitFor();
    await screenshot(chief, 'rule-set-activated-fr');
    await chief.context().close();

    // Each recorded under the person signed in: no form asks for a name.
    const active = await product.api('GET', '/api/rule-sets/active');
    const inForce = active.body as { version: number; createdBy: string; activatedBy: string };
    assert.equal(inForce.version, next);
    assert.equal(inForce.createdBy, analyst.username);
    assert.equal(inForce.activatedBy, 'moussa.ndiaye');

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

  it('shows each criterion’s hits, hit rate and revenue recovered in a sortable table with a chart', async () => {
    // Two more frozen fish files, both selected red; one control finds an offence, one does not
    // (recorded as a past system's results are, through the file's timeline).
    const ids: string[] = [];
    for (let n = 0; n < 2; n += 1) {
      const lodged = await product.api('POST', '/api/declarations', aDeclaration());
      assert.equal(lodged.status, 201, JSON.stringify(lodged.body));
      ids.push((lodged.body as { id: string }).id);
    }
    const results = [
      { outcome: 'non_compliant', revenueRecovered: '150000' },
      { outcome: 'compliant', revenueRecovered: '0' },
    ];
    for (const [index, id] of ids.entries()) {
      const data = results[index];
      assert.ok(data);
      const appended = await product.t.anticipa.declarations.appendEvents(id, [
        { type: 'control_finished', occurredAt: new Date('2026-03-01T09:00:00Z'), data },
      ]);
      assert.ok(appended.ok);
    }

    const page = await product.newPage();
    await page.goto(`${product.base}/#/rule-sets`);
    await page.getByRole('link', { name: 'Efficacité des critères' }).click();
    await page.getByRole('heading', { name: 'Efficacité des critères', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Efficacité de chaque critère' });
    const fish = table.getByRole('row', { name: /C-FROZEN-FISH-CN/ });
    await fish.waitFor(); // the heading shows before the figures arrive
    const cells = await fish.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 4), ['P-SENSITIVE', '3', '2', '1']);
    assert.match(cells[4] ?? '', /^50\s%$/);
    assert.match(cells[5] ?? '', /^150\s000\sF\sCFA$/);
    await page.getByRole('img', { name: /Taux de résultat des \d+ premiers critères/ }).waitFor();

    // Sorting by a header: a button for the keyboard, aria-sort for screen readers.
    const criterionHeader = table.getByRole('columnheader', { name: 'Critère' });
    await criterionHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    assert.equal(await criterionHeader.getAttribute('aria-sort'), 'ascending');
    const names = async () => (await table.locator('tbody th').allInnerTexts()).map((text) => text.trim());
    const ascending = await names();
    assert.deepEqual(
      ascending,
      [...ascending].sort((a, b) => a.localeCompare(b)),
    );
    await page.keyboard.press('Enter');
    assert.equal(await criterionHeader.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await names(), [...ascending].reverse());
    await screenshot(page, 'criterion-effectiveness-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('table', { name: 'Effectiveness of each criterion' }).waitFor();
    await screenshot(page, 'criterion-effectiveness-en');
    await page.context().close();
  });

  it('adds a watchlist entry with its dates, and edits profiles and lists in a draft', async () => {
    const active = await product.api('GET', '/api/rule-sets/active');
    const current = (active.body as { version: number }).version;
    const page = await product.newPage({ as: 'risk_analyst', username: 'awa.sow' });
    await page.goto(`${product.base}/#/rule-sets/${current}`);
    await page.getByRole('heading', { name: `Jeu de règles v${current}` }).waitFor();

    // An entry refused: a value that is no tax id, an end before its start.
    const list = page.getByRole('region', { name: /^Importateurs sous surveillance/ });
    await list.getByLabel('Valeur').fill('SN 0045');
    await list.getByLabel('Compte à partir du').fill('2026-03-10');
    await list.getByLabel('Ne compte plus à partir du').fill('2026-03-01');
    await list.getByRole('button', { name: 'Ajouter (nouvelle version)' }).click();
    await list.getByRole('alert').getByText('2 problème(s) à corriger').waitFor();
    assert.equal(await list.getByLabel('Valeur').getAttribute('aria-invalid'), 'true');
    assert.equal(await list.getByLabel('Ne compte plus à partir du').getAttribute('aria-invalid'), 'true');
    assert.match(await list.locator('.field-error').first().innerText(), /SN 0045/);
    await screenshot(page, 'watchlist-entry-problem-fr');

    await list.getByLabel('Valeur').fill('004512345');
    await list.getByLabel('Compte à partir du').fill('2026-01-01');
    await list.getByLabel('Ne compte plus à partir du').fill('2027-01-01');
    await list.getByRole('button', { name: 'Ajouter (nouvelle version)' }).click();
    const withEntry = current + 1;
    await page.getByRole('heading', { name: `Jeu de règles v${withEntry}` }).waitFor();
    await page
      .getByText(
        `« 004512345 » ajouté à Importateurs sous surveillance / Importers under watch : version ${withEntry} enregistrée.`,
        { exact: false },
      )
      .waitFor();
    const entry = page.getByRole('row', { name: /004512345/ });
    assert.match(await entry.innerText(), /1 janv\. 2026\s+1 janv\. 2027/);
    // Recorded under the signed-in analyst.
    assert.match(await entry.innerText(), /awa\.sow/);

    // The profiles in a draft: a new profile, refused until its id and name are right.
    await page.getByRole('button', { name: 'Modifier les profils et les listes' }).click();
    const editor = page.getByRole('form', { name: 'Modifier les profils et les listes' });
    await editor.getByRole('button', { name: 'Ajouter un profil' }).click();
    const profiles = await editor.getByRole('group', { name: /^Profil \d+$/ }).count();
    const fresh = editor.getByRole('group', { name: `Profil ${profiles}` });
    await fresh.getByLabel('Identifiant').fill('P FISH');
    await editor
      .getByLabel('Profil de Poisson congelé de Chine / Frozen fish from China (C-FROZEN-FISH-CN)')
      .selectOption({ label: 'P FISH' });
    await editor.getByRole('button', { name: 'Ajouter une liste' }).click();
    const newList = editor.getByRole('group', { name: 'Nouvelle liste 1' });
    await newList.getByLabel('Identifiant').fill('L-CONTAINERS');
    await newList.getByLabel('Nom').fill('Conteneurs suivis / Containers under watch');
    await newList.getByLabel('Contenu').selectOption('container');
    await editor.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    await editor.getByRole('alert').getByText('2 problème(s) à corriger').waitFor();
    assert.equal(await fresh.getByLabel('Identifiant').getAttribute('aria-invalid'), 'true');
    assert.equal(await fresh.getByLabel('Nom').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'profiles-problem-fr');

    await fresh.getByLabel('Identifiant').fill('P-FISH');
    await fresh.getByLabel('Nom').fill('Produits de la pêche / Fishery products');
    await editor.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();
    const edited = withEntry + 1;
    await page.getByRole('heading', { name: `Jeu de règles v${edited}` }).waitFor();
    await page
      .getByText(`Version ${edited} enregistrée avec les profils et listes modifiés.`, { exact: false })
      .waitFor();
    await page
      .getByRole('table', { name: 'Critères du profil Produits de la pêche / Fishery products' })
      .getByRole('row', { name: /C-FROZEN-FISH-CN/ })
      .waitFor();
    await page
      .getByRole('heading', {
        name: 'Conteneurs suivis / Containers under watch (L-CONTAINERS) · conteneurs',
      })
      .waitFor();
    const saved = await product.api('GET', `/api/rule-sets/${edited}`);
    const document = (
      saved.body as {
        document: {
          profiles: { id: string; criteria: { id: string }[] }[];
          lists: { id: string; entries: { value: string }[] }[];
        };
      }
    ).document;
    assert.deepEqual(
      document.profiles.find((profile) => profile.id === 'P-FISH')?.criteria.map((criterion) => criterion.id),
      ['C-FROZEN-FISH-CN'],
    );
    assert.deepEqual(
      document.lists.map((item) => [item.id, item.entries.map((e) => e.value)]),
      [
        ['L-IMPORTERS', ['004512345']],
        ['L-CONTAINERS', []],
      ],
    );
    await screenshot(page, 'profiles-saved-fr');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Watchlists' }).waitFor();
    await screenshot(page, 'profiles-saved-en');
    await page.context().close();
  });
});
