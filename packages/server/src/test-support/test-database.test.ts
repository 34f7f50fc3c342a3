// Checks the test database helper on whichever engine this run uses (PGlite, or the server of
// DATABASE_URL): it opens migrated and empty, each database is its own, the append-only triggers
// refuse rewriting events, and closing disposes of it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { count, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { events } from '../db/schema.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** True when the error, or one of its causes, is the append-only trigger's refusal. */
function isAppendOnlyRefusal(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e.message.includes('ANTICIPA_APPEND_ONLY') && (e as { code?: unknown }).code === '42501') return true;
  }
  return false;
}

async function countEvents(database: TestDatabase): Promise<number> {
  const [row] = await database.db.select({ n: count() }).from(events);
  return row?.n ?? -1;
}

async function recordEvent(database: TestDatabase): Promise<number> {
  const at = new Date('2026-01-15T08:00:00Z');
  const [row] = await database.db
    .insert(events)
    .values({
      subjectType: 'declaration',
      subjectId: randomUUID(),
      type: 'lodged',
      occurredAt: at,
      recordedAt: at,
    })
    .returning({ id: events.id });
  assert.ok(row);
  return row.id;
}

void describe('test database', () => {
  void it('opens migrated and empty, and refuses to rewrite events', async () => {
    const database = await createTestDatabase();
    try {
      assert.equal(database.target.kind, database.label);
      assert.equal(await countEvents(database), 0, `events is empty (${database.label})`);

      const id = await recordEvent(database);
      await assert.rejects(
        database.db.update(events).set({ type: 'rewritten' }).where(eq(events.id, id)),
        isAppendOnlyRefusal,
      );
      await assert.rejects(database.db.delete(events).where(eq(events.id, id)), isAppendOnlyRefusal);
      await assert.rejects(database.db.execute(sql`TRUNCATE events`), isAppendOnlyRefusal);

      const [kept] = await database.db.select().from(events);
      assert.equal(kept?.id, id);
      assert.equal(kept.type, 'lodged', `the event is untouched (${database.label})`);
    } finally {
      await database.close();
    }
  });

  void it('gives each test a database of its own and disposes of it on close', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      await recordEvent(first);
      assert.equal(await countEvents(first), 1);
      assert.equal(await countEvents(second), 0, `databases are separate (${second.label})`);
    } finally {
      await first.close();
      await second.close();
    }
    if (first.target.kind === 'postgres') {
      // The server database is dropped: connecting to it now fails with invalid_catalog_name.
      const client = new pg.Client({ connectionString: first.target.url });
      await assert.rejects(
        client.connect(),
        (error: unknown) => (error as { code?: unknown }).code === '3D000',
      );
      await client.end().catch(() => undefined);
    }
  });
});
