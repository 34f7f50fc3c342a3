/**
 * Small typed factories for targeting tests and benchmarks: a declared item, overridable field
 * by field, and a seeded set of inspected items with planted fraud patterns (a fraudulent
 * importer, a risky HS6 and origin, undervalued items), so that a model's lessons can be
 * checked against what was planted.
 */
import { seededRandom } from '../selectivity/seeded-random.ts';
import type { InspectedRow, TargetingRow } from './targeting-row.ts';

/** An item of frozen fish from Viet Nam, lodged on 2025-03-10. */
export function aTargetingRow(overrides: Partial<TargetingRow> = {}): TargetingRow {
  return {
    declarationId: 'D-1',
    date: '2025-03-10',
    office: 'SNDKR1',
    processType: 'B',
    importType: '11',
    importUse: '21',
    paymentType: '11',
    transportMode: '10',
    declarant: 'DEC-1',
    importer: 'IMP-1',
    seller: 'SEL-1',
    courier: '',
    hs6: '030389',
    departure: 'VN',
    origin: 'VN',
    taxRate: 10,
    taxType: 'A',
    originIndicator: 'G',
    netMass: 1000,
    itemPrice: 500_000,
    ...overrides,
  };
}

/**
 * `count` inspected items over `days` days from 2025-01-01, drawn from `seed`. Frauds: every
 * item of importer `IMP-BAD`; most items of HS6 `870323` from `XX`; some undervalued items
 * (price a tenth of their peers'); and 3% at random.
 */
export function inspectedRows(count: number, seed = 'targeting-test', days = 60): InspectedRow[] {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const hs6s = ['030389', '870323', '610910', '847130', '100630'];
  const origins = ['CN', 'VN', 'FR', 'XX', 'TR'];
  const rows: InspectedRow[] = [];
  for (let index = 0; index < count; index++) {
    const day = Math.floor((index / count) * days);
    const date = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
    const importer = random() < 0.05 ? 'IMP-BAD' : `IMP-${Math.floor(random() * 40)}`;
    const hs6 = pick(hs6s);
    const origin = pick(origins);
    const undervalued = random() < 0.1;
    const netMass = Math.round(100 + random() * 900);
    const itemPrice = Math.round(netMass * (undervalued ? 50 : 500) * (0.8 + random() * 0.4));
    const fraud =
      importer === 'IMP-BAD' ||
      (hs6 === '870323' && origin === 'XX' && random() < 0.8) ||
      (undervalued && random() < 0.7) ||
      random() < 0.03;
    rows.push({
      ...aTargetingRow({
        declarationId: `D-${index + 1}`,
        date,
        importer,
        declarant: `DEC-${Math.floor(random() * 8)}`,
        seller: `SEL-${Math.floor(random() * 30)}`,
        hs6,
        origin,
        departure: origin,
        netMass,
        itemPrice,
        taxRate: pick([0, 5, 10, 20]),
      }),
      fraud,
    });
  }
  return rows;
}
