// Runs the unit and integration tests: every `*.test.ts` under packages/*/src and packages/*/test,
// through the Node test runner with tsx. Node 20's `--test` takes no glob, hence the explicit list.
//
//   node scripts/run-tests.mjs                            all tests
//   node scripts/run-tests.mjs packages/core              only those under a path (several allowed)
//   node scripts/run-tests.mjs --test-name-pattern=codes  flags (--flag=value) go to the test runner
//
// Prints nothing of its own once the runner starts, so the runner's summary (# tests, # pass,
// # fail) stays last; exits with the runner's exit code.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const toPosix = (path) => path.split(sep).join('/');

/** Every `*.test.ts` below `dir`, as paths relative to the repository root. */
function findTests(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(toPosix(relative(root, path)));
  }
  return found;
}

const packagesDir = join(root, 'packages');
const packages = readdirSync(packagesDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
const all = packages
  .flatMap((pkg) => [
    ...findTests(join(packagesDir, pkg.name, 'src')),
    ...findTests(join(packagesDir, pkg.name, 'test')),
  ])
  .sort();

const args = process.argv.slice(2);
const runnerFlags = args.filter((arg) => arg.startsWith('-'));
// Filters are paths, relative to the current directory, to a folder or a file.
const filters = args
  .filter((arg) => !arg.startsWith('-'))
  .map((arg) => toPosix(relative(root, resolve(arg))).replace(/\/+$/, ''));
const files =
  filters.length === 0
    ? all
    : all.filter((file) =>
        filters.some((filter) => filter === '' || file === filter || file.startsWith(`${filter}/`)),
      );

if (files.length === 0) {
  console.error(
    filters.length === 0
      ? 'No test file found.'
      : `No test file found under: ${args.filter((a) => !a.startsWith('-')).join(', ')}`,
  );
  process.exit(1);
}

// Browser tests drive the built web application: build it first when it is missing or stale.
if (files.some((file) => file.endsWith('.browser.test.ts'))) {
  const { ensureWebBuilt } = await import('./build-web.mjs');
  await ensureWebBuilt();
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', ...runnerFlags, ...files],
  { cwd: root, stdio: 'inherit' },
);
// An interrupt reaches the runner too (same process group); let it finish and report its own exit.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`Could not start the test runner: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
