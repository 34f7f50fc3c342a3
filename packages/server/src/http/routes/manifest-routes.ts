/** Routes of cargo manifests: lodge, list, read, amend, versions, timeline, and arrival. */
import { z } from 'zod';
import { cargoManifestSchema, manifestStatuses, problemsFromIssues } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { listScope, principalOf } from '../authentication.ts';
import { localeOf, problemDocument, sendProblem } from '../problem.ts';
import {
  pageQuery,
  problemSchema,
  queryInstant,
  registerDocumentRoutes,
  registerListRoute,
} from './document-routes.ts';

const listQuery = z.object({
  office: z.string().optional().describe('Office of arrival'),
  status: z.enum(manifestStatuses).optional(),
  carrier: z.string().optional().describe('Carrier code'),
  expectedFrom: queryInstant.optional().describe('Expected to arrive at or after'),
  expectedTo: queryInstant.optional().describe('Expected to arrive at or before'),
  ...pageQuery,
});

const summarySchema = z.object({
  id: z.string(),
  sender: z.string(),
  reference: z.string(),
  carrier: z.object({ code: z.string(), name: z.string() }),
  conveyance: z.object({ name: z.string(), imoNumber: z.string().nullable() }),
  voyageNumber: z.string(),
  portOfLoading: z.string(),
  office: z.string(),
  expectedArrival: z.string(),
  actualArrival: z.string().nullable(),
  status: z.string(),
  version: z.number(),
  lodgedAt: z.string(),
});

const arrivalBody = z
  .strictObject({
    meansArrivedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When the means of transport arrived'),
    registeredAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('When customs registered the manifest'),
  })
  .refine((body) => body.meansArrivedAt !== undefined || body.registeredAt !== undefined, {
    error: 'required',
    path: ['meansArrivedAt'],
  });

export function registerManifestRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  const schema = cargoManifestSchema(anticipa.references);

  registerListRoute(app, {
    path: '/api/manifests',
    tag: 'manifests',
    summary: 'List manifests, newest first, with filters and pagination',
    querystring: listQuery,
    itemSchema: summarySchema,
    list: async (query, request) => {
      const scope = listScope(principalOf(request), query.office);
      return scope.ok ? anticipa.manifests.list({ ...query, ...scope.value }) : scope;
    },
    defaultLocale: options.defaultLocale,
  });

  registerDocumentRoutes(app, {
    path: '/api/manifests',
    tag: 'manifests',
    noun: 'cargo manifest',
    intake: anticipa.manifests,
    timeline: (id) => anticipa.manifests.timeline(id),
    bodySchema: schema,
    documentSchema: z
      .record(z.string(), z.unknown())
      .describe('The cargo manifest as lodged (see the request body schema)'),
    defaultLocale: options.defaultLocale,
  });

  app.post(
    '/api/manifests/:id/arrival',
    {
      schema: {
        tags: ['manifests'],
        summary: 'Record the arrival of the means of transport and/or the registration of the manifest',
        description:
          'Appends the events means_arrived and manifest_registered (Time Release Study). Files citing the manifest’s B/Ls see them in their timeline. The same time sent again changes nothing; another time for a recorded event is a 409.',
        params: z.object({ id: z.uuid() }),
        body: arrivalBody,
        response: {
          200: z.object({ status: z.string(), recorded: z.number() }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const locale = localeOf(request, options.defaultLocale);
      const parsed = arrivalBody.safeParse(request.body, { reportInput: true });
      if (!parsed.success) {
        const problems = problemsFromIssues(parsed.error.issues);
        return sendProblem(
          reply,
          problemDocument(
            { code: 'VALIDATION_FAILED', details: { count: problems.length }, problems },
            request,
            locale,
          ),
        );
      }
      const arrival = await anticipa.manifests.recordArrival(request.params.id, {
        meansArrivedAt: parsed.data.meansArrivedAt ? new Date(parsed.data.meansArrivedAt) : undefined,
        registeredAt: parsed.data.registeredAt ? new Date(parsed.data.registeredAt) : undefined,
      });
      if (!arrival.ok) return sendProblem(reply, problemDocument(arrival.error, request, locale));
      return arrival.value;
    },
  );
}
