/**
 * Routes of selectivity: saving a rule set (validated field by field by the service, every
 * problem at its JSON Pointer), listing and reading rule sets, adding watchlist entries (a new
 * version), activating one, reading the active one; a declaration's assessments in two views:
 * the officer's (everything: hits, reasons, weights, draws; their history and replay) and the
 * trader's (the control type alone, never a criterion, weight or reason); the assessments of a
 * manifest's B/Ls; office counters; and backtests, started as jobs and polled for progress.
 */
import { z } from 'zod';
import { lanes } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { StoredAssessment, StoredRuleSet } from '../../selectivity/selectivity-service.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { actorOf } from '../authentication.ts';
import { answer, localeOf, problemDocument, sendProblem } from '../problem.ts';
import type { BacktestJob } from '../../selectivity/selectivity-backtest.ts';
import type { RuleSetSummary, StoredConsignmentAssessment } from '../../selectivity/selectivity-service.ts';
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
  trigger: z.enum(['lodged', 'amended', 'arrival']).describe('What caused the assessment'),
  inputs: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('The derived indicators and containers it was assessed with'),
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
  inputs: stored.inputs && { ...stored.inputs },
});

const summarySchema = z.object({
  version: z.number(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  activatedAt: z.string().nullable(),
  activatedBy: z.string().nullable(),
  active: z.boolean().describe('Whether it is the rule set in force'),
  profiles: z.number(),
  criteria: z.number(),
  lists: z.number(),
});

const summaryJson = (summary: RuleSetSummary) => ({
  ...summary,
  createdAt: summary.createdAt.toISOString(),
  activatedAt: summary.activatedAt?.toISOString() ?? null,
});

const consignmentAssessmentSchema = z.object({
  id: z.string(),
  manifestId: z.string(),
  manifestVersion: z.number(),
  billNumber: z.string(),
  ruleSetVersion: z.number(),
  lane: z.enum(lanes),
  score: z.number(),
  assessedAt: z.string(),
  assessment: z.record(z.string(), z.unknown()),
});

const consignmentAssessmentJson = (stored: StoredConsignmentAssessment) => ({
  ...stored,
  assessedAt: stored.assessedAt.toISOString(),
  assessment: { ...stored.assessment },
});

const backtestJobSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.object({ done: z.number(), total: z.number() }),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  report: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      'When done: files, known outcomes, and for the candidate and the active rule set their lanes, hit rate, revenue caught and workload per office and day; the files newly selected and newly released',
    ),
  error: z.record(z.string(), z.unknown()).nullable(),
});

const backtestJobJson = (job: BacktestJob) => ({
  id: job.id,
  status: job.status,
  progress: { ...job.progress },
  startedAt: job.startedAt.toISOString(),
  finishedAt: job.finishedAt?.toISOString() ?? null,
  report: job.report && { ...job.report },
  error: job.error && { code: job.error.code, details: { ...job.error.details } },
});

const listEntrySchema = z.object({
  value: z.string().describe('The listed value, checked against the kind of list'),
  validFrom: z.string().optional().describe('ISO 8601; default now'),
  validTo: z.string().optional().describe('ISO 8601, exclusive; default none'),
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
        body: z.record(z.string(), z.unknown()).describe('The rule set (see the core rule-set schema)'),
        response: { 201: ruleSetSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      const saved = await selectivity.saveRuleSet(request.body, actorOf(request));
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
          'Files lodged or amended from now on are assessed with it. Each activation is recorded (append-only) under the signed-in user; the latest one is the active rule set. Four eyes: whoever saved the version cannot activate it (403).',
        params: versionParams,
        body: z.object({}).optional(),
        response: { 201: ruleSetSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const activated = await selectivity.activate(request.params.version, actorOf(request));
      if (!activated.ok)
        return sendProblem(
          reply,
          problemDocument(activated.error, request, localeOf(request, options.defaultLocale)),
        );
      return reply.code(201).send(ruleSetJson(activated.value));
    },
  );

  app.get(
    '/api/rule-sets',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'Every saved rule set, newest first',
        response: { 200: z.object({ ruleSets: z.array(summarySchema) }) },
      },
    },
    async () => ({ ruleSets: (await selectivity.listRuleSets()).map(summaryJson) }),
  );

  app.get(
    '/api/rule-sets/:version',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'One saved rule set, whole',
        params: versionParams,
        response: { 200: ruleSetSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await selectivity.ruleSet(request.params.version);
      return answer(
        request,
        reply,
        found.ok ? { ok: true, value: ruleSetJson(found.value) } : found,
        options.defaultLocale,
      );
    },
  );

  app.post(
    '/api/rule-sets/:version/lists/:listId/entries',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'Add entries to a watchlist: saved as a new rule set version',
        description:
          'Each entry records who added it and when. The new version is not active until activated; the version it came from is unchanged.',
        params: versionParams.extend({ listId: z.string().min(1).max(40) }),
        body: z.object({ entries: z.array(listEntrySchema).min(1).max(10_000) }),
        response: { 201: ruleSetSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const saved = await selectivity.addListEntries(
        request.params.version,
        request.params.listId,
        request.body.entries,
        actorOf(request),
      );
      if (!saved.ok) return answer(request, reply, saved, options.defaultLocale);
      return reply
        .code(201)
        .header('location', `/api/rule-sets/${String(saved.value.version)}`)
        .send(ruleSetJson(saved.value));
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
    '/api/declarations/:id/assessments',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'Every assessment of a declaration, oldest first (officer view)',
        params: idParams,
        response: { 200: z.object({ assessments: z.array(assessmentSchema) }), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const history = await selectivity.assessments(request.params.id);
      return answer(
        request,
        reply,
        history.ok ? { ok: true, value: { assessments: history.value.map(assessmentJson) } } : history,
        options.defaultLocale,
      );
    },
  );

  app.get(
    '/api/declarations/:id/assessments/:sequence/replay',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'Replay an assessment for an audit',
        description:
          'Re-runs the assessment with the rule-set version, document version, instant, counters and indicators it recorded, and says whether the lane, hits and draws are the same.',
        params: idParams.extend({ sequence: z.coerce.number().int().min(1).max(1_000_000) }),
        response: {
          200: z.object({
            declarationId: z.string(),
            sequence: z.number(),
            identical: z.boolean(),
            differences: z.array(z.string()),
            lane: z.enum(lanes),
            replayedLane: z.enum(lanes),
          }),
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const replay = await selectivity.replay(request.params.id, request.params.sequence);
      return answer(
        request,
        reply,
        replay.ok
          ? { ok: true, value: { ...replay.value, differences: [...replay.value.differences] } }
          : replay,
        options.defaultLocale,
      );
    },
  );

  app.get(
    '/api/manifests/:id/assessments',
    {
      schema: {
        tags: ['selectivity'],
        summary: "The latest assessment of each of a manifest's B/Ls not yet covered by a declaration",
        description:
          'Advance cargo information, assessed when the manifest is lodged or amended (officer view).',
        params: idParams,
        response: {
          200: z.object({ assessments: z.array(consignmentAssessmentSchema) }),
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const found = await selectivity.consignmentAssessments(request.params.id);
      return answer(
        request,
        reply,
        found.ok ? { ok: true, value: { assessments: found.value.map(consignmentAssessmentJson) } } : found,
        options.defaultLocale,
      );
    },
  );

  app.get(
    '/api/selectivity/counters',
    {
      schema: {
        tags: ['selectivity'],
        summary: "An office's lane counts on a day",
        description: 'What the random quotas and the top-up toward expected rates read (UTC days).',
        querystring: z.object({
          office: z.string().min(1).max(17),
          day: z.iso.date().optional().describe('YYYY-MM-DD (UTC); default today'),
        }),
        response: {
          200: z.object({
            office: z.string(),
            day: z.string(),
            assessed: z.number(),
            red: z.number(),
            yellow: z.number(),
            blue: z.number(),
            green: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const day = request.query.day ?? new Date().toISOString().slice(0, 10);
      return {
        office: request.query.office,
        day,
        ...(await selectivity.counters(request.query.office, day)),
      };
    },
  );

  app.post(
    '/api/backtests',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'Start a backtest of a candidate rule set over past files',
        description:
          'The candidate is a stored rule-set version or a rule set document (validated: a 400 lists its problems). It runs over the files lodged in the period, beside the active rule set; poll the job for its progress and report.',
        body: z.object({
          candidate: z.union([z.number().int().min(1), z.record(z.string(), z.unknown())]),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          office: z.string().min(1).max(17).optional(),
          capacity: z
            .record(z.string(), z.number().min(0).max(1_000_000))
            .optional()
            .describe('Controls per day per office; default: what the lane parameters state'),
        }),
        response: { 202: backtestJobSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const { candidate, from, to, office, capacity } = request.body;
      const started = await anticipa.backtests.start({
        candidate,
        from: from === undefined ? undefined : new Date(from),
        to: to === undefined ? undefined : new Date(to),
        office,
        capacity,
      });
      if (!started.ok) return answer(request, reply, started, options.defaultLocale);
      return reply
        .code(202)
        .header('location', `/api/backtests/${started.value.id}`)
        .send(backtestJobJson(started.value));
    },
  );

  app.get(
    '/api/backtests/:id',
    {
      schema: {
        tags: ['selectivity'],
        summary: 'A backtest: its progress, then its report',
        params: idParams,
        response: { 200: backtestJobSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const job = anticipa.backtests.get(request.params.id);
      return answer(
        request,
        reply,
        job.ok ? { ok: true, value: backtestJobJson(job.value) } : job,
        options.defaultLocale,
      );
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
