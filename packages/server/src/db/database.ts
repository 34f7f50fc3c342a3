/**
 * Opens the database: PGlite (embedded PostgreSQL) in a folder by default, or a PostgreSQL
 * server when a connection string is given. One schema and one migration folder serve both;
 * migrations apply on open. Everything above this module sees only `Database`.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type DatabaseTarget =
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number };

export interface OpenDatabase {
  readonly db: Database;
  readonly target: DatabaseTarget;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * PGlite only: start from this data directory, a tarball made by PGlite's `dumpDataDir()`, instead
   * of running initdb (the folder, if any, must be empty). Tests use it to open an already migrated
   * copy in about a second.
   */
  readonly pgliteArchive?: Blob;
}

/**
 * Opens the target and applies pending migrations. `dataDir: undefined` keeps PGlite in memory
 * (tests). Throws when the database cannot be reached or a migration fails.
 */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<OpenDatabase> {
  if (target.kind === 'pglite') {
    if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
    const client = options.pgliteArchive
      ? new PGlite({
          ...(target.dataDir ? { dataDir: target.dataDir } : {}),
          loadDataDir: options.pgliteArchive,
        })
      : target.dataDir
        ? new PGlite(target.dataDir)
        : new PGlite();
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    return { db, target, close: () => client.close() };
  }
  const pool = keepingConnections(new pg.Pool({ connectionString: target.url, max: target.poolSize }));
  try {
    const db = drizzlePg(pool, { schema }) as unknown as Database;
    await migratePg(drizzlePg(pool), { migrationsFolder });
    return { db, target, close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * The pool, with `query` keeping its connection after an error the server reported. pg-pool's own
 * `query` closes the connection after any error, and the server then starts a new backend for
 * the next query: a replayed lodgement, whose insert meets the unique sender and reference by
 * design, took 50 ms instead of 3 and replayed files came back at 48 a second. A connection that
 * failed (reset, closed, ended by a FATAL error) is still let go. Drizzle calls
 * `query(config, values)` and awaits it.
 */
function keepingConnections(pool: pg.Pool): pg.Pool {
  const query = async (config: pg.QueryConfig | string, values?: unknown[]): Promise<pg.QueryResult> => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      return await client.query(config, values);
    } catch (error) {
      // An ERROR leaves the session usable; FATAL and PANIC end it.
      failure =
        error instanceof pg.DatabaseError && error.severity === 'ERROR' ? undefined : (error as Error);
      throw error;
    } finally {
      client.release(failure);
    }
  };
  // An idle connection that ends (the server restarted, say) is dropped by the pool, which then
  // reports it here; without a listener, the report would stop the process.
  pool.on('error', () => undefined);
  return Object.assign(pool, { query: query as typeof pool.query });
}
