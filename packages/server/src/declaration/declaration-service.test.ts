import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, count, countDistinct, eq, like, sql } from 'drizzle-orm';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { declarations, events } from '../db/schema.ts';
import { createTestAnticipa, shipArrivedWith, type TestAnticipa } from '../test-support/test-anticipa.ts';

describe('declaration intake', () => {
  let app: TestAnticipa;
  before(async () => {
    app = await createTestAnticipa();
  });
  after(async () => {
    await app.close();
  });

  it('stores a valid declaration as version 1 with a lodged event', async () => {
    const input = aDeclaration();
    const lodged = await app.declarations.lodge(input);
    assert.ok(lodged.ok);
    assert.equal(lodged.value.outcome, 'created');
    const read = await app.declarations.get(lodged.value.head.id);
    assert.ok(read.ok);
    assert.equal(read.value.head.currentVersion, 1);
    assert.equal(read.value.document.items[0]?.customsValue, '12500.5');
    const timeline = await app.declarations.timeline(lodged.value.head.id);
    assert.ok(timeline.ok);
    assert.deepEqual(
      timeline.value.map((event) => event.type),
      ['lodged'],
    );
  });

  it('returns the original when the same document is sent again, and refuses a different one under the same reference', async () => {
    const input = aDeclaration();
    const first = await app.declarations.lodge(input);
    const again = await app.declarations.lodge(structuredClone(input));
    assert.ok(first.ok && again.ok);
    assert.equal(again.value.outcome, 'replayed');
    assert.equal(again.value.head.id, first.value.head.id);
    const changed = await app.declarations.lodge({ ...input, procedure: '4071' });
    assert.ok(!changed.ok);
    assert.equal(changed.error.code, 'REFERENCE_IN_USE');
  });

  it('treats the Idempotency-Key as the identity of a request: same body replays, another body conflicts', async () => {
    const first = await app.declarations.lodge(aDeclaration(), { idempotencyKey: 'key-1' });
    const replay = await app.declarations.lodge(aDeclaration({ reference: 'OTHER-REF-1' }), {
      idempotencyKey: 'key-1',
    });
    assert.ok(first.ok);
    assert.ok(!replay.ok);
    assert.equal(replay.error.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps every version of an amended declaration readable', async () => {
    const input = aDeclaration();
    const lodged = await app.declarations.lodge(input);
    assert.ok(lodged.ok);
    const id = lodged.value.head.id;
    app.setNow('2026-03-02T10:00:00Z');
    const amended = await app.declarations.amend(id, { ...input, procedure: '4071' });
    assert.ok(amended.ok);
    assert.equal(amended.value.outcome, 'amended');
    assert.equal(amended.value.head.currentVersion, 2);
    const unchanged = await app.declarations.amend(id, { ...input, procedure: '4071' });
    assert.ok(unchanged.ok);
    assert.equal(unchanged.value.outcome, 'unchanged');
    const v1 = await app.declarations.getVersion(id, 1);
    const v2 = await app.declarations.getVersion(id, 2);
    assert.ok(v1.ok && v2.ok);
    assert.equal(v1.value.document.procedure, '4000');
    assert.equal(v2.value.document.procedure, '4071');
  });

  it('shows the arrival of the manifest carrying its B/L in the file timeline and status', async () => {
    const bill = 'MSCU99887766';
    const manifestInput = aManifest();
    const manifest = await app.manifests.lodge({
      ...manifestInput,
      billsOfLading: manifestInput.billsOfLading.map((b) => ({ ...b, number: bill })),
    });
    const declaration = await app.declarations.lodge(aDeclaration({ billsOfLading: [bill] }));
    assert.ok(manifest.ok && declaration.ok);
    const arrival = await app.manifests.recordArrival(manifest.value.head.id, {
      meansArrivedAt: new Date('2026-03-10T07:00:00Z'),
      registeredAt: new Date('2026-03-10T08:00:00Z'),
    });
    assert.ok(arrival.ok);
    assert.equal(arrival.value.status, 'registered');
    const read = await app.declarations.get(declaration.value.head.id);
    assert.ok(read.ok);
    assert.equal(read.value.head.status, 'arrived');
    const timeline = await app.declarations.timeline(declaration.value.head.id);
    assert.ok(timeline.ok);
    assert.deepEqual(
      timeline.value.map((event) => event.type),
      ['lodged', 'means_arrived', 'manifest_registered'],
    );
  });

  it('gives a file lodged after its ship arrived the status arrived at once', async () => {
    const bill = 'MSCU11223344';
    await shipArrivedWith(app, bill, new Date('2026-03-10T07:00:00Z'));
    const late = await app.declarations.lodge(aDeclaration({ kind: 'at_arrival', billsOfLading: [bill] }));
    const early = await app.declarations.lodge(aDeclaration({ billsOfLading: ['NOSHIP000001'] }));
    assert.ok(late.ok && early.ok);
    const [lateRead, earlyRead] = await Promise.all([
      app.declarations.get(late.value.head.id),
      app.declarations.get(early.value.head.id),
    ]);
    assert.ok(lateRead.ok && earlyRead.ok);
    assert.equal(lateRead.value.head.status, 'arrived');
    assert.equal(earlyRead.value.head.status, 'lodged');
  });

  it('stores events with their audit entry or not at all', async () => {
    const lodged = await app.declarations.lodge(aDeclaration());
    assert.ok(lodged.ok);
    const id = lodged.value.head.id;
    const paid = {
      type: 'paid' as const,
      occurredAt: new Date('2026-03-02T10:00:00Z'),
      data: { reference: 'Q-1' },
    };
    const record = (after: unknown) => ({
      actor: 'officer.sow',
      action: 'clearance.paid',
      subject: { type: 'declaration', id },
      before: null,
      after,
    });
    // An entry the trail cannot write (a value JSON cannot hold) takes the events down with it.
    await assert.rejects(app.declarations.appendEvents(id, [paid], record({ amount: 1n })));
    const timeline = await app.declarations.timeline(id);
    assert.ok(timeline.ok);
    assert.deepEqual(
      timeline.value.map((event) => event.type),
      ['lodged'],
    );
    const stored = await app.declarations.appendEvents(id, [paid], record({ reference: 'Q-1' }));
    assert.deepEqual(stored, { ok: true, value: 'paid' });
    const trail = await app.audit.list({ subjectType: 'declaration', subjectId: id });
    assert.deepEqual(
      trail.entries.map((entry) => [entry.action, entry.actor]),
      [['clearance.paid', 'officer.sow']],
    );
  });

  it('cancels a file with its audit entry, in one transaction', async () => {
    const lodged = await app.declarations.lodge(aDeclaration());
    assert.ok(lodged.ok);
    const id = lodged.value.head.id;
    const cancelled = await app.declarations.cancel(id, { reason: 'lodged twice', actor: 'broker.ndiaye' });
    assert.deepEqual(cancelled, { ok: true, value: 'cancelled' });
    const timeline = await app.declarations.timeline(id);
    assert.ok(timeline.ok);
    assert.deepEqual(
      timeline.value.map((event) => event.type),
      ['lodged', 'cancelled'],
    );
    const trail = await app.audit.list({ subjectType: 'declaration', subjectId: id });
    assert.deepEqual(
      trail.entries.map((entry) => [entry.action, entry.actor, (entry.after as { status: string }).status]),
      [['declaration.cancelled', 'broker.ndiaye', 'cancelled']],
    );
    // Cancelling again changes nothing and records nothing.
    assert.deepEqual(await app.declarations.cancel(id, { reason: 'again' }), {
      ok: true,
      value: 'cancelled',
    });
    assert.equal((await app.audit.list({ subjectType: 'declaration', subjectId: id })).total, 1);
  });

  it('never rewrites an event: the database refuses UPDATE and DELETE', async () => {
    const refused = (error: unknown) =>
      /ANTICIPA_APPEND_ONLY/.test(String((error as { cause?: unknown }).cause ?? error));
    await assert.rejects(app.db.execute(sql`update events set type = 'released'`), refused);
    await assert.rejects(app.db.execute(sql`delete from events`), refused);
    await assert.rejects(app.db.execute(sql`update document_versions set version = 9`), refused);
  });

  it('stores a document sent many times at once exactly once, beside others lodged with it', async () => {
    const input = aDeclaration({ reference: 'AT-ONCE-1' });
    const others = [aDeclaration({ reference: 'AT-ONCE-2' }), aDeclaration({ reference: 'AT-ONCE-3' })];
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => app.declarations.lodge(structuredClone(input))),
      ...others.map((other) => app.declarations.lodge(other)),
    ]);
    const outcomes = results.map((result) => (result.ok ? result.value : assert.fail(result.error.code)));
    const same = outcomes.slice(0, 5);
    assert.deepEqual(same.map((outcome) => outcome.outcome).sort(), [
      'created',
      'replayed',
      'replayed',
      'replayed',
      'replayed',
    ]);
    assert.equal(new Set(same.map((outcome) => outcome.head.id)).size, 1);
    assert.deepEqual(
      outcomes.slice(5).map((outcome) => outcome.outcome),
      ['created', 'created'],
    );
    const [stored] = await app.db
      .select({ heads: countDistinct(declarations.id), lodged: count(events.id) })
      .from(declarations)
      .innerJoin(events, and(eq(events.subjectId, declarations.id), eq(events.type, 'lodged')))
      .where(like(declarations.reference, 'AT-ONCE-%'));
    assert.deepEqual(stored, { heads: 3, lodged: 3 });
  });

  it('keeps an Idempotency-Key to one document when requests using it arrive at once', async () => {
    const results = await Promise.all([
      app.declarations.lodge(aDeclaration({ reference: 'KEY-AT-ONCE-1' }), { idempotencyKey: 'key-at-once' }),
      app.declarations.lodge(aDeclaration({ reference: 'KEY-AT-ONCE-2' }), { idempotencyKey: 'key-at-once' }),
      app.declarations.lodge(aDeclaration({ reference: 'KEY-AT-ONCE-3' })),
    ]);
    const [first, second, third] = results;
    assert.ok(third.ok);
    // One of the two keyed requests stored its document; the other, another body under the same key, conflicts.
    const outcomes = [first, second].map((result) => (result.ok ? result.value.outcome : result.error.code));
    assert.deepEqual(outcomes.sort(), ['IDEMPOTENCY_KEY_REUSED', 'created']);
    assert.equal(third.value.outcome, 'created');
    const [stored] = await app.db
      .select({ n: count() })
      .from(declarations)
      .where(like(declarations.reference, 'KEY-AT-ONCE-%'));
    assert.equal(stored?.n, 2);
  });
});
