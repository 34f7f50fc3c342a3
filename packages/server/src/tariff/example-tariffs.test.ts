// The example tariffs shipped in the repository: each is valid, marked as examples, and covers
// every line the demo generator can declare (its subheadings, and any other through chapters).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findTariffLine, parseTariffDocument, type TariffDocument } from '@anticipa/core';
import { demoProducts } from '../../../core/src/demo/demo-catalogue.ts';
import { loadNomenclature } from '../reference/nomenclature-file.ts';
import { exampleTariffCountries, readExampleTariff } from './example-tariffs.ts';

describe('example tariffs', () => {
  for (const country of exampleTariffCountries) {
    it(`${country}: valid, marked as examples, covering every demo subheading and every HS subheading`, async () => {
      const nomenclature = await loadNomenclature();
      const parsed = parseTariffDocument(await readExampleTariff(country), { nomenclature });
      assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.error.slice(0, 3)));
      const tariff: TariffDocument = parsed.value;
      assert.equal(tariff.country, country);
      assert.equal(tariff.example, true);
      assert.match(tariff.notice?.fr ?? '', /^EXEMPLE/);
      assert.match(tariff.notice?.en ?? '', /^EXAMPLE/);
      const today = '2026-03-01';
      for (const product of demoProducts) {
        // The demo declares subheading + "0000" mostly, else other national suffixes: each takes
        // the subheading's own entry (or a national line under it), not a chapter default.
        for (const suffix of ['0000', '1000', '9000', '1090', '0010']) {
          const declared = product.hs6 + suffix;
          const line = findTariffLine(tariff.lines, declared, today);
          assert.ok(
            line && line.line.length >= 6 && declared.startsWith(line.line),
            `${country}: ${declared}`,
          );
        }
      }
      const uncovered = nomenclature
        .subheadings()
        .filter((hs6) => findTariffLine(tariff.lines, `${hs6}0000`, today) === undefined);
      assert.deepEqual(uncovered, []);
      // Every rate of the CET is one of its five bands.
      for (const line of tariff.lines) assert.ok(['0', '5', '10', '20', '35'].includes(line.dutyRate));
    });
  }

  it('gives Nigeria VAT 7.5 % from 1 February 2020 (Finance Act 2019) and Ghana VAT 15 % from 2023', async () => {
    const nomenclature = await loadNomenclature();
    const vat = async (country: string, code: string, date: string) => {
      const parsed = parseTariffDocument(await readExampleTariff(country), { nomenclature });
      assert.ok(parsed.ok);
      return parsed.value.taxes.find(
        (t) => t.code === code && t.validFrom <= date && (t.validTo ?? '9999') > date,
      )?.rate;
    };
    assert.equal(await vat('NG', 'VAT', '2020-01-31'), '5');
    assert.equal(await vat('NG', 'VAT', '2020-02-01'), '7.5');
    assert.equal(await vat('GH', 'VAT', '2022-12-31'), '12.5');
    assert.equal(await vat('GH', 'VAT', '2023-01-01'), '15');
    assert.equal(await vat('SN', 'TVA', '2026-03-01'), '18');
    assert.equal(await vat('CI', 'TVA', '2026-03-01'), '18');
  });
});
