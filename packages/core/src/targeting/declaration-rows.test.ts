import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goodsDeclarationSchema } from '../declaration/goods-declaration.ts';
import { parseDocument } from '../shared/parse.ts';
import { aDeclaration, testReferences } from '../testing/factories.ts';
import { targetingRowsOfDeclaration } from './declaration-rows.ts';

describe('targeting rows of a declaration', () => {
  it('gives one row per item, in the national currency, with the tax rate in percent', () => {
    const parsed = parseDocument(
      goodsDeclarationSchema(testReferences()),
      aDeclaration({
        departureCountry: 'CN',
        items: [
          {
            tariffLine: '0303890000',
            description: 'Frozen fish',
            origin: 'CN',
            customsValue: '1000.00',
            netMass: '500',
            packages: 10,
          },
          {
            tariffLine: '0303890000',
            description: 'Frozen fish',
            origin: 'VN',
            customsValue: '10.50',
            netMass: '2.5',
            packages: 1,
          },
        ],
      }),
    );
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const rows = targetingRowsOfDeclaration(parsed.value, {
      declarationId: 'd-1',
      date: '2026-03-02',
      taxRate: (line) => (line === '0303890000' ? 0.45 : undefined),
    });
    assert.equal(rows.length, 2);
    const [first, second] = rows;
    assert.deepEqual(first, {
      declarationId: 'd-1',
      date: '2026-03-02',
      office: 'SNDKR1',
      processType: '4000',
      importType: 'pre_arrival',
      importUse: '',
      paymentType: '',
      transportMode: 'sea',
      declarant: 'DECL042',
      importer: '004512345',
      seller: 'Ningbo Trading Co',
      courier: '',
      hs6: '030389',
      departure: 'CN',
      origin: 'CN',
      taxRate: 45,
      taxType: '',
      originIndicator: 'departure',
      netMass: 500,
      itemPrice: 655_957,
    });
    assert.equal(second?.originIndicator, 'other');
    assert.equal(second.itemPrice, 10.5 * 655.957);
  });
});
