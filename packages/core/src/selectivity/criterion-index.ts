/**
 * The index that makes assessment fast: a file is tested only against the criteria that can
 * possibly hit it. Item-level criteria whose condition implies tariff prefixes and origins are
 * filed under each (prefix, origin) pair; those that imply prefixes only, under (prefix, any
 * origin); those that imply origins only, by origin; the rest are tried for every item.
 * Criteria that test only file fields are tried once per file, those that imply an importer
 * (or a declarant) only for files of one of them.
 *
 * An ASYCUDA-style criterion (tariff prefix AND origin AND value threshold) is thus tried only
 * for items of its heading and origin. Finding them costs one hash lookup per prefix length in
 * use: up to 6 digits, the key packs the prefix read as an integer and the origin into one
 * small integer, so no string is built and no intermediate table is visited (assessment is
 * bound by memory reads far more than by arithmetic); longer prefixes (national lines) are
 * keyed by their digits and hold their few origins in a short list.
 */
import type { IndexHints } from './compile-condition.ts';

/**
 * The criteria filed under a prefix longer than 6 digits, flat so that one memory read brings
 * them all: groups of `[origin code (0: any origin), count, criterion...]`.
 */
export type LongPrefixGroups = readonly number[];

export interface CriterionIndex {
  /** Criteria that read no item field and imply no importer or declarant, tried once per file. */
  readonly fileLevel: readonly number[];
  /** Criteria that read no item field, by the importers (else declarants) they imply. */
  readonly byImporter: ReadonlyMap<string, readonly number[]>;
  readonly byDeclarant: ReadonlyMap<string, readonly number[]>;
  /** Per prefix length 1 to 6: item-level criteria by `packedKey(prefix, origin)` (origin 0: any). */
  readonly byShortPrefix: readonly (ReadonlyMap<number, readonly number[]> | undefined)[];
  /** Per prefix length 7 to 9: item-level criteria by the prefix read as an integer. */
  readonly byLongPrefix: readonly (ReadonlyMap<number, LongPrefixGroups> | undefined)[];
  /** Item-level criteria under a 10-digit line, by its text. */
  readonly byLine: ReadonlyMap<string, LongPrefixGroups>;
  /** The tariff prefix lengths in use, ascending. */
  readonly tariffLengths: readonly number[];
  /** Per prefix length: whether some criteria are filed under it for any origin. */
  readonly anyOriginAtLength: readonly boolean[];
  /** Item-level criteria without tariff prefixes but with origins, by `originCode`. */
  readonly byOrigin: readonly (readonly number[] | undefined)[];
  /** Item-level criteria that imply neither, tried for every item. */
  readonly everyItem: readonly number[];
}

/** What the index needs of a criterion: its position in the rule set and its hints. */
export interface IndexedCriterion {
  readonly index: number;
  readonly itemLevel: boolean;
  readonly hints: IndexHints;
}

/** The longest tariff prefix the index reads (national lines have at most 10 digits). */
const maxTariffLength = 10;
const originCodes = 26 * 26 + 1;

/** An ISO 3166-1 alpha-2 code as a number from 1 to 676; 0 for anything else. */
export function originCode(origin: string): number {
  if (origin.length !== 2) return 0;
  const first = origin.charCodeAt(0) - 65;
  const second = origin.charCodeAt(1) - 65;
  if (first < 0 || first > 25 || second < 0 || second > 25) return 0;
  return first * 26 + second + 1;
}

/** The key of a prefix of at most 6 digits (read as an integer) and an origin code: below 2^30, a small integer. */
export function packedKey(prefix: number, origin: number): number {
  return prefix * originCodes + origin;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const values = map.get(key);
  if (values === undefined) map.set(key, [value]);
  else if (values.at(-1) !== value) values.push(value);
}

/** Flattens the criteria of a long prefix, by origin code, into groups (see `LongPrefixGroups`). */
function flatten(byOrigin: Map<number, number[]>): number[] {
  const groups: number[] = [];
  for (const [origin, criteria] of byOrigin) groups.push(origin, criteria.length, ...criteria);
  return groups;
}

/** Builds the index of a set of criteria. Each criterion is filed wherever its hints place it. */
export function buildCriterionIndex(criteria: readonly IndexedCriterion[]): CriterionIndex {
  const fileLevel: number[] = [];
  const byImporter = new Map<string, number[]>();
  const byDeclarant = new Map<string, number[]>();
  const byShortPrefix = new Array<Map<number, number[]> | undefined>(7).fill(undefined);
  // Built by origin first, flattened at the end.
  const longPrefixes = new Array<Map<number, Map<number, number[]>> | undefined>(maxTariffLength).fill(
    undefined,
  );
  const lines = new Map<string, Map<number, number[]>>();
  const lengths = new Set<number>();
  const anyOriginAtLength = new Array<boolean>(maxTariffLength + 1).fill(false);
  const byOrigin = new Array<number[] | undefined>(originCodes).fill(undefined);
  const everyItem: number[] = [];

  const file = (prefix: string, origin: number, criterion: number): void => {
    lengths.add(prefix.length);
    if (origin === 0) anyOriginAtLength[prefix.length] = true;
    if (prefix.length <= 6) {
      const table = byShortPrefix[prefix.length] ?? new Map<number, number[]>();
      byShortPrefix[prefix.length] = table;
      push(table, packedKey(Number(prefix), origin), criterion);
      return;
    }
    let groups: Map<number, number[]> | undefined;
    if (prefix.length === maxTariffLength) {
      groups = lines.get(prefix) ?? new Map<number, number[]>();
      lines.set(prefix, groups);
    } else {
      const table = longPrefixes[prefix.length] ?? new Map<number, Map<number, number[]>>();
      longPrefixes[prefix.length] = table;
      groups = table.get(Number(prefix)) ?? new Map<number, number[]>();
      table.set(Number(prefix), groups);
    }
    push(groups, origin, criterion);
  };

  for (const criterion of criteria) {
    const { tariffPrefixes, origins, importers, declarants } = criterion.hints;
    if (!criterion.itemLevel) {
      if (importers !== null)
        for (const importer of new Set(importers)) push(byImporter, importer, criterion.index);
      else if (declarants !== null) {
        for (const declarant of new Set(declarants)) push(byDeclarant, declarant, criterion.index);
      } else fileLevel.push(criterion.index);
      continue;
    }
    // Origins outside ISO alpha-2 cannot be packed in a key: index such a criterion on prefixes alone.
    const codes = origins?.map(originCode) ?? null;
    const packable = codes !== null && codes.every((code) => code > 0) ? [...new Set(codes)] : null;
    const prefixes =
      tariffPrefixes?.every((prefix) => /^\d{1,10}$/.test(prefix)) === true ? tariffPrefixes : null;
    if (prefixes !== null) {
      for (const prefix of new Set(prefixes)) {
        for (const origin of packable ?? [0]) file(prefix, origin, criterion.index);
      }
    } else if (packable !== null) {
      for (const code of packable) {
        const filed = byOrigin[code] ?? [];
        if (filed.at(-1) !== criterion.index) filed.push(criterion.index);
        byOrigin[code] = filed;
      }
    } else everyItem.push(criterion.index);
  }
  return {
    fileLevel,
    byImporter,
    byDeclarant,
    byShortPrefix,
    byLongPrefix: longPrefixes.map((table) =>
      table === undefined
        ? undefined
        : new Map([...table].map(([prefix, groups]) => [prefix, flatten(groups)])),
    ),
    byLine: new Map([...lines].map(([line, groups]) => [line, flatten(groups)])),
    tariffLengths: [...lengths].sort((a, b) => a - b),
    anyOriginAtLength,
    byOrigin,
    everyItem,
  };
}

/**
 * Where the candidates of an item are: `count` runs, run i being `lists[i]` from `starts[i]`
 * (inclusive) to `ends[i]` (exclusive). Reused from item to item: nothing is allocated.
 */
export interface CandidateRuns {
  readonly lists: (readonly number[])[];
  readonly starts: number[];
  readonly ends: number[];
}

function addRun(
  runs: CandidateRuns,
  count: number,
  list: readonly number[],
  start: number,
  end: number,
): number {
  runs.lists[count] = list;
  runs.starts[count] = start;
  runs.ends[count] = end;
  return count + 1;
}

/**
 * Fills `runs` with the criteria filed under the prefixes of an item's tariff line (for its
 * origin, and for any origin), shortest prefix first, and returns how many runs. Stops at the
 * first character that is not a digit. Allocates nothing: it is on the hot path.
 */
export function tariffCandidates(
  index: CriterionIndex,
  line: string,
  origin: number,
  runs: CandidateRuns,
): number {
  const lengths = index.tariffLengths;
  let next = 0;
  let prefix = 0;
  let count = 0;
  for (let position = 0; position < line.length && next < lengths.length; position += 1) {
    const digit = line.charCodeAt(position) - 48;
    if (digit < 0 || digit > 9) break;
    prefix = prefix * 10 + digit;
    const length = position + 1;
    if (length !== lengths[next]) continue;
    next += 1;
    if (length <= 6) {
      const table = index.byShortPrefix[length];
      if (table === undefined) continue;
      if (origin > 0) {
        const filed = table.get(packedKey(prefix, origin));
        if (filed !== undefined) count = addRun(runs, count, filed, 0, filed.length);
      }
      if (index.anyOriginAtLength[length] === true) {
        const filed = table.get(packedKey(prefix, 0));
        if (filed !== undefined) count = addRun(runs, count, filed, 0, filed.length);
      }
      continue;
    }
    const groups =
      length < maxTariffLength
        ? index.byLongPrefix[length]?.get(prefix)
        : index.byLine.get(line.length === length ? line : line.slice(0, length));
    if (groups === undefined) continue;
    for (let at = 0; at < groups.length;) {
      const groupOrigin = groups[at] as number;
      const size = groups[at + 1] as number;
      if (groupOrigin === 0 || (origin > 0 && groupOrigin === origin)) {
        count = addRun(runs, count, groups, at + 2, at + 2 + size);
      }
      at += 2 + size;
    }
  }
  return count;
}
