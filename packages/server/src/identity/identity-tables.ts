/**
 * The tables of identity (Drizzle, PostgreSQL): users with their argon2id password hashes,
 * sessions and API keys (both stored as SHA-256 hashes of their secrets, never the secrets), and
 * sign-in attempts (what throttling counts). Changes to users and keys go to the audit trail.
 */
import { bigserial, boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  /** Lower case: names compare without regard to case. */
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  /** The offices an officer works in; null for national roles (every office). */
  offices: text('offices').array(),
  /** The sender a trader's documents carry. */
  sender: text('sender'),
  /** The roster officer an inspector signs results as. */
  officerId: text('officer_id'),
  /** PHC string of argon2id (RFC 9106), with its salt and parameters. */
  passwordHash: text('password_hash').notNull(),
  active: boolean('active').notNull(),
  createdAt: instant('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 (hex) of the cookie's token. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The synchroniser token state-changing requests must echo in X-CSRF-Token. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  /** The public part of the key (`ak_<prefix>_...`), to find it without scanning. */
  prefix: text('prefix').notNull().unique(),
  /** SHA-256 (hex) of the whole key: keys are 256-bit random, so a fast hash is enough. */
  keyHash: text('key_hash').notNull(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  sender: text('sender'),
  /** The office the key is scoped to; null for every office. */
  office: text('office'),
  createdAt: instant('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  revokedAt: instant('revoked_at'),
});

export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    address: text('address').notNull(),
    at: instant('at').notNull(),
    succeeded: boolean('succeeded').notNull(),
  },
  (t) => [
    index('sign_in_attempts_username').on(t.username, t.at),
    index('sign_in_attempts_address').on(t.address, t.at),
  ],
);
