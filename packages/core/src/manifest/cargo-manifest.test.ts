import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeExpected } from '../shared/messages.ts';
import { parseDocument } from '../shared/parse.ts';
import { aManifest, testReferences, withValue } from '../testing/factories.ts';
import { cargoManifestSchema } from './cargo-manifest.ts';

const schema = cargoManifestSchema(testReferences());

// One row per rule: the field, a bad value, and the expectation it must report.
const badValues: readonly [pointer: string, value: unknown, code: string][] = [
  ['/sender', '', 'party_code'],
  ['/reference', undefined, 'required'],
  ['/carrier/code', 'M S C', 'party_code'],
  ['/carrier/name', '', 'text_length'],
  ['/conveyance/name', '', 'text_length'],
  ['/conveyance/imoNumber', '9074728', 'imo_number'],
  ['/voyageNumber', 'voyage with spaces', 'reference'],
  ['/portOfLoading', 'SHANGHAI', 'unlocode'],
  ['/portOfLoading', 'XXSHA', 'unlocode'],
  ['/office', 'SNXXX9', 'office_known'],
  ['/expectedArrival', '2026-03-10', 'datetime'],
  ['/expectedArrival', '10/03/2026 06:00', 'datetime'],
  ['/actualArrival', '2026-13-01T00:00:00Z', 'datetime'],
  ['/billsOfLading', [], 'list_length'],
  ['/billsOfLading/0/number', 'a', 'reference'],
  ['/billsOfLading/0/shipper/name', '', 'text_length'],
  ['/billsOfLading/0/consignee/taxId', 'tax id!', 'party_code'],
  ['/billsOfLading/0/description', '', 'text_length'],
  ['/billsOfLading/0/hsCode', '03', 'hs_code'],
  ['/billsOfLading/0/hsCode', '9999', 'hs_code_known'],
  ['/billsOfLading/0/packages', 0, 'integer_range'],
  ['/billsOfLading/0/packageKind', 'cartons', 'package_kind'],
  ['/billsOfLading/0/grossMass', '-3', 'decimal_positive'],
  ['/billsOfLading/0/containers/0', 'CSQU3054384', 'container_number'],
];

describe('cargo manifest validation', () => {
  it('accepts the factory manifest', () => {
    const parsed = parseDocument(schema, aManifest());
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.error));
    assert.equal(parsed.value.billsOfLading[0]?.grossMass, '10400.5');
    assert.equal(parsed.value.expectedArrival, '2026-03-10T06:00:00.000Z');
  });

  for (const [pointer, value, code] of badValues) {
    it(`reports ${pointer} = ${JSON.stringify(value)} as ${code}`, () => {
      const parsed = parseDocument(schema, withValue(aManifest(), pointer, value));
      assert.ok(!parsed.ok, 'expected the manifest to be refused');
      const problem = parsed.error.find((p) => p.path === pointer);
      assert.ok(problem, `no problem at ${pointer}; got ${JSON.stringify(parsed.error)}`);
      assert.equal(problem.code, code);
      if (value !== undefined) assert.deepEqual(problem.value, value);
      assert.notEqual(describeExpected(problem, 'fr'), describeExpected(problem, 'en'));
    });
  }

  it('refuses a B/L number repeated within a manifest', () => {
    const manifest = aManifest();
    const bill = manifest.billsOfLading[0]!;
    const parsed = parseDocument(schema, { ...manifest, billsOfLading: [bill, { ...bill, containers: [] }] });
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.error.map((p) => [p.path, p.code]),
      [['/billsOfLading/1/number', 'no_duplicates']],
    );
  });
});
