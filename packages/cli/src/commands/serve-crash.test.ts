// A crash in the middle of a bulk intake: the real server (`anticipa serve`, its own process) is
// killed with SIGKILL while a client lodges a batch of declarations through the API, restarted on
// the same database (PGlite folder, or the PostgreSQL database of DATABASE_URL), and the client
// sends every document again, as a system-to-system client retries what it is unsure of. No
// declaration the server acknowledged may be lost, none may be stored twice, and every one must
// end up stored, each exactly once (one row, one first version, one `lodged` event).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { aDeclaration, testOffices } from '@anticipa/core/testing';
import { loadConfig } from '@anticipa/server';
import {
  checkStoredDeclarations,
  type Acknowledged,
} from '../../../server/src/test-support/stored-declarations.ts';
import { createCliSandbox, type CliSandbox } from '../test-support/cli-sandbox.ts';
import { startServerProcess, type ServerProcess } from '../test-support/server-process.ts';

const documents = 200;
/** Acknowledgements received before the kill: far enough in that the batch is well under way. */
const killAfter = 60;
const concurrency = 8;

type Outcome = { readonly status: number; readonly id: string } | { readonly failed: string };

/** POSTs one declaration; a refused connection or a reset (the server died) is an outcome too. */
async function lodge(url: string, body: string, key: string): Promise<Outcome> {
  try {
    const response = await fetch(`${url}/api/declarations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body,
    });
    const text = await response.text();
    if (response.status !== 200 && response.status !== 201)
      return { failed: `${String(response.status)} ${text}` };
    return { status: response.status, id: (JSON.parse(text) as { id: string }).id };
  } catch (error) {
    return { failed: String(error) };
  }
}

/** Runs `work` over `items` with `width` at a time, until the end or until `stop()` says so. */
async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

describe('anticipa serve killed (SIGKILL) in the middle of a bulk intake', { timeout: 120_000 }, () => {
  let sandbox: CliSandbox;
  let server: ServerProcess | undefined;

  before(async () => {
    sandbox = await createCliSandbox('crash');
  });
  after(async () => {
    await server?.kill();
    await sandbox.close();
  });

  it('loses no acknowledged declaration and stores none twice once the client has retried', async (t) => {
    const env = { ...sandbox.env, LOG_LEVEL: 'warn' };
    // The keys of the systems: an administrator's, and a supervisor's to activate (four eyes).
    const keyOf = async (role: string): Promise<string> => {
      const created = await sandbox.run('api-keys', 'create', '--name', `crash ${role}`, '--role', role);
      assert.equal(created.code, 0, created.stderr);
      return created.stdout.trim();
    };
    const key = await keyOf('administrator');
    const supervisorKey = await keyOf('supervisor');
    server = await startServerProcess(env);
    const post = async (path: string, body: unknown, as = key): Promise<void> => {
      const response = await fetch(`${server?.url ?? ''}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${as}` },
        body: JSON.stringify(body),
      });
      assert.ok(response.ok, `POST ${path}: ${String(response.status)} ${await response.text()}`);
    };
    for (const office of testOffices) await post('/api/offices', office);
    // Lodgements are assessed, as in service: more is written per declaration, so more can be torn.
    const ruleSet: unknown = JSON.parse(
      await readFile(new URL('../../../server/reference/rule-sets/demo.json', import.meta.url), 'utf8'),
    );
    await post('/api/rule-sets', ruleSet);
    await post('/api/rule-sets/1/activation', {}, supervisorKey);

    const batch = Array.from({ length: documents }, (_, index) => {
      const declaration = aDeclaration({ reference: `CRASH-${String(index + 1).padStart(5, '0')}` });
      return {
        sender: declaration.sender,
        reference: declaration.reference,
        body: JSON.stringify(declaration),
      };
    });

    // First pass, killed mid-way: what the server answered 201 or 200 before dying is acknowledged.
    const first = new Map<string, Acknowledged>();
    let killed: Promise<void> | undefined;
    const running = server;
    await inParallel(
      batch,
      concurrency,
      async (document) => {
        const outcome = await lodge(running.url, document.body, key);
        if ('id' in outcome) {
          first.set(document.reference, {
            sender: document.sender,
            reference: document.reference,
            id: outcome.id,
          });
          if (first.size >= killAfter) killed ??= running.kill();
        }
      },
      () => killed !== undefined,
    );
    await killed;
    assert.ok(killed, 'the server was killed before the batch ended');
    assert.ok(
      first.size >= killAfter && first.size < documents,
      `${String(first.size)} acknowledged before the kill`,
    );

    // Restart on the same database; the client sends every document again.
    server = await startServerProcess(env);
    const restarted = server;
    const second = new Map<string, Acknowledged & { readonly status: number }>();
    const failures: string[] = [];
    await inParallel(batch, concurrency, async (document) => {
      const outcome = await lodge(restarted.url, document.body, key);
      if ('id' in outcome)
        second.set(document.reference, { ...document, id: outcome.id, status: outcome.status });
      else failures.push(`${document.reference}: ${outcome.failed}`);
    });
    assert.deepEqual(failures, [], restarted.log());
    assert.equal(second.size, documents);
    for (const [reference, acknowledged] of first) {
      const again = second.get(reference);
      // A 201 here would mean the acknowledged declaration had been lost and was stored anew.
      assert.equal(
        again?.status,
        200,
        `${reference} acknowledged before the crash is replayed, not lodged anew`,
      );
      assert.equal(again.id, acknowledged.id, `${reference} keeps the id it was acknowledged with`);
    }
    await restarted.stop();
    server = undefined;

    // The database itself, the server stopped: each document stored exactly once.
    const acknowledged = [
      ...first.values(),
      ...[...second.values()].filter((ack) => !first.has(ack.reference)),
    ];
    const check = await checkStoredDeclarations(loadConfig(env).database, acknowledged);
    assert.deepEqual(check.lost, []);
    assert.deepEqual(check.duplicated, []);
    assert.equal(check.stored, documents);
    t.diagnostic(
      `${String(first.size)} acknowledged before the kill; ${String(check.assessed)} of ${String(documents)} assessed`,
    );
  });
});
