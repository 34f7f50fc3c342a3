/**
 * Runs `anticipa serve` (bin/anticipa.js) in a process of its own, as an administration runs it,
 * for the tests and benchmarks that drive the server over HTTP from outside: the load benchmark
 * and the kill test. Resolves once the server listens; `kill()` sends SIGKILL (a crash: no
 * shutdown code runs), `stop()` SIGTERM (a clean stop).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/anticipa.js', import.meta.url));

export interface ServerProcess {
  /** The base URL, http://127.0.0.1:PORT. */
  readonly url: string;
  readonly child: ChildProcess;
  /** What the server wrote on stderr so far (its start-up lines, warnings, errors). */
  log(): string;
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (the server closes its connections and database), then waits for the exit. */
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * Starts the server with `env` (its configuration: ANTICIPA_DATA_DIR or DATABASE_URL, demo off...)
 * on a free port of 127.0.0.1, `port` when given. Rejects with the server's output if it exits or
 * has not said it listens within `startTimeoutMs`.
 */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  options: { readonly port?: number; readonly startTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The server did not start within ${String(options.startTimeoutMs ?? 60_000)} ms:\n${stderr}`,
        ),
      );
    }, options.startTimeoutMs ?? 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('Anticipa: listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${String(code ?? signal)}) before listening:\n${stderr}`));
    });
  });
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${String(port)}`,
    child,
    log: () => stderr,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
