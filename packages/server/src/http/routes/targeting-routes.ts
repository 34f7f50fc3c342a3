/**
 * Routes of targeting in the product: retraining a candidate model from the recorded inspection
 * results (with its metrics on a time-based hold-out beside the model in force's), listing and
 * reading models, and putting one in force. Model bodies are never sent: they hold the
 * histories of parties, which only the assessment reads.
 */
import { z } from 'zod';
import type { TargetingMetrics } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { ModelSummary, RankingMetrics } from '../../targeting/targeting-service.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { actorOf } from '../authentication.ts';
import { answer } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const metricsSchema = z.object({
  share: z.number().describe('Share of items inspected, 0.05 for the top 5 %'),
  inspected: z.number(),
  frauds: z.number(),
  precision: z.number(),
  recall: z.number(),
  revenue: z.number().describe("Share of all the frauds' duty at stake found"),
});

const rankingSchema = z.object({
  score: z.array(metricsSchema).describe('Ranked by fraud probability'),
  expectedRevenue: z.array(metricsSchema).describe('Ranked by fraud probability x duty at stake'),
});

const modelSchema = z.object({
  id: z.string(),
  trainedAt: z.string(),
  trainedBy: z.string(),
  rows: z.number().describe('Inspected items trained on'),
  frauds: z.number(),
  firstDate: z.string(),
  lastDate: z.string(),
  evaluation: z.object({
    holdoutFrom: z.string().describe('First day held out: the evaluated model learnt nothing from it on'),
    holdoutRows: z.number(),
    holdoutFrauds: z.number(),
    candidate: rankingSchema,
    active: rankingSchema
      .extend({
        modelId: z.string(),
        sawHoldout: z
          .boolean()
          .describe('The model in force was trained on the hold-out days: its figures flatter it'),
      })
      .nullable(),
  }),
  activatedAt: z.string().nullable(),
  activatedBy: z.string().nullable(),
  active: z.boolean(),
});

const metricsJson = (metrics: readonly TargetingMetrics[]) => metrics.map((entry) => ({ ...entry }));
const rankingJson = (ranking: RankingMetrics) => ({
  score: metricsJson(ranking.score),
  expectedRevenue: metricsJson(ranking.expectedRevenue),
});

const modelJson = (model: ModelSummary) => ({
  ...model,
  trainedAt: model.trainedAt.toISOString(),
  activatedAt: model.activatedAt?.toISOString() ?? null,
  evaluation: {
    ...model.evaluation,
    candidate: rankingJson(model.evaluation.candidate),
    active: model.evaluation.active && {
      ...model.evaluation.active,
      ...rankingJson(model.evaluation.active),
    },
  },
});

/** Registers the targeting routes. */
export function registerTargetingRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  const { targeting } = anticipa;

  app.post(
    '/api/targeting/models',
    {
      schema: {
        tags: ['targeting'],
        summary: 'Train a candidate model from the recorded inspection results',
        description:
          'The latest fifth of the days is held out: a model trained on the earlier days is scored on it beside the model in force. The candidate kept is trained on every result. Not in force until activated.',
        body: z.object({}).optional(),
        response: { 201: modelSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const trained = await targeting.train(actorOf(request));
      if (!trained.ok) return answer(request, reply, trained, options.defaultLocale);
      return reply
        .code(201)
        .header('location', `/api/targeting/models/${trained.value.id}`)
        .send(modelJson(trained.value));
    },
  );

  app.get(
    '/api/targeting/models',
    {
      schema: {
        tags: ['targeting'],
        summary: 'Every trained model, newest first, with its hold-out metrics',
        response: { 200: z.object({ models: z.array(modelSchema) }) },
      },
    },
    async () => ({ models: (await targeting.list()).map(modelJson) }),
  );

  app.get(
    '/api/targeting/models/:id',
    {
      schema: {
        tags: ['targeting'],
        summary: 'One trained model, with its hold-out metrics',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: modelSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await targeting.get(request.params.id);
      return answer(
        request,
        reply,
        found.ok ? { ok: true, value: modelJson(found.value) } : found,
        options.defaultLocale,
      );
    },
  );

  app.post(
    '/api/targeting/models/:id/activation',
    {
      schema: {
        tags: ['targeting'],
        summary: 'Put a model in force',
        description:
          'Files assessed from now on carry its score and explanation. Each activation is recorded.',
        params: z.object({ id: z.string().max(64) }),
        body: z.object({}).optional(),
        response: { 201: modelSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const activated = await targeting.activate(request.params.id, actorOf(request));
      if (!activated.ok) return answer(request, reply, activated, options.defaultLocale);
      return reply.code(201).send(modelJson(activated.value));
    },
  );
}
