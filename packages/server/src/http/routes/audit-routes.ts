/**
 * Routes of the audit trail: its entries (who, when, what, before and after), newest first,
 * and the verification of its hash chain, which names the first edited, inserted, deleted or
 * reordered entry. Read-only: entries are appended by the services that make the changes.
 */
import { z } from 'zod';
import { describeChainVerification, genesisHash } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import { localeOf } from '../problem.ts';
import { problemSchema, queryInstant } from './document-routes.ts';

const hashText = z.string().describe('SHA-256, hex');

const entrySchema = z.object({
  sequence: z.number().describe('Place in the chain: 1, 2, 3... with no gap'),
  at: z.string().describe('When the change was made (ISO 8601)'),
  actor: z.string().describe("Who made it: an officer, a sender, or 'system'"),
  action: z.string().describe('What was done: valuation.decided, tariff.imported, office.added...'),
  subject: z.object({ type: z.string(), id: z.string() }),
  before: z.unknown().describe('The state before the change (null for a creation)'),
  after: z.unknown().describe('The state after the change'),
  previousHash: hashText.describe('The hash of the entry before (64 zeros for the first)'),
  hash: hashText.describe('SHA-256 of the previous hash followed by the canonical JSON of the entry'),
});

const headSchema = z.object({ sequence: z.number(), hash: hashText, at: z.string() });

const listQuery = z.object({
  subjectType: z.string().min(1).max(100).optional().describe('declaration, office, tariff...'),
  subjectId: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  from: queryInstant.optional().describe('Entries at or after this date or instant'),
  to: queryInstant.optional().describe('Entries at or before this date or instant'),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('Entries before this sequence: the nextBefore of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size, 1 to 500'),
});

export function registerAuditRoutes(app: TypedApp, anticipa: Anticipa, options: AppOptions): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first, with filters',
        querystring: listQuery,
        response: {
          200: z.object({
            entries: z.array(entrySchema),
            total: z.number().describe('Entries matching the filters'),
            nextBefore: z.number().optional().describe('Pass back as `before` for the next page'),
          }),
          400: problemSchema,
        },
      },
    },
    async (request) => {
      const page = await anticipa.audit.list(request.query);
      return { ...page, entries: [...page.entries] };
    },
  );

  app.get(
    '/api/audit/verification',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the audit trail',
        description:
          'Walks the whole chain. `intact: false` names the first entry at fault and how: edited, deleted, inserted or reordered. The head (sequence and hash) is what to keep elsewhere; `anticipa audit verify --head FILE` also checks heads kept earlier.',
        response: {
          200: z.object({
            intact: z.boolean(),
            entries: z.number(),
            head: headSchema.nullable().optional().describe('The last entry, when intact'),
            genesisHash: hashText.describe('The hash the first entry follows'),
            fault: z
              .object({
                kind: z.enum(['edited', 'deleted', 'inserted', 'reordered', 'head_mismatch']),
                sequence: z.number().describe('The first sequence at fault'),
                expectedAt: z.number().optional().describe('reordered: where the entry that belongs here is'),
              })
              .optional(),
            message: z.string().describe('The verdict in words, in the language asked for'),
          }),
        },
      },
    },
    async (request) => {
      const verification = await anticipa.audit.verify();
      return {
        ...verification,
        genesisHash,
        message: describeChainVerification(verification, localeOf(request, options.defaultLocale)),
      };
    },
  );
}
