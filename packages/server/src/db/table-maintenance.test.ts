import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import { maintainTables, scheduleTableMaintenance } from './table-maintenance.ts';

describe('table maintenance', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    await database.db.execute(
      sql`create table upkeep_probe (id integer primary key, note text) with (autovacuum_enabled = false)`,
    );
  });
  after(() => database.close());

  const activity = async () => {
    const result = await database.db.execute(sql`
      select s.n_mod_since_analyze::float8 as "changed", s.n_dead_tup::float8 as "dead",
             c.reltuples::float8 as "rows"
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
      where s.relname = 'upkeep_probe'`);
    const { rows } = result as { rows: { changed: number; dead: number; rows: number }[] };
    const [row] = rows;
    assert.ok(row, 'the probe table has statistics');
    return row;
  };

  /** Waits until the statistics show `ready` (a server's backends report theirs within a second or so). */
  const until = async (ready: (row: Awaited<ReturnType<typeof activity>>) => boolean) => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if (ready(await activity())) return;
      await sleep(100);
    }
    assert.fail(`statistics never showed the change: ${JSON.stringify(await activity())}`);
  };

  it('analyses a table changed past the threshold, vacuums one with many dead rows, then leaves both', async () => {
    await database.db.execute(
      sql`insert into upkeep_probe select g, 'row ' || g from generate_series(1, 1000) g`,
    );
    await until((row) => row.changed >= 1000);
    const first = await maintainTables(database.db);
    assert.ok(first.analysed.includes('upkeep_probe'), JSON.stringify(first));
    assert.equal((await activity()).rows, 1000, 'the planner now knows the row count');

    await database.db.execute(sql`delete from upkeep_probe where id > 300`);
    await until((row) => row.dead >= 700);
    const second = await maintainTables(database.db);
    assert.ok(second.vacuumed.includes('upkeep_probe'), JSON.stringify(second));
    assert.ok(second.analysed.includes('upkeep_probe'), JSON.stringify(second));
    assert.equal((await activity()).rows, 300);

    // 40 changes on 300 rows: below 50 + 10 %, nothing to do.
    await database.db.execute(sql`update upkeep_probe set note = 'changed' where id <= 40`);
    const third = await maintainTables(database.db);
    assert.ok(!third.analysed.includes('upkeep_probe'), JSON.stringify(third));
    assert.ok(!third.vacuumed.includes('upkeep_probe'), JSON.stringify(third));
  });

  it('runs on schedule and logs what a pass did', async () => {
    await database.db.execute(
      sql`insert into upkeep_probe select g, 'again ' || g from generate_series(1001, 2000) g`,
    );
    await until((row) => row.changed >= 1000);
    const lines: string[] = [];
    const schedule = scheduleTableMaintenance(database.db, {
      everySeconds: 0.05,
      log: (line) => lines.push(line),
    });
    for (let attempt = 0; attempt < 100 && lines.length === 0; attempt += 1) await sleep(50);
    await schedule.stop();
    assert.match(
      lines[0] ?? '',
      /^Anticipa: embedded database upkeep in [\d.]+ s: [1-9]\d* tables analysed, \d+ vacuumed$/,
    );
    assert.equal((await activity()).rows, 1300);
  });
});
