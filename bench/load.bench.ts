/**
 * Load benchmark of lodgement over HTTP: starts the real server (`anticipa serve`, in a process of
 * its own, demo off) on a throwaway database, adds the offices, saves and activates the demo rule
 * set so that every lodgement is assessed, then drives POST /api/declarations with autocannon on
 * 127.0.0.1, each request a distinct valid declaration. Prints throughput, p50 and p99 latency and
 * errors; then stops the server and checks in the database itself that every acknowledged (201)
 * declaration is stored exactly once (one row under its sender and reference, one first version,
 * one `lodged` event). Figures only, no timing assertion; exits 1 if any was lost or duplicated.
 *
 * The database is a fresh PGlite folder, or, when DATABASE_URL is set, a fresh database created
 * on that PostgreSQL server and dropped at the end (the figures that matter are PostgreSQL's).
 * The server logs at `warn` (one line per request on stderr would measure the terminal).
 *
 *   node --import tsx bench/load.bench.ts [--duration 60] [--connections 32]
 *
 * Its last line: `load: <n> declarations/s, p99 <t> ms, lost <l>, duplicated <d>`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { aDeclaration, testOffices } from '@anticipa/core/testing';
import { loadConfig } from '@anticipa/server';
import { startServerProcess } from '../packages/cli/src/test-support/server-process.ts';
import {
  checkStoredDeclarations,
  type Acknowledged,
} from '../packages/server/src/test-support/stored-declarations.ts';
import { createTestDatabaseUrl } from '../packages/server/src/test-support/test-database.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '32' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
if (!(duration > 0) || !Number.isInteger(connections) || connections < 1) {
  console.error('Usage: bench/load.bench.ts [--duration SECONDS] [--connections N]');
  process.exit(2);
}

const folder = await mkdtemp(join(tmpdir(), 'anticipa-load-'));
const postgres = await createTestDatabaseUrl();
const { DATABASE_URL: _shared, ...inherited } = process.env;
const env: NodeJS.ProcessEnv = {
  ...inherited,
  ANTICIPA_DATA_DIR: join(folder, 'data'),
  ANTICIPA_DEMO: 'false',
  ANTICIPA_LOCALE: 'en',
  LOG_LEVEL: 'warn',
  ...(postgres ? { DATABASE_URL: postgres.url } : {}),
};
// The database the server opens, read as the server reads it.
const target = loadConfig(env).database;

/**
 * An API key of `role`, made with `anticipa api-keys create` on the bench's database before the
 * server starts, as an administrator makes the keys of the systems that lodge.
 */
function apiKey(role: string): string {
  const bin = fileURLToPath(new URL('../packages/cli/bin/anticipa.js', import.meta.url));
  const created = spawnSync(
    process.execPath,
    [bin, 'api-keys', 'create', '--name', `load ${role}`, '--role', role],
    {
      env,
      encoding: 'utf8',
    },
  );
  if (created.status !== 0) throw new Error(`anticipa api-keys create: ${created.stderr}`);
  return created.stdout.trim();
}

let exitCode = 0;
try {
  // The lodging system's key; a supervisor's activates the rule set its analyst saved (four eyes).
  const key = apiKey('administrator');
  const supervisorKey = apiKey('supervisor');
  const server = await startServerProcess(env);
  const acknowledged: Acknowledged[] = [];
  const statuses = new Map<number, number>();
  let result: autocannon.Result;
  try {
    const post = async (path: string, body: unknown, as = key): Promise<void> => {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`POST ${path}: ${String(response.status)} ${await response.text()}`);
    };
    for (const office of testOffices) await post('/api/offices', office);
    const ruleSet: unknown = JSON.parse(
      await readFile(new URL('../packages/server/reference/rule-sets/demo.json', import.meta.url), 'utf8'),
    );
    await post('/api/rule-sets', ruleSet);
    await post('/api/rule-sets/1/activation', {}, supervisorKey);
    console.log(
      `server: ${server.url}, database ${postgres ? 'PostgreSQL (DATABASE_URL, throwaway database)' : 'PGlite (throwaway folder)'}, ` +
        `demo rule set active; ${String(connections)} connections for ${String(duration)} s`,
    );

    // A run prefix keeps references distinct from any run before; a counter, from each other.
    const run = randomBytes(3).toString('hex').toUpperCase();
    let sent = 0;
    const sender = aDeclaration().sender;
    const inFlight = new WeakMap<object, string>();
    result = await autocannon({
      url: server.url,
      connections,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/api/declarations',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          setupRequest: (request, context) => {
            sent += 1;
            const reference = `LOAD-${run}-${String(sent).padStart(7, '0')}`;
            inFlight.set(context, reference);
            return { ...request, body: JSON.stringify(aDeclaration({ reference })) };
          },
          onResponse: (status, body, context) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            const reference = inFlight.get(context);
            if (status === 201 && reference !== undefined) {
              acknowledged.push({ sender, reference, id: (JSON.parse(body) as { id: string }).id });
            }
          },
        },
      ],
    });
  } finally {
    await server.stop();
  }

  const seconds = result.duration;
  const rate = acknowledged.length / seconds;
  const statusText = [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${String(status)}: ${String(count)}`)
    .join(', ');
  console.log(
    `requests: ${String(result.requests.total)} in ${seconds.toFixed(1)} s (${statusText}); ` +
      `errors ${String(result.errors)}, timeouts ${String(result.timeouts)}, non-2xx ${String(result.non2xx)}`,
  );
  console.log(
    `latency: p50 ${String(result.latency.p50)} ms, p90 ${String(result.latency.p90)} ms, ` +
      `p99 ${String(result.latency.p99)} ms, max ${String(result.latency.max)} ms`,
  );

  const check = await checkStoredDeclarations(target, acknowledged);
  console.log(
    `stored: ${String(check.stored)} declarations for ${String(acknowledged.length)} acknowledged, ` +
      `${String(check.assessed)} of them assessed`,
  );
  for (const label of [...check.lost, ...check.duplicated].slice(0, 10)) console.log(`  ${label}`);
  if (check.lost.length > 0 || check.duplicated.length > 0) exitCode = 1;
  console.log(
    `load: ${String(Math.round(rate))} declarations/s, p99 ${String(result.latency.p99)} ms, ` +
      `lost ${String(check.lost.length)}, duplicated ${String(check.duplicated.length)}`,
  );
} finally {
  await postgres?.drop();
  await rm(folder, { recursive: true, force: true });
}
process.exit(exitCode);
