/**
 * The web application at `/`: the files Vite built (packages/web/dist), served as they are.
 * Hashed assets are cached for a year; the page itself is revalidated on each visit, so that a
 * new build reaches users at once. The screens route in the address's hash, so `/` is the one
 * page. Without a build, `/` says in French and English how to make one; the API and /docs
 * work either way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { TypedApp } from '../app.ts';

export async function registerWebRoutes(app: TypedApp, webRoot: string | undefined): Promise<void> {
  if (webRoot !== undefined && existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      decorateReply: false,
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    return;
  }
  app.get('/', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Anticipa</title></head>
<body style="font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<h1>Anticipa</h1>
<p>L’application web n’est pas construite : lancez <code>npm run build:web</code> (ou <code>npm start</code>, qui la construit).</p>
<p lang="en">The web application is not built: run <code>npm run build:web</code> (or <code>npm start</code>, which builds it).</p>
<p><a href="/docs">API (OpenAPI)</a></p>
</body></html>`),
  );
}
