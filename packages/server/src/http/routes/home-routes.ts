/**
 * The home page and health check. Until the web application lands, `/` is a short page, in
 * French or English (Accept-Language, or `?lang=`), that says what is running and where the
 * API and its documentation are.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { locales, negotiateLocale, type Locale } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { TypedApp } from '../app.ts';

export function registerHomeRoutes(app: TypedApp, anticipa: Anticipa, defaultLocale: Locale): void {
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

  app.get(
    '/',
    { schema: { hide: true, querystring: z.object({ lang: z.enum(locales).optional() }) } },
    async (request, reply) => {
      const locale = request.query.lang ?? negotiateLocale(request.headers['accept-language'], defaultLocale);
      const words = homeWords[locale];
      const [declarations, manifests] = await Promise.all([
        anticipa.declarations.list({ limit: 1 }),
        anticipa.manifests.list({ limit: 1 }),
      ]);
      const number = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB');
      const declarationCount = number.format(declarations.ok ? declarations.value.total : 0);
      const manifestCount = number.format(manifests.ok ? manifests.value.total : 0);
      const offices = anticipa.offices
        .list()
        .map((office) => `<li>${escapeHtml(office.code)}: ${escapeHtml(office.name)}</li>`)
        .join('');
      const other = locale === 'fr' ? 'en' : 'fr';
      return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Anticipa</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}h1{color:#0b4f6c}a{color:#0b4f6c}</style></head>
<body><p><a href="/?lang=${other}" hreflang="${other}" lang="${other}">${homeWords[other].switchTo}</a></p>
<h1>Anticipa</h1>
<p>${words.summary(declarationCount, manifestCount)}</p>
<h2>${words.offices}</h2><ul>${offices}</ul>
<p><a href="/docs">${words.apiDocs}</a></p>
</body></html>`);
    },
  );
}

/** The words of the home page, in each language (counts come formatted for that language). */
const homeWords: Readonly<
  Record<
    Locale,
    {
      summary(declarations: string, manifests: string): string;
      offices: string;
      apiDocs: string;
      switchTo: string;
    }
  >
> = {
  fr: {
    summary: (d, m) =>
      `Inspections anticipées : les manifestes et déclarations reçus avant l’arrivée des marchandises. <strong>${d}</strong> déclarations et <strong>${m}</strong> manifestes enregistrés.`,
    offices: 'Bureaux de douane',
    apiDocs: 'Documentation de l’API (OpenAPI)',
    switchTo: 'Français',
  },
  en: {
    summary: (d, m) =>
      `Anticipated inspections: manifests and declarations received before the goods arrive. <strong>${d}</strong> declarations and <strong>${m}</strong> manifests on file.`,
    offices: 'Customs offices',
    apiDocs: 'API documentation (OpenAPI)',
    switchTo: 'English',
  },
};

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
