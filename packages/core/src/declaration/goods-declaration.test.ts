import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aDeclaration, testReferences, withValue } from '../testing/factories.ts';
import { describeExpected } from '../shared/messages.ts';
import { parseDocument } from '../shared/parse.ts';
import { goodsDeclarationSchema } from './goods-declaration.ts';

const schema = goodsDeclarationSchema(testReferences());

// One row per rule: the field, a bad value, and the expectation it must report.
const badValues: readonly [pointer: string, value: unknown, code: string][] = [
  ['/sender', '', 'party_code'],
  ['/sender', 'has spaces', 'party_code'],
  ['/reference', '', 'reference'],
  ['/reference', 'x'.repeat(71), 'reference'],
  ['/kind', 'post_arrival', 'one_of'],
  ['/office', 'sn-dkr', 'office_code'],
  ['/office', 'SNXXX9', 'office_known'],
  ['/procedure', '40', 'procedure_code'],
  ['/declarant/code', undefined, 'required'],
  ['/declarant/name', '', 'text_length'],
  ['/importer/taxId', 'tax id!', 'party_code'],
  ['/importer/name', 42, 'type'],
  ['/seller/name', 'x'.repeat(141), 'text_length'],
  ['/seller/country', 'ZZ', 'country'],
  ['/departureCountry', 'China', 'country'],
  ['/transportMode', 'boat', 'one_of'],
  ['/billsOfLading', ['MEDU1', 'MEDU1'], 'no_duplicates'],
  ['/billsOfLading', 'MEDU12345678', 'type'],
  ['/invoice/currency', 'FCFA', 'currency'],
  ['/invoice/exchangeRate', '-1', 'decimal_positive'],
  ['/invoice/exchangeRate', 'abc', 'decimal'],
  ['/items', [], 'list_length'],
  ['/items/0/tariffLine', '0303', 'tariff_line'],
  ['/items/0/tariffLine', '9999990000', 'hs_subheading_known'],
  ['/items/0/description', '', 'text_length'],
  ['/items/0/origin', 'XX', 'country'],
  ['/items/0/customsValue', '12,5', 'decimal'],
  ['/items/0/customsValue', '0', 'decimal_positive'],
  ['/items/0/customsValue', '1.001', 'decimal_scale'],
  ['/items/0/netMass', true, 'decimal'],
  ['/items/0/supplementaryQuantity', undefined, 'supplementary_pair'],
  ['/items/0/supplementaryUnit', 'kilograms', 'package_kind'],
  ['/items/0/packages', 2.5, 'integer_range'],
  ['/items/0/packages', -1, 'integer_range'],
  ['/unexpected', 'x', 'unknown_property'],
];

describe('goods declaration validation', () => {
  it('accepts the factory document and normalises its decimals', () => {
    const parsed = parseDocument(
      schema,
      aDeclaration({
        items: [{ ...aDeclaration().items[0]!, customsValue: 12500.5, netMass: '010000.000' }],
      }),
    );
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.error));
    const [item] = parsed.value.items;
    assert.equal(item!.customsValue, '12500.5');
    assert.equal(item!.netMass, '10000');
  });

  for (const [pointer, value, code] of badValues) {
    it(`reports ${pointer} = ${JSON.stringify(value)} as ${code}`, () => {
      const document = withValue(aDeclaration(), pointer, value);
      const parsed = parseDocument(schema, document);
      assert.ok(!parsed.ok, 'expected the document to be refused');
      const problem = parsed.error.find(
        (p) =>
          p.path === pointer ||
          (p.path.startsWith(`${pointer}/`) && p.code === code) ||
          (code === 'supplementary_pair' && p.code === code),
      );
      assert.ok(problem, `no problem at ${pointer}; got ${JSON.stringify(parsed.error)}`);
      assert.equal(problem.code, code);
      if (value !== undefined && code !== 'unknown_property' && problem.path === pointer)
        assert.deepEqual(problem.value, value);
      assert.notEqual(describeExpected(problem, 'en'), '');
      assert.notEqual(describeExpected(problem, 'fr'), describeExpected(problem, 'en'));
    });
  }

  it('requires an exchange rate of 1 for an invoice in the national currency', () => {
    const parsed = parseDocument(
      schema,
      aDeclaration({ invoice: { currency: 'XOF', exchangeRate: '655.957' } }),
    );
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.error.map((p) => [p.path, p.code]),
      [['/invoice/exchangeRate', 'exchange_rate_national']],
    );
  });

  it('reports every problem at once, not only the first', () => {
    const document = withValue(
      withValue(withValue(aDeclaration(), '/items/0/origin', 'XX'), '/office', 'bad'),
      '/kind',
      'x',
    );
    const parsed = parseDocument(schema, document);
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.error.map((p) => p.path).sort(), ['/items/0/origin', '/kind', '/office']);
  });
});
