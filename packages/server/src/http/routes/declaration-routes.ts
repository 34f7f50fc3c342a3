/** Routes of goods declarations: lodge, list with filters, read, amend, versions, timeline. */
import { z } from 'zod';
import { declarationKinds, declarationStatuses, goodsDeclarationSchema } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { pageQuery, queryInstant, registerDocumentRoutes, registerListRoute } from './document-routes.ts';

const listQuery = z.object({
  office: z.string().optional().describe('Office code'),
  status: z.enum(declarationStatuses).optional(),
  importer: z.string().optional().describe("Importer's tax id"),
  kind: z.enum(declarationKinds).optional(),
  lodgedFrom: queryInstant.optional().describe('Lodged at or after (date or date-time)'),
  lodgedTo: queryInstant.optional().describe('Lodged at or before (date or date-time)'),
  ...pageQuery,
});

const summarySchema = z.object({
  id: z.string(),
  sender: z.string(),
  reference: z.string(),
  kind: z.string(),
  office: z.string(),
  importer: z.object({ taxId: z.string(), name: z.string() }),
  declarant: z.string(),
  status: z.string(),
  version: z.number(),
  lodgedAt: z.string(),
  updatedAt: z.string(),
});

export function registerDeclarationRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  const schema = goodsDeclarationSchema(anticipa.references);

  registerListRoute(app, {
    path: '/api/declarations',
    tag: 'declarations',
    summary: 'List declarations, newest first, with filters and pagination',
    querystring: listQuery,
    itemSchema: summarySchema,
    list: (query) => anticipa.declarations.list(query),
    defaultLocale: options.defaultLocale,
  });

  registerDocumentRoutes(app, {
    path: '/api/declarations',
    tag: 'declarations',
    noun: 'goods declaration',
    intake: anticipa.declarations,
    timeline: (id) => anticipa.declarations.timeline(id),
    bodySchema: schema,
    documentSchema: z
      .record(z.string(), z.unknown())
      .describe('The goods declaration as lodged (see the request body schema)'),
    defaultLocale: options.defaultLocale,
  });
}
