/**
 * Profiles and rule sets. A profile groups criteria (a risk area: valuation, origin,
 * narcotics...); a rule set is what an administration puts in force at once: its profiles, the
 * watchlists they use and, per office, the lane parameters of ASYCUDA selectivity (expected
 * rate, minimum random rate, maximum number of criteria hit without selection), with a version
 * number that every assessment records.
 */
import { z } from 'zod';
import type { Problem } from '../shared/error-codes.ts';
import { encodeExpectation, expect, integer, officeCode, partyCode, text } from '../shared/fields.ts';
import { parseDocument } from '../shared/parse.ts';
import { toJsonPointer } from '../shared/problems.ts';
import { err, type Result } from '../shared/result.ts';
import { criterionSchema, type Criterion } from './criterion.ts';
import { listKinds, type ListKind } from './selectivity-fields.ts';
import { watchlistSchema, type Watchlist } from './watchlist.ts';

export interface Profile {
  readonly id: string;
  readonly name: string;
  /** An inactive profile is kept and validated, but none of its criteria is evaluated. */
  readonly active: boolean;
  readonly criteria: readonly Criterion[];
}

/** A percentage (0 to 100) per lane that can be selected. */
export interface LaneRates {
  readonly red: number;
  readonly yellow: number;
  readonly blue: number;
}

/** The lane parameters of one office (ASYCUDA selectivity, per office and lane). */
export interface LaneParameters {
  /**
   * The share of files the office has capacity to control in each lane (percent). Files that
   * neither criteria nor random selection picked are topped up toward it, red first.
   */
  readonly expectedRate: LaneRates;
  /**
   * The share of all files drawn at random for each lane (percent): an unbiased control sample
   * against which targeted selections are measured (GAO's advice to CBP; DOMAIN.md).
   */
  readonly minimumRandomRate: LaneRates;
  /**
   * A file that hits more than this many criteria whose draws did not select it is selected
   * anyway, for the strictest lane among its hits. Absent: no such limit.
   */
  readonly maxHitsWithoutSelection?: number | undefined;
  /** A yellow file not yet checked rolls to blue this many days after assessment. Absent: never. */
  readonly yellowToBlueDays?: number | undefined;
  /** A green file is releasable this many minutes after assessment, so that an officer can re-route it. */
  readonly greenDelayMinutes: number;
}

/** An office's own lane parameters. */
export interface OfficeLaneParameters extends LaneParameters {
  readonly office: string;
}

export interface RuleSet {
  /** Increases with each change put in force; every assessment records it, for replay. */
  readonly version: number;
  readonly name: string;
  readonly profiles: readonly Profile[];
  readonly lists: readonly Watchlist[];
  readonly laneParameters: {
    /** For every office without its own. */
    readonly default: LaneParameters;
    readonly offices: readonly OfficeLaneParameters[];
  };
}

const percent = z
  .number()
  .min(0, expect('selectivity_number_range', { min: 0, max: 100 }))
  .max(100, expect('selectivity_number_range', { min: 0, max: 100 }));

const laneRates = z
  .strictObject({ red: percent, yellow: percent, blue: percent })
  .superRefine((rates, ctx) => {
    const total = rates.red + rates.yellow + rates.blue;
    if (Number.isFinite(total) && total > 100) {
      ctx.addIssue({
        code: 'custom',
        message: encodeExpectation('selectivity_rates_total', { total }),
        input: rates,
      });
    }
  });

const laneParameterFields = {
  expectedRate: laneRates,
  minimumRandomRate: laneRates,
  maxHitsWithoutSelection: integer(0, 1000).optional(),
  yellowToBlueDays: integer(1, 365).optional(),
  greenDelayMinutes: integer(0, 1440),
};

/** The schema of an office's lane parameters. */
export const laneParametersSchema = z.strictObject(laneParameterFields);

/** The entries of a list-valued property of a value that may not have passed validation. */
function entriesOf(value: unknown, key: string): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  const entries = (value as Record<string, unknown>)[key];
  return Array.isArray(entries) ? entries : [];
}

/** A string property of a value that may not have passed validation. */
function stringOf(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : undefined;
}

/** Problems for every repeated id among `{ id, path }` pairs. */
function duplicates(ids: readonly { id: string | undefined; path: PropertyKey[] }[]): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const { id, path } of ids) {
    if (id === undefined) continue;
    if (seen.has(id)) {
      problems.push({
        path: toJsonPointer(path),
        value: id,
        code: 'no_duplicates',
        params: { duplicate: id },
      });
    }
    seen.add(id);
  }
  return problems;
}

/**
 * The ids a rule set repeats (profiles, lists, offices of lane parameters, criteria across
 * profiles). Read from the raw input, so that they are reported with every other problem even
 * when parts of the rule set are invalid.
 */
function duplicateIds(ruleSet: unknown): Problem[] {
  const profiles = entriesOf(ruleSet, 'profiles');
  const parameters = (ruleSet as { laneParameters?: unknown } | null)?.laneParameters;
  return [
    ...duplicates(
      profiles.map((profile, index) => ({ id: stringOf(profile, 'id'), path: ['profiles', index, 'id'] })),
    ),
    ...duplicates(
      entriesOf(ruleSet, 'lists').map((list, index) => ({
        id: stringOf(list, 'id'),
        path: ['lists', index, 'id'],
      })),
    ),
    ...duplicates(
      entriesOf(parameters, 'offices').map((office, index) => ({
        id: stringOf(office, 'office'),
        path: ['laneParameters', 'offices', index, 'office'],
      })),
    ),
    ...duplicates(
      profiles.flatMap((profile, profileIndex) =>
        entriesOf(profile, 'criteria').map((criterion, criterionIndex) => ({
          id: stringOf(criterion, 'id'),
          path: ['profiles', profileIndex, 'criteria', criterionIndex, 'id'],
        })),
      ),
    ),
  ];
}

/** The schema of a rule set whose lists (id → kind) are those given (ids are checked apart). */
function ruleSetSchema(lists: ReadonlyMap<string, ListKind>): z.ZodType<RuleSet> {
  const profile = z.strictObject({
    id: partyCode,
    name: text(1, 140),
    active: z.boolean().default(true),
    criteria: z.array(criterionSchema(lists)).max(100_000, expect('list_length', { min: 0, max: 100_000 })),
  });
  return z.strictObject({
    version: integer(1, 2_147_483_647),
    name: text(1, 140),
    profiles: z.array(profile).max(1000, expect('list_length', { min: 0, max: 1000 })),
    lists: z.array(watchlistSchema).max(10_000, expect('list_length', { min: 0, max: 10_000 })),
    laneParameters: z.strictObject({
      default: laneParametersSchema,
      offices: z.array(z.strictObject({ office: officeCode, ...laneParameterFields })).default([]),
    }),
  });
}

/**
 * The lists a raw rule set declares (id → kind), read leniently before validation so that the
 * conditions can be checked against them in the same pass.
 */
export function declaredListKinds(input: unknown): Map<string, ListKind> {
  const kinds = new Map<string, ListKind>();
  if (typeof input !== 'object' || input === null || !('lists' in input) || !Array.isArray(input.lists)) {
    return kinds;
  }
  for (const list of input.lists as unknown[]) {
    if (typeof list !== 'object' || list === null) continue;
    const { id, kind } = list as { id?: unknown; kind?: unknown };
    if (typeof id === 'string' && (listKinds as readonly unknown[]).includes(kind)) {
      kinds.set(id, kind as ListKind);
    }
  }
  return kinds;
}

/**
 * Validates a rule set (as JSON data) on save: the rule set, or every problem found, each with
 * its JSON Pointer (unknown field, operator not allowed for a field, value of the wrong type,
 * unknown list, percentage out of range, validTo not after validFrom, duplicate ids...).
 * Never throws.
 */
export function parseRuleSet(input: unknown): Result<RuleSet, Problem[]> {
  const parsed = parseDocument(ruleSetSchema(declaredListKinds(input)), input);
  const repeated = duplicateIds(input);
  if (repeated.length === 0) return parsed;
  return err([...(parsed.ok ? [] : parsed.error), ...repeated]);
}

/** Validates one watchlist on save. Never throws. */
export function parseWatchlist(input: unknown): Result<Watchlist, Problem[]> {
  return parseDocument(watchlistSchema, input);
}
