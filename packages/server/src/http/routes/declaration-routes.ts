/** Routes of goods declarations: lodge, list with filters, read, amend, versions, timeline. */
import { z } from 'zod';
import {
  declarationKinds,
  declarationStatuses,
  goodsDeclarationSchema,
  lanes,
  parseDocument,
  text,
} from '@anticipa/core';
import { localeOf, problemDocument, sendProblem } from '../problem.ts';
import type { Anticipa } from '../../anticipa.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { listScope, principalOf } from '../authentication.ts';
import {
  pageQuery,
  problemSchema,
  queryInstant,
  registerDocumentRoutes,
  registerListRoute,
} from './document-routes.ts';

const listQuery = z.object({
  office: z.string().optional().describe('Office code'),
  status: z.enum(declarationStatuses).optional(),
  importer: z.string().optional().describe("Importer's tax id"),
  kind: z.enum(declarationKinds).optional(),
  lane: z.enum(lanes).optional().describe('The lane of the latest assessment'),
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
  lane: z.enum(lanes).nullable().describe('The lane of the latest assessment; null while not assessed'),
  score: z.number().nullable().describe('The score of the latest assessment'),
});

export function registerDeclarationRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  const schema = goodsDeclarationSchema(anticipa.references);

  registerListRoute(app, {
    path: '/api/declarations',
    tag: 'declarations',
    summary: 'List declarations, newest first, with filters and pagination',
    querystring: listQuery,
    itemSchema: summarySchema,
    list: async (query, request) => {
      const scope = listScope(principalOf(request), query.office);
      return scope.ok ? anticipa.declarations.list({ ...query, ...scope.value }) : scope;
    },
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

  const cancellationBody = z.strictObject({ reason: text(1, 500).describe('Why the file is cancelled') });
  app.post(
    '/api/declarations/:id/cancellation',
    {
      schema: {
        tags: ['declarations'],
        summary: 'Cancel a declaration before its release',
        description:
          'Appends a cancelled event with its reason; the file then writes nothing off and cannot be amended. Cancelling again changes nothing; a released file cannot be cancelled (409).',
        params: z.object({ id: z.uuid() }),
        body: cancellationBody,
        response: {
          200: z.object({ status: z.literal('cancelled') }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const locale = localeOf(request, options.defaultLocale);
      const parsed = parseDocument(cancellationBody, request.body);
      if (!parsed.ok) {
        const error = {
          code: 'VALIDATION_FAILED' as const,
          details: { count: parsed.error.length },
          problems: parsed.error,
        };
        return sendProblem(reply, problemDocument(error, request, locale));
      }
      const cancelled = await anticipa.declarations.cancel(request.params.id, {
        reason: parsed.value.reason,
      });
      if (!cancelled.ok) return sendProblem(reply, problemDocument(cancelled.error, request, locale));
      return { status: 'cancelled' as const };
    },
  );
}
