/**
 * Benchmark of bulk intake: generates a 10,000-row declaration file (scripts/make-declarations-csv.ts),
 * imports it into an in-memory PGlite twice, and prints rows per second for the first run (every
 * declaration stored) and the second (every declaration replayed). Figures only, no assertion.
 *
 *   npx tsx bench/import.bench.ts [--rows 10000] [--concurrency 4] [--data-dir DIR (PGlite on disk)]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { testOffices } from '@anticipa/core/testing';
import { createAnticipa, importDeclarations, openDatabase, type ImportReport } from '@anticipa/server';
import { writeDeclarationsCsv } from '../scripts/make-declarations-csv.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    concurrency: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const rows = Number(values.rows);
const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
const folder = await mkdtemp(join(tmpdir(), 'anticipa-bench-'));
const file = join(folder, 'declarations.csv');
try {
  const generated = await writeDeclarationsCsv({ rows, bad: 7, out: file });
  console.log(
    `file: ${generated.rows} rows, ${generated.declarations} declarations, ${generated.badDeclarations} with a bad row`,
  );
  const started = performance.now();
  const database = await openDatabase({ kind: 'pglite', dataDir: values['data-dir'] });
  const anticipa = await createAnticipa(database, { nationalCurrency: 'XOF' });
  await anticipa.offices.add(testOffices);
  console.log(
    `database: PGlite ${values['data-dir'] ?? 'in memory'}, concurrency ${concurrency ?? 'default'}, opened and migrated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  try {
    for (const run of ['first', 'second'] as const) {
      const start = performance.now();
      const report: ImportReport = await importDeclarations(anticipa, file, { locale: 'en', concurrency });
      const seconds = (performance.now() - start) / 1000;
      const memory = process.memoryUsage().rss / 1024 / 1024;
      console.log(
        `${run} run: ${report.rows} rows in ${seconds.toFixed(2)} s = ${Math.round(report.rows / seconds)} rows/s ` +
          `(created ${report.created}, replayed ${report.replayed}, rejected ${report.rejected.length}; rss ${memory.toFixed(0)} MiB)`,
      );
    }
  } finally {
    await anticipa.close();
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}
