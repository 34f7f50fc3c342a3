/**
 * Routes of clearance: the steps officers take on a file (re-route, payment, guarantee, start of
 * a control, release), each checked by the clearance state machine (409 with the file's state,
 * what it lacks and what it may do); inspection results from the quay, with photos; each file's
 * time release and the office's breaches; the roster (officers, scanners, office settings); the
 * plan of an office's day; and the indicators. Bodies are validated by the services, every
 * problem at its JSON Pointer. Inspector assignments are for officers: no trader route shows them.
 */
import { z } from 'zod';
import { appError, clearanceEventTypes, clearanceStates, controlMethods, lanes } from '@anticipa/core';
import type { FastifyRequest } from 'fastify';
import type { Anticipa } from '../../anticipa.ts';
import type { ClearanceView } from '../../clearance/clearance-service.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { actorOf, inspectorBody, principalOf, signedBody } from '../authentication.ts';
import { answer } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const idParams = z.object({ id: z.uuid() });
const officeParams = z.object({ code: z.string().regex(/^[A-Z0-9]{2,10}$/) });
const anyObject = z.record(z.string(), z.unknown());

/** Values as JSON shows them (dates as ISO 8601 strings). */
const plain = (value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

const clearanceSchema = z.object({
  declarationId: z.string(),
  status: z.string().optional().describe('The file status after the step'),
  clearance: z.object({
    state: z.enum(clearanceStates),
    lodged: z.boolean(),
    arrived: z.boolean(),
    lane: z.enum(lanes).nullable(),
    control: z.enum(['none', 'planned', 'started', 'finished']),
    controlMethod: z.enum(controlMethods).nullable(),
    settlement: z.enum(['paid', 'guaranteed']).nullable(),
    released: z.boolean(),
    exited: z.boolean(),
    cancelled: z.boolean(),
    reroutes: z.array(anyObject),
  }),
  allowed: z.array(z.enum(clearanceEventTypes)).describe('The steps the file may take now'),
});

const clearanceJson = (view: ClearanceView & { readonly status?: string }) => ({
  ...view,
  clearance: { ...view.clearance, reroutes: view.clearance.reroutes.map((reroute) => ({ ...reroute })) },
  allowed: [...view.allowed],
});

const at = z.string().optional().describe('When it happened (ISO 8601); default now');

const resultBody = z.object({
  resultId: z
    .uuid()
    .describe('Chosen by the client; a retry with the same id and content returns the stored result'),
  outcome: z.enum(['compliant', 'non_compliant']),
  inspector: z.string(),
  method: z.enum(controlMethods).optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string(),
  discrepancies: z
    .array(
      z.object({
        kind: z.enum(['value', 'classification', 'origin', 'quantity', 'undeclared', 'prohibited']),
        item: z.number().optional(),
        description: z.string(),
      }),
    )
    .optional(),
  seizure: z.object({ description: z.string(), packages: z.number().optional() }).optional(),
  correctedItems: z
    .array(
      z.object({
        item: z.number().describe('Item number, from 1'),
        tariffLine: z.string().optional(),
        origin: z.string().optional(),
        customsValue: z.string().optional(),
        netMass: z.string().optional(),
        supplementaryQuantity: z.string().optional(),
      }),
    )
    .optional()
    .describe('Corrected item data: the corrected declaration is liquidated to find the revenue recovered'),
  notes: z.string().optional(),
  photos: z
    .array(
      z.object({
        fileName: z.string(),
        mediaType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
        content: z.string().describe('The bytes in base64; at most 4 MiB decoded'),
      }),
    )
    .optional(),
});

/** Registers the clearance routes. */
export function registerClearanceRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  const { roster, steps, planning, inspections } = anticipa.clearance;
  const locale = options.defaultLocale;

  const stepRoute = (
    path: string,
    summary: string,
    description: string,
    body: z.ZodType,
    take: (id: string, input: unknown) => ReturnType<typeof steps.release>,
    signs: (request: FastifyRequest) => unknown,
  ) =>
    app.post(
      `/api/declarations/:id/${path}`,
      {
        schema: {
          tags: ['clearance'],
          summary,
          description,
          params: idParams,
          body,
          response: { 201: clearanceSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
        },
      },
      async (request, reply) => {
        const taken = await take(request.params.id, signs(request));
        if (!taken.ok) return answer(request, reply, taken, locale);
        return reply.code(201).send(clearanceJson(taken.value));
      },
    );

  stepRoute(
    'reroute',
    'Re-route the file to another lane (supervisor)',
    'Appends `lane_rerouted` with the reason and the supervisor. A control planned for the old lane is dropped; one under way or done stays on record. Refused once the goods are released.',
    z.object({
      lane: z.enum(lanes),
      reason: z.string(),
      supervisor: z.string().optional().describe('Set to the signed-in user'),
      at,
    }),
    (id, input) => steps.reroute(id, input),
    (request) => signedBody(request, 'supervisor'),
  );
  stepRoute(
    'payment',
    'Record the payment of duties',
    'Appends `paid`. Green and blue files are released on arrival once paid or guaranteed.',
    z.object({ reference: z.string(), amount: z.string().optional(), at }),
    (id, input) => steps.pay(id, input),
    (request) => request.body,
  );
  stepRoute(
    'guarantee',
    'Record a guarantee of duties',
    'Appends `guaranteed`: the goods may be released as if paid.',
    z.object({ reference: z.string(), amount: z.string().optional(), at }),
    (id, input) => steps.guarantee(id, input),
    (request) => request.body,
  );
  stepRoute(
    'control-start',
    'Start the planned control',
    'Appends `control_started`. An examination needs the goods arrived; a documentary check may start before.',
    z.object({
      inspector: z.string().describe("The roster officer; an inspector's own when signed in as one"),
      at,
    }),
    (id, input) => steps.startControl(id, input),
    inspectorBody,
  );
  stepRoute(
    'release',
    'Release the goods',
    'Appends `released`: refused (409) unless the goods arrived, duties are paid or guaranteed, and for red and yellow files the control is finished.',
    z.object({ by: z.string().optional().describe('Set to the signed-in user'), at }),
    (id, input) => steps.release(id, input),
    (request) => signedBody(request, 'by'),
  );

  app.get(
    '/api/declarations/:id/clearance',
    {
      schema: {
        tags: ['clearance'],
        summary: 'The file’s clearance state and the steps it may take',
        params: idParams,
        response: { 200: clearanceSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await steps.state(request.params.id);
      return answer(
        request,
        reply,
        found.ok ? { ok: true, value: clearanceJson(found.value) } : found,
        locale,
      );
    },
  );

  app.post(
    '/api/declarations/:id/inspection-result',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Record the result of a control',
        description:
          'Outcome, discrepancies, seizure, corrected item data (re-assessed with the tariff: revenue recovered = re-assessed − declared), photos in base64. Appends `control_finished` (and `control_started` when the planned control had not been started). 201 when recorded; 200 with the stored result when the same result id and content were recorded before (a retried submission); 409 when the id was used for other content or the file has no control to finish.',
        params: idParams,
        body: resultBody,
        response: {
          200: anyObject,
          201: anyObject,
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      // Four eyes on results: an inspector records only the controls a day plan assigned to them.
      const principal = principalOf(request);
      if (principal.role === 'inspector') {
        const officer = principal.officerId ?? principal.name;
        if ((await planning.assignedInspector(request.params.id)) !== officer) {
          return answer(
            request,
            reply,
            { ok: false, error: appError('CONTROL_NOT_ASSIGNED', { id: request.params.id, officer }) },
            locale,
          );
        }
      }
      const recorded = await inspections.record(request.params.id, inspectorBody(request));
      if (!recorded.ok) return answer(request, reply, recorded, locale);
      return reply.code(recorded.value.created ? 201 : 200).send(plain(recorded.value.result));
    },
  );

  app.get(
    '/api/declarations/:id/inspection-result',
    {
      schema: {
        tags: ['clearance'],
        summary: 'The result of the file’s control',
        params: idParams,
        response: { 200: anyObject, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await inspections.resultOf(request.params.id);
      return answer(request, reply, found.ok ? { ok: true, value: plain(found.value) } : found, locale);
    },
  );

  app.get(
    '/api/inspection-photos/:photo',
    {
      schema: {
        tags: ['clearance'],
        summary: 'A photo of a control, as taken',
        params: z.object({ photo: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
      },
    },
    async (request, reply) => {
      const found = await inspections.attachment(request.params.photo);
      if (!found.ok) return answer(request, reply, found, locale);
      return reply
        .type(found.value.mediaType)
        .header('content-disposition', `inline; filename="${found.value.fileName.replaceAll('"', '')}"`)
        .serializer((payload) => payload as string)
        .send(found.value.content);
    },
  );

  app.get(
    '/api/declarations/:id/time-release',
    {
      schema: {
        tags: ['clearance'],
        summary: 'The file’s Time Release Study segments',
        description:
          'Milestones (arrival, lane, control, payment, release, exit), the seconds between them (negative when a step came before arrival, as anticipation allows), the target for its lane at its office, and whether release met it.',
        params: idParams,
        response: { 200: anyObject, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await steps.timeRelease(request.params.id);
      return answer(request, reply, found.ok ? { ok: true, value: plain(found.value) } : found, locale);
    },
  );

  app.get(
    '/api/offices/:code/breaches',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Files past their release target and not released, as of now',
        params: officeParams,
        response: { 200: anyObject, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await steps.breaches(request.params.code);
      return answer(request, reply, found.ok ? { ok: true, value: plain(found.value) } : found, locale);
    },
  );

  app.get(
    '/api/offices/:code/plan',
    {
      schema: {
        tags: ['clearance'],
        summary: 'The planned controls of the office’s day',
        description:
          'Controls of the red and yellow files expected that day (or arrived without a control planned) against inspector and scanner capacity: method, time and inspector, and why a control was moved or left unassigned. Stored: asking again returns the same plan, with the files due since planned as a new batch.',
        params: officeParams,
        querystring: z.object({ day: z.iso.date().describe('YYYY-MM-DD (UTC)') }),
        response: { 200: anyObject, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await planning.plan(request.params.code, request.query.day);
      return answer(request, reply, found.ok ? { ok: true, value: plain(found.value) } : found, locale);
    },
  );

  app.get(
    '/api/offices/:code/clearance-settings',
    {
      schema: {
        tags: ['clearance'],
        summary: 'The office’s clearance settings',
        params: officeParams,
        response: { 200: anyObject, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const found = await roster.settings(request.params.code);
      return answer(request, reply, found.ok ? { ok: true, value: plain(found.value) } : found, locale);
    },
  );

  app.put(
    '/api/offices/:code/clearance-settings',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Set some of the office’s clearance settings',
        description: 'Settings not given keep their value.',
        params: officeParams,
        body: z.object({
          scannerFallback: z.enum(['physical', 'documentary', 'physical_then_documentary']).optional(),
          rotation: z
            .number()
            .optional()
            .describe('How many of an importer’s latest inspectors are left out'),
          minutes: z
            .object({
              physical: z.number().optional(),
              scanner: z.number().optional(),
              documentary: z.number().optional(),
            })
            .optional(),
          redMethod: z.enum(['auto', 'physical', 'scanner']).optional(),
          releaseTargets: z
            .object({
              red: z.number().optional(),
              yellow: z.number().optional(),
              blue: z.number().optional(),
              green: z.number().optional(),
            })
            .optional()
            .describe('Hours from arrival to release'),
        }),
        response: { 200: anyObject, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const updated = await roster.updateSettings(request.params.code, request.body, actorOf(request));
      return answer(request, reply, updated.ok ? { ok: true, value: plain(updated.value) } : updated, locale);
    },
  );

  const shift = z.object({
    days: z.array(z.number()).describe('ISO weekdays, Monday 1'),
    start: z.string().describe('HH:MM UTC'),
    end: z.string().describe('HH:MM UTC; before start: runs past midnight'),
  });
  const officerBody = z.object({
    id: z.string(),
    name: z.string(),
    office: z.string(),
    qualifications: z.array(z.enum(controlMethods)),
    shifts: z.array(shift),
    status: z.enum(['active', 'on_leave']).optional(),
  });
  const scannerBody = z.object({
    id: z.string(),
    office: z.string(),
    name: z.string(),
    controlsPerDay: z.number(),
    status: z.enum(['in_service', 'out_of_service']).optional(),
  });
  const officeQuery = z.object({
    office: z
      .string()
      .regex(/^[A-Z0-9]{2,10}$/)
      .optional(),
  });

  app.post(
    '/api/officers',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Add an officer to the roster',
        body: officerBody,
        response: { 201: anyObject, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const added = await roster.addOfficer(request.body);
      if (!added.ok) return answer(request, reply, added, locale);
      return reply.code(201).send(plain(added.value));
    },
  );
  app.get(
    '/api/officers',
    {
      schema: {
        tags: ['clearance'],
        summary: 'The roster',
        querystring: officeQuery,
        response: { 200: z.object({ officers: z.array(anyObject) }) },
      },
    },
    async (request) => ({ officers: (await roster.officers(request.query.office)).map(plain) }),
  );
  app.patch(
    '/api/officers/:id',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Change an officer’s status, qualifications or shifts',
        params: z.object({ id: z.string().min(1).max(35) }),
        body: officerBody.pick({ qualifications: true, shifts: true, status: true }).partial(),
        response: { 200: anyObject, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const updated = await roster.updateOfficer(request.params.id, request.body);
      return answer(request, reply, updated.ok ? { ok: true, value: plain(updated.value) } : updated, locale);
    },
  );

  app.post(
    '/api/scanners',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Register a scanner of an office',
        body: scannerBody,
        response: { 201: anyObject, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const added = await roster.addScanner(request.body);
      if (!added.ok) return answer(request, reply, added, locale);
      return reply.code(201).send(plain(added.value));
    },
  );
  app.get(
    '/api/scanners',
    {
      schema: {
        tags: ['clearance'],
        summary: 'The scanners',
        querystring: officeQuery,
        response: { 200: z.object({ scanners: z.array(anyObject) }) },
      },
    },
    async (request) => ({ scanners: (await roster.scanners(request.query.office)).map(plain) }),
  );
  app.patch(
    '/api/scanners/:id',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Put a scanner in or out of service, or change its capacity',
        params: z.object({ id: z.string().min(1).max(35) }),
        body: scannerBody.pick({ status: true, controlsPerDay: true }).partial(),
        response: { 200: anyObject, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const updated = await roster.updateScanner(request.params.id, request.body);
      return answer(request, reply, updated.ok ? { ok: true, value: plain(updated.value) } : updated, locale);
    },
  );

  app.get(
    '/api/indicators',
    {
      schema: {
        tags: ['clearance'],
        summary: 'Clearance indicators per office, lane, profile and period',
        description:
          'Files per lane; hit rates of targeted, random and top-up controls; revenue recovered; seizures; shares lodged before arrival and released on arrival; median and P90 release time per lane. With the hit rate of each criterion and profile that selected inspected files. A file counts in the period of its arrival, else its lodgement.',
        querystring: z.object({
          office: z
            .string()
            .regex(/^[A-Z0-9]{2,10}$/)
            .optional(),
          from: z.iso.date().optional().describe('First day, included'),
          to: z.iso.date().optional().describe('Last day, included'),
          groupBy: z
            .string()
            .regex(/^(office|lane|profile|period)(,(office|lane|profile|period))*$/)
            .optional()
            .describe('Comma-separated: office, lane, profile, period'),
          period: z.enum(['day', 'month']).optional(),
        }),
        response: { 200: anyObject },
      },
    },
    async (request) => {
      const { office, from, to, groupBy, period } = request.query;
      const report = await anticipa.clearance.indicators({
        office,
        from: from === undefined ? undefined : new Date(`${from}T00:00:00Z`),
        to: to === undefined ? undefined : new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000),
        groupBy:
          groupBy === undefined
            ? []
            : ([...new Set(groupBy.split(','))] as ('office' | 'lane' | 'profile' | 'period')[]),
        period,
      });
      return plain(report);
    },
  );
}
