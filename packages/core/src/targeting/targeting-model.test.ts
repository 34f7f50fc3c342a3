import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetingMetrics } from './targeting-metrics.ts';
import {
  explain,
  parseTargetingModel,
  scoreRows,
  trainModel,
  type TargetingModel,
} from './targeting-model.ts';
import { aTargetingRow, inspectedRows } from './targeting-factories.ts';
import { dutyAtStake } from './targeting-row.ts';

describe('targeting model', () => {
  // Train on the first 60 days, score the next 20: the planted patterns must carry over.
  const rows = inspectedRows(4000, 'model', 80);
  const training = rows.filter((row) => row.date < '2025-03-02');
  const later = rows.filter((row) => row.date >= '2025-03-02');
  const trained = trainModel(training, { boosting: { trees: 60, seed: 'model-test' } });
  assert.ok(trained.ok);
  const model = trained.value;

  it('ranks later frauds far above chance', () => {
    const scores = scoreRows(model, later);
    const [, , five] = targetingMetrics(
      later.map((row, index) => ({
        rank: scores[index]?.score ?? 0,
        fraud: row.fraud,
        dutyAtStake: dutyAtStake(row),
      })),
    );
    const base = later.filter((row) => row.fraud).length / later.length;
    assert.ok((five?.precision ?? 0) > 0.9, `precision@5% ${five?.precision} (chance ${base.toFixed(2)})`);
  });

  it('scores one row per input row, in input order, with expected revenue = score x duty at stake', () => {
    const sample = later.slice(0, 50).reverse();
    const scores = scoreRows(model, sample);
    assert.equal(scores.length, 50);
    sample.forEach((row, index) => {
      const scored = scores[index];
      assert.ok(scored && scored.score > 0 && scored.score < 1);
      assert.ok(Math.abs(scored.expectedRevenue - scored.score * dutyAtStake(row)) < 1e-9);
      assert.deepEqual(scoreRows(model, [row])[0], scored);
    });
  });

  it('survives a trip through JSON unchanged, as a model file does', () => {
    const reread = parseTargetingModel(JSON.parse(JSON.stringify(model)));
    assert.ok(reread.ok);
    assert.deepEqual(scoreRows(reread.value, later.slice(0, 200)), scoreRows(model, later.slice(0, 200)));
  });

  it('trains the same model from the same rows and seed', () => {
    const same = trainModel(training, { boosting: { trees: 60, seed: 'model-test' } });
    assert.ok(same.ok);
    assert.deepEqual(same.value, model);
    const other = trainModel(training, { boosting: { trees: 60, seed: 'another seed' } });
    assert.ok(other.ok);
    assert.notDeepEqual(other.value.trees, model.trees);
  });

  it('explains a score by its largest contributions, the planted importer first', () => {
    const row = aTargetingRow({ importer: 'IMP-BAD', date: '2025-03-20' });
    const explanation = explain(model, row, 3);
    assert.ok(explanation.score > 0.8, String(explanation.score));
    assert.equal(explanation.contributions.length, 3);
    assert.deepEqual(explanation.contributions[0], {
      name: 'importer',
      value: 'IMP-BAD',
      contribution: explanation.contributions[0]?.contribution,
    });
    assert.ok(explanation.contributions[0].contribution > 0);
    assert.equal(explanation.score, scoreRows(model, [row])[0]?.score);
    const sizes = explanation.contributions.map((part) => Math.abs(part.contribution));
    assert.deepEqual(
      sizes,
      [...sizes].sort((a, b) => b - a),
    );
  });

  it('refuses to train on nothing, on one outcome, or on unknown histories', () => {
    assert.deepEqual(trainModel([]), { ok: false, error: { code: 'NO_ROWS' } });
    const clean = training.map((row) => ({ ...row, fraud: false }));
    assert.deepEqual(trainModel(clean), { ok: false, error: { code: 'ONE_OUTCOME', fraud: false } });
    assert.deepEqual(trainModel(training, { historyKeys: ['ship'] }), {
      ok: false,
      error: { code: 'UNKNOWN_HISTORY', names: ['ship'] },
    });
  });

  it('keeps only the histories asked for', () => {
    const small = trainModel(training, { historyKeys: ['importer', 'hs6'], boosting: { trees: 5 } });
    assert.ok(small.ok);
    assert.deepEqual(small.value.historyKeys, ['importer', 'hs6']);
    assert.equal(small.value.features.length, 5 + 2 + 3);
  });

  it('refuses a file that is not a model of this version', () => {
    assert.deepEqual(parseTargetingModel({ format: 'other' }), { ok: false, error: { code: 'NOT_A_MODEL' } });
    const future = { ...(JSON.parse(JSON.stringify(model)) as TargetingModel), version: 2 };
    assert.deepEqual(parseTargetingModel(future), {
      ok: false,
      error: { code: 'UNSUPPORTED_VERSION', version: 2 },
    });
  });
});
