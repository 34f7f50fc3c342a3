// Tariff import and liquidation on the embedded database, at the size of a real national tariff:
// one 10-digit line per HS 2022 subheading (5,613, about the ECOWAS CET's 5,899 lines) with the
// taxes of the Senegal example. Prints: first import, re-import of the same document (nothing
// changes), a new version changing one rate in ten, then liquidations and effective rates per
// second. Nothing asserts on time.
import { performance } from 'node:perf_hooks';
import { aDeclaration, testOffices } from '../packages/core/src/testing/factories.ts';
import { createAnticipa } from '../packages/server/src/anticipa.ts';
import { openDatabase } from '../packages/server/src/db/database.ts';
import { readExampleTariff } from '../packages/server/src/tariff/example-tariffs.ts';

const bands = ['0', '5', '10', '20', '35'];
const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
const anticipa = await createAnticipa(database, { nationalCurrency: 'XOF', country: 'SN' });
await anticipa.offices.add(testOffices);
const example = (await readExampleTariff('SN')) as { taxes: unknown[] };
const subheadings = anticipa.nomenclature.subheadings();

const tariffOf = (validFrom: string, rateOf: (index: number) => string) => ({
  format: 'anticipa-tariff/1',
  country: 'SN',
  currency: 'XOF',
  example: true,
  lines: subheadings.map((hs6, index) => ({ line: `${hs6}0000`, dutyRate: rateOf(index), validFrom })),
  taxes: example.taxes,
});

const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return result;
};

const first = await time(`first import, ${subheadings.length} lines`, () =>
  anticipa.tariff.importDocument(tariffOf('2015-01-01', (i) => bands[i % 5] ?? '0')),
);
console.log('  ', first.ok ? JSON.stringify(first.value.lines) : first.error.code);
const again = await time('same document again', () =>
  anticipa.tariff.importDocument(tariffOf('2015-01-01', (i) => bands[i % 5] ?? '0')),
);
console.log('  ', again.ok ? JSON.stringify(again.value.lines) : again.error.code);
const next = await time('new version from 2027-01-01, one rate in ten changed', () =>
  anticipa.tariff.importDocument(
    tariffOf('2027-01-01', (i) => (i % 10 === 0 ? (bands[(i + 1) % 5] ?? '0') : (bands[i % 5] ?? '0'))),
  ),
);
console.log('  ', next.ok ? JSON.stringify(next.value.lines) : next.error.code);

const ids: string[] = [];
for (let n = 0; n < 200; n++) {
  const input = aDeclaration();
  const [item] = input.items;
  if (!item) throw new Error('aDeclaration() has one item');
  const lodged = await anticipa.declarations.lodge({
    ...input,
    items: Array.from({ length: 5 }, (_, k) => ({
      ...item,
      tariffLine: `${subheadings[(n * 7 + k * 13) % subheadings.length]}0000`,
    })),
  });
  if (lodged.ok) ids.push(lodged.value.head.id);
}
let started = performance.now();
for (const id of ids) {
  const result = await anticipa.tariff.liquidate(id);
  if (!result.ok) throw new Error(result.error.code);
}
console.log(
  `liquidate (5 items each): ${(ids.length / ((performance.now() - started) / 1000)).toFixed(0)} declarations/s`,
);
started = performance.now();
for (let n = 0; n < 500; n++)
  await anticipa.tariff.effectiveRate(`${subheadings[n * 11]}0000`, new Date('2026-03-01T00:00:00Z'));
console.log(`effectiveRate: ${(500 / ((performance.now() - started) / 1000)).toFixed(0)} calls/s`);
await anticipa.close();
