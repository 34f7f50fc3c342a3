/**
 * The home page and health check. Until the web application lands, `/` is a short bilingual
 * page that says what is running and where the API and its documentation are.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Anticipa } from '../../anticipa.ts';
import type { TypedApp } from '../app.ts';

export function registerHomeRoutes(app: TypedApp, anticipa: Anticipa): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['reference'],
        summary: 'Liveness and database reachability',
        response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok') }) },
      },
    },
    async () => {
      await anticipa.db.execute(sql`select 1`);
      return { status: 'ok' as const, database: 'ok' as const };
    },
  );

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const [declarations, manifests] = await Promise.all([
      anticipa.declarations.list({ limit: 1 }),
      anticipa.manifests.list({ limit: 1 }),
    ]);
    const declarationCount = declarations.ok ? declarations.value.total : 0;
    const manifestCount = manifests.ok ? manifests.value.total : 0;
    const offices = anticipa.offices
      .list()
      .map((office) => `<li>${escapeHtml(office.code)}: ${escapeHtml(office.name)}</li>`)
      .join('');
    return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Anticipa</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{color:#0b4f6c}a{color:#0b4f6c}</style></head>
<body><h1>Anticipa</h1>
<p lang="fr">Inspections anticipées : les manifestes et déclarations reçus avant l'arrivée des marchandises. <strong>${declarationCount}</strong> déclarations et <strong>${manifestCount}</strong> manifestes enregistrés.</p>
<p lang="en">Anticipated inspections: manifests and declarations received before the goods arrive. <strong>${declarationCount}</strong> declarations and <strong>${manifestCount}</strong> manifests on file.</p>
<h2>Bureaux / Offices</h2><ul>${offices}</ul>
<p><a href="/docs">Documentation de l'API / API documentation (OpenAPI)</a></p>
</body></html>`);
  });
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
