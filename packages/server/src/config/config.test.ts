import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  let folder: string;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'anticipa-config-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('runs on a laptop with nothing set: embedded database, demo, Senegal, French', () => {
    const config = loadConfig({});
    assert.equal(config.database.kind, 'pglite');
    assert.equal(config.demo, true);
    assert.equal(config.country, 'SN');
    assert.equal(config.nationalCurrency, 'XOF');
    assert.equal(config.defaultLocale, 'fr');
    assert.equal(config.selectivitySecret, undefined);
  });

  it('exports the audit head daily under the data folder, or where ANTICIPA_AUDIT_HEAD_DIR says', () => {
    assert.deepEqual(loadConfig({ ANTICIPA_DATA_DIR: '/srv/anticipa' }).audit, {
      headDir: '/srv/anticipa/audit-heads',
      exportHours: 24,
    });
    assert.deepEqual(
      loadConfig({ ANTICIPA_AUDIT_HEAD_DIR: '/mnt/kept', ANTICIPA_AUDIT_EXPORT_HOURS: '0' }).audit,
      { headDir: '/mnt/kept', exportHours: 0 },
    );
    assert.throws(
      () => loadConfig({ ANTICIPA_AUDIT_EXPORT_HOURS: '-1' }),
      /ANTICIPA_AUDIT_EXPORT_HOURS="-1": expected a number of hours from 0 \(at start only\) to 576/,
    );
  });

  it('reports every bad variable at once, never showing a secret', () => {
    assert.throws(
      () => loadConfig({ PORT: '0', ANTICIPA_COUNTRY: 'XX', ANTICIPA_SELECTIVITY_SECRET: 'short' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems.length, 3);
        assert.ok(
          error.message.includes('ANTICIPA_SELECTIVITY_SECRET=(hidden): expected a secret of at least 16'),
        );
        assert.ok(!error.message.includes('short'));
        return true;
      },
    );
  });

  it('reads the selectivity secret from the variable, or from the file it names', async () => {
    assert.equal(
      loadConfig({ ANTICIPA_SELECTIVITY_SECRET: 'a-long-enough-secret' }).selectivitySecret,
      'a-long-enough-secret',
    );
    const file = join(folder, 'secret');
    await writeFile(file, 'from-a-file-0123456789\n');
    assert.equal(
      loadConfig({ ANTICIPA_SELECTIVITY_SECRET_FILE: file }).selectivitySecret,
      'from-a-file-0123456789',
    );
    assert.throws(
      () => loadConfig({ ANTICIPA_SELECTIVITY_SECRET_FILE: join(folder, 'missing') }),
      /ANTICIPA_SELECTIVITY_SECRET_FILE=".*missing": expected a readable file holding the secret/,
    );
  });

  it('reads the database URL from the variable, or from the file it names, never showing it', async () => {
    const file = join(folder, 'database-url');
    await writeFile(file, 'postgres://anticipa:s3cret@db.example:5432/anticipa\n');
    assert.deepEqual(loadConfig({ DATABASE_URL_FILE: file }).database, {
      kind: 'postgres',
      url: 'postgres://anticipa:s3cret@db.example:5432/anticipa',
      poolSize: 10,
    });
    const wrong = join(folder, 'not-a-url');
    await writeFile(wrong, 'mysql://anticipa:s3cret@db.example/anticipa');
    assert.throws(
      () => loadConfig({ DATABASE_URL_FILE: wrong }),
      (error: Error) =>
        /DATABASE_URL_FILE=".*not-a-url": expected a file holding a PostgreSQL connection string/.test(
          error.message,
        ) && !error.message.includes('s3cret'),
    );
  });
});
