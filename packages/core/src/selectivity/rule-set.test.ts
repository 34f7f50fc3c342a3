import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeExpected } from '../shared/messages.ts';
import type { Problem } from '../shared/error-codes.ts';
import { parseCriterion } from './criterion.ts';
import { parseRuleSet, parseWatchlist } from './rule-set.ts';
import {
  aCriterion,
  aCriterionOn,
  anEntry,
  aRuleSet,
  aWatchlist,
  someLaneParameters,
} from './selectivity-factories.ts';

/** The problems of a rule set that must be invalid. */
function problemsOf(input: unknown): Problem[] {
  const parsed = parseRuleSet(input);
  assert.ok(!parsed.ok, 'the rule set should be rejected');
  return parsed.error;
}

function pick(problems: readonly Problem[]): { path: string; code: string }[] {
  return problems.map(({ path, code }) => ({ path, code }));
}

const conditionPath = '/profiles/0/criteria/0/condition';

function withCondition(condition: unknown): unknown {
  return aRuleSet({ criteria: [aCriterion({ condition: condition as never })], lists: [aWatchlist()] });
}

describe('rule set validation', () => {
  it('accepts a valid rule set and defaults a profile to active', () => {
    const input = structuredClone(aRuleSet()) as unknown as { profiles: Record<string, unknown>[] };
    delete input.profiles[0]?.active;
    const parsed = parseRuleSet(input);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.value.profiles[0]?.active, true);
  });

  it('reports a criterion, a list or an entry that is null instead of throwing', () => {
    const input = structuredClone(aRuleSet({ lists: [aWatchlist()] })) as unknown as {
      profiles: { criteria: unknown[] }[];
      lists: { entries: unknown[] }[];
    };
    input.profiles[0]?.criteria.push(null);
    input.lists[0]?.entries.push(null);
    input.lists.push(null as never);
    const paths = problemsOf(input).map((problem) => problem.path);
    assert.ok(paths.includes('/profiles/0/criteria/1'), paths.join(' '));
    assert.ok(
      paths.some((path) => path.startsWith('/lists/0/entries/')),
      paths.join(' '),
    );
    assert.ok(paths.includes('/lists/1'), paths.join(' '));
  });

  it('names an unknown field, with the fields it knows', () => {
    const problems = problemsOf(withCondition({ field: 'colour', op: 'eq', value: 'red' }));
    assert.deepEqual(pick(problems), [{ path: `${conditionPath}/field`, code: 'one_of' }]);
    assert.match(String(problems[0]?.params?.values), /tariffLine/);
  });

  it('refuses an operator the field does not allow, listing those it does', () => {
    const problems = problemsOf(withCondition({ field: 'origin', op: 'gt', value: 3 }));
    assert.deepEqual(problems, [
      {
        path: `${conditionPath}/op`,
        value: 'gt',
        code: 'selectivity_operator',
        params: { field: 'origin', allowed: 'eq, in, inList' },
      },
    ]);
    assert.equal(describeExpected(problems[0]!, 'en'), 'an operator allowed on origin: eq, in, inList');
    assert.equal(describeExpected(problems[0]!, 'fr'), 'un opérateur permis sur origin : eq, in, inList');
  });

  it('reports values of the wrong type or format, each at its pointer', () => {
    const problems = problemsOf(
      withCondition({
        all: [
          { field: 'customsValue', op: 'gt', value: '1000' },
          { field: 'origin', op: 'in', value: ['CN', 'XX', 7] },
          { field: 'tariffLine', op: 'prefix', value: ['87', '8a'] },
          { field: 'tariffLine', op: 'eq', value: '8703' },
          { field: 'billOnNoManifest', op: 'eq', value: 'yes' },
          { field: 'modelScore', op: 'gte', value: 1.5 },
          { field: 'unitValue', op: 'between', value: [500, 100] },
          { field: 'description', op: 'words', value: ['ok', ' -- '] },
          { field: 'importer', op: 'eq' },
        ],
      }),
    );
    assert.deepEqual(pick(problems), [
      { path: `${conditionPath}/all/0/value`, code: 'type' },
      { path: `${conditionPath}/all/1/value/1`, code: 'country' },
      { path: `${conditionPath}/all/1/value/2`, code: 'type' },
      { path: `${conditionPath}/all/2/value/1`, code: 'selectivity_prefix' },
      { path: `${conditionPath}/all/3/value`, code: 'tariff_line' },
      { path: `${conditionPath}/all/4/value`, code: 'type' },
      { path: `${conditionPath}/all/5/value`, code: 'selectivity_number_range' },
      { path: `${conditionPath}/all/6/value`, code: 'selectivity_range' },
      { path: `${conditionPath}/all/7/value/1`, code: 'selectivity_word' },
      { path: `${conditionPath}/all/8/value`, code: 'required' },
    ]);
    assert.deepEqual(problems[0]?.params, { type: 'a number' });
    assert.deepEqual(problems[6]?.params, { min: '0', max: '1' });
  });

  it('refuses an unknown list, and a list of the wrong kind for the field', () => {
    const problems = problemsOf(
      withCondition({
        any: [
          { field: 'importer', op: 'inList', list: 'L-NOPE' },
          { field: 'declarant', op: 'inList', list: 'L-IMP' },
          { field: 'importer', op: 'inList', list: 'L-IMP', value: 'x' },
        ],
      }),
    );
    assert.deepEqual(problems, [
      {
        path: `${conditionPath}/any/0/list`,
        value: 'L-NOPE',
        code: 'selectivity_list_known',
        params: { known: 'L-IMP' },
      },
      {
        path: `${conditionPath}/any/1/list`,
        value: 'L-IMP',
        code: 'selectivity_list_kind',
        params: { expected: 'declarant', kind: 'importer' },
      },
      {
        path: `${conditionPath}/any/2/value`,
        value: null,
        code: 'unknown_property',
        params: { name: 'value' },
      },
    ]);
  });

  it('refuses what is not a condition, unknown keys, empty combinators and deep nesting', () => {
    let deep: unknown = { field: 'origin', op: 'eq', value: 'CN' };
    for (let level = 0; level < 14; level += 1) deep = { not: deep };
    const problems = problemsOf(
      withCondition({
        all: [
          { foo: 1 },
          'origin = CN',
          { any: [] },
          { not: { field: 'origin', op: 'eq', value: 'CN' }, x: 1 },
          deep,
        ],
      }),
    );
    assert.deepEqual(pick(problems), [
      { path: `${conditionPath}/all/0`, code: 'selectivity_condition' },
      { path: `${conditionPath}/all/1`, code: 'selectivity_condition' },
      { path: `${conditionPath}/all/2/any`, code: 'list_length' },
      { path: `${conditionPath}/all/3/x`, code: 'unknown_property' },
      { path: `${conditionPath}/all/4${'/not'.repeat(12)}`, code: 'selectivity_depth' },
    ]);
  });

  it('checks the lane effect, weight, dates, offices and reason of a criterion', () => {
    const problems = problemsOf(
      aRuleSet({
        criteria: [
          aCriterion({
            effect: { lane: 'green' as never, percentage: 120 },
            weight: -1,
            validFrom: '2026-03-01T00:00:00Z',
            validTo: '2026-02-01T00:00:00Z',
            offices: ['SNDKR1', 'bad office'],
            reason: { fr: '', en: 'Vehicle' },
          }),
        ],
      }),
    );
    assert.deepEqual(pick(problems), [
      { path: '/profiles/0/criteria/0/effect/lane', code: 'one_of' },
      { path: '/profiles/0/criteria/0/effect/percentage', code: 'selectivity_number_range' },
      { path: '/profiles/0/criteria/0/weight', code: 'selectivity_number_range' },
      { path: '/profiles/0/criteria/0/offices/1', code: 'office_code' },
      { path: '/profiles/0/criteria/0/reason/fr', code: 'text_length' },
      { path: '/profiles/0/criteria/0/validTo', code: 'selectivity_date_after' },
    ]);
    const dates = problemsOf(
      aRuleSet({
        criteria: [aCriterion({ validFrom: '2026-03-01T00:00:00Z', validTo: '2026-03-01T00:00:00Z' })],
      }),
    );
    assert.deepEqual(dates, [
      {
        path: '/profiles/0/criteria/0/validTo',
        value: '2026-03-01T00:00:00.000Z',
        code: 'selectivity_date_after',
        params: { from: '2026-03-01T00:00:00.000Z' },
      },
    ]);
    assert.equal(
      describeExpected(dates[0]!, 'en'),
      'a date and time after validFrom (2026-03-01T00:00:00.000Z)',
    );
  });

  it('refuses duplicate ids of criteria (across profiles), profiles and lists', () => {
    const ruleSet = aRuleSet({ lists: [aWatchlist(), aWatchlist()] });
    const twice = { ...ruleSet, profiles: [...ruleSet.profiles, ...ruleSet.profiles] };
    assert.deepEqual(pick(problemsOf(twice)), [
      { path: '/profiles/1/id', code: 'no_duplicates' },
      { path: '/lists/1/id', code: 'no_duplicates' },
      { path: '/profiles/1/criteria/0/id', code: 'no_duplicates' },
    ]);
  });

  it('checks lane parameters: percentages, totals, whole numbers', () => {
    const problems = problemsOf(
      aRuleSet({
        laneParameters: {
          default: someLaneParameters({
            expectedRate: { red: 60, yellow: 30, blue: 20 },
            minimumRandomRate: { red: -1, yellow: 0, blue: 0 },
            maxHitsWithoutSelection: 2.5,
          }),
          offices: [
            { office: 'SNDKR1', ...someLaneParameters() },
            { office: 'SNDKR1', ...someLaneParameters() },
          ],
        },
      }),
    );
    assert.deepEqual(pick(problems), [
      { path: '/laneParameters/default/expectedRate', code: 'selectivity_rates_total' },
      { path: '/laneParameters/default/minimumRandomRate/red', code: 'selectivity_number_range' },
      { path: '/laneParameters/default/maxHitsWithoutSelection', code: 'integer_range' },
      { path: '/laneParameters/offices/1/office', code: 'no_duplicates' },
    ]);
    assert.deepEqual(problems[0]?.params, { total: '110' });
  });

  it('checks watchlist entries against the kind of the list, and their dates', () => {
    const parsed = parseWatchlist(
      aWatchlist({
        kind: 'country',
        entries: [
          anEntry('CN'),
          anEntry('China'),
          anEntry('NG', { validFrom: '2026-05-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z' }),
        ],
      }),
    );
    assert.ok(!parsed.ok);
    assert.deepEqual(pick(parsed.error), [
      { path: '/entries/2/validTo', code: 'selectivity_date_after' },
      { path: '/entries/1/value', code: 'country' },
    ]);
    const tariff = parseWatchlist(
      aWatchlist({ kind: 'tariff_line', entries: [anEntry('8703'), anEntry('8')] }),
    );
    assert.ok(!tariff.ok);
    assert.deepEqual(pick(tariff.error), [{ path: '/entries/1/value', code: 'selectivity_prefix' }]);
  });

  it('validates one criterion on save against the lists of its rule set', () => {
    const lists = new Map([['L-IMP', 'importer' as const]]);
    const good = parseCriterion(
      aCriterionOn('C1', { field: 'importer', op: 'inList', list: 'L-IMP' }),
      lists,
    );
    assert.ok(good.ok);
    const bad = parseCriterion(aCriterionOn('C1', { field: 'importer', op: 'inList', list: 'L-X' }), lists);
    assert.ok(!bad.ok);
    assert.deepEqual(pick(bad.error), [{ path: '/condition/list', code: 'selectivity_list_known' }]);
  });
});
