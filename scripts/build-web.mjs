// Builds the web application (packages/web → packages/web/dist) when the build is missing or
// older than its sources, so that `npm start` and the browser tests always serve the current
// screens, and a second start costs a few file stats only.
//
//   node scripts/build-web.mjs           build if stale
//   node scripts/build-web.mjs --force   build anyway
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webDir = fileURLToPath(new URL('../packages/web/', import.meta.url));
const builtPage = join(webDir, 'dist', 'index.html');

/** The newest modification time among the files the build reads. */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (!path.endsWith('.test.ts')) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const input of ['src', 'index.html', 'vite.config.ts', 'package.json']) {
    const path = join(webDir, input);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

/** Whether dist/ is missing or older than a source file. */
export function isWebBuildStale() {
  return !existsSync(builtPage) || statSync(builtPage).mtimeMs < newestSource();
}

/** Builds the web application when stale (or always, with force); says what it did. */
export async function ensureWebBuilt({
  force = false,
  log = (line) => process.stderr.write(`${line}\n`),
} = {}) {
  if (!force && !isWebBuildStale()) return false;
  log('Anticipa: building the web application (vite build) / construction de l’application web');
  const { build } = await import('vite');
  await build({ root: webDir, configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureWebBuilt({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
