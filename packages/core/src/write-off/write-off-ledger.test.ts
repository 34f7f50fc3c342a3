import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  allocatePackages,
  currentDeclarations,
  declarationFactsOf,
  writeOffLedger,
  type BillWriteOff,
  type DeclarationWriteOffFacts,
  type ManifestedBill,
} from './write-off-ledger.ts';

const bill = (
  billNumber: string,
  packages: number,
  grossMass: string,
  manifestId = 'M1',
): ManifestedBill => ({
  billNumber,
  manifestId,
  packages,
  grossMass,
});

const declaration = (
  declarationId: string,
  billsOfLading: readonly string[],
  packages: number,
  options: { version?: number; cancelled?: boolean } = {},
): DeclarationWriteOffFacts => ({
  declarationId,
  version: options.version ?? 1,
  cancelled: options.cancelled ?? false,
  billsOfLading,
  packages,
});

function only(ledger: readonly BillWriteOff[], billNumber: string): BillWriteOff {
  const entry = ledger.find((line) => line.billNumber === billNumber);
  assert.ok(entry, `no ledger entry for ${billNumber}`);
  return entry;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('declarationFactsOf', () => {
  it("sums the items' packages and keeps the B/Ls in the order cited", () => {
    const facts = declarationFactsOf(
      'd1',
      2,
      { billsOfLading: ['B2', 'B1'], items: [{ packages: 3 }, { packages: 0 }, { packages: 4 }] },
      false,
    );
    assert.deepEqual(facts, {
      declarationId: 'd1',
      version: 2,
      cancelled: false,
      billsOfLading: ['B2', 'B1'],
      packages: 7,
    });
  });
});

describe('allocatePackages', () => {
  const manifested = (number: string) => ({ A: 100, B: 50, C: 20 })[number];

  it('writes off all of a single-B/L declaration against it, even beyond the manifest', () => {
    assert.deepEqual(allocatePackages({ billsOfLading: ['A'], packages: 130 }, manifested), [
      { billNumber: 'A', packages: 130 },
    ]);
  });

  it('fills several B/Ls in the order cited, the last taking the rest', () => {
    assert.deepEqual(allocatePackages({ billsOfLading: ['A', 'B', 'C'], packages: 130 }, manifested), [
      { billNumber: 'A', packages: 100 },
      { billNumber: 'B', packages: 30 },
      { billNumber: 'C', packages: 0 },
    ]);
    assert.deepEqual(allocatePackages({ billsOfLading: ['B', 'A'], packages: 200 }, manifested), [
      { billNumber: 'B', packages: 50 },
      { billNumber: 'A', packages: 150 },
    ]);
  });

  it('fills nothing of a B/L no manifest carries, unless it is the last', () => {
    assert.deepEqual(allocatePackages({ billsOfLading: ['X', 'B'], packages: 60 }, manifested), [
      { billNumber: 'X', packages: 0 },
      { billNumber: 'B', packages: 60 },
    ]);
    assert.deepEqual(allocatePackages({ billsOfLading: ['B', 'X'], packages: 60 }, manifested), [
      { billNumber: 'B', packages: 50 },
      { billNumber: 'X', packages: 10 },
    ]);
  });

  it('counts a B/L cited twice once, and allocates nothing without a B/L', () => {
    assert.deepEqual(allocatePackages({ billsOfLading: ['A', 'A'], packages: 10 }, manifested), [
      { billNumber: 'A', packages: 10 },
    ]);
    assert.deepEqual(allocatePackages({ billsOfLading: [], packages: 10 }, manifested), []);
  });
});

describe('currentDeclarations', () => {
  it('keeps the latest version of each file, whatever the order, and drops cancelled files', () => {
    const facts = [
      declaration('d2', ['A'], 5, { version: 2 }),
      declaration('d1', ['A'], 9, { version: 1 }),
      declaration('d2', ['A'], 7, { version: 1 }),
      declaration('d3', ['A'], 4, { version: 1, cancelled: true }),
      declaration('d3', ['A'], 4, { version: 2 }),
    ];
    assert.deepEqual(
      currentDeclarations(facts).map((fact) => [fact.declarationId, fact.version, fact.packages]),
      [
        ['d1', 1, 9],
        ['d2', 2, 5],
      ],
    );
  });
});

describe('writeOffLedger', () => {
  it('shows a B/L nobody declared as not written off, all of it remaining', () => {
    const [line] = writeOffLedger([bill('A', 400, '10400.5')], []);
    assert.deepEqual(line, {
      billNumber: 'A',
      manifestIds: ['M1'],
      status: 'not_written_off',
      manifested: { packages: 400, grossMass: '10400.5' },
      writtenOff: { packages: 0, grossMass: '0' },
      remaining: { packages: 400, grossMass: '10400.5' },
      excess: null,
      shortage: null,
      declarations: [],
    });
  });

  it('writes a B/L off wholly with one declaration of all its packages', () => {
    const line = only(writeOffLedger([bill('A', 400, '10400.5')], [declaration('d1', ['A'], 400)]), 'A');
    assert.equal(line.status, 'written_off');
    assert.deepEqual(line.writtenOff, { packages: 400, grossMass: '10400.5' });
    assert.deepEqual(line.remaining, { packages: 0, grossMass: '0' });
    assert.equal(line.shortage, null);
    assert.equal(line.excess, null);
    assert.deepEqual(line.declarations, [
      { declarationId: 'd1', version: 1, packages: 400, grossMass: '10400.5' },
    ]);
  });

  it('writes off partially, mass in proportion to packages, and records the shortage', () => {
    const line = only(
      writeOffLedger(
        [bill('A', 400, '10000')],
        [declaration('d1', ['A'], 150), declaration('d2', ['A'], 100)],
      ),
      'A',
    );
    assert.equal(line.status, 'partial');
    assert.deepEqual(line.writtenOff, { packages: 250, grossMass: '6250' });
    assert.deepEqual(line.remaining, { packages: 150, grossMass: '3750' });
    assert.deepEqual(line.shortage, { packages: 150, grossMass: '3750' });
    assert.deepEqual(
      line.declarations.map((share) => [share.declarationId, share.packages, share.grossMass]),
      [
        ['d1', 150, '3750'],
        ['d2', 100, '2500'],
      ],
    );
  });

  it('records the excess when declarations write off more than the manifest carries', () => {
    const line = only(
      writeOffLedger(
        [bill('A', 400, '10000')],
        [declaration('d1', ['A'], 300), declaration('d2', ['A'], 150)],
      ),
      'A',
    );
    assert.equal(line.status, 'excess');
    assert.deepEqual(line.excess, { packages: 50, grossMass: '1250' });
    assert.deepEqual(line.remaining, { packages: 0, grossMass: '0' });
    assert.equal(line.shortage, null);
  });

  it('leaves no mass when every package is written off, though shares round to the gram', () => {
    const line = only(
      writeOffLedger(
        [bill('A', 3, '10')],
        [declaration('d1', ['A'], 1), declaration('d2', ['A'], 1), declaration('d3', ['A'], 1)],
      ),
      'A',
    );
    assert.equal(line.status, 'written_off');
    assert.deepEqual(line.remaining, { packages: 0, grossMass: '0' });
    assert.deepEqual(
      line.declarations.map((share) => share.grossMass),
      ['3.333', '3.333', '3.333'],
    );
    const half = only(writeOffLedger([bill('A', 8, '0.005')], [declaration('d1', ['A'], 1)]), 'A');
    // 0.005 × 1/8 = 0.000625 kg, rounded half-even to the gram: 0.001
    assert.equal(half.writtenOff.grossMass, '0.001');
    assert.equal(half.remaining?.grossMass, '0.004');
  });

  it('writes off a multi-B/L declaration in the order it cites them', () => {
    const ledger = writeOffLedger(
      [bill('A', 100, '2000'), bill('B', 50, '1000', 'M2')],
      [declaration('d1', ['B', 'A'], 120)],
    );
    const a = only(ledger, 'A');
    const b = only(ledger, 'B');
    assert.equal(b.status, 'written_off');
    assert.equal(a.status, 'partial');
    assert.deepEqual(a.writtenOff, { packages: 70, grossMass: '1400' });
    assert.deepEqual(a.shortage, { packages: 30, grossMass: '600' });
  });

  it("restores what an amendment lowers: only a file's current version counts", () => {
    const manifest = [bill('A', 400, '10000')];
    const v1 = declaration('d1', ['A'], 400, { version: 1 });
    const v2 = declaration('d1', ['A'], 300, { version: 2 });
    assert.equal(only(writeOffLedger(manifest, [v1]), 'A').status, 'written_off');
    const amended = only(writeOffLedger(manifest, [v1, v2]), 'A');
    assert.equal(amended.status, 'partial');
    assert.deepEqual(amended.remaining, { packages: 100, grossMass: '2500' });
    assert.deepEqual(amended.declarations, [
      { declarationId: 'd1', version: 2, packages: 300, grossMass: '7500' },
    ]);
  });

  it('restores the B/L an amendment no longer cites', () => {
    const manifest = [bill('A', 10, '100'), bill('B', 10, '100')];
    const ledger = writeOffLedger(manifest, [
      declaration('d1', ['A'], 10, { version: 1 }),
      declaration('d1', ['B'], 10, { version: 2 }),
    ]);
    assert.equal(only(ledger, 'A').status, 'not_written_off');
    assert.deepEqual(only(ledger, 'A').declarations, []);
    assert.equal(only(ledger, 'B').status, 'written_off');
  });

  it('counts nothing of a cancelled declaration', () => {
    const line = only(
      writeOffLedger(
        [bill('A', 400, '10000')],
        [declaration('d1', ['A'], 300, { cancelled: true }), declaration('d2', ['A'], 100)],
      ),
      'A',
    );
    assert.equal(line.status, 'partial');
    assert.deepEqual(line.writtenOff, { packages: 100, grossMass: '2500' });
    assert.deepEqual(
      line.declarations.map((share) => share.declarationId),
      ['d2'],
    );
  });

  it('lists the B/Ls declarations cite that no manifest carries, after the manifested ones', () => {
    const ledger = writeOffLedger(
      [bill('A', 10, '100')],
      [declaration('d1', ['Z'], 4), declaration('d2', ['Y', 'A'], 10)],
    );
    assert.deepEqual(
      ledger.map((line) => [line.billNumber, line.status]),
      [
        ['A', 'written_off'],
        ['Y', 'not_manifested'],
        ['Z', 'not_manifested'],
      ],
    );
    const z = only(ledger, 'Z');
    assert.deepEqual(z.writtenOff, { packages: 4, grossMass: null });
    assert.equal(z.remaining, null);
    assert.deepEqual(z.declarations, [{ declarationId: 'd1', version: 1, packages: 4, grossMass: null }]);
  });

  it('adds up a B/L carried by two manifests (a consignment split over two voyages)', () => {
    const line = only(
      writeOffLedger(
        [bill('A', 60, '600.5', 'M1'), bill('A', 40, '400', 'M2')],
        [declaration('d1', ['A'], 100)],
      ),
      'A',
    );
    assert.deepEqual(line.manifestIds, ['M1', 'M2']);
    assert.deepEqual(line.manifested, { packages: 100, grossMass: '1000.5' });
    assert.equal(line.status, 'written_off');
  });

  it('gives the same ledger for every order of the same declarations', () => {
    const manifest = [bill('A', 100, '2000'), bill('B', 50, '1234.567', 'M2'), bill('C', 7, '70')];
    const declarations = [
      declaration('d1', ['A'], 30),
      declaration('d2', ['B', 'A'], 80),
      declaration('d3', ['C'], 9),
      declaration('d4', ['A'], 20, { version: 1 }),
      declaration('d4', ['A'], 10, { version: 2 }),
    ];
    const expected = writeOffLedger(manifest, declarations);
    assert.deepEqual(
      expected.map((line) => [line.billNumber, line.status, line.remaining?.packages, line.excess?.packages]),
      [
        ['A', 'partial', 30, undefined],
        ['B', 'written_off', 0, undefined],
        ['C', 'excess', 0, 2],
      ],
    );
    const orders = permutations(declarations);
    assert.equal(orders.length, 120);
    for (const order of orders) assert.deepEqual(writeOffLedger(manifest, order), expected);
  });
});

describe('writeOffLedger, properties', () => {
  const billNumbers = ['A', 'B', 'C', 'D'];
  const manifestArbitrary = fc.uniqueArray(
    fc.record({
      billNumber: fc.constantFrom(...billNumbers),
      manifestId: fc.constant('M1'),
      packages: fc.integer({ min: 1, max: 500 }),
      grossMass: fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 999 }))
        .filter(([whole, grams]) => whole + grams > 0)
        .map(([whole, grams]) => `${whole}.${String(grams).padStart(3, '0')}`),
    }),
    { selector: (line) => line.billNumber, minLength: 1, maxLength: 4 },
  );
  const factsArbitrary = fc.array(
    fc.record({
      declarationId: fc.constantFrom('d1', 'd2', 'd3', 'd4', 'd5', 'd6'),
      version: fc.integer({ min: 1, max: 3 }),
      cancelled: fc.integer({ min: 0, max: 6 }).map((roll) => roll === 0),
      billsOfLading: fc.uniqueArray(fc.constantFrom(...billNumbers, 'X'), { minLength: 0, maxLength: 3 }),
      packages: fc.integer({ min: 0, max: 600 }),
    }),
    { maxLength: 12 },
  );
  // One set of facts per (declaration, version): a version's content never changes.
  const distinctVersions = (facts: readonly DeclarationWriteOffFacts[]) => {
    const seen = new Map<string, DeclarationWriteOffFacts>();
    for (const fact of facts) seen.set(`${fact.declarationId}/${fact.version}`, fact);
    return [...seen.values()];
  };

  it('gives the same final state for the same declarations in any order', () => {
    fc.assert(
      fc.property(manifestArbitrary, factsArbitrary, fc.infiniteStream(fc.nat()), (manifest, raw, seeds) => {
        const facts = distinctVersions(raw);
        const shuffled = facts
          .map((fact) => ({ fact, key: seeds.next().value as number }))
          .sort((a, b) => a.key - b.key)
          .map((entry) => entry.fact);
        assert.deepEqual(writeOffLedger(manifest, shuffled), writeOffLedger(manifest, facts));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every B/L consistent: written off = sum of shares, remaining or excess = the difference', () => {
    fc.assert(
      fc.property(manifestArbitrary, factsArbitrary, (manifest, raw) => {
        for (const line of writeOffLedger(manifest, distinctVersions(raw))) {
          const shares = line.declarations.reduce((sum, share) => sum + share.packages, 0);
          assert.equal(line.writtenOff.packages, shares);
          if (line.manifested === null) {
            assert.equal(line.status, 'not_manifested');
            continue;
          }
          const difference = line.manifested.packages - line.writtenOff.packages;
          assert.equal(line.remaining?.packages, Math.max(0, difference));
          assert.equal(line.excess?.packages ?? 0, Math.max(0, -difference));
          assert.equal(
            line.shortage?.packages ?? 0,
            line.writtenOff.packages > 0 ? Math.max(0, difference) : 0,
          );
          const expected =
            line.writtenOff.packages === 0
              ? 'not_written_off'
              : difference > 0
                ? 'partial'
                : difference === 0
                  ? 'written_off'
                  : 'excess';
          assert.equal(line.status, expected);
          if (difference === 0) assert.equal(line.remaining.grossMass, '0');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('makes the total written off of every manifested B/L equal to what the declarations allocate it', () => {
    fc.assert(
      fc.property(manifestArbitrary, factsArbitrary, (manifest, raw) => {
        const facts = distinctVersions(raw);
        const current = currentDeclarations(facts);
        const capacity = new Map(manifest.map((line) => [line.billNumber, line.packages]));
        const total = new Map<string, number>();
        for (const fact of current) {
          for (const share of allocatePackages(fact, (number) => capacity.get(number))) {
            total.set(share.billNumber, (total.get(share.billNumber) ?? 0) + share.packages);
          }
        }
        const declaredPackages = current
          .filter((fact) => fact.billsOfLading.length > 0)
          .reduce((sum, fact) => sum + fact.packages, 0);
        const ledger = writeOffLedger(manifest, facts);
        for (const line of ledger) assert.equal(line.writtenOff.packages, total.get(line.billNumber) ?? 0);
        // Nothing is lost or created: every package declared against a B/L lands on one.
        assert.equal(
          ledger.reduce((sum, line) => sum + line.writtenOff.packages, 0),
          declaredPackages,
        );
      }),
      { numRuns: 300 },
    );
  });
});
