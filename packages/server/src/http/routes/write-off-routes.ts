/**
 * Routes of manifest write-off: the ledger of a manifest's B/Ls, the B/Ls a declaration writes
 * off, and the ageing report of B/Ls not written off N days after arrival (JSON, or CSV with
 * `format=csv`). Thin: each parses its input, calls the write-off service and sends the result.
 */
import { z } from 'zod';
import {
  ageingGroupings,
  ageingReportCsv,
  defaultAgeingDays,
  estimateGaps,
  maxAgeingDays,
  writeOffStatuses,
} from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { answer, localeOf, problemDocument, sendProblem } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const quantities = z.object({
  packages: z.number().int(),
  grossMass: z.string().describe('Kilograms, exact decimal'),
});

const share = z.object({
  declarationId: z.string(),
  version: z.number().int(),
  packages: z.number().int().describe('Packages this declaration writes off the B/L'),
  grossMass: z
    .string()
    .nullable()
    .describe('Gross mass in proportion to the packages; null if not manifested'),
});

const billLedger = z.object({
  billNumber: z.string(),
  manifestIds: z
    .array(z.string())
    .describe('Current manifests carrying the B/L (two if split over two voyages)'),
  status: z.enum(writeOffStatuses),
  manifested: quantities.nullable(),
  writtenOff: z.object({ packages: z.number().int(), grossMass: z.string().nullable() }),
  remaining: quantities.nullable().describe('Left to write off, never negative'),
  excess: quantities.nullable().describe('Declared beyond the manifest (status excess)'),
  shortage: quantities
    .nullable()
    .describe('Manifested beyond what its declarations declare (status partial)'),
  declarations: z.array(share),
});

// Response schemas document the API; responses are sent as plain JSON (dates become ISO 8601
// strings), as app.ts's serializer does for every route, so their static type is left open.
const manifestWriteOff: z.ZodType = z.object({
  manifestId: z.string(),
  reference: z.string(),
  office: z.string(),
  carrier: z.object({ code: z.string(), name: z.string() }),
  voyageNumber: z.string(),
  version: z.number().int(),
  actualArrival: z.string().nullable(),
  bills: z.array(
    billLedger.extend({
      consignee: z.object({ name: z.string(), taxId: z.string().nullable() }),
      description: z.string(),
      hsCode: z.string().nullable(),
      declarations: z.array(share.extend({ reference: z.string() })),
    }),
  ),
  statusCounts: z.record(z.enum(writeOffStatuses), z.number().int()),
});

const declarationWriteOff: z.ZodType = z.object({
  declarationId: z.string(),
  reference: z.string(),
  version: z.number().int(),
  status: z.string(),
  cancelled: z.boolean().describe('A cancelled declaration writes nothing off'),
  packagesDeclared: z.number().int(),
  bills: z.array(
    z.object({
      billNumber: z.string(),
      packages: z.number().int().describe('What this declaration writes off'),
      grossMass: z.string().nullable(),
      ledger: billLedger.describe('The whole B/L, every declaration citing it counted'),
    }),
  ),
});

const totals = {
  bills: z.number().int(),
  remainingPackages: z.number().int(),
  remainingGrossMass: z.string(),
  dutiesAtStake: z
    .string()
    .nullable()
    .describe('ESTIMATE, national currency: sum over the lines with an estimate; null if none has one'),
  estimatedValue: z.string().nullable().describe('ESTIMATE: remaining gross mass × reference value'),
  estimatedBills: z.number().int(),
  unestimatedBills: z.number().int().describe('Lines without an estimate: the sum is then a lower bound'),
};

const ageingLine = z.object({
  bill: billLedger,
  manifestId: z.string(),
  manifestReference: z.string(),
  office: z.object({ code: z.string(), name: z.string() }),
  carrier: z.object({ code: z.string(), name: z.string() }),
  voyageNumber: z.string(),
  consignee: z.object({ name: z.string(), taxId: z.string().nullable() }),
  description: z.string(),
  hsCode: z.string().nullable(),
  arrivedAt: z.string(),
  daysSinceArrival: z.number().int(),
  estimate: z
    .object({
      dutiesAtStake: z.string().nullable(),
      estimatedValue: z.string().nullable(),
      gap: z.enum(estimateGaps).nullable().describe('Why there is no estimate'),
      reference: z
        .object({
          code: z.string(),
          level: z.enum(['subheading', 'heading']),
          medianPerKg: z.string(),
          samples: z.number().int(),
          commonTariffLine: z.string().nullable(),
        })
        .nullable()
        .describe('Median customs value per kg of released items under the HS code (national currency)'),
      tariffLine: z.string().nullable(),
      rate: z.string().nullable().describe('Effective rate of duties and taxes, fraction of customs value'),
    })
    .describe(
      'ESTIMATE of duties at stake: remaining gross mass × reference value per kg × effective tax rate',
    ),
});

const ageingReport: z.ZodType = z.object({
  asOf: z.string(),
  days: z.number().int(),
  office: z.string().nullable(),
  groupBy: z.enum(ageingGroupings),
  currency: z.string(),
  totals: z.object(totals),
  groups: z.array(z.object({ key: z.string(), label: z.string(), ...totals, lines: z.array(ageingLine) })),
});

const ageingQuery = z.object({
  office: z.string().optional().describe('Office code; all offices if absent'),
  days: z.coerce
    .number()
    .int()
    .min(0)
    .max(maxAgeingDays)
    .default(defaultAgeingDays)
    .describe(`Whole days after the arrival of the means of transport (default ${defaultAgeingDays})`),
  groupBy: z.enum(ageingGroupings).default('office'),
  format: z
    .enum(['json', 'csv'])
    .default('json')
    .describe('csv: one row per B/L, headings in the request language'),
});

export function registerWriteOffRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  app.get(
    '/api/manifests/:id/write-off',
    {
      schema: {
        tags: ['write-off'],
        summary: "The write-off ledger of a manifest's B/Ls",
        description:
          'For each B/L of the current version: packages and gross mass manifested, written off by declarations (current versions, cancelled files excluded), remaining; excess and shortage; the declarations and how much each writes off. Mass written off is in proportion to packages.',
        params: z.object({ id: z.uuid() }),
        response: { 200: manifestWriteOff, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await anticipa.writeOff.manifest(request.params.id);
      return answer(request, reply, result, options.defaultLocale);
    },
  );

  app.get(
    '/api/declarations/:id/write-off',
    {
      schema: {
        tags: ['write-off'],
        summary: 'The B/Ls a declaration writes off, and how much',
        description:
          'A declaration citing several B/Ls fills them in the order it cites them, each up to its manifested packages, the last taking the rest. Each B/L comes with its whole ledger. A cancelled declaration writes nothing off.',
        params: z.object({ id: z.uuid() }),
        response: { 200: declarationWriteOff, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await anticipa.writeOff.declaration(request.params.id);
      return answer(request, reply, result, options.defaultLocale);
    },
  );

  app.get(
    '/api/write-off/ageing',
    {
      schema: {
        tags: ['write-off'],
        summary: 'B/Ls not fully written off N days after arrival, with the duties at stake (estimated)',
        description:
          'Goods that may have left without paying. Grouped per office, consignee or carrier. Duties at stake are ESTIMATES: remaining gross mass × the median customs value per kg of released items under the B/L’s HS subheading (else heading; at least 3 items, last 365 days) × the effective tax rate of the tariff line <hs6>0000 (else 8 digits, else the line most used). Unknown estimates are null with their reason, never 0. `format=csv` gives one row per B/L.',
        querystring: ageingQuery,
        response: {
          200: ageingReport.describe('JSON report; text/csv when format=csv'),
          400: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const locale = localeOf(request, options.defaultLocale);
      const { format, ...query } = request.query;
      const result = await anticipa.writeOff.ageing(query);
      if (!result.ok) return sendProblem(reply, problemDocument(result.error, request, locale));
      if (format === 'json') return result.value;
      const day = result.value.asOf.slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="write-off-ageing-${day}.csv"`)
        .send(ageingReportCsv(result.value, locale));
    },
  );
}
