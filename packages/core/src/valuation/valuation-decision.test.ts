import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveDeclarationStatus, isEventApplicable } from '../event/file-event.ts';
import { describeExpected } from '../shared/messages.ts';
import { parseDocument } from '../shared/parse.ts';
import {
  valuationAppealOutcomeSchema,
  valuationAppealSchema,
  valuationBandQuerySchema,
  valuationDecisionSchema,
} from './valuation-decision.ts';

const adjusted = {
  decision: 'value_adjusted',
  adjustedValue: '8500000',
  basis: 'method_3_similar_goods',
  reason: 'Similar goods from the same exporter cleared at 8.5 M FCFA in March.',
  officer: 'AGT-0412',
};

describe('valuation decision documents', () => {
  it('accepts a complete decision and normalises the adjusted value', () => {
    const parsed = parseDocument(valuationDecisionSchema, { ...adjusted, adjustedValue: 8500000.5 });
    assert.ok(parsed.ok);
    assert.equal(parsed.value.adjustedValue, '8500000.5');
  });

  it('reports every problem at once, the rules across fields too', () => {
    const parsed = parseDocument(valuationDecisionSchema, {
      decision: 'value_adjusted',
      basis: 'document',
      reason: 'too low',
      officer: 'agent 12',
      price: 3,
    });
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.error.map((problem) => [problem.path, problem.code]).sort(), [
      ['/adjustedValue', 'required'],
      ['/basisReference', 'required'],
      ['/officer', 'party_code'],
      ['/price', 'unknown_property'],
      ['/reason', 'text_length'],
    ]);
  });

  it('refuses an adjusted value on a decision that adjusts nothing', () => {
    const parsed = parseDocument(valuationDecisionSchema, {
      ...adjusted,
      decision: 'accepted_as_declared',
      basis: 'method_1_transaction_value',
    });
    assert.ok(!parsed.ok);
    const [problem] = parsed.error;
    assert.equal(problem?.path, '/adjustedValue');
    assert.equal(problem.code, 'valuation_adjusted_value_only');
    assert.match(describeExpected(problem, 'fr'), /aucune valeur ajustée/);
  });

  it('offers no "reference band" basis: a band may not set a value (WTO Valuation Agreement art. 7.2)', () => {
    const parsed = parseDocument(valuationDecisionSchema, { ...adjusted, basis: 'reference_band' });
    assert.ok(!parsed.ok);
    assert.equal(parsed.error[0]?.code, 'one_of');
  });

  it('validates appeals and their outcomes', () => {
    assert.ok(
      parseDocument(valuationAppealSchema, {
        lodgedBy: '004512345',
        grounds: 'The invoice and the bank transfer prove the price paid.',
      }).ok,
    );
    const outcome = parseDocument(valuationAppealOutcomeSchema, {
      outcome: 'granted',
      reason: 'x',
      decidedBy: '',
    });
    assert.ok(!outcome.ok);
    assert.deepEqual(outcome.error.map((problem) => problem.path).sort(), [
      '/decidedBy',
      '/outcome',
      '/reason',
    ]);
  });

  it('validates the look-up of bands', () => {
    assert.ok(parseDocument(valuationBandQuerySchema, { line: '8703231900', origin: 'BE' }).ok);
    const bad = parseDocument(valuationBandQuerySchema, { hs6: '8703', origin: 'XX' });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.error.map((problem) => [problem.path, problem.code]).sort(), [
      ['/hs6', 'hs_subheading'],
      ['/origin', 'country'],
    ]);
  });
});

describe('valuation events on the timeline', () => {
  it('are recorded by declarations and leave the clearance status as it is', () => {
    assert.equal(isEventApplicable('declaration', 'valuation_decided'), true);
    assert.equal(isEventApplicable('manifest', 'valuation_decided'), false);
    const timeline = [
      'lodged',
      'lane_assigned',
      'valuation_decided',
      'valuation_appealed',
      'valuation_appeal_decided',
    ] as const;
    assert.equal(deriveDeclarationStatus(timeline.map((type) => ({ type }))), 'assessed');
  });
});
