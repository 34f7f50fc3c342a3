/**
 * Routes of valuation control: the valuation indicator of a declaration's items with the
 * decisions and appeals on them; officers' decisions, appeals and their outcomes; the reference
 * bands and their rebuild. Thin: each parses its path and query, calls the valuation service and
 * maps the result; bodies are validated by the service (field by field, JSON Pointers).
 */
import { z } from 'zod';
import {
  appealOutcomes,
  cellLevels,
  valuationAppealOutcomeSchema,
  valuationAppealSchema,
  valuationBandQuerySchema,
  valuationBases,
  valuationDecisionKinds,
  valuationDecisionSchema,
  type ValuationBand,
} from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { RebuildReport } from '../../valuation/valuation-rebuild.ts';
import type {
  BandGeneration,
  DeclarationValuation,
  StoredAppeal,
  StoredDecision,
} from '../../valuation/valuation-service.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { localeOf, problemDocument, sendProblem } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const decimalText = z.string().describe('Exact decimal, as a string');

const bandSchema = z.object({
  level: z
    .enum(cellLevels)
    .describe('line_origin, then hs6_origin, then hs6 (any origin): the fallback order'),
  code: z.string().describe('National tariff line (line_origin) or HS subheading'),
  origin: z.string().nullable().describe('Null at level hs6: any origin'),
  unit: z.string().describe("Supplementary unit, or 'KG' (net mass)"),
  sampleSize: z.number(),
  trimmed: z.number().describe('Past items set aside as outliers'),
  p10: decimalText,
  median: decimalText,
  p90: decimalText,
});

const generationSchema = z.object({
  id: z.string(),
  builtAt: z.string(),
  windowFrom: z.string(),
  windowTo: z.string(),
  declarations: z.number(),
  items: z.number(),
  minimumSample: z.number(),
});

const appealSchema = z.object({
  id: z.string(),
  decisionId: z.string(),
  declarationId: z.string(),
  lodgedBy: z.string(),
  grounds: z.string(),
  lodgedAt: z.string(),
  status: z.enum(['lodged', ...appealOutcomes]),
  outcome: z.object({ reason: z.string(), decidedBy: z.string(), decidedAt: z.string() }).nullable(),
});

const decisionSchema = z.object({
  id: z.string(),
  declarationId: z.string(),
  declarationVersion: z.number(),
  itemNumber: z.number(),
  decision: z.enum(valuationDecisionKinds),
  adjustedValue: decimalText.nullable(),
  currency: z.string(),
  basis: z.enum(valuationBases),
  basisReference: z.string().nullable(),
  reason: z.string(),
  officer: z.string(),
  decidedAt: z.string(),
  supersedes: z.string().nullable(),
  supersededBy: z.string().nullable(),
  indicator: z.unknown().describe('The indicator the officer was shown, kept as evidence'),
  appeal: appealSchema.nullable(),
});

const indicatorSchema = z.object({
  unit: z.string(),
  quantity: decimalText,
  declaredValue: decimalText.describe('Customs value in the national currency'),
  unitValue: decimalText,
  band: bandSchema.nullable().describe('The band that served; null when no cell of the item has one'),
  belowP10Percent: decimalText.nullable().describe('Positive when below P10, negative when above'),
  belowMedianPercent: decimalText.nullable(),
  effectiveRate: decimalText.nullable(),
  revenueAtRisk: decimalText
    .nullable()
    .describe(
      '(median × quantity − declared value) × effective rate; 0 when not below the median; null when unknown',
    ),
  flagged: z.boolean(),
});

const valuationSchema = z.object({
  declarationId: z.string(),
  version: z.number(),
  status: z.string(),
  generation: generationSchema.nullable(),
  flagMarginPercent: decimalText,
  flagged: z.boolean(),
  needsDecision: z.number(),
  revenueAtRisk: decimalText.nullable(),
  items: z.array(
    z.object({
      itemNumber: z.number(),
      tariffLine: z.string(),
      origin: z.string(),
      description: z.string(),
      indicator: indicatorSchema,
      decision: decisionSchema.nullable(),
      decisions: z.array(decisionSchema),
      needsDecision: z.boolean(),
    }),
  ),
});

const levelSummarySchema = z.object({
  cells: z.number(),
  observations: z.number(),
  trimmed: z.number(),
  minSample: z.number(),
  medianSample: z.number(),
  maxSample: z.number(),
});

const rebuildSchema = z.object({
  generationId: z.string(),
  builtAt: z.string(),
  windowFrom: z.string(),
  windowTo: z.string(),
  declarations: z.number(),
  items: z.number(),
  skipped: z.number(),
  bands: z.number(),
  byLevel: z.object({
    line_origin: levelSummarySchema,
    hs6_origin: levelSummarySchema,
    hs6: levelSummarySchema,
  }),
  policy: z.object({ minimumSample: z.number(), fenceFactor: z.string(), flagMarginPercent: z.string() }),
  pruned: z.number(),
});

const idParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1).max(999) });
const bandsQuery = valuationBandQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(5000).default(1000).describe('Bands per page, 1 to 5,000'),
  offset: z.coerce.number().int().min(0).default(0),
});

const generationJson = (generation: BandGeneration) => ({
  ...generation,
  builtAt: generation.builtAt.toISOString(),
  windowFrom: generation.windowFrom.toISOString(),
  windowTo: generation.windowTo.toISOString(),
});

const appealJson = (appeal: StoredAppeal) => ({
  ...appeal,
  lodgedAt: appeal.lodgedAt.toISOString(),
  outcome: appeal.outcome && { ...appeal.outcome, decidedAt: appeal.outcome.decidedAt.toISOString() },
});

const decisionJson = (decision: StoredDecision) => ({
  ...decision,
  decision: decision.decision as (typeof valuationDecisionKinds)[number],
  basis: decision.basis as (typeof valuationBases)[number],
  decidedAt: decision.decidedAt.toISOString(),
  appeal: decision.appeal && appealJson(decision.appeal),
});

const bandJson = (band: ValuationBand) => ({ ...band });

const valuationJson = (valuation: DeclarationValuation) => ({
  ...valuation,
  generation: valuation.generation && generationJson(valuation.generation),
  items: valuation.items.map((item) => ({
    ...item,
    indicator: { ...item.indicator, band: item.indicator.band && bandJson(item.indicator.band) },
    decision: item.decision && decisionJson(item.decision),
    decisions: item.decisions.map(decisionJson),
  })),
});

const rebuildJson = (report: RebuildReport) => ({
  ...report,
  builtAt: report.builtAt.toISOString(),
  windowFrom: report.windowFrom.toISOString(),
  windowTo: report.windowTo.toISOString(),
  policy: { ...report.policy },
});

const riskOnly =
  'A risk indicator only (WCO guidance): a band never sets a minimum value nor replaces the declared value, and no tax is computed from it. A flag asks for an officer’s decision.';

export function registerValuationRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  const { valuation } = anticipa;

  app.get(
    '/api/declarations/:id/valuation',
    {
      schema: {
        tags: ['valuation'],
        summary: 'The valuation indicator of each item, its flag, and the decisions and appeals on it',
        description: `Each item of the current version against the newest bands: the cell that served (line and origin, else HS6 and origin, else HS6), how far below P10 and the median, the revenue at risk. ${riskOnly}`,
        params: idParams,
        response: { 200: valuationSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const assessed = await valuation.assess(request.params.id);
      if (!assessed.ok)
        return sendProblem(
          reply,
          problemDocument(assessed.error, request, localeOf(request, options.defaultLocale)),
        );
      return valuationJson(assessed.value);
    },
  );

  app.post(
    '/api/declarations/:id/items/:n/valuation-decisions',
    {
      schema: {
        tags: ['valuation'],
        summary: 'Record an officer’s valuation decision on item n (1-based)',
        description:
          'Accepted as declared, value adjusted (with the adjusted customs value in the national currency), or referred to post-clearance audit; with its basis (a WTO Valuation Agreement method, a comparable transaction or a document) and the reason. A new decision supersedes the one in force; none is ever rewritten. Appends `valuation_decided` to the timeline.',
        params: itemParams,
        body: valuationDecisionSchema,
        response: { 201: decisionSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const decided = await valuation.decide(request.params.id, request.params.n, request.body);
      if (!decided.ok)
        return sendProblem(
          reply,
          problemDocument(decided.error, request, localeOf(request, options.defaultLocale)),
        );
      return reply
        .code(201)
        .header('location', `/api/declarations/${request.params.id}/valuation`)
        .send(decisionJson(decided.value));
    },
  );

  app.post(
    '/api/valuation-decisions/:id/appeals',
    {
      schema: {
        tags: ['valuation'],
        summary: 'Lodge an appeal against the valuation decision in force',
        description:
          'One appeal per decision, against the decision in force only. Appends `valuation_appealed` to the timeline.',
        params: idParams,
        body: valuationAppealSchema,
        response: { 201: appealSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const appealed = await valuation.appeal(request.params.id, request.body);
      if (!appealed.ok)
        return sendProblem(
          reply,
          problemDocument(appealed.error, request, localeOf(request, options.defaultLocale)),
        );
      return reply.code(201).send(appealJson(appealed.value));
    },
  );

  app.post(
    '/api/valuation-appeals/:id/outcome',
    {
      schema: {
        tags: ['valuation'],
        summary: 'Record the outcome of an appeal: upheld (the appellant is right) or dismissed',
        description:
          'Recorded once, never changed. An upheld appeal calls for a new decision on the item. Appends `valuation_appeal_decided` to the timeline.',
        params: idParams,
        body: valuationAppealOutcomeSchema,
        response: { 201: appealSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const decided = await valuation.decideAppeal(request.params.id, request.body);
      if (!decided.ok)
        return sendProblem(
          reply,
          problemDocument(decided.error, request, localeOf(request, options.defaultLocale)),
        );
      return reply.code(201).send(appealJson(decided.value));
    },
  );

  app.get(
    '/api/valuation/bands',
    {
      schema: {
        tags: ['valuation'],
        summary: 'The reference bands of the newest generation',
        description: `Filters: \`line\` gives the bands that can serve that national line (its own cells and its subheading's wider cells); \`hs6\` every band of the subheading; \`origin\` the bands of that origin and those of any origin. ${riskOnly}`,
        querystring: bandsQuery,
        response: {
          200: z.object({
            generation: generationSchema.nullable(),
            total: z.number(),
            bands: z.array(bandSchema),
          }),
          400: problemSchema,
        },
      },
    },
    async (request) => {
      const page = await valuation.bands(request.query);
      return {
        generation: page.generation && generationJson(page.generation),
        total: page.total,
        bands: page.bands.map(bandJson),
      };
    },
  );

  app.post(
    '/api/valuation/rebuild',
    {
      schema: {
        tags: ['valuation'],
        summary: 'Rebuild the reference bands from past released declarations, now',
        description:
          'Stores a new generation in one transaction and prunes the oldest. A request while a rebuild runs waits for that one.',
        response: { 200: rebuildSchema },
      },
    },
    async () => rebuildJson(await valuation.rebuild()),
  );
}
