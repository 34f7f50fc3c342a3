// Assessments stored together (see the service's module header): many lodgements at once, as a
// busy server receives them, on whichever engine this run uses (PGlite, or DATABASE_URL).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { aDeclaration } from '@anticipa/core/testing';
import { createAnticipa, type Anticipa } from '../anticipa.ts';
import { createTestAnticipa, shipArrivedWith, type TestAnticipa } from '../test-support/test-anticipa.ts';

const demoRuleSet: unknown = JSON.parse(
  await readFile(new URL('../../reference/rule-sets/demo.json', import.meta.url), 'utf8'),
);

describe('assessments of files lodged at the same time', () => {
  let app: TestAnticipa;
  before(async () => {
    app = await createTestAnticipa();
    const saved = await app.selectivity.saveRuleSet(demoRuleSet, 'analyst');
    assert.ok(saved.ok);
    assert.ok((await app.selectivity.activate(saved.value.version, 'chief')).ok);
  });
  after(() => app.close());

  it('assesses each once, each counting the files assessed before it, and keeps counters, audit trail and replays true', async () => {
    const lodged = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        app.declarations.lodge(aDeclaration({ reference: `BATCH-${String(index)}` })),
      ),
    );
    const ids = lodged.map((result) => (result.ok ? result.value.head.id : assert.fail(result.error.code)));
    for (const result of lodged) assert.ok(result.ok && result.value.head.status === 'assessed');

    const latest = await Promise.all(ids.map((id) => app.selectivity.latestAssessment(id)));
    const stored = latest.map((result) => (result.ok ? result.value : assert.fail(result.error.code)));
    assert.ok(stored.every((assessment) => assessment.sequence === 1 && assessment.trigger === 'lodged'));
    // One after the other: each saw the office's count of those stored before it, none twice.
    assert.deepEqual(
      stored.map((assessment) => assessment.assessment.countersBefore.assessed).sort((a, b) => a - b),
      ids.map((_, index) => index),
    );

    const day = stored[0]?.assessedAt.toISOString().slice(0, 10) ?? '';
    const lanes = { red: 0, yellow: 0, blue: 0, green: 0 };
    for (const assessment of stored) lanes[assessment.lane] += 1;
    assert.deepEqual(await app.selectivity.counters('SNDKR1', day), { assessed: 40, ...lanes });

    const verified = await app.audit.verify();
    assert.ok(verified.intact);
    const assigned = await app.audit.list({ action: 'lane.assigned', limit: 500 });
    assert.equal(assigned.total, 40);
    assert.deepEqual(new Set(assigned.entries.map((entry) => entry.subject.id)), new Set(ids));

    for (const id of ids) {
      const replay = await app.selectivity.replay(id, 1);
      assert.ok(replay.ok && replay.value.identical, `replay of ${id}`);
    }
    for (const id of ids) {
      const timeline = await app.declarations.timeline(id);
      assert.ok(timeline.ok);
      assert.deepEqual(
        timeline.value.map((event) => event.type),
        ['lodged', 'lane_assigned'],
      );
    }
  });

  it('sets a sender’s retries aside from the files lodged with them, which are stored together', async () => {
    const retried = aDeclaration({ reference: 'RETRIED-1' });
    const first = await app.declarations.lodge(structuredClone(retried));
    assert.ok(first.ok && first.value.outcome === 'created');
    // Transactions begun while the burst is lodged: each batch stored is one.
    let transactions = 0;
    const transaction = app.db.transaction.bind(app.db);
    app.db.transaction = ((...args: Parameters<typeof transaction>) => {
      transactions += 1;
      return transaction(...args);
    }) as typeof transaction;
    let results;
    try {
      results = await Promise.all([
        ...Array.from({ length: 20 }, (_, index) =>
          app.declarations.lodge(aDeclaration({ reference: `WITH-RETRIES-${String(index)}` })),
        ),
        ...Array.from({ length: 4 }, () => app.declarations.lodge(structuredClone(retried))),
      ]);
    } finally {
      app.db.transaction = transaction;
    }
    const outcomes = results.map((result) => (result.ok ? result.value : assert.fail(result.error.code)));
    assert.deepEqual(
      outcomes.map((outcome) => outcome.outcome),
      [...Array.from({ length: 20 }, () => 'created'), 'replayed', 'replayed', 'replayed', 'replayed'],
    );
    assert.ok(outcomes.slice(20).every((outcome) => outcome.head.id === first.value.head.id));
    for (const outcome of outcomes.slice(0, 20)) assert.equal(outcome.head.status, 'assessed');
    // File by file, the 24 lodgements would have begun 24 transactions after the failed batch.
    assert.ok(transactions < 12, `${String(transactions)} transactions for 24 lodgements`);
    const timeline = await app.declarations.timeline(first.value.head.id);
    assert.ok(timeline.ok);
    assert.deepEqual(
      timeline.value.map((event) => event.type),
      ['lodged', 'lane_assigned'],
    );
    assert.ok((await app.audit.verify()).intact);
  });

  it('gives a file lodged after its ship arrived the status arrived with its assessment', async () => {
    const bill = 'MSCU55667788';
    await shipArrivedWith(app, bill, new Date('2026-03-10T07:00:00Z'));
    const lodged = await app.declarations.lodge(
      aDeclaration({ reference: 'AFTER-ARRIVAL', kind: 'at_arrival', billsOfLading: [bill] }),
    );
    assert.ok(lodged.ok);
    // Stored at that status by the assessment's own statement, not moved there afterwards.
    assert.equal(lodged.value.head.status, 'arrived');
    const timeline = await app.declarations.timeline(lodged.value.head.id);
    assert.ok(timeline.ok);
    assert.ok(timeline.value.some((event) => event.type === 'lane_assigned'));
  });

  it('keeps the status a file reached when it is assessed again', async () => {
    const lodged = await app.declarations.lodge(aDeclaration({ reference: 'PAID-THEN-AMENDED' }));
    assert.ok(lodged.ok);
    const id = lodged.value.head.id;
    const paid = await app.declarations.appendEvents(id, [
      { type: 'paid', occurredAt: new Date('2026-03-02T10:00:00Z'), data: { reference: 'Q-7' } },
    ]);
    assert.deepEqual(paid, { ok: true, value: 'paid' });
    // The amendment is assessed again: its status derives from the whole timeline, payment included.
    const amended = await app.declarations.amend(
      id,
      aDeclaration({ reference: 'PAID-THEN-AMENDED', procedure: '4071' }),
    );
    assert.ok(amended.ok);
    assert.equal(amended.value.head.status, 'paid');
    const stored = await app.declarations.get(id);
    assert.ok(stored.ok);
    assert.equal(stored.value.head.status, 'paid');
  });

  it('replaces the count of a file amended the same day while others are lodged with it', async () => {
    const first = await app.declarations.lodge(aDeclaration({ reference: 'AMEND-AT-ONCE' }));
    assert.ok(first.ok);
    const latest = await app.selectivity.latestAssessment(first.value.head.id);
    assert.ok(latest.ok);
    const day = latest.value.assessedAt.toISOString().slice(0, 10);
    const before = await app.selectivity.counters('SNDKR1', day);
    const [amended, ...others] = await Promise.all([
      app.declarations.amend(
        first.value.head.id,
        aDeclaration({ reference: 'AMEND-AT-ONCE', procedure: '4071' }),
      ),
      ...[1, 2, 3].map((n) => app.declarations.lodge(aDeclaration({ reference: `WITH-AMEND-${String(n)}` }))),
    ]);
    assert.ok(amended.ok && amended.value.outcome === 'amended');
    assert.ok(others.every((result) => result.ok));
    const history = await app.selectivity.assessments(first.value.head.id);
    assert.ok(history.ok);
    assert.deepEqual(
      history.value.map((assessment) => [assessment.sequence, assessment.trigger]),
      [
        [1, 'lodged'],
        [2, 'amended'],
      ],
    );
    const after = await app.selectivity.counters('SNDKR1', day);
    // Three new files; the amended file still counts once.
    assert.equal(after.assessed, before.assessed + 3);
    assert.equal(after.red + after.yellow + after.blue + after.green, after.assessed);
    assert.ok((await app.audit.verify()).intact);
  });
});

describe('a rule set activated by another process', () => {
  let app: TestAnticipa;
  let other: Anticipa;
  before(async () => {
    app = await createTestAnticipa();
    // A second set of services over the same database: another server process, or the command line.
    other = await createAnticipa(
      { db: app.db, target: { kind: 'pglite', dataDir: undefined }, close: () => Promise.resolve() },
      { nationalCurrency: 'XOF' },
    );
  });
  after(() => app.close());

  it('assesses the next lodgement with it', async () => {
    const first = await other.selectivity.saveRuleSet(demoRuleSet, 'analyst');
    assert.ok(first.ok);
    assert.ok((await other.selectivity.activate(first.value.version, 'chief')).ok);
    const lodged = await app.declarations.lodge(aDeclaration());
    assert.ok(lodged.ok);
    const assessment = await app.selectivity.latestAssessment(lodged.value.head.id);
    assert.ok(assessment.ok);
    assert.equal(assessment.value.ruleSetVersion, first.value.version);

    const second = await other.selectivity.saveRuleSet(
      { ...(demoRuleSet as object), name: 'Second' },
      'analyst',
    );
    assert.ok(second.ok);
    assert.ok((await other.selectivity.activate(second.value.version, 'chief')).ok);
    const next = await app.declarations.lodge(aDeclaration());
    assert.ok(next.ok);
    const reassessed = await app.selectivity.latestAssessment(next.value.head.id);
    assert.ok(reassessed.ok);
    assert.equal(reassessed.value.ruleSetVersion, second.value.version);
  });
});
