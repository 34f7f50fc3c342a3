// `anticipa audit` end to end, as an auditor runs it: changes made through the real program,
// then the trail listed, its head exported and kept, and the chain verified before and after
// someone edits an entry behind the database's back.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { loadConfig, openAnticipa } from '@anticipa/server';
import { createCliSandbox, type CliSandbox } from '../test-support/cli-sandbox.ts';

describe('anticipa audit (end to end)', { timeout: 180_000 }, () => {
  let sandbox: CliSandbox;

  before(async () => {
    sandbox = await createCliSandbox('audit-cli');
  });
  after(() => sandbox.close());

  it('finds an empty trail intact', async () => {
    const verified = await sandbox.run('audit', 'verify');
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(verified.stdout.trim(), 'Audit trail intact: no entries.');
  });

  it('lists the offices added, exports the head, and verifies against it', async () => {
    for (const code of ['SNAUD1', 'SNAUD2']) {
      const added = await sandbox.run(
        'offices',
        'add',
        code,
        '--name',
        `Office ${code}`,
        '--kind',
        'port',
        '--country',
        'SN',
      );
      assert.equal(added.code, 0, added.stderr);
    }
    const listed = await sandbox.run('audit', 'list');
    assert.equal(listed.code, 0, listed.stderr);
    const lines = listed.stdout.trim().split('\n');
    assert.match(lines[0] ?? '', /^#\s+at\s+actor\s+action\s+subject\s+hash$/);
    assert.match(
      lines[1] ?? '',
      /^2\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z\s+system\s+office\.added\s+office SNAUD2\s+[0-9a-f]{12}$/,
    );
    assert.equal(lines.length, 3);

    const json = await sandbox.run('audit', 'list', '--json', '--subject', 'SNAUD1');
    const page = JSON.parse(json.stdout) as { total: number; entries: { after: unknown }[] };
    assert.equal(page.total, 1);
    assert.deepEqual(page.entries[0]?.after, {
      code: 'SNAUD1',
      name: 'Office SNAUD1',
      kind: 'port',
      country: 'SN',
    });

    const printed = await sandbox.run('audit', 'export-head');
    assert.equal(printed.code, 0, printed.stderr);
    const head = JSON.parse(printed.stdout) as { format: string; sequence: number; hash: string };
    assert.equal(head.format, 'anticipa-audit-head/1');
    assert.equal(head.sequence, 2);

    const file = join(sandbox.folder, 'head.json');
    const written = await sandbox.run('audit', 'export-head', '--out', file, '--lang', 'fr');
    assert.equal(written.code, 0, written.stderr);
    assert.equal(written.stdout.trim(), `Tête d’audit 2 ${head.hash} écrite dans ${file}`);
    assert.equal((JSON.parse(await readFile(file, 'utf8')) as { hash: string }).hash, head.hash);

    const verified = await sandbox.run('audit', 'verify', '--head', file);
    assert.equal(verified.code, 0, verified.stderr);
    assert.equal(verified.stdout.trim(), `Audit trail intact: 2 entries, head 2 ${head.hash}.`);

    const foreign = await sandbox.run('audit', 'verify', '--head', join(sandbox.folder, 'missing.json'));
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /^Cannot read .*missing\.json/);
    const badLimit = await sandbox.run('audit', 'list', '--limit', '0');
    assert.equal(badLimit.code, 2);
    assert.match(badLimit.stderr, /--limit "0": expected a whole number from 1 to 500/);
  });

  it('exits 1 and names the entry when one was edited behind the database’s back', async () => {
    const anticipa = await openAnticipa(loadConfig(sandbox.env));
    try {
      await anticipa.db.execute(sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`);
      await anticipa.db.execute(sql`UPDATE audit_entries SET subject_id = 'SNFAKE' WHERE sequence = 1`);
      await anticipa.db.execute(sql`ALTER TABLE audit_entries ENABLE TRIGGER USER`);
    } finally {
      await anticipa.close();
    }
    const verified = await sandbox.run('audit', 'verify');
    assert.equal(verified.code, 1);
    assert.equal(
      verified.stderr.trim(),
      'Audit trail tampered with: entry 1 was edited: its content no longer matches its hash.',
    );
    const french = await sandbox.run('audit', 'verify', '--lang', 'fr');
    assert.equal(french.code, 1);
    assert.match(french.stderr, /^Journal d’audit altéré : l’entrée 1 a été modifiée/);
  });
});
