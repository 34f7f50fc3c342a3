/**
 * The routes that declarations and manifests share: lodge (POST), read (GET), amend (PUT), read
 * a version, read the timeline. One implementation serves both kinds of document.
 */
import { z } from 'zod';
import { ok, type AppError, type Locale, type Result } from '@anticipa/core';
import type { Page } from '../../shared/pagination.ts';
import type { DocumentIntake, DocumentView } from '../../intake/document-intake.ts';
import type { StoredEvent } from '../../intake/document-store.ts';
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../app.ts';
import { lodgingRefusal, principalOf } from '../authentication.ts';
import { localeOf, problemDocument, sendProblem } from '../problem.ts';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), value: z.unknown(), expected: z.string() })).optional(),
    refusal: z
      .object({
        state: z.string().describe('The file’s clearance state'),
        event: z.string().describe('The step refused'),
        missing: z.array(z.string()).describe('What the file lacks for that step'),
        allowed: z.array(z.string()).describe('The steps it may take now'),
      })
      .optional()
      .describe('For a refused clearance step (409 CLEARANCE_TRANSITION_REFUSED), as codes'),
  })
  .describe('RFC 9457 problem document');

const idParams = z.object({ id: z.uuid() });
const versionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('Makes a retry return the original instead of a duplicate'),
});

export const eventSchema = z.object({
  type: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  subject: z.enum(['declaration', 'manifest']),
  subjectId: z.string(),
  version: z.number().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export function eventJson(event: StoredEvent) {
  return {
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    subject: event.subjectType,
    subjectId: event.subjectId,
    ...(event.version === undefined ? {} : { version: event.version }),
    ...(event.data === undefined ? {} : { data: event.data }),
  };
}

export function viewJson<D>(view: DocumentView<D>) {
  return {
    id: view.head.id,
    sender: view.head.sender,
    reference: view.head.reference,
    status: view.head.status,
    version: view.head.currentVersion,
    lodgedAt: view.head.lodgedAt.toISOString(),
    updatedAt: view.head.updatedAt.toISOString(),
    versions: view.versions.map((version) => ({
      version: version.version,
      recordedAt: version.recordedAt.toISOString(),
    })),
    document: view.document,
  };
}

export interface DocumentRouteSpec<D> {
  readonly path: string;
  readonly tag: string;
  readonly noun: string;
  readonly intake: DocumentIntake<D>;
  readonly timeline: (id: string) => Promise<Result<readonly StoredEvent[], AppError>>;
  readonly bodySchema: z.ZodType;
  readonly documentSchema: z.ZodType;
  readonly defaultLocale: Locale;
}

export function registerDocumentRoutes<D>(app: TypedApp, spec: DocumentRouteSpec<D>): void {
  const viewSchema = z.object({
    id: z.string(),
    sender: z.string(),
    reference: z.string(),
    status: z.string(),
    version: z.number(),
    lodgedAt: z.string(),
    updatedAt: z.string(),
    versions: z.array(z.object({ version: z.number(), recordedAt: z.string() })),
    document: spec.documentSchema,
  });

  const readView = async (id: string): Promise<Result<DocumentView<D>, AppError>> => spec.intake.get(id);

  app.post(
    spec.path,
    {
      schema: {
        tags: [spec.tag],
        summary: `Lodge a ${spec.noun}`,
        description: `Stores a new ${spec.noun} as version 1 (201). The same document sent again (same sender and reference, or the same Idempotency-Key) returns the original (200, header Idempotent-Replayed: true). A different document under a used key or reference is a 409. Invalid input is a 400 listing every problem; nothing is stored.`,
        headers: idempotencyHeaders,
        body: spec.bodySchema,
        response: { 200: viewSchema, 201: viewSchema, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const locale = localeOf(request, spec.defaultLocale);
      const refused = lodgingRefusal(principalOf(request), request.body);
      if (refused) return sendProblem(reply, problemDocument(refused, request, locale));
      const lodged = await spec.intake.lodge(request.body, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (!lodged.ok) return sendProblem(reply, problemDocument(lodged.error, request, locale));
      // A document just created is answered from what was stored, without reading it back.
      const { outcome, head, document } = lodged.value;
      const view: Result<DocumentView<D>, AppError> = outcome === 'created' && document !== undefined
        ? ok({
            head,
            document,
            versions: [{ version: 1, contentHash: head.contentHash, recordedAt: head.updatedAt }],
          })
        : await readView(head.id);
      if (!view.ok) return sendProblem(reply, problemDocument(view.error, request, locale));
      const replayed = lodged.value.outcome === 'replayed';
      return reply
        .code(replayed ? 200 : 201)
        .header('location', `${spec.path}/${lodged.value.head.id}`)
        .header('idempotent-replayed', String(replayed))
        .send(viewJson(view.value));
    },
  );

  app.get(
    `${spec.path}/:id`,
    {
      schema: {
        tags: [spec.tag],
        summary: `Read a ${spec.noun}: its current version and the list of versions`,
        params: idParams,
        response: { 200: viewSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const view = await readView(request.params.id);
      if (!view.ok)
        return sendProblem(
          reply,
          problemDocument(view.error, request, localeOf(request, spec.defaultLocale)),
        );
      return viewJson(view.value);
    },
  );

  app.put(
    `${spec.path}/:id`,
    {
      schema: {
        tags: [spec.tag],
        summary: `Amend a ${spec.noun}`,
        description: `Sends the whole amended ${spec.noun}; it becomes the next version and every earlier version stays readable. Sender and reference cannot change. Sending the current content again changes nothing.`,
        params: idParams,
        headers: idempotencyHeaders,
        body: spec.bodySchema,
        response: {
          200: viewSchema,
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const locale = localeOf(request, spec.defaultLocale);
      const refused = lodgingRefusal(principalOf(request), request.body);
      if (refused) return sendProblem(reply, problemDocument(refused, request, locale));
      const amended = await spec.intake.amend(request.params.id, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (!amended.ok) return sendProblem(reply, problemDocument(amended.error, request, locale));
      const view = await readView(request.params.id);
      if (!view.ok) return sendProblem(reply, problemDocument(view.error, request, locale));
      return reply
        .header('idempotent-replayed', String(amended.value.outcome === 'replayed'))
        .send(viewJson(view.value));
    },
  );

  app.get(
    `${spec.path}/:id/versions/:version`,
    {
      schema: {
        tags: [spec.tag],
        summary: `Read one version of a ${spec.noun}`,
        params: versionParams,
        response: {
          200: z.object({ version: z.number(), recordedAt: z.string(), document: spec.documentSchema }),
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const stored = await spec.intake.getVersion(request.params.id, request.params.version);
      if (!stored.ok)
        return sendProblem(
          reply,
          problemDocument(stored.error, request, localeOf(request, spec.defaultLocale)),
        );
      return {
        version: stored.value.version,
        recordedAt: stored.value.recordedAt.toISOString(),
        document: stored.value.document,
      };
    },
  );

  app.get(
    `${spec.path}/:id/events`,
    {
      schema: {
        tags: [spec.tag],
        summary: `The timeline of a ${spec.noun}: its append-only events, in the order they happened`,
        params: idParams,
        response: { 200: z.object({ events: z.array(eventSchema) }), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const events = await spec.timeline(request.params.id);
      if (!events.ok)
        return sendProblem(
          reply,
          problemDocument(events.error, request, localeOf(request, spec.defaultLocale)),
        );
      return { events: events.value.map(eventJson) };
    },
  );
}

/** Query parameters common to lists: page size and cursor. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size, 1 to 500'),
  cursor: z.string().optional().describe('The nextCursor of the previous page'),
};

/** A date or date-time in a query string. */
export const queryInstant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value));

export interface ListRouteSpec<Q, I> {
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly querystring: z.ZodType<Q>;
  readonly itemSchema: z.ZodType;
  /** Lists for the principal asking (`request.principal`): narrow the list to their scope. */
  readonly list: (query: Q, request: FastifyRequest) => Promise<Result<Page<I>, AppError>>;
  readonly defaultLocale: Locale;
}

/**
 * A paged list route. Items are sent as JSON as they are (dates become ISO 8601 strings, as the
 * item schema documents).
 */
export function registerListRoute<Q, I>(app: TypedApp, spec: ListRouteSpec<Q, I>): void {
  const pageSchema = z.object({
    items: z.array(spec.itemSchema),
    total: z.number(),
    nextCursor: z.string().optional(),
  });
  app.get(
    spec.path,
    {
      schema: {
        tags: [spec.tag],
        summary: spec.summary,
        querystring: spec.querystring,
        response: { 200: pageSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      const page = await spec.list(request.query as Q, request);
      if (!page.ok)
        return sendProblem(
          reply,
          problemDocument(page.error, request, localeOf(request, spec.defaultLocale)),
        );
      return reply.send({ ...page.value, items: [...page.value.items] });
    },
  );
}
