// Builds the web application into dist/, which the server serves at `/`. In development
// (`npm run dev -w @anticipa/web`), API calls go to a server started with `npm start`.
// The `appShell` plugin builds the service worker (src/offline/service-worker.ts) to dist/sw.js,
// with the list of the files built, which it keeps for offline use.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const serviceWorker = 'sw.js';
const marker = /(["'`])__ANTICIPA_SHELL_FILES__\1/;

/** Builds the service worker as its own script at the root (its scope is the whole application). */
function appShell(): Plugin {
  let outDir = 'dist';
  let files: string[] = [];
  return {
    name: 'anticipa-app-shell',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: 'src/offline/service-worker.ts', fileName: serviceWorker });
    },
    generateBundle(_options, bundle) {
      files = Object.keys(bundle).filter(
        (name) => name !== serviceWorker && !name.startsWith(`${serviceWorker}.`),
      );
    },
    async writeBundle() {
      // Written once every file is named; the worker reads the list as JSON text.
      const path = join(outDir, serviceWorker);
      const code = await readFile(path, 'utf8');
      if (!marker.test(code)) throw new Error(`${path}: the list of built files has no place to go`);
      await writeFile(path, code.replace(marker, JSON.stringify(JSON.stringify(files))));
    },
  };
}

export default defineConfig({
  plugins: [react(), appShell()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
