import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cargoManifestSchema } from '../manifest/cargo-manifest.ts';
import { goodsDeclarationSchema } from '../declaration/goods-declaration.ts';
import { parseDocument } from '../shared/parse.ts';
import { aDeclaration, aManifest, testReferences } from '../testing/factories.ts';
import { seededRandom } from './seeded-random.ts';
import { aCriterionOn, aRuleSet, compileOrThrow } from './selectivity-factories.ts';
import type { GoodsDeclaration } from '../declaration/goods-declaration.ts';
import {
  decimalToNumber,
  prefetchDeclarations,
  prefetchGroup,
  subjectFromConsignment,
  subjectFromDeclaration,
} from './selectivity-subject.ts';

const refs = testReferences();

function declaration() {
  const parsed = parseDocument(goodsDeclarationSchema(refs), aDeclaration());
  assert.ok(parsed.ok);
  return parsed.value;
}

function manifest() {
  const parsed = parseDocument(cargoManifestSchema(refs), aManifest());
  assert.ok(parsed.ok);
  return parsed.value;
}

describe('subjects', () => {
  it('from a declaration: amounts in the national currency, unit value and value per kg', () => {
    const subject = subjectFromDeclaration(declaration(), {
      fileId: 'D-1',
      consignments: manifest().billsOfLading,
      indicators: {
        modelScore: 0.7,
        importerHitRate: 0.25,
        billOnNoManifest: false,
        unitValueBelowReference: [42],
      },
    });
    assert.equal(subject.fileId, 'D-1');
    assert.equal(subject.office, 'SNDKR1');
    assert.equal(subject.importer, '004512345');
    assert.equal(subject.declarant, 'DECL042');
    assert.equal(subject.seller, 'Ningbo Trading Co');
    assert.equal(subject.departureCountry, 'CN');
    assert.deepEqual(subject.billsOfLading, ['MEDU12345678']);
    assert.deepEqual(subject.containers, ['CSQU3054383']);
    assert.equal(subject.modelScore, 0.7);
    const item = subject.items[0]!;
    assert.equal(item.tariffLine, '0303890000');
    // 12,500.50 EUR at 655.957 XOF per EUR.
    assert.ok(Math.abs((item.customsValue ?? 0) - 12_500.5 * 655.957) < 1e-6);
    assert.ok(Math.abs((item.unitValue ?? 0) - (12_500.5 * 655.957) / 10_000) < 1e-9);
    assert.ok(Math.abs((item.valuePerKg ?? 0) - (12_500.5 * 655.957) / 10_000) < 1e-9);
    assert.equal(item.unitValueBelowReference, 42);
    // Amounts are read lazily, but the subject still serialises as plain data.
    const json = JSON.parse(JSON.stringify(subject)) as { items: Record<string, unknown>[] };
    assert.deepEqual(
      [json.items[0]!.tariffLine, json.items[0]!.quantity, json.items[0]!.netMass],
      ['0303890000', 10_000, 10_000],
    );
  });

  it('from a consignment alone: consignee, shipper, port of loading and HS code stand in', () => {
    const cargo = manifest();
    const consignment = cargo.billsOfLading[0]!;
    const subject = subjectFromConsignment(cargo, consignment, { fileId: 'B-1', transportMode: 'sea' });
    assert.equal(subject.importer, '004512345');
    assert.equal(subject.seller, 'Ningbo Trading Co');
    assert.equal(subject.departureCountry, 'CN');
    assert.deepEqual(subject.billsOfLading, ['MEDU12345678']);
    assert.deepEqual(subject.items, [{ tariffLine: '0303', description: 'Frozen fish' }]);
  });
});

describe('assessing a manifest consignment before any declaration', () => {
  it('applies prefix criteria up to the length of the B/L’s HS code, and no value criterion', () => {
    const cargo = manifest();
    const subject = subjectFromConsignment(cargo, cargo.billsOfLading[0]!, { fileId: 'B-1' });
    const evaluator = compileOrThrow(
      aRuleSet({
        criteria: [
          aCriterionOn('FISH', { field: 'tariffLine', op: 'prefix', value: '0303' }),
          aCriterionOn('FISH-OTHER', { field: 'tariffLine', op: 'prefix', value: '030389' }),
          aCriterionOn('CHEAP', { field: 'unitValue', op: 'lt', value: 1e9 }),
          aCriterionOn('CONSIGNEE', { field: 'importer', op: 'eq', value: '004512345' }),
          aCriterionOn('CONTAINER', { field: 'container', op: 'prefix', value: 'CSQU' }),
          aCriterionOn('LOADED-IN-CN', { field: 'departureCountry', op: 'eq', value: 'CN' }),
          aCriterionOn('WORDS', { field: 'description', op: 'words', value: ['frozen'] }),
        ],
      }),
    );
    assert.deepEqual(evaluator.matchCriteria(subject, new Date('2026-03-09T12:00:00Z')), [
      'FISH',
      'CONSIGNEE',
      'CONTAINER',
      'LOADED-IN-CN',
      'WORDS',
    ]);
  });
});

describe('prefetchDeclarations', () => {
  /** Declarations that record which of them were read, and throw on any change. */
  function watched(count: number): { list: GoodsDeclaration[]; read: Set<number> } {
    const read = new Set<number>();
    const base = declaration();
    const list = Array.from({ length: count }, (_, position) => {
      // Every other declaration has an item without a supplementary quantity.
      const items =
        position % 2 === 0
          ? base.items
          : base.items.map(({ supplementaryQuantity: _quantity, supplementaryUnit: _unit, ...item }) => item);
      return new Proxy(Object.freeze({ ...base, items }), {
        get(target, key, receiver) {
          read.add(position);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
    });
    return { list, read };
  }

  it('reads the first two groups at index 0, then the group after next at each group start, and nothing else', () => {
    const { list, read } = watched(3 * prefetchGroup + 3);
    prefetchDeclarations(list, 0);
    assert.deepEqual(
      [...read],
      Array.from({ length: 2 * prefetchGroup }, (_, at) => at),
    );
    read.clear();
    for (let index = 1; index < prefetchGroup; index += 1) prefetchDeclarations(list, index);
    assert.equal(read.size, 0);
    prefetchDeclarations(list, prefetchGroup);
    assert.deepEqual(
      [...read],
      Array.from({ length: prefetchGroup }, (_, at) => 2 * prefetchGroup + at),
    );
    read.clear();
    // Near the end of the list: only what is there.
    prefetchDeclarations(list, 2 * prefetchGroup);
    assert.deepEqual([...read], [3 * prefetchGroup, 3 * prefetchGroup + 1, 3 * prefetchGroup + 2]);
    read.clear();
    prefetchDeclarations(list, 3 * prefetchGroup);
    prefetchDeclarations([], 0);
    assert.deepEqual([...read], []);
  });

  it('changes nothing an assessment sees', () => {
    const { list } = watched(prefetchGroup + 1);
    const before = JSON.stringify(list.map((one) => subjectFromDeclaration(one, { fileId: 'D-1' })));
    for (let index = 0; index < list.length; index += 1) prefetchDeclarations(list, index);
    assert.equal(JSON.stringify(list.map((one) => subjectFromDeclaration(one, { fileId: 'D-1' }))), before);
  });
});

describe('decimalToNumber', () => {
  it('gives exactly what Number gives, for normalised decimals and anything else', () => {
    const samples = [
      '0',
      '1',
      '12500.5',
      '655.957',
      '0.001',
      '999999999999999',
      '123456789012.345',
      '1234567890123456789',
      '0.0000000000000001',
      '0.1',
      '0.3',
      '-2.5',
      '1e5',
      '',
      '5.',
    ];
    for (const text of samples) assert.ok(Object.is(decimalToNumber(text), Number(text)), text);
    const random = seededRandom('decimals');
    for (let index = 0; index < 20_000; index += 1) {
      const text =
        (random() * 10 ** Math.floor(random() * 12))
          .toFixed(Math.floor(random() * 4))
          .replace(/\.?0+$/, '') || '0';
      assert.ok(Object.is(decimalToNumber(text), Number(text)), text);
    }
  });
});
