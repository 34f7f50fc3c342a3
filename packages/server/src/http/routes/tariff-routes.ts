/**
 * Routes of the national tariff and of liquidation: the duties and taxes a declaration owes
 * (computed on read, with the rates of its registration date), what is in force for a tariff
 * line at a date, and the import of tariff data (JSON). Thin: each calls the tariff service.
 */
import { z } from 'zod';
import { tariffFormat, type TariffLineView } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { TariffImportReport } from '../../tariff/tariff-service.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { answer, localeOf, problemDocument, sendProblem } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const name = z.object({ fr: z.string(), en: z.string() });
const amount = (what: string) =>
  z.string().describe(`${what}, in the national currency, to its minor unit (ISO 4217), e.g. "8199790" XOF`);
const percent = z.string().describe('Rate in percent: "18" is 18 %');

const taxSchema = z.object({
  code: z.string().describe('Tax code, e.g. DD, RS, PCS, TVA, NHIL'),
  name,
  base: amount('Base of the tax: the customs value plus the taxes its base names'),
  rate: percent,
  amount: amount('Amount, rounded half-up to the minor unit'),
});

const liquidationSchema = z
  .object({
    declarationId: z.string(),
    reference: z.string(),
    version: z.number().describe('The declaration version liquidated'),
    country: z.string(),
    currency: z.string().describe('National currency (ISO 4217) of every amount'),
    registeredAt: z
      .string()
      .describe('Registration of the file (its first lodging): the rates of this date apply'),
    tariffDate: z.string().describe("The registration date in the country's legal time"),
    invoiceCurrency: z.string(),
    exchangeRate: z.string().describe('Invoice currency to national currency, as declared'),
    example: z.boolean().describe('True when a rate used comes from an example tariff, to be confirmed'),
    items: z
      .array(
        z.object({
          itemNumber: z.number(),
          tariffLine: z.string(),
          tariffEntry: z
            .string()
            .describe('The tariff entry applied: the line itself or its longest listed prefix'),
          customsValue: z.string().describe('As declared, in the invoice currency'),
          customsValueNational: amount('Customs value converted'),
          taxes: z.array(taxSchema).readonly(),
          exempt: z.array(z.string()).readonly().describe('Taxes in force from which the line is exempt'),
          total: amount('Total of the item'),
        }),
      )
      .readonly(),
    totals: z.array(z.object({ code: z.string(), name, amount: amount('Sum over items') })).readonly(),
    customsValueNational: amount('Sum of the items’ customs values'),
    total: amount('Duties and taxes owed by the file'),
  })
  .describe('Liquidation: duties and taxes per item (SAD box 47) and for the file');

const lineViewSchema = z.object({
  country: z.string(),
  currency: z.string(),
  tariffDate: z.string(),
  declaredLine: z.string(),
  entry: z.object({
    line: z.string(),
    description: z.string().optional(),
    dutyRate: percent,
    exciseRate: percent.optional(),
    validFrom: z.string(),
    validTo: z.string().optional(),
  }),
  taxes: z
    .array(
      z.object({
        code: z.string(),
        name,
        rate: percent,
        base: z.array(z.string()).readonly(),
        order: z.number(),
        validFrom: z.string(),
        validTo: z.string().optional(),
      }),
    )
    .readonly(),
  exempt: z.array(z.string()).readonly(),
  effectiveRate: z.string().describe('Total taxes per unit of customs value: "0.4455" is 44.55 %'),
  example: z.boolean(),
});

const counts = z.object({
  received: z.number(),
  added: z.number(),
  closed: z.number(),
  superseded: z.number(),
  unchanged: z.number(),
});

const importReportSchema = z.object({
  importId: z.string(),
  country: z.string(),
  currency: z.string(),
  example: z.boolean(),
  importedAt: z.string(),
  lines: counts,
  taxes: counts,
});

const tariffBodySchema = z
  .object({
    format: z.literal(tariffFormat),
    country: z.string(),
    currency: z.string(),
    example: z.boolean(),
    notice: name.optional(),
    source: z.string().optional(),
    utcOffset: z.string().optional(),
    lines: z.array(z.record(z.string(), z.unknown())).optional(),
    taxes: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .describe('A tariff document (docs/tariff-format.md)');

/** A date means that calendar day in the country: noon UTC lands on it at every offset within ±12 h. */
const atQuery = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T12:00:00Z` : value));

function lineViewJson(view: TariffLineView) {
  const { entry } = view;
  return {
    ...view,
    entry: {
      line: entry.line,
      ...(entry.description === undefined ? {} : { description: entry.description }),
      dutyRate: entry.dutyRate,
      ...(entry.exciseRate === undefined ? {} : { exciseRate: entry.exciseRate }),
      validFrom: entry.validFrom,
      ...(entry.validTo === undefined ? {} : { validTo: entry.validTo }),
    },
  };
}

function reportJson(report: TariffImportReport) {
  return { ...report, importedAt: report.importedAt.toISOString() };
}

export function registerTariffRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  app.get(
    '/api/declarations/:id/liquidation',
    {
      schema: {
        tags: ['declarations'],
        summary: 'Duties and taxes a declaration owes (liquidation)',
        description:
          'Per item and for the file, each tax with its base, rate and amount, in the national currency, with the tariff in force on the registration date (the first lodging). Computed on each read. 422 when an item’s line has no tariff entry in force (one problem per item) or no tariff is loaded.',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({
          version: z.coerce
            .number()
            .int()
            .min(1)
            .optional()
            .describe('A version of the declaration; the current one by default'),
        }),
        response: { 200: liquidationSchema, 400: problemSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await anticipa.tariff.liquidate(request.params.id, request.query.version);
      return answer(request, reply, result, options.defaultLocale);
    },
  );

  app.get(
    '/api/tariff/lines/:line',
    {
      schema: {
        tags: ['tariff'],
        summary: 'What is in force for a tariff line at a date',
        description:
          'The tariff entry a declared line takes (the line itself, else its longest listed prefix), the taxes that apply with their rates and bases, the exemptions, and the effective rate. `at` is a date (that day in the country) or a date-time; now by default.',
        params: z.object({
          line: z
            .string()
            .regex(/^\d{2,10}$/)
            .describe('2 to 10 digits, e.g. 1006300000'),
        }),
        querystring: z.object({ at: atQuery.optional() }),
        response: { 200: lineViewSchema, 400: problemSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await anticipa.tariff.lineInForce(request.params.line, request.query.at);
      if (!result.ok)
        return sendProblem(
          reply,
          problemDocument(result.error, request, localeOf(request, options.defaultLocale)),
        );
      return lineViewJson(result.value);
    },
  );

  app.post(
    '/api/tariff/imports',
    {
      schema: {
        tags: ['tariff'],
        summary: 'Import tariff data (lines and taxes with their effective dates)',
        description:
          'Validates the whole document (400 with every problem, nothing stored) and stores it in one transaction. A new rate closes the range of the old one at its first day; history stays. Loading the same document again changes nothing.',
        body: tariffBodySchema,
        response: { 201: importReportSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await anticipa.tariff.importDocument(request.body);
      if (!result.ok)
        return sendProblem(
          reply,
          problemDocument(result.error, request, localeOf(request, options.defaultLocale)),
        );
      return reply.code(201).send(reportJson(result.value));
    },
  );
}
