/**
 * Upkeep of table statistics and dead rows, as PostgreSQL's autovacuum does it. The embedded
 * database (PGlite) runs PostgreSQL in one process, without its background workers: autovacuum
 * never runs there, so tables are never analysed and the planner keeps guessing their contents.
 * Its guesses make the queries that join a file to the manifests carrying it scan every arrived
 * manifest: loading the 2,000 demo files took 37 s without statistics and 13 s with them, and
 * each lodgement grew slower as files accumulated.
 *
 * `maintainTables` applies autovacuum's default thresholds (PostgreSQL documentation, "The
 * Autovacuum Daemon"): a table is analysed once more than 50 rows + 10 % of its rows changed
 * since it was last analysed, and vacuumed once it holds more than 50 + 20 % dead rows. The
 * server runs it at start and then every minute on the embedded database; bulk loads (the demo)
 * run it as they go, on either database, since a server's autovacuum lags behind a load too.
 */
import { sql } from 'drizzle-orm';
import { repeatTask } from '../shared/repeated-task.ts';
import type { Executor } from './statements.ts';

/** What one pass did: the tables analysed and vacuumed, by name. */
export interface TableMaintenance {
  readonly analysed: readonly string[];
  readonly vacuumed: readonly string[];
}

interface TableActivity {
  readonly schema: string;
  readonly table: string;
  readonly changed: number;
  readonly dead: number;
  readonly rows: number;
}

/** Autovacuum's defaults: base thresholds (rows) and scale factors (share of the table's rows). */
const analyseThreshold = 50;
const analyseScale = 0.1;
const vacuumThreshold = 50;
const vacuumScale = 0.2;

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Analyses and vacuums the tables past autovacuum's thresholds, one at a time. Never runs in a
 * transaction (VACUUM cannot). Throws only what the database throws.
 */
export async function maintainTables(executor: Executor): Promise<TableMaintenance> {
  const result = await executor.execute(sql`
    select s.schemaname as "schema", s.relname as "table",
           s.n_mod_since_analyze::float8 as "changed", s.n_dead_tup::float8 as "dead",
           greatest(c.reltuples, 0)::float8 as "rows"
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    order by s.schemaname, s.relname`);
  // Both drivers (PGlite, node-postgres) answer a raw query with `{ rows }`.
  const { rows } = result as { rows: TableActivity[] };
  const analysed: string[] = [];
  const vacuumed: string[] = [];
  for (const { schema, table, changed, dead, rows: count } of rows) {
    const name = `${quoted(schema)}.${quoted(table)}`;
    const vacuum = dead > vacuumThreshold + vacuumScale * count;
    const analyse = changed > analyseThreshold + analyseScale * count;
    if (vacuum) {
      // VACUUM ANALYZE when both are due: one pass over the table.
      await executor.execute(sql.raw(`vacuum ${analyse ? '(analyze) ' : ''}${name}`));
      vacuumed.push(table);
      if (analyse) analysed.push(table);
    } else if (analyse) {
      await executor.execute(sql.raw(`analyze ${name}`));
      analysed.push(table);
    }
  }
  return { analysed, vacuumed };
}

export interface TableMaintenanceSchedule {
  stop(): Promise<void>;
}

/**
 * Runs `maintainTables` now and every `everySeconds` (0: never), one pass at a time, and logs
 * what a pass did, or why it failed (the next pass tries again).
 */
export function scheduleTableMaintenance(
  executor: Executor,
  options: { readonly everySeconds: number; readonly log: (line: string) => void },
): TableMaintenanceSchedule {
  const passes = repeatTask(() => {
    const started = Date.now();
    return maintainTables(executor).then(
      ({ analysed, vacuumed }) => {
        if (analysed.length + vacuumed.length === 0) return;
        options.log(
          `Anticipa: embedded database upkeep in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
            `${analysed.length} tables analysed, ${vacuumed.length} vacuumed`,
        );
      },
      (error: unknown) => {
        options.log(`Anticipa: embedded database upkeep failed: ${String(error)}`);
      },
    );
  }, options.everySeconds * 1000);
  // A first pass at once, in the background: a bulk import may have just filled the tables.
  if (options.everySeconds > 0) void passes.run('at start');
  return { stop: () => passes.stop() };
}
