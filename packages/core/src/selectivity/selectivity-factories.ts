/**
 * Small typed factories for selectivity tests and benchmarks: a valid criterion, watchlist,
 * rule set and subject, each overridable field by field (as testing/factories.ts does for
 * intake documents).
 */
import type { Condition } from './condition.ts';
import type { SelectivityEvaluator } from './compile-rule-set.ts';
import { compileRuleSet, type CompileOptions } from './compile-rule-set.ts';
import type { Criterion } from './criterion.ts';
import type { LaneParameters, OfficeLaneParameters, Profile, RuleSet } from './rule-set.ts';
import type { SelectivitySubject, SubjectItem } from './selectivity-subject.ts';
import type { Watchlist, WatchlistEntry } from './watchlist.ts';

/** A red criterion at 100% on vehicles (heading 8703) from China, valid from 2026-01-01. */
export function aCriterion(overrides: Partial<Criterion> = {}): Criterion {
  return {
    id: 'C-VEH-CN',
    name: 'Vehicles from China',
    condition: {
      all: [
        { field: 'tariffLine', op: 'prefix', value: '8703' },
        { field: 'origin', op: 'eq', value: 'CN' },
      ],
    },
    effect: { lane: 'red', percentage: 100 },
    weight: 10,
    validFrom: '2026-01-01T00:00:00.000Z',
    reason: { fr: 'Véhicule : risque de sous-évaluation', en: 'Vehicle: under-valuation risk' },
    rationale: 'Seizures at the port in 2025 on Chinese vehicles declared below cost.',
    ...overrides,
  };
}

/** A criterion on a bare condition (red, 100%, weight 1), for tests of predicates. */
export function aCriterionOn(
  id: string,
  condition: Condition,
  overrides: Partial<Criterion> = {},
): Criterion {
  return aCriterion({ id, name: id, condition, weight: 1, ...overrides });
}

/** A watchlist entry valid from 2026-01-01, with no end. */
export function anEntry(value: string, overrides: Partial<WatchlistEntry> = {}): WatchlistEntry {
  return {
    value,
    validFrom: '2026-01-01T00:00:00.000Z',
    addedBy: 'analyst.diop',
    addedAt: '2025-12-20T10:00:00.000Z',
    ...overrides,
  };
}

/** A watchlist of importers. */
export function aWatchlist(overrides: Partial<Watchlist> = {}): Watchlist {
  return {
    id: 'L-IMP',
    name: 'Importers under watch',
    kind: 'importer',
    entries: [anEntry('IMP000001')],
    ...overrides,
  };
}

/** Lane parameters with no random quota, no top-up, no maximum of hits and no delay. */
export function someLaneParameters(overrides: Partial<LaneParameters> = {}): LaneParameters {
  return {
    expectedRate: { red: 0, yellow: 0, blue: 0 },
    minimumRandomRate: { red: 0, yellow: 0, blue: 0 },
    greenDelayMinutes: 0,
    ...overrides,
  };
}

/** A rule set of one profile holding the given criteria (by default, `aCriterion()`). */
export function aRuleSet(
  overrides: Partial<Omit<RuleSet, 'laneParameters'>> & {
    readonly criteria?: readonly Criterion[];
    readonly laneParameters?: { default?: LaneParameters; offices?: readonly OfficeLaneParameters[] };
  } = {},
): RuleSet {
  const { criteria, laneParameters, ...rest } = overrides;
  const profile: Profile = {
    id: 'P-VALUE',
    name: 'Valuation',
    active: true,
    criteria: criteria ?? [aCriterion()],
  };
  return {
    version: 1,
    name: 'Test rule set',
    profiles: [profile],
    lists: [],
    ...rest,
    laneParameters: {
      default: laneParameters?.default ?? someLaneParameters(),
      offices: laneParameters?.offices ?? [],
    },
  };
}

/** Compiles a rule set that a test expects to be valid; throws with its problems otherwise. */
export function compileOrThrow(ruleSet: RuleSet, options: CompileOptions = {}): SelectivityEvaluator {
  const compiled = compileRuleSet(ruleSet, options);
  if (!compiled.ok) throw new Error(`Invalid rule set: ${JSON.stringify(compiled.error)}`);
  return compiled.value;
}

/** A goods item: a Chinese car of 7,000,000 FCFA. */
export function anItem(overrides: Partial<SubjectItem> = {}): SubjectItem {
  return {
    tariffLine: '8703231900',
    origin: 'CN',
    description: 'Véhicule de tourisme, occasion',
    customsValue: 7_000_000,
    netMass: 1_200,
    quantity: 1,
    unitValue: 7_000_000,
    valuePerKg: 7_000_000 / 1_200,
    ...overrides,
  };
}

/** A file at the Dakar port office with one item (`anItem()`). */
export function aSubject(overrides: Partial<SelectivitySubject> = {}): SelectivitySubject {
  return {
    fileId: 'FILE-1',
    office: 'SNDKR1',
    procedure: '4000',
    transportMode: 'sea',
    importer: 'IMP000001',
    declarant: 'DECL042',
    seller: 'Ningbo Trading Co',
    departureCountry: 'CN',
    billsOfLading: ['MEDU12345678'],
    containers: ['CSQU3054383'],
    items: [anItem()],
    ...overrides,
  };
}
