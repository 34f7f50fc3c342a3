// The database tests run on embedded PGlite by default and, with DATABASE_URL, against a real
// PostgreSQL server. This test says so when no server is given, instead of passing silently;
// .ci/run gives one (and ANTICIPA_REQUIRE_POSTGRES=1 turns its absence into a failure).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase } from './test-database.ts';

const serverUrl = process.env['DATABASE_URL'];
const required = process.env['ANTICIPA_REQUIRE_POSTGRES'] === '1';
const skip =
  !serverUrl && !required
    ? 'no PostgreSQL server: the database tests ran on embedded PGlite. Set DATABASE_URL=postgres://user@127.0.0.1:5432/postgres (a role that may CREATE DATABASE) to run them against a server, as .ci/run does'
    : false;

describe('PostgreSQL server', () => {
  it('runs the database tests against a real server', { skip }, async () => {
    const database = await createTestDatabase();
    try {
      assert.equal(database.label, 'postgres');
      const result = await database.db.execute(sql`select version() as version`);
      const [row] = (result as { rows: { version: string }[] }).rows;
      assert.match(row?.version ?? '', /^PostgreSQL \d+/);
    } finally {
      await database.close();
    }
  });
});
