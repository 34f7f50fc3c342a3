// `npm run bench`: runs every benchmark under bench/ (files named *.bench.ts) one after the
// other, through tsx. A benchmark prints its own figures; none asserts on time. Give names to
// run only some: `npm run bench -- import`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (benches.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ') || '(any)'} in bench/.`);
  process.exit(1);
}

let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench} ==`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('bench', bench)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
