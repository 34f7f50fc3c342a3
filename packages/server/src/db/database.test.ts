// The pool of a PostgreSQL server: a connection outlives an error the server reports (a unique
// violation is part of a replayed lodgement), and one that failed is replaced. Server only:
// embedded PGlite has no pool.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabaseUrl } from '../test-support/test-database.ts';
import { openDatabase, type OpenDatabase } from './database.ts';

const skip =
  !process.env['DATABASE_URL'] && process.env['ANTICIPA_REQUIRE_POSTGRES'] !== '1'
    ? 'no PostgreSQL server: set DATABASE_URL=postgres://user@127.0.0.1:5432/postgres (a role that may CREATE DATABASE) to run it, as .ci/run does'
    : false;

const backend = async (database: OpenDatabase): Promise<number> => {
  const result = await database.db.execute(sql`select pg_backend_pid() as pid`);
  const [row] = (result as { rows: { pid: number }[] }).rows;
  assert.ok(row);
  return row.pid;
};

describe('database pool', () => {
  it(
    'keeps its connection after an error the server reported, and replaces one that failed',
    { skip },
    async () => {
      const target = await createTestDatabaseUrl();
      assert.ok(target, 'DATABASE_URL is required (ANTICIPA_REQUIRE_POSTGRES=1)');
      const database = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 1 });
      try {
        const first = await backend(database);
        await assert.rejects(database.db.execute(sql`select 1 / 0`), (error: Error) =>
          /division by zero/.test(String((error.cause as Error | undefined)?.message)),
        );
        assert.equal(await backend(database), first, 'the same connection serves the next query');

        await assert.rejects(database.db.execute(sql`select pg_terminate_backend(pg_backend_pid())`));
        const second = await backend(database);
        assert.notEqual(second, first, 'a new connection replaced the one that ended');
      } finally {
        await database.close();
        await target.drop();
      }
    },
  );
});
