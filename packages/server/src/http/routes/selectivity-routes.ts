/**
 * Routes of selectivity: saving a rule set (validated field by field by the service, every
 * problem at its JSON Pointer), activating one, reading the active one, and a declaration's
 * assessment in two views: the officer's (everything: hits, reasons, weights, draws) and the
 * trader's (the control type alone, never a criterion, weight or reason).
 */
import { z } from 'zod';
import { lanes } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { StoredAssessment, StoredRuleSet } from '../../selectivity/selectivity-service.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { localeOf, problemDocument, sendProblem } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const ruleSetSchema = z.object({
  version: z.number(),
  name: z.string(),
  document: z.record(z.string(), z.unknown()).describe('The validated rule set, as stored'),
  createdAt: z.string(),
  createdBy: z.string(),
  activatedAt: z.string().nullable().describe('Its latest activation; null when never activated'),
  activatedBy: z.string().nullable(),
});

const assessmentSchema = z.object({
  id: z.string(),
  declarationId: z.string(),
  declarationVersion: z.number(),
  ruleSetVersion: z.number(),
  sequence: z.number().describe('1 for the first assessment of the file, one more for each re-assessment'),
  lane: z.enum(lanes),
  score: z.number(),
  assessedAt: z.string(),
  assessment: z
    .record(z.string(), z.unknown())
    .describe('The full assessment: hits with reasons and weights, draws, counters (officers only)'),
});

const traderViewSchema = z.object({
  fileId: z.string(),
  control: z.enum(['release', 'documentary_check', 'examination']),
  message: z.object({ fr: z.string(), en: z.string() }),
});

const versionParams = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647) });
const idParams = z.object({ id: z.uuid() });
const actor = z.string().trim().min(1).max(140);

const ruleSetJson = (ruleSet: StoredRuleSet) => ({
  ...ruleSet,
  document: { ...ruleSet.document },
  createdAt: ruleSet.createdAt.toISOString(),
  activatedAt: ruleSet.activatedAt?.toISOString() ?? null,
});

const assessmentJson = (stored: StoredAssessment) => ({
  ...stored,
  assessedAt: stored.assessedAt.toISOString(),
  assessment: { ...stored.assessment },
});

/** Registers the selectivity routes. */
export function registerSelectivityRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  const { selectivity } = anticipa;

  app.post(
    '/api/rule-sets',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'Save a rule set under the next version',
        description:
          'Profiles of criteria, watchlists and lane parameters. Validated whole: a 400 lists every problem at its JSON Pointer and nothing is stored. The version is assigned (any given is replaced). Not active until activated.',
        querystring: z.object({ createdBy: actor.describe('Who saved it') }),
        body: z.record(z.string(), z.unknown()).describe('The rule set (see the core rule-set schema)'),
        response: { 201: ruleSetSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      const saved = await selectivity.saveRuleSet(request.body, request.query.createdBy);
      if (!saved.ok)
        return sendProblem(
          reply,
          problemDocument(saved.error, request, localeOf(request, options.defaultLocale)),
        );
      return reply
        .code(201)
        .header('location', `/api/rule-sets/${String(saved.value.version)}`)
        .send(ruleSetJson(saved.value));
    },
  );

  app.post(
    '/api/rule-sets/:version/activation',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'Activate a rule set',
        description:
          'Files lodged or amended from now on are assessed with it. Each activation is recorded (append-only); the latest one is the active rule set.',
        params: versionParams,
        body: z.object({ activatedBy: actor }),
        response: { 201: ruleSetSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const activated = await selectivity.activate(request.params.version, request.body.activatedBy);
      if (!activated.ok)
        return sendProblem(
          reply,
          problemDocument(activated.error, request, localeOf(request, options.defaultLocale)),
        );
      return reply.code(201).send(ruleSetJson(activated.value));
    },
  );

  app.get(
    '/api/rule-sets/active',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'The active rule set',
        response: { 200: ruleSetSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const active = await selectivity.activeRuleSet();
      if (!active.ok)
        return sendProblem(
          reply,
          problemDocument(active.error, request, localeOf(request, options.defaultLocale)),
        );
      return ruleSetJson(active.value);
    },
  );

  app.get(
    '/api/declarations/:id/assessment',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'The latest assessment of a declaration (officer view)',
        description:
          'Everything an officer or auditor needs to understand and replay it: the hits with their reasons and weights, the draws, the counters seen. Never shown to traders.',
        params: idParams,
        response: { 200: assessmentSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const latest = await selectivity.latestAssessment(request.params.id);
      if (!latest.ok)
        return sendProblem(
          reply,
          problemDocument(latest.error, request, localeOf(request, options.defaultLocale)),
        );
      return assessmentJson(latest.value);
    },
  );

  app.get(
    '/api/declarations/:id/trader-view',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'What the trader is told of the latest assessment: the type of control',
        description:
          'Release, documentary check or physical examination, in French and English. Never a lane colour, criterion, weight, score or reason.',
        params: idParams,
        response: { 200: traderViewSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const view = await selectivity.traderView(request.params.id);
      if (!view.ok)
        return sendProblem(
          reply,
          problemDocument(view.error, request, localeOf(request, options.defaultLocale)),
        );
      return { fileId: view.value.fileId, control: view.value.control, message: { ...view.value.message } };
    },
  );
}
