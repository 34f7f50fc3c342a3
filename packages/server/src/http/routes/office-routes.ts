/** Routes of reference data: the customs offices configured, and HS nomenclature look-ups. */
import { z } from 'zod';
import { countryCode, officeCode, parseDocument, text } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import { officeKinds } from '../../office/office-directory.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { localeOf, problemDocument, sendProblem } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const officeSchema = z.strictObject({
  code: officeCode,
  name: text(1, 140),
  kind: z.enum(officeKinds),
  country: countryCode,
});

export function registerOfficeRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  app.get(
    '/api/offices',
    {
      schema: {
        tags: ['reference'],
        summary: 'The customs offices configured',
        response: { 200: z.object({ items: z.array(officeSchema) }) },
      },
    },
    () => ({ items: [...anticipa.offices.list()] }),
  );

  app.post(
    '/api/offices',
    {
      schema: {
        tags: ['reference'],
        summary: 'Add a customs office (an existing code is left as it is)',
        body: officeSchema,
        response: { 201: officeSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      const parsed = parseDocument(officeSchema, request.body);
      if (!parsed.ok) {
        const error = {
          code: 'VALIDATION_FAILED' as const,
          details: { count: parsed.error.length },
          problems: parsed.error,
        };
        return sendProblem(reply, problemDocument(error, request, localeOf(request, options.defaultLocale)));
      }
      await anticipa.offices.add([parsed.value]);
      return reply.code(201).send(parsed.value);
    },
  );

  app.get(
    '/api/reference/hs/:code',
    {
      schema: {
        tags: ['reference'],
        summary: 'Look up an HS 2022 chapter, heading or subheading',
        params: z.object({ code: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/) }),
        response: { 200: z.object({ code: z.string(), description: z.string() }), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const description = anticipa.nomenclature.describe(request.params.code);
      if (description === undefined) {
        const locale = localeOf(request, options.defaultLocale);
        const problems = [
          {
            path: '/params/code',
            value: request.params.code,
            code: 'hs_code_known' as const,
            params: { code: request.params.code },
          },
        ];
        return sendProblem(
          reply,
          problemDocument({ code: 'VALIDATION_FAILED', details: { count: 1 }, problems }, request, locale),
        );
      }
      return { code: request.params.code, description };
    },
  );
}
