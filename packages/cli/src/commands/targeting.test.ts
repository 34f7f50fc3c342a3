// `anticipa targeting` end to end, as an analyst runs it: the real program (bin/anticipa.js) in
// its own process trains on a sample of the public customs-declarations data set (300 items of
// 2020), scores and evaluates 100 items of 2021, and reports bad files in the user's language.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createCliSandbox, type CliSandbox } from '../test-support/cli-sandbox.ts';

const sample = (name: string) => fileURLToPath(new URL(`../test-support/${name}`, import.meta.url));
const trainFile = sample('targeting-train-sample.csv');
const validFile = sample('targeting-valid-sample.csv');

describe('anticipa targeting (end to end)', { timeout: 180_000 }, () => {
  let sandbox: CliSandbox;
  let model = '';

  before(async () => {
    sandbox = await createCliSandbox('targeting-cli');
    model = join(sandbox.folder, 'model.json');
  });
  after(async () => {
    await sandbox.close();
  });

  it('trains a model on inspected items and writes it as JSON, with progress', async () => {
    const result = await sandbox.run(
      'targeting',
      'train',
      '--data',
      trainFile,
      '--out',
      model,
      '--lang',
      'en',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /Model trained in [\d.]+ s on 300 inspected items \(\d+ frauds\), lodged from 2020-01-\d\d to 2020-12-\d\d\./,
    );
    assert.match(result.stdout, /80 trees on \d+ features, written to .*model\.json\./);
    assert.match(result.stderr, /trees: 80\/80 \(100%\)/);
    const written = JSON.parse(await readFile(model, 'utf8')) as {
      format: string;
      trainedOn: { rows: number };
    };
    assert.equal(written.format, 'anticipa-targeting-model');
    assert.equal(written.trainedOn.rows, 300);
  });

  it('trains on several files at once', async () => {
    const both = join(sandbox.folder, 'both.json');
    const result = await sandbox.run(
      'targeting',
      'train',
      '--data',
      trainFile,
      '--data',
      validFile,
      '--out',
      both,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /on 400 inspected items .* from 2020-01-\d\d to 2021-03-\d\d\./);
  });

  it('scores every row, in input order, with the exact columns', async () => {
    const out = join(sandbox.folder, 'scores.csv');
    const result = await sandbox.run(
      'targeting',
      'score',
      '--model',
      model,
      '--data',
      validFile,
      '--out',
      out,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /100 items scored in [\d.]+ s/);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
    assert.equal(lines[0], 'Declaration ID,score,expected_revenue');
    const input = (await readFile(validFile, 'utf8')).trimEnd().split('\n').slice(1);
    assert.equal(lines.length, input.length + 1);
    input.forEach((line, index) => {
      const cells = line.split(',');
      const [id, score, expected] = (lines[index + 1] ?? '').split(',');
      assert.equal(id, cells[0]);
      const probability = Number(score);
      assert.ok(probability > 0 && probability < 1, `score ${score}`);
      // expected_revenue = score x Item Price x Tax Rate / 100 (columns 19 and 15).
      const duty = (Number(cells[19]) * Number(cells[15])) / 100;
      assert.ok(
        Math.abs(Number(expected) - probability * duty) <= 0.01 + duty * 1e-6,
        `${expected} vs ${probability * duty}`,
      );
    });
  });

  it('evaluates both rankings at 1, 2, 5 and 10%, in French when asked', async () => {
    const result = await sandbox.run(
      'targeting',
      'evaluate',
      '--model',
      model,
      '--data',
      validFile,
      '--lang',
      'fr',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /100 articles, \d+ fraudes\./);
    assert.match(result.stdout, /^classement\s+tête\s+contrôlés\s+fraudes\s+précision\s+rappel\s+recettes$/m);
    for (const ranking of ['score', 'recettes espérées']) {
      for (const [share, inspected] of [
        ['1%', 1],
        ['2%', 2],
        ['5%', 5],
        ['10%', 10],
      ] as const) {
        assert.match(
          result.stdout,
          new RegExp(
            `^${ranking}\\s+${share}\\s+${inspected}\\s+\\d+\\s+[01]\\.\\d{3}\\s+[01]\\.\\d{3}\\s+[01]\\.\\d{3}$`,
            'm',
          ),
        );
      }
    }
  });

  it('writes nothing and names the line, column and value of a bad row', async () => {
    const text = await readFile(validFile, 'utf8');
    const lines = text.split('\n');
    lines[3] = (lines[3] ?? '').replace(/^(\d+),\d{4}-\d\d-\d\d,/, '$1,31/01/2021,');
    const bad = join(sandbox.folder, 'bad.csv');
    await writeFile(bad, lines.join('\n'));
    const out = join(sandbox.folder, 'never.csv');
    const result = await sandbox.run(
      'targeting',
      'score',
      '--model',
      model,
      '--data',
      bad,
      '--out',
      out,
      '--lang',
      'en',
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /1 row\(s\) could not be read; nothing was written\./);
    assert.match(result.stderr, /line 4, column "Date": "31\/01\/2021", expected a date YYYY-MM-DD/);
    await assert.rejects(readFile(out, 'utf8'));
  });

  it('refuses to train on items without an outcome, and to score with a file that is not a model', async () => {
    const unlabelled = join(sandbox.folder, 'unlabelled.csv');
    const text = await readFile(validFile, 'utf8');
    await writeFile(
      unlabelled,
      text
        .split('\n')
        .map((line) => line.split(',').slice(0, 20).join(','))
        .join('\n'),
    );
    const train = await sandbox.run(
      'targeting',
      'train',
      '--data',
      unlabelled,
      '--out',
      join(sandbox.folder, 'x.json'),
    );
    assert.equal(train.code, 1);
    assert.match(train.stderr, /100 row\(s\) have no outcome in the Fraud column/);

    const score = await sandbox.run(
      'targeting',
      'score',
      '--model',
      validFile,
      '--data',
      unlabelled,
      '--out',
      'y.csv',
    );
    assert.equal(score.code, 2);
    assert.match(score.stderr, /is not a targeting model/);
    // Scoring reads no label: the unlabelled file scores as well as the labelled one.
    const scored = await sandbox.run(
      'targeting',
      'score',
      '--model',
      model,
      '--data',
      unlabelled,
      '--out',
      'z.csv',
    );
    assert.equal(scored.code, 0, scored.stderr);
  });
});
