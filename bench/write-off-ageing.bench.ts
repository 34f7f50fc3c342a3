/**
 * Benchmark of manifest write-off, computed on read: loads the demo administration (some 200
 * manifests, 2,000 declarations) into an in-memory PGlite, then times the ageing report (all
 * offices, per consignee), a manifest's ledger and a declaration's write-off. Figures only, no
 * assertion. `--existing` measures the configured database instead (ANTICIPA_DATA_DIR or
 * DATABASE_URL), already seeded with `anticipa seed --demo`.
 *
 *   npx tsx bench/write-off-ageing.bench.ts [--existing] [--runs 5]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  createAnticipa,
  loadConfig,
  loadDemoAdministration,
  openAnticipa,
  openDatabase,
  type Anticipa,
} from '@anticipa/server';

const { values } = parseArgs({
  options: { existing: { type: 'boolean', default: false }, runs: { type: 'string', default: '5' } },
});
const runs = Number(values.runs);

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(2);

async function open(): Promise<Anticipa> {
  if (values.existing) return openAnticipa(loadConfig());
  const started = performance.now();
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  const anticipa = await createAnticipa(database, { nationalCurrency: 'XOF' });
  const report = await loadDemoAdministration(anticipa, { now: new Date() });
  console.log(
    `demo: ${report.manifests} manifests, ${report.declarations} declarations loaded in ${seconds(started)} s`,
  );
  return anticipa;
}

/** Times `task` `runs` times; prints the first (cold) and the median of the others. */
async function time<T>(label: string, task: () => Promise<T>): Promise<T> {
  const times: number[] = [];
  let result: T | undefined;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = await task();
    times.push(performance.now() - started);
  }
  const [first = 0, ...rest] = times;
  const warm = [...rest].sort((a, b) => a - b)[Math.floor(rest.length / 2)] ?? first;
  console.log(`${label}: first ${first.toFixed(0)} ms, then median ${warm.toFixed(0)} ms (${runs} runs)`);
  return result as T;
}

const anticipa = await open();
try {
  const report = await time('ageing report (21 days, all offices, per consignee)', () =>
    anticipa.writeOff.ageing({ groupBy: 'consignee' }),
  );
  if (!report.ok) throw new Error(report.error.code);
  const totals = report.value.totals;
  const lines = report.value.groups.flatMap((group) => group.lines);
  const count = (status: string) => lines.filter((line) => line.bill.status === status).length;
  console.log(
    `  ${totals.bills} B/Ls in ${report.value.groups.length} groups (not written off ${count('not_written_off')}, partial ${count('partial')}); ` +
      `${totals.remainingPackages} packages, ${totals.remainingGrossMass} kg left; ` +
      `duties at stake (estimate) ${totals.dutiesAtStake ?? 'unknown'} ${report.value.currency} over ${totals.estimatedBills} B/Ls, ${totals.unestimatedBills} without estimate`,
  );
  const first = lines[0];
  if (first) {
    await time('manifest ledger', () => anticipa.writeOff.manifest(first.manifestId));
    const declared = lines.find((line) => line.bill.declarations.length > 0)?.bill.declarations[0];
    if (declared)
      await time('declaration write-off', () => anticipa.writeOff.declaration(declared.declarationId));
  }
} finally {
  await anticipa.close();
}
