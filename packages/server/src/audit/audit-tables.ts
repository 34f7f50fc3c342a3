/**
 * The table of the audit trail (Drizzle, PostgreSQL): `audit_entries`, one row per audited
 * change, chained by hash (core `audit/audit-chain.ts`). Append-only, enforced by triggers
 * (migration `audit`): no code path may rewrite or remove an entry. Appends serialise on an
 * advisory lock, and the sequence is the primary key, so the chain never forks.
 */
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const auditEntries = pgTable(
  'audit_entries',
  {
    /** 1, 2, 3...: the place of the entry in the chain, with no gap. */
    sequence: bigint('sequence', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    /** The hash of the entry before (64 zeros for the first). */
    previousHash: text('previous_hash').notNull(),
    /** SHA-256 (hex) of the previous hash followed by the entry's canonical JSON. */
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_entries_subject').on(t.subjectType, t.subjectId, t.sequence),
    index('audit_entries_action').on(t.action, t.sequence),
    index('audit_entries_actor').on(t.actor, t.sequence),
  ],
);
