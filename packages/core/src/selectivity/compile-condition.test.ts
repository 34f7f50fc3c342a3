import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionGiven } from './compile-condition.ts';
import type { Condition } from './condition.ts';
import type { SelectivitySubject } from './selectivity-subject.ts';
import type { Watchlist } from './watchlist.ts';
import {
  aCriterionOn,
  anEntry,
  anItem,
  aRuleSet,
  aSubject,
  aWatchlist,
  compileOrThrow,
} from './selectivity-factories.ts';

const at = new Date('2026-03-15T10:00:00Z');

/**
 * Whether a condition makes a criterion hit the subject, through the whole path: validation,
 * compilation, index and evaluation.
 */
function hits(
  condition: Condition,
  subject: SelectivitySubject = aSubject(),
  lists: Watchlist[] = [],
): boolean {
  const evaluator = compileOrThrow(aRuleSet({ criteria: [aCriterionOn('C', condition)], lists }));
  return evaluator.matchCriteria(subject, at).includes('C');
}

describe('predicates on codes', () => {
  it('eq and in compare exactly', () => {
    assert.equal(hits({ field: 'origin', op: 'eq', value: 'CN' }), true);
    assert.equal(hits({ field: 'origin', op: 'eq', value: 'JP' }), false);
    assert.equal(hits({ field: 'origin', op: 'in', value: ['JP', 'CN'] }), true);
    assert.equal(hits({ field: 'origin', op: 'in', value: ['JP', 'KR'] }), false);
    assert.equal(hits({ field: 'office', op: 'eq', value: 'SNDKR1' }), true);
    assert.equal(hits({ field: 'office', op: 'in', value: ['SNDSS1'] }), false);
    assert.equal(hits({ field: 'importer', op: 'eq', value: 'IMP000001' }), true);
    assert.equal(hits({ field: 'declarant', op: 'in', value: ['DECL042'] }), true);
    assert.equal(hits({ field: 'declarant', op: 'eq', value: 'DECL043' }), false);
    assert.equal(hits({ field: 'departureCountry', op: 'eq', value: 'CN' }), true);
    assert.equal(hits({ field: 'transportMode', op: 'eq', value: 'sea' }), true);
    assert.equal(hits({ field: 'transportMode', op: 'in', value: ['air', 'road'] }), false);
    assert.equal(hits({ field: 'procedure', op: 'eq', value: '4000' }), true);
  });

  it('tariff lines: equals, in, and prefix at any depth (chapter to national line)', () => {
    assert.equal(hits({ field: 'tariffLine', op: 'eq', value: '8703231900' }), true);
    assert.equal(hits({ field: 'tariffLine', op: 'eq', value: '8703231000' }), false);
    assert.equal(hits({ field: 'tariffLine', op: 'in', value: ['0303890000', '8703231900'] }), true);
    for (const prefix of ['87', '8703', '870323', '87032319', '8703231900']) {
      assert.equal(hits({ field: 'tariffLine', op: 'prefix', value: prefix }), true, prefix);
    }
    for (const prefix of ['88', '8704', '870324', '8703231901']) {
      assert.equal(hits({ field: 'tariffLine', op: 'prefix', value: prefix }), false, prefix);
    }
    assert.equal(hits({ field: 'tariffLine', op: 'prefix', value: ['0303', '8703'] }), true);
    assert.equal(hits({ field: 'procedure', op: 'prefix', value: '40' }), true);
    assert.equal(hits({ field: 'procedure', op: 'prefix', value: '41' }), false);
  });

  it('sellers compare case-, accent- and punctuation-insensitively', () => {
    const subject = aSubject({ seller: 'Société Générale  d’Import-Export' });
    assert.equal(
      hits({ field: 'seller', op: 'eq', value: "SOCIETE GENERALE D'IMPORT EXPORT" }, subject),
      true,
    );
    assert.equal(
      hits({ field: 'seller', op: 'in', value: ['Other', 'societe generale d import export'] }, subject),
      true,
    );
    assert.equal(hits({ field: 'seller', op: 'eq', value: 'Société Générale' }, subject), false);
  });

  it('B/L and container numbers: the predicate holds when one of the file’s numbers satisfies it', () => {
    const subject = aSubject({
      billsOfLading: ['MEDU1', 'MEDU12345678'],
      containers: ['MSCU1234566', 'CSQU3054383'],
    });
    assert.equal(hits({ field: 'billOfLading', op: 'eq', value: 'MEDU12345678' }, subject), true);
    assert.equal(hits({ field: 'billOfLading', op: 'in', value: ['XXX123'] }, subject), false);
    assert.equal(hits({ field: 'container', op: 'eq', value: 'CSQU3054383' }, subject), true);
    assert.equal(hits({ field: 'container', op: 'prefix', value: 'MSCU' }, subject), true);
    assert.equal(hits({ field: 'container', op: 'prefix', value: 'MAEU' }, subject), false);
    assert.equal(
      hits({ field: 'container', op: 'prefix', value: 'MSCU' }, aSubject({ containers: [] })),
      false,
    );
  });
});

describe('predicates on numbers and indicators', () => {
  const item = anItem({ customsValue: 1000, unitValue: 50, valuePerKg: 2, quantity: 20, netMass: 500 });
  const subject = aSubject({ items: [item], importerHitRate: 0.4, modelScore: 0.9 });

  it('gt, gte, lt, lte and between, with their boundaries', () => {
    const cases: [Condition, boolean][] = [
      [{ field: 'customsValue', op: 'gt', value: 999 }, true],
      [{ field: 'customsValue', op: 'gt', value: 1000 }, false],
      [{ field: 'customsValue', op: 'gte', value: 1000 }, true],
      [{ field: 'customsValue', op: 'gte', value: 1000.5 }, false],
      [{ field: 'unitValue', op: 'lt', value: 51 }, true],
      [{ field: 'unitValue', op: 'lt', value: 50 }, false],
      [{ field: 'unitValue', op: 'lte', value: 50 }, true],
      [{ field: 'valuePerKg', op: 'between', value: [2, 3] }, true],
      [{ field: 'valuePerKg', op: 'between', value: [1, 2] }, true],
      [{ field: 'valuePerKg', op: 'between', value: [2.01, 3] }, false],
      [{ field: 'quantity', op: 'gte', value: 20 }, true],
      [{ field: 'netMass', op: 'lt', value: 500 }, false],
      [{ field: 'importerHitRate', op: 'gte', value: 0.4 }, true],
      [{ field: 'importerHitRate', op: 'gt', value: 0.4 }, false],
      [{ field: 'modelScore', op: 'between', value: [0.8, 1] }, true],
      [{ field: 'modelScore', op: 'lt', value: 0.5 }, false],
    ];
    for (const [condition, expected] of cases) {
      assert.equal(hits(condition, subject), expected, JSON.stringify(condition));
    }
  });

  it('unit value below the reference band, from the valuation service', () => {
    const below = aSubject({ items: [anItem({ unitValueBelowReference: 35 })] });
    assert.equal(hits({ field: 'unitValueBelowReference', op: 'gte', value: 30 }, below), true);
    assert.equal(hits({ field: 'unitValueBelowReference', op: 'gte', value: 40 }, below), false);
  });

  it('B/L on no manifest: a boolean indicator; absent matches neither true nor false', () => {
    assert.equal(
      hits({ field: 'billOnNoManifest', op: 'eq', value: true }, aSubject({ billOnNoManifest: true })),
      true,
    );
    assert.equal(
      hits({ field: 'billOnNoManifest', op: 'eq', value: true }, aSubject({ billOnNoManifest: false })),
      false,
    );
    assert.equal(
      hits({ field: 'billOnNoManifest', op: 'eq', value: false }, aSubject({ billOnNoManifest: false })),
      true,
    );
    assert.equal(hits({ field: 'billOnNoManifest', op: 'eq', value: false }, aSubject()), false);
    assert.equal(hits({ field: 'billOnNoManifest', op: 'eq', value: true }, aSubject()), false);
  });

  it('a predicate on a field the file does not give does not hold, and its negation does', () => {
    const bare = aSubject({ items: [{ tariffLine: '8703', description: 'cars' }] });
    assert.equal(hits({ field: 'customsValue', op: 'gte', value: 0 }, bare), false);
    assert.equal(hits({ field: 'modelScore', op: 'gte', value: 0 }, bare), false);
    assert.equal(hits({ not: { field: 'origin', op: 'eq', value: 'CN' } }, bare), true);
  });
});

describe('words in the description', () => {
  const subject = aSubject({
    items: [anItem({ description: 'CIGARETTES contenant du Tabac; Œufs frais, véhicule d’occasion' })],
  });

  it('match whole words and phrases, case- and accent-insensitively', () => {
    assert.equal(hits({ field: 'description', op: 'words', value: ['tabac'] }, subject), true);
    assert.equal(hits({ field: 'description', op: 'words', value: ['VEHICULE D OCCASION'] }, subject), true);
    assert.equal(hits({ field: 'description', op: 'words', value: ['oeufs'] }, subject), true);
    assert.equal(hits({ field: 'description', op: 'words', value: ['cigarettes'] }, subject), true);
  });

  it('never match inside a word', () => {
    assert.equal(hits({ field: 'description', op: 'words', value: ['cigarette'] }, subject), false);
    assert.equal(hits({ field: 'description', op: 'words', value: ['tab'] }, subject), false);
    assert.equal(hits({ field: 'description', op: 'words', value: ['frais vehicule'] }, subject), true);
    assert.equal(hits({ field: 'description', op: 'words', value: ['contenant tabac'] }, subject), false);
  });

  it('hold when any of the listed words is found', () => {
    assert.equal(hits({ field: 'description', op: 'words', value: ['heroin', 'tabac'] }, subject), true);
    assert.equal(hits({ field: 'description', op: 'words', value: ['heroin', 'cocaine'] }, subject), false);
  });
});

describe('all, any and not, item by item', () => {
  const twoItems = aSubject({
    items: [
      anItem({ tariffLine: '8703231900', origin: 'JP', unitValue: 9_000_000 }),
      anItem({ tariffLine: '6403990000', origin: 'CN', unitValue: 1_000 }),
    ],
  });

  it('all: every predicate must hold for the same item', () => {
    const carFromChina: Condition = {
      all: [
        { field: 'tariffLine', op: 'prefix', value: '8703' },
        { field: 'origin', op: 'eq', value: 'CN' },
      ],
    };
    // A car (from Japan) and something from China, but no Chinese car.
    assert.equal(hits(carFromChina, twoItems), false);
    const carFromJapan: Condition = {
      all: [
        { field: 'tariffLine', op: 'prefix', value: '8703' },
        { field: 'origin', op: 'eq', value: 'JP' },
      ],
    };
    assert.equal(hits(carFromJapan, twoItems), true);
  });

  it('file-level predicates are visible from every item', () => {
    const condition: Condition = {
      all: [
        { field: 'importer', op: 'eq', value: 'IMP000001' },
        { field: 'origin', op: 'eq', value: 'CN' },
        { field: 'unitValue', op: 'lt', value: 5_000 },
      ],
    };
    assert.equal(hits(condition, twoItems), true);
    assert.equal(hits(condition, { ...twoItems, importer: 'IMP000002' }), false);
  });

  it('any: one predicate holding for an item is enough', () => {
    const condition: Condition = {
      any: [
        { field: 'tariffLine', op: 'prefix', value: '9999' },
        { field: 'origin', op: 'eq', value: 'JP' },
      ],
    };
    assert.equal(hits(condition, twoItems), true);
    assert.equal(
      hits(
        {
          any: [
            { field: 'origin', op: 'eq', value: 'US' },
            { field: 'importer', op: 'eq', value: 'X1' },
          ],
        },
        twoItems,
      ),
      false,
    );
  });

  it('not: holds when some item does not satisfy its condition', () => {
    assert.equal(hits({ not: { field: 'origin', op: 'eq', value: 'CN' } }, twoItems), true);
    assert.equal(hits({ not: { field: 'origin', op: 'in', value: ['CN', 'JP'] } }, twoItems), false);
    assert.equal(hits({ not: { field: 'importer', op: 'eq', value: 'IMP000001' } }, twoItems), false);
  });

  it('nest: vehicles not from Japan or Korea, or any item worth under 2,000 per unit', () => {
    const condition: Condition = {
      any: [
        {
          all: [
            { field: 'tariffLine', op: 'prefix', value: '8703' },
            { not: { field: 'origin', op: 'in', value: ['JP', 'KR'] } },
          ],
        },
        { field: 'unitValue', op: 'lt', value: 2_000 },
      ],
    };
    assert.equal(hits(condition, twoItems), true);
    const onlyJapaneseCar = aSubject({ items: [anItem({ origin: 'JP', unitValue: 9_000_000 })] });
    assert.equal(hits(condition, onlyJapaneseCar), false);
    assert.equal(hits(condition, aSubject({ items: [anItem({ origin: 'DE' })] })), true);
  });
});

describe('list membership', () => {
  const lists = [
    aWatchlist({
      id: 'L-IMP',
      entries: [
        anEntry('IMP000001', { validFrom: '2026-03-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z' }),
        anEntry('IMP000002', { validFrom: '2026-03-15T10:00:00Z' }),
        anEntry('IMP000003', { validFrom: '2026-01-01T00:00:00Z', validTo: '2026-03-15T10:00:00Z' }),
        anEntry('IMP000004', { validFrom: '2026-03-15T10:00:00.001Z' }),
      ],
    }),
    aWatchlist({ id: 'L-HS', kind: 'tariff_line', entries: [anEntry('870323'), anEntry('2402')] }),
    aWatchlist({
      id: 'L-CTRY',
      kind: 'country',
      entries: [anEntry('CN', { validTo: '2026-02-01T00:00:00Z' }), anEntry('NG')],
    }),
    aWatchlist({ id: 'L-SELL', kind: 'seller', entries: [anEntry('NINGBO TRADING CO.')] }),
    aWatchlist({ id: 'L-BL', kind: 'bill_of_lading', entries: [anEntry('MEDU12345678')] }),
    aWatchlist({ id: 'L-CTN', kind: 'container', entries: [anEntry('CSQU3054383')] }),
    aWatchlist({ id: 'L-DECL', kind: 'declarant', entries: [anEntry('DECL042')] }),
  ];
  const onList = (field: 'importer', importer: string) =>
    hits({ field, op: 'inList', list: 'L-IMP' }, aSubject({ importer }), lists);

  it('counts only entries valid at the assessment date (from inclusive, to exclusive)', () => {
    assert.equal(onList('importer', 'IMP000001'), true);
    assert.equal(onList('importer', 'IMP000002'), true, 'valid from the very instant');
    assert.equal(onList('importer', 'IMP000003'), false, 'ended at the very instant');
    assert.equal(onList('importer', 'IMP000004'), false, 'not yet valid');
    assert.equal(onList('importer', 'IMP000005'), false, 'never listed');
  });

  it('tariff-line lists hold prefixes', () => {
    assert.equal(hits({ field: 'tariffLine', op: 'inList', list: 'L-HS' }, aSubject(), lists), true);
    const cigarettes = aSubject({ items: [anItem({ tariffLine: '2402200000' })] });
    assert.equal(hits({ field: 'tariffLine', op: 'inList', list: 'L-HS' }, cigarettes, lists), true);
    const trucks = aSubject({ items: [anItem({ tariffLine: '8704210000' })] });
    assert.equal(hits({ field: 'tariffLine', op: 'inList', list: 'L-HS' }, trucks, lists), false);
  });

  it('every kind of list on its fields', () => {
    assert.equal(
      hits({ field: 'origin', op: 'inList', list: 'L-CTRY' }, aSubject(), lists),
      false,
      'CN expired',
    );
    assert.equal(
      hits(
        { field: 'departureCountry', op: 'inList', list: 'L-CTRY' },
        aSubject({ departureCountry: 'NG' }),
        lists,
      ),
      true,
    );
    assert.equal(
      hits(
        { field: 'seller', op: 'inList', list: 'L-SELL' },
        aSubject({ seller: 'Ningbo trading co' }),
        lists,
      ),
      true,
    );
    assert.equal(hits({ field: 'billOfLading', op: 'inList', list: 'L-BL' }, aSubject(), lists), true);
    assert.equal(hits({ field: 'container', op: 'inList', list: 'L-CTN' }, aSubject(), lists), true);
    assert.equal(
      hits(
        { field: 'container', op: 'inList', list: 'L-CTN' },
        aSubject({ containers: ['MSCU1234566'] }),
        lists,
      ),
      false,
    );
    assert.equal(hits({ field: 'declarant', op: 'inList', list: 'L-DECL' }, aSubject(), lists), true);
  });
});

describe('the condition run for an item the index found', () => {
  const heading = { field: 'tariffLine', op: 'prefix', value: ['8703', '8704'] } as const;
  const origins = { field: 'origin', op: 'in', value: ['CN', 'JP'] } as const;
  const cheap = { field: 'unitValue', op: 'lt', value: 2_000 } as const;

  it('leaves out the prefix and origin predicates its key proves, at any depth of all', () => {
    const known = { tariffPrefixes: ['8703', '8704'], origins: ['CN'] };
    assert.deepEqual(conditionGiven({ all: [heading, { all: [origins, cheap] }] }, known), cheap);
    assert.deepEqual(conditionGiven({ all: [heading, origins] }, known), { all: [] });
    // A shorter prefix of every known line is proven too.
    assert.deepEqual(
      conditionGiven({ all: [{ field: 'tariffLine', op: 'prefix', value: '87' }, cheap] }, known),
      cheap,
    );
  });

  it('keeps the predicates the key does not prove', () => {
    const line = { tariffPrefixes: ['8703'], origins: null };
    // Origin unknown; another prefix; an origin eq that not every known origin satisfies.
    assert.deepEqual(conditionGiven({ all: [heading, origins, cheap] }, line), { all: [origins, cheap] });
    const other = { field: 'tariffLine', op: 'prefix', value: '870323' } as const;
    assert.deepEqual(conditionGiven({ all: [heading, other] }, line), other);
    const both = { tariffPrefixes: ['8703'], origins: ['CN', 'JP'] };
    const japan = { field: 'origin', op: 'eq', value: 'JP' } as const;
    assert.deepEqual(conditionGiven({ all: [heading, origins, japan] }, both), japan);
    // Lists (whose entries have validity), any and not prove nothing.
    const listed = { field: 'tariffLine', op: 'inList', list: 'L-HS' } as const;
    assert.deepEqual(conditionGiven({ all: [listed, cheap] }, line), { all: [listed, cheap] });
    const either: Condition = { any: [heading, cheap] };
    assert.equal(conditionGiven(either, line), either);
    const none: Condition = { not: heading };
    assert.equal(conditionGiven(none, line), none);
  });
});
