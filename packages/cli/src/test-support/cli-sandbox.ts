/**
 * Test support for end-to-end tests of the command line: a sandbox where the real program
 * (bin/anticipa.js) runs in its own process, as a user runs it, on a database of the test's
 * own: a PGlite data folder, or a fresh database on the server of DATABASE_URL. Demo data off,
 * messages in English.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabaseUrl } from '../../../server/src/test-support/test-database.ts';

const bin = fileURLToPath(new URL('../../bin/anticipa.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliSandbox {
  /** A temporary folder, the working directory of every run. */
  readonly folder: string;
  /** The environment every run gets (and that in-process code can pass to loadConfig). */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `anticipa ARGS...` and resolves when it exits. */
  run(...args: string[]): Promise<CliRun>;
  /** Runs `anticipa ARGS...` with `input` on its standard input (a password, as a user pipes it). */
  runWithInput(input: string, ...args: string[]): Promise<CliRun>;
  /** Drops the server database, if any, and removes the folder. */
  close(): Promise<void>;
}

export async function createCliSandbox(prefix: string): Promise<CliSandbox> {
  const folder = await mkdtemp(join(tmpdir(), `anticipa-${prefix}-`));
  const server = await createTestDatabaseUrl();
  // The test runner's own variables must not reach the child: it is not a test.
  const { NODE_TEST_CONTEXT: _runner, DATABASE_URL: _server, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ANTICIPA_DATA_DIR: join(folder, 'data'),
    ANTICIPA_DEMO: 'false',
    ANTICIPA_LOCALE: 'en',
    ...(server ? { DATABASE_URL: server.url } : {}),
  };
  const runWith = (input: string | undefined, args: readonly string[]) =>
    new Promise<CliRun>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], {
        env,
        cwd: folder,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child.stdin.end(input ?? '');
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        resolve({ code, stdout, stderr });
      });
    });
  return {
    folder,
    env,
    run: (...args) => runWith(undefined, args),
    runWithInput: (input, ...args) => runWith(input, args),
    async close() {
      await server?.drop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
