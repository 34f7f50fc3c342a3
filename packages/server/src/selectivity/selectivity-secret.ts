/**
 * The secret that salts the seeds of selectivity draws. A file's draws are seeded from its id,
 * the rule-set version and the assessment sequence, so that an auditor can replay them; salted
 * with a secret, they cannot be foreseen by a trader who knows the file id. The secret comes
 * from the configuration (ANTICIPA_SELECTIVITY_SECRET or its _FILE); without one, a random
 * secret is generated once and kept in the database, so that assessments replay after a
 * restart. Changing the secret changes future draws only: past assessments keep their draws.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { seededRandom, type RandomFactory } from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { selectivitySettings } from './selectivity-tables.ts';

const secretKey = 'seed_secret';

/** The configured secret, or the one kept in the database (generated on first use). */
export async function selectivitySecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  const read = async () =>
    (await db.select().from(selectivitySettings).where(eq(selectivitySettings.key, secretKey)))[0]?.value;
  const stored = await read();
  if (stored !== undefined) return stored;
  await db
    .insert(selectivitySettings)
    .values({ key: secretKey, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  // Another process may have stored its own first: every process uses the one stored.
  return (await read()) ?? '';
}

/** The draws' source for each file seed, salted with the secret. */
export function saltedRandom(secret: string): RandomFactory {
  return (seed) => seededRandom(`${secret}|${seed}`);
}
