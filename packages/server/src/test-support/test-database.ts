/**
 * Test support: a fresh, migrated database for each repository or API test. Embedded PGlite in
 * memory by default; a throwaway database on the PostgreSQL server of `DATABASE_URL` when set
 * (CI runs the suite both ways). `ANTICIPA_REQUIRE_POSTGRES=1` makes a missing server an error.
 *
 * Starting PGlite means running initdb (~3 s) then the migrations. So the first open of a process
 * migrates once and keeps a tarball of that data directory (also cached on disk, keyed by the
 * migrations and the PGlite version, for the other test processes); each database is then a copy.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrationsFolder, openDatabase, type OpenDatabase } from '../db/database.ts';

export type TestDatabase = OpenDatabase & { readonly label: 'pglite' | 'postgres' };

/** Opens a new, empty, migrated database; `close()` disposes of it (a server database is dropped). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env['DATABASE_URL'] || undefined;
  if (url) return createPostgresDatabase(url);
  if (process.env['ANTICIPA_REQUIRE_POSTGRES'] === '1') {
    throw new Error(
      'ANTICIPA_REQUIRE_POSTGRES=1: the PostgreSQL run requires DATABASE_URL (postgres://user@host:port/database)',
    );
  }
  const opened = await openDatabase(
    { kind: 'pglite', dataDir: undefined },
    { pgliteArchive: await template() },
  );
  return { ...opened, label: 'pglite' };
}

async function createPostgresDatabase(url: string): Promise<TestDatabase> {
  const name = `anticipa_test_${randomBytes(6).toString('hex')}`;
  await administer(url, `CREATE DATABASE ${name}`);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  let opened: OpenDatabase;
  try {
    opened = await openDatabase({ kind: 'postgres', url: databaseUrl.href, poolSize: 4 });
  } catch (error) {
    await administer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await opened.close();
    } finally {
      await administer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  };
  return { ...opened, label: 'postgres', close: () => (closing ??= close()) };
}

/** A database a test hands to another process (the CLI, say), which opens and migrates it itself. */
export interface TestDatabaseUrl {
  readonly url: string;
  /** Drops the database (it must be closed by then, or is dropped WITH (FORCE)). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on the PostgreSQL server of `DATABASE_URL`, by its URL, for a test
 * that runs the product as a separate process; undefined when `DATABASE_URL` is not set (the
 * test then gives the process a PGlite data folder of its own).
 */
export async function createTestDatabaseUrl(): Promise<TestDatabaseUrl | undefined> {
  const url = process.env['DATABASE_URL'] || undefined;
  if (!url) return undefined;
  const name = `anticipa_test_${randomBytes(6).toString('hex')}`;
  await administer(url, `CREATE DATABASE ${name}`);
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  return {
    url: databaseUrl.href,
    drop: () => administer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs one statement on the server's maintenance connection (CREATE/DROP DATABASE). */
async function administer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let templateArchive: Promise<Blob> | undefined;

/** The data directory of a freshly migrated PGlite, as a gzipped tarball: once per process. */
function template(): Promise<Blob> {
  if (!templateArchive) {
    const building = loadOrBuildTemplate();
    templateArchive = building;
    // A failure is reported to the callers waiting now, and retried by the next call.
    building.catch(() => {
      if (templateArchive === building) templateArchive = undefined;
    });
  }
  return templateArchive;
}

const cacheFolder = fileURLToPath(new URL('../../../../node_modules/.cache/anticipa/', import.meta.url));

async function loadOrBuildTemplate(): Promise<Blob> {
  const cacheFile = join(cacheFolder, `pglite-template-${await templateKey()}.tgz`);
  try {
    return new Blob([await readFile(cacheFile)]);
  } catch {
    // Not built yet for these migrations: build it below.
  }
  const opened = await openDatabase({ kind: 'pglite', dataDir: undefined });
  try {
    const client = (opened.db as unknown as { $client: unknown }).$client;
    if (!(client instanceof PGlite)) throw new Error('The PGlite database does not expose its client');
    const archive = await client.dumpDataDir('gzip');
    await saveQuietly(cacheFile, new Uint8Array(await archive.arrayBuffer()));
    return archive;
  } finally {
    await opened.close();
  }
}

/** Writes the cache atomically (concurrent test processes may build it at once); a failure only costs time. */
async function saveQuietly(file: string, bytes: Uint8Array): Promise<void> {
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await mkdir(cacheFolder, { recursive: true });
    await writeFile(partial, bytes);
    await rename(partial, file);
  } catch {
    // Read-only or missing node_modules: every process builds its own template.
  }
}

/** Changes with any migration file or with the PGlite version, so a stale template is never used. */
async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pglitePackage = JSON.parse(await readFile(join(pgliteEntry, '../../package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(`pglite ${pglitePackage.version}\n`);
  const files = (await readdir(migrationsFolder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(`${relative(migrationsFolder, file)}\n`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}
