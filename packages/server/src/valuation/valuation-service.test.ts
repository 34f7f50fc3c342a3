import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import type { GoodsDeclarationInput } from '@anticipa/core';
import { aDeclaration } from '@anticipa/core/testing';
import { createTestAnticipa, type TestAnticipa } from '../test-support/test-anticipa.ts';
import type { TaxRates } from '../tariff/tax-rates.ts';
import {
  createValuationService,
  type ValuationService,
  type ValuationServiceDeps,
} from './valuation-service.ts';
import { valuationBandGenerations, valuationDecisions } from './valuation-tables.ts';

type ItemInput = GoodsDeclarationInput['items'][number];

/** Fixed rates: frozen fish 0.5221 of customs value, other lines unknown. */
const fixedRates: TaxRates = {
  effectiveRate: (line) => Promise.resolve(line.startsWith('030389') ? '0.5221' : undefined),
};

const fish = (customsValue: string, overrides: Partial<ItemInput> = {}): ItemInput => ({
  tariffLine: '0303890000',
  description: 'Frozen fish, other',
  origin: 'CN',
  customsValue,
  netMass: '1000',
  packages: 40,
  ...overrides,
});

const refused = (error: unknown) =>
  /ANTICIPA_APPEND_ONLY/.test(String((error as { cause?: unknown }).cause ?? error));

describe('valuation service', () => {
  let app: TestAnticipa;
  let now = new Date('2026-03-01T08:00:00Z');
  const service = (overrides: Partial<ValuationServiceDeps> = {}): ValuationService =>
    createValuationService({
      db: app.db,
      declarations: app.declarations,
      taxRates: fixedRates,
      nationalCurrency: 'XOF',
      clock: () => now,
      newId: randomUUID,
      policy: { minimumSample: 20, fenceFactor: '1.5', flagMarginPercent: '0' },
      ...overrides,
    });

  /** Lodges a declaration in February (EUR invoice at 655.957) and, unless told otherwise, releases it. */
  const lodge = async (items: ItemInput[], options: { released?: boolean; rate?: string } = {}) => {
    const lodged = await app.declarations.lodge(
      aDeclaration({ items, invoice: { currency: 'EUR', exchangeRate: options.rate ?? '655.957' } }),
      { at: new Date('2026-02-01T10:00:00Z') },
    );
    assert.ok(lodged.ok);
    const id = lodged.value.head.id;
    if (options.released ?? true) {
      const released = await app.declarations.appendEvents(id, [
        { type: 'released', occurredAt: new Date('2026-02-02T10:00:00Z') },
      ]);
      assert.ok(released.ok);
    }
    return id;
  };

  before(async () => {
    app = await createTestAnticipa();
    // 20 released declarations of Chinese frozen fish at 100..119 EUR per 1000 kg, i.e.
    // 65.5957 to 78.05888 XOF/kg; one of them declared twice (amended) to check that only the
    // current version counts.
    for (let value = 100; value < 120; value++) await lodge([fish(String(value))]);
    // Not released: ignored, however extreme.
    await lodge([fish('1')], { released: false });
    await lodge([fish('900000')], { released: false });
    // Thin origins: 3 + 18 from Senegal and Morocco, in kilograms, and a line in units.
    for (let value = 100; value < 103; value++) await lodge([fish(String(value), { origin: 'SN' })]);
  });
  after(async () => {
    await app.close();
  });

  it('builds bands from released declarations only, in the national currency', async () => {
    const report = await service().rebuild();
    assert.equal(report.declarations, 23);
    assert.equal(report.items, 23);
    assert.equal(report.bands, 2);
    const bands = await service().bands({});
    assert.deepEqual(
      bands.bands.map((band) => [
        band.level,
        band.code,
        band.origin,
        band.unit,
        band.sampleSize,
        band.p10,
        band.median,
        band.p90,
      ]),
      [
        // Type 7 on 100..119 EUR: 101.9, 109.5, 117.1, times 0.655957 XOF per EUR per kg.
        ['line_origin', '0303890000', 'CN', 'KG', 20, '66.842018', '71.827292', '76.812565'],
        // With SN's 100, 101, 102: x[2.2] = 101, x[11] = 108, x[19.8] = 116.8 EUR.
        ['hs6', '030389', null, 'KG', 23, '66.251657', '70.843356', '76.615778'],
      ],
    );
    assert.deepEqual(report.byLevel.line_origin, {
      cells: 1,
      observations: 20,
      trimmed: 0,
      minSample: 20,
      medianSample: 20,
      maxSample: 20,
    });
    assert.equal(report.byLevel.hs6_origin.cells, 0);
  });

  it('reads the current version of an amended declaration, across pages of any size', async () => {
    const id = await lodge([fish('119')]);
    const before = await service().rebuild();
    const read = await app.declarations.get(id);
    assert.ok(read.ok);
    const amended = await app.declarations.amend(id, { ...read.value.document, items: [fish('100')] });
    assert.ok(amended.ok);
    const paged = await service({ rebuildPageSize: 3 }).rebuild();
    const whole = await service().rebuild();
    assert.equal(paged.items, before.items);
    const bands = await service().bands({ line: '0303890000', origin: 'CN' });
    const lineBand = bands.bands.find((band) => band.level === 'line_origin');
    // 21 values now: 100 twice, 101..119; median x[10] = 109 EUR.
    assert.equal(lineBand?.sampleSize, 21);
    assert.equal(lineBand.median, '71.499313');
    assert.equal(paged.bands, whole.bands);
    assert.deepEqual(paged.byLevel, whole.byLevel);
  });

  it('flags an item below P10 with its cell, gaps and revenue at risk at the fixed rate', async () => {
    const valuation = service();
    await valuation.rebuild();
    // 50 EUR for 1000 kg: 32.79785 XOF/kg, against the CN line band (n = 21 after the amendment).
    const id = await lodge([fish('50'), fish('150'), fish('50', { origin: 'SN' })], { released: false });
    const assessed = await valuation.assess(id);
    assert.ok(assessed.ok);
    const [low, high, thinOrigin] = assessed.value.items;
    assert.ok(low && high && thinOrigin);
    assert.equal(low.indicator.band?.level, 'line_origin');
    assert.equal(low.indicator.unitValue, '32.79785');
    assert.equal(low.indicator.flagged, true);
    // The CN sample is now 100, 100, 101..119 EUR: P10 = x[2] = 101, median = x[10] = 109.
    assert.equal(low.indicator.belowP10Percent, '50.5'); // 1 − 50 / 101
    assert.equal(low.indicator.belowMedianPercent, '54.13'); // 1 − 50 / 109
    // (71.499313 × 1000 − 32797.85) × 0.5221 = 20206.0338...
    assert.equal(low.indicator.revenueAtRisk, '20206.03');
    assert.equal(high.indicator.flagged, false);
    assert.equal(high.indicator.revenueAtRisk, '0');
    // Senegal has 3 observations: the HS6 band of any origin serves (24 values, median 107.5 EUR).
    assert.equal(thinOrigin.indicator.band?.level, 'hs6');
    assert.equal(thinOrigin.indicator.band.median, '70.515378');
    assert.equal(thinOrigin.indicator.flagged, true);
    assert.equal(thinOrigin.indicator.revenueAtRisk, '19692.32');
    assert.equal(assessed.value.flagged, true);
    assert.equal(assessed.value.needsDecision, 2);
    assert.equal(assessed.value.revenueAtRisk, '39898.35');
  });

  it('reports revenue at risk as unknown, never 0, without tax rates', async () => {
    const id = await lodge([fish('50')], { released: false });
    const assessed = await service({ taxRates: undefined }).assess(id);
    assert.ok(assessed.ok);
    assert.equal(assessed.value.items[0]?.indicator.flagged, true);
    assert.equal(assessed.value.items[0].indicator.revenueAtRisk, null);
    assert.equal(assessed.value.revenueAtRisk, null);
  });

  it('has no indicator before any rebuild, and refuses an unknown declaration', async () => {
    const fresh = await createTestAnticipa();
    try {
      const lodged = await fresh.declarations.lodge(aDeclaration());
      assert.ok(lodged.ok);
      const assessed = await fresh.valuation.assess(lodged.value.head.id);
      assert.ok(assessed.ok);
      assert.equal(assessed.value.generation, null);
      assert.equal(assessed.value.items[0]?.indicator.band, null);
      assert.equal(assessed.value.flagged, false);
      assert.equal(await fresh.valuation.hasBands(), false);
      const unknown = await fresh.valuation.assess(randomUUID());
      assert.ok(!unknown.ok);
      assert.equal(unknown.error.code, 'DECLARATION_NOT_FOUND');
    } finally {
      await fresh.close();
    }
  });

  it('keeps the newest generations only, and joins a rebuild already running', async () => {
    const valuation = service({ keepGenerations: 2 });
    now = new Date('2026-03-01T09:00:00Z');
    const [first, second] = await Promise.all([valuation.rebuild(), valuation.rebuild()]);
    assert.equal(first.generationId, second.generationId);
    now = new Date('2026-03-01T10:00:00Z');
    const latest = await valuation.rebuild();
    const generations = await app.db
      .select({ id: valuationBandGenerations.id })
      .from(valuationBandGenerations);
    assert.equal(generations.length, 2);
    assert.ok(latest.pruned >= 1);
    assert.equal((await valuation.latestGeneration())?.id, latest.generationId);
  });

  it('records decisions that supersede each other, appeals and outcomes, on the timeline', async () => {
    const valuation = service();
    const id = await lodge([fish('50')], { released: false });
    const statusBefore = (await app.declarations.get(id)).ok;
    assert.ok(statusBefore);

    const bad = await valuation.decide(id, 1, {
      decision: 'value_adjusted',
      basis: 'document',
      reason: 'low',
      officer: 'AGT 1',
    });
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, 'VALIDATION_FAILED');
    assert.deepEqual(bad.error.problems?.map((problem) => problem.path).sort(), [
      '/adjustedValue',
      '/basisReference',
      '/officer',
      '/reason',
    ]);
    const noItem = await valuation.decide(id, 2, {});
    assert.ok(!noItem.ok);
    assert.equal(noItem.error.code, 'VALUATION_ITEM_NOT_FOUND');

    const first = await valuation.decide(id, 1, {
      decision: 'referred_to_post_clearance_audit',
      basis: 'method_1_transaction_value',
      reason: 'Price far below comparable imports; audit the importer’s payments.',
      officer: 'AGT-0412',
    });
    assert.ok(first.ok);
    assert.equal(first.value.supersedes, null);
    assert.equal((first.value.indicator as { flagged: boolean }).flagged, true);
    const second = await valuation.decide(id, 1, {
      decision: 'value_adjusted',
      adjustedValue: '70000',
      basis: 'comparable_transaction',
      basisReference: 'DPI-2026-000117',
      reason: 'Identical fish from the same exporter, cleared in February.',
      officer: 'AGT-0007',
    });
    assert.ok(second.ok);
    assert.equal(second.value.supersedes, first.value.id);
    assert.equal(second.value.adjustedValue, '70000.00');
    assert.equal(second.value.currency, 'XOF');

    const late = await valuation.appeal(first.value.id, {
      lodgedBy: '004512345',
      grounds: 'The invoice is genuine.',
    });
    assert.ok(!late.ok);
    assert.equal(late.error.code, 'VALUATION_DECISION_SUPERSEDED');
    const appeal = await valuation.appeal(second.value.id, {
      lodgedBy: '004512345',
      grounds: 'Bank transfer of 50 EUR attached; the comparable sale was of a better grade.',
    });
    assert.ok(appeal.ok);
    assert.equal(appeal.value.status, 'lodged');
    const again = await valuation.appeal(second.value.id, {
      lodgedBy: '004512345',
      grounds: 'Second try, same grounds.',
    });
    assert.ok(!again.ok);
    assert.equal(again.error.code, 'VALUATION_APPEAL_EXISTS');

    const outcome = await valuation.decideAppeal(appeal.value.id, {
      outcome: 'upheld',
      reason: 'The comparable sale was of a different grade of fish.',
      decidedBy: 'COMMISSION-1',
    });
    assert.ok(outcome.ok);
    assert.equal(outcome.value.status, 'upheld');
    const twice = await valuation.decideAppeal(appeal.value.id, {
      outcome: 'dismissed',
      reason: 'Changed our mind about it.',
      decidedBy: 'COMMISSION-1',
    });
    assert.ok(!twice.ok);
    assert.equal(twice.error.code, 'VALUATION_APPEAL_ALREADY_DECIDED');

    const assessed = await valuation.assess(id);
    assert.ok(assessed.ok);
    const item = assessed.value.items[0];
    assert.equal(item?.decision?.id, second.value.id);
    assert.deepEqual(
      item.decisions.map((decision) => decision.id),
      [first.value.id, second.value.id],
    );
    assert.equal(item.decisions[0]?.supersededBy, second.value.id);
    assert.equal(item.decision.appeal?.status, 'upheld');
    // The appeal overturned the decision in force: a new decision is needed.
    assert.equal(item.needsDecision, true);

    const timeline = await app.declarations.timeline(id);
    assert.ok(timeline.ok);
    assert.deepEqual(
      timeline.value.map((event) => event.type),
      ['lodged', 'valuation_decided', 'valuation_decided', 'valuation_appealed', 'valuation_appeal_decided'],
    );
    const read = await app.declarations.get(id);
    assert.ok(read.ok);
    assert.equal(read.value.head.status, 'lodged');
  });

  it('stores a decision, an appeal and an outcome with their event and audit entry, or none of them', async () => {
    const id = await lodge([fish('50')], { released: false });
    const recorded = service({ audit: app.audit });
    const failing = service({
      audit: { append: () => Promise.reject(new Error('audit trail unavailable')) },
    });
    const decision = {
      decision: 'accepted_as_declared',
      basis: 'document',
      basisReference: 'Contract 2026/114',
      reason: 'Long-term contract price, verified with the bank.',
      officer: 'AGT-0412',
    };
    const appeal = { lodgedBy: '004512345', grounds: 'The invoice is genuine.' };
    const outcome = { outcome: 'dismissed', reason: 'Nothing new.', decidedBy: 'COMMISSION-1' };
    const eventTypes = async () => {
      const timeline = await app.declarations.timeline(id);
      assert.ok(timeline.ok);
      return timeline.value.map((event) => event.type);
    };

    // Each step fails with the trail, and leaves nothing behind: the same step then succeeds,
    // which it would not if a row were left (a second appeal or outcome is refused).
    await assert.rejects(failing.decide(id, 1, decision), /audit trail unavailable/);
    assert.deepEqual(await eventTypes(), ['lodged']);
    const decided = await recorded.decide(id, 1, decision);
    assert.ok(decided.ok);
    assert.equal(decided.value.supersedes, null);

    await assert.rejects(failing.appeal(decided.value.id, appeal), /audit trail unavailable/);
    const appealed = await recorded.appeal(decided.value.id, appeal);
    assert.ok(appealed.ok);

    await assert.rejects(failing.decideAppeal(appealed.value.id, outcome), /audit trail unavailable/);
    const dismissed = await recorded.decideAppeal(appealed.value.id, outcome);
    assert.ok(dismissed.ok);
    assert.equal(dismissed.value.status, 'dismissed');

    assert.deepEqual(await eventTypes(), [
      'lodged',
      'valuation_decided',
      'valuation_appealed',
      'valuation_appeal_decided',
    ]);
    const trail = await app.audit.list({ subjectType: 'declaration', subjectId: id });
    assert.deepEqual(
      trail.entries.map((entry) => [entry.action, entry.actor]),
      [
        ['valuation.appeal_decided', 'COMMISSION-1'],
        ['valuation.appealed', '004512345'],
        ['valuation.decided', 'AGT-0412'],
      ],
    );
  });

  it('keeps the chain of decisions linear when officers decide at the same time', async () => {
    const valuation = service();
    const id = await lodge([fish('50')], { released: false });
    const decide = (officer: string) =>
      valuation.decide(id, 1, {
        decision: 'referred_to_post_clearance_audit',
        basis: 'method_1_transaction_value',
        reason: 'Refer to audit: payments to be checked.',
        officer,
      });
    const results = await Promise.all([decide('AGT-1'), decide('AGT-2'), decide('AGT-3')]);
    assert.ok(results.every((result) => result.ok));
    const assessed = await valuation.assess(id);
    assert.ok(assessed.ok);
    const decisions = assessed.value.items[0]?.decisions ?? [];
    assert.equal(decisions.length, 3);
    assert.equal(decisions.filter((decision) => decision.supersedes === null).length, 1);
    assert.equal(new Set(decisions.map((decision) => decision.supersedes)).size, 3);
    assert.equal(decisions.filter((decision) => decision.supersededBy === null).length, 1);
  });

  it('never lets a decision, an appeal or an outcome be rewritten', async () => {
    const id = await lodge([fish('50')], { released: false });
    const decided = await service().decide(id, 1, {
      decision: 'accepted_as_declared',
      basis: 'document',
      basisReference: 'Contract 2026/114',
      reason: 'Long-term contract price, verified with the bank.',
      officer: 'AGT-0412',
    });
    assert.ok(decided.ok);
    await assert.rejects(
      app.db
        .update(valuationDecisions)
        .set({ reason: 'edited' })
        .where(eq(valuationDecisions.id, decided.value.id)),
      refused,
    );
    await assert.rejects(app.db.delete(valuationDecisions), refused);
    await assert.rejects(app.db.execute(sql`update valuation_appeals set grounds = 'x'`), refused);
    await assert.rejects(app.db.execute(sql`delete from valuation_appeal_outcomes`), refused);
    await assert.rejects(app.db.execute(sql`truncate valuation_decisions cascade`), refused);
  });
});
