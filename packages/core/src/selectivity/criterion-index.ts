/**
 * The index that makes assessment fast: a file is tested only against the criteria that can
 * possibly hit it. Item-level criteria whose condition implies tariff prefixes and origins are
 * filed under each (prefix, origin) pair; those that imply prefixes only, under (prefix, any
 * origin); those that imply origins only, by origin; the rest are tried for every item.
 * Criteria that test only file fields are tried once per file, those that imply an importer
 * (or a declarant) only for files of one of them.
 *
 * An ASYCUDA-style criterion (tariff prefix AND origin AND value threshold) is thus tried only
 * for items of its heading and origin, and then tests its value threshold alone: each candidate
 * is filed with the program to run for it, and one found under a (prefix, origin) key runs its
 * condition less the predicates that key proves (see `IndexedCriterion`).
 *
 * Assessment is bound by memory reads far more than by arithmetic, so the index is laid out for
 * few of them: every candidate list is a run of one flat array of (criterion, program) pairs;
 * (prefix, origin) pairs are two integers (the prefix read as a number, no string
 * built) in one open-addressing table; and each table has a small bit filter in front, one bit
 * per hashed key, that answers most lookups (a tariff line of no criterion, an importer on no
 * list) from the processor's cache without touching the table. An item's tariff line is read
 * once, into the value of each of its prefixes (`lineKeys`); the table of hand-written criteria
 * also has a gate by heading and origin, so that a line of a heading no criterion names costs
 * one test rather than one lookup per prefix length.
 */
import type { IndexHints } from './compile-condition.ts';
import { hashPair, hashText } from './hashing.ts';

/**
 * What the index needs of a criterion: its position in the rule set, its hints, and where its
 * condition starts in the program, in full and for the items the index already knows more of.
 */
export interface IndexedCriterion {
  readonly index: number;
  readonly itemLevel: boolean;
  readonly hints: IndexHints;
  /** The whole condition: for a criterion found by importer, declarant, origin alone, or for every item. */
  readonly root: number;
  /** The condition less the tariff prefix predicates that a key of its `tariffPrefixes` proves. */
  readonly lineRoot: number;
  /** As `lineRoot`, less the origin predicates that a key also holding one of its `origins` proves. */
  readonly lineOriginRoot: number;
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

/** The size of a bit filter for `keys` keys: about 8 bits per key (false positives below about 12%). */
function filterBits(keys: number): number {
  let bits = 1024;
  while (bits < keys * 8 && bits < 1 << 24) bits *= 2;
  return bits;
}

function setBit(words: Int32Array, bit: number): void {
  words[bit >>> 5] = (words[bit >>> 5] as number) | (1 << (bit & 31));
}

/**
 * Candidate runs by string key (importers, declarants), behind a filter of one bit per hashed
 * key: a clear bit proves the key absent without touching the map.
 */
class TextRuns {
  private readonly filter: Int32Array;
  private readonly filterMask: number;
  private readonly runs: ReadonlyMap<string, number>;

  constructor(runs: ReadonlyMap<string, number>) {
    this.runs = runs;
    const bits = filterBits(runs.size);
    this.filter = new Int32Array(bits >>> 5);
    this.filterMask = bits - 1;
    for (const key of runs.keys()) setBit(this.filter, hashText(key) & this.filterMask);
  }

  /** The run filed under a key, or -1. */
  find(key: string): number {
    if (this.runs.size === 0) return -1;
    const bit = hashText(key) & this.filterMask;
    if (((this.filter[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return -1;
    return this.runs.get(key) ?? -1;
  }
}

/**
 * Candidate runs by a pair of integers, in one open-addressing table (linear probing, at most
 * three quarters full) of 16-byte slots: the pair, then where its run starts and ends (end 0:
 * an empty slot), so that a match reads one memory line. A filter of one bit per hashed pair
 * in front answers most lookups of absent pairs.
 */
class PairRuns {
  private readonly filter: Int32Array;
  private readonly filterMask: number;
  private readonly slots: Int32Array;
  private readonly mask: number;
  readonly size: number;

  constructor(entries: readonly (readonly [a: number, b: number, start: number, end: number])[]) {
    let capacity = 16;
    while (capacity * 3 < entries.length * 4) capacity *= 2;
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
    this.size = entries.length;
    const bits = filterBits(entries.length);
    this.filter = new Int32Array(bits >>> 5);
    this.filterMask = bits - 1;
    for (const [a, b, start, end] of entries) {
      const hash = hashPair(a, b);
      setBit(this.filter, hash & this.filterMask);
      let slot = (hash >>> 7) & this.mask;
      while (this.slots[slot * 4 + 3] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 4] = a;
      this.slots[slot * 4 + 1] = b;
      this.slots[slot * 4 + 2] = start;
      this.slots[slot * 4 + 3] = end;
    }
  }

  /**
   * Where the slot of (a, b) is in `slots` (its run: `slots[at + 2] .. slots[at + 3]`), or -1.
   * `b` is never 0, so an empty slot never matches.
   */
  find(a: number, b: number): number {
    const hash = hashPair(a, b);
    const bit = hash & this.filterMask;
    if (((this.filter[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return -1;
    const slots = this.slots;
    for (let slot = (hash >>> 7) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      if (slots[at] === a && slots[at + 1] === b) return at;
      if (slots[at + 3] === 0) return -1;
    }
  }

  /** The start of the run of a slot found. */
  start(at: number): number {
    return this.slots[at + 2] as number;
  }

  /** The end of the run of a slot found. */
  end(at: number): number {
    return this.slots[at + 3] as number;
  }
}

/**
 * The key of a tariff prefix (1 to 10 digits) and an origin code (0: any origin), as two
 * integers: its first 9 digits read as a number, and its length, tenth digit and origin packed.
 */
function tariffKey(prefix: string, origin: number): readonly [number, number] {
  const tenth = prefix.length === maxTariffLength ? prefix.charCodeAt(9) - 48 : 0;
  return [Number(prefix.slice(0, 9)), prefix.length | (tenth << 4) | (origin << 8)];
}

/**
 * Above this many tariff prefixes, a criterion is filed in a table of its own kind (its prefixes
 * are a watchlist's, thousands of national lines): the table of the others, a few thousand keys
 * of criteria written by hand, then stays small enough to stay in the processor's cache.
 */
const maxHandWrittenPrefixes = 64;

/** Criteria filed under tariff keys, being built: each key's run, the prefix lengths in use. */
interface TariffFiling {
  readonly runs: number[][];
  readonly byKey: Map<string, { a: number; b: number; run: number[] }>;
  readonly lengths: Set<number>;
  readonly anyOriginAtLength: Uint8Array;
}

function tariffFiling(): TariffFiling {
  return {
    runs: [],
    byKey: new Map(),
    lengths: new Set(),
    anyOriginAtLength: new Uint8Array(maxTariffLength + 1),
  };
}

/** The shortest prefix the heading gate of a `TariffTable` covers: a heading (4 digits). */
const gateLength = 4;

/** Criteria by `tariffKey(prefix, origin)`, with the prefix lengths to look up. */
class TariffTable {
  private readonly pairs: PairRuns;
  /** The prefix lengths in use, ascending. */
  private readonly lengths: Int32Array;
  /** Per prefix length: whether some criteria are filed under it for any origin. */
  private readonly anyOriginAtLength: Uint8Array;
  /**
   * A filter of one bit per (heading, origin code) under which some key of 4 digits or more is
   * filed (origin 0: any origin), or null when the table has fewer than two such lengths. A
   * clear bit proves that none of the longer prefixes of a line is filed for that origin: one
   * test in place of one lookup per length (most lines are of headings no criterion names).
   */
  private readonly gate: Int32Array | null;
  private readonly gateMask: number;

  constructor(filing: TariffFiling, runStart: (run: number[]) => number, runEnd: (run: number[]) => number) {
    const entries = [...filing.byKey.values()];
    this.pairs = new PairRuns(entries.map(({ a, b, run }) => [a, b, runStart(run), runEnd(run)] as const));
    this.lengths = new Int32Array([...filing.lengths].sort((x, y) => x - y));
    this.anyOriginAtLength = filing.anyOriginAtLength;
    if (this.lengths.filter((length) => length >= gateLength).length < 2) {
      this.gate = null;
      this.gateMask = 0;
      return;
    }
    const gated = entries.filter(({ b }) => (b & 15) >= gateLength);
    const bits = filterBits(gated.length);
    this.gate = new Int32Array(bits >>> 5);
    this.gateMask = bits - 1;
    for (const { a, b } of gated) {
      const length = b & 15;
      const heading = Math.floor(
        a / (powersOfTen[Math.min(length, maxTariffLength - 1) - gateLength] as number),
      );
      setBit(this.gate, hashPair(heading, b >>> 8) & this.gateMask);
    }
  }

  /** Whether the gate lets a line of this heading and origin code (0: any) through. */
  private opens(gate: Int32Array, heading: number, origin: number): boolean {
    const bit = hashPair(heading, origin) & this.gateMask;
    return ((gate[bit >>> 5] as number) & (1 << (bit & 31))) !== 0;
  }

  /**
   * Writes to `out`, from `count` on, where the runs filed under the prefixes of a line start
   * and end, for its origin code and for any origin, shortest prefix first; returns the new
   * count (of numbers written). The line comes as its `LineKeys` at `keys[at ..]`. Allocates
   * nothing and computes no prefix: it is on the hot path.
   */
  collect(keys: Int32Array, at: number, origin: number, out: Int32Array, count: number): number {
    const lengths = this.lengths;
    const table = this.pairs;
    if (table.size === 0) return count;
    let digits = keys[at] as number;
    const gate = this.gate;
    if (gate !== null && digits >= gateLength) {
      // Past the gate, only the prefixes shorter than a heading when it is closed.
      const heading = keys[at + gateLength] as number;
      if (!this.opens(gate, heading, origin) && !this.opens(gate, heading, 0)) digits = gateLength - 1;
    }
    let written = count;
    for (let next = 0; next < lengths.length; next += 1) {
      const length = lengths[next] as number;
      if (length > digits) break;
      // The key of the prefix of this length: its digits (the first 9 for a 10-digit prefix),
      // and its length with the tenth digit.
      const prefix = keys[at + (length < maxTariffLength ? length : maxTariffLength - 1)] as number;
      const packed =
        length === maxTariffLength ? length | ((keys[at + maxTariffLength] as number) << 4) : length;
      if (origin > 0) {
        const slot = table.find(prefix, packed | (origin << 8));
        if (slot >= 0) {
          out[written] = table.start(slot);
          out[written + 1] = table.end(slot);
          written += 2;
        }
      }
      if (this.anyOriginAtLength[length] === 1) {
        const slot = table.find(prefix, packed);
        if (slot >= 0) {
          out[written] = table.start(slot);
          out[written + 1] = table.end(slot);
          written += 2;
        }
      }
    }
    return written;
  }
}

/** The criteria indexed, as runs of (criterion, program root) pairs in one flat array. */
export class CriterionIndex {
  /**
   * Every run, one after another; run r is `candidates[runStart[r] .. runEnd[r])`: a criterion's
   * index, then where the program to run for it starts, side by side (read from one memory line).
   */
  readonly candidates: Int32Array;
  readonly runStart: Int32Array;
  readonly runEnd: Int32Array;
  /** Criteria that read no item field and imply no importer or declarant: tried once per file (-1: none). */
  readonly fileLevel: number;
  /** Item-level criteria that imply neither tariff prefixes nor origins: tried for every item (-1: none). */
  readonly everyItem: number;
  /** Item-level criteria without tariff prefixes but with origins, by `originCode` (-1: none). */
  private readonly byOrigin: Int32Array;
  /** Criteria that read no item field, by the importers (else declarants) they imply. */
  private readonly byImporter: TextRuns;
  private readonly byDeclarant: TextRuns;
  /** Item-level criteria by `tariffKey(prefix, origin)`: those of a few prefixes... */
  private readonly byTariff: TariffTable;
  /** ...and those of many (`maxHandWrittenPrefixes`), whose runs are laid out after all others. */
  private readonly byListedTariff: TariffTable;

  /** Builds the index of a set of criteria. Each criterion is filed wherever its hints place it. */
  constructor(criteria: readonly IndexedCriterion[]) {
    const runs: number[][] = [];
    const newRun = (): number[] => {
      const run: number[] = [];
      runs.push(run);
      return run;
    };
    const fileLevel = newRun();
    const everyItem = newRun();
    const byImporter = new Map<string, number[]>();
    const byDeclarant = new Map<string, number[]>();
    const byOrigin = new Map<number, number[]>();
    const byTariff = tariffFiling();
    const byListedTariff = tariffFiling();
    /** Adds a criterion to a run, once, with the program root to run for it. */
    const add = (run: number[], criterion: number, root: number): void => {
      if (run.at(-2) !== criterion) run.push(criterion, root);
    };
    const file = <K>(table: Map<K, number[]>, key: K, criterion: number, root: number): void => {
      let run = table.get(key);
      if (run === undefined) {
        run = newRun();
        table.set(key, run);
      }
      add(run, criterion, root);
    };

    for (const criterion of criteria) {
      const { tariffPrefixes, origins, importers, declarants } = criterion.hints;
      if (!criterion.itemLevel) {
        if (importers !== null) {
          for (const importer of importers) file(byImporter, importer, criterion.index, criterion.root);
        } else if (declarants !== null) {
          for (const declarant of declarants) file(byDeclarant, declarant, criterion.index, criterion.root);
        } else add(fileLevel, criterion.index, criterion.root);
        continue;
      }
      // Origins outside ISO alpha-2 have no code: index such a criterion on prefixes alone.
      const codes = origins?.map(originCode) ?? null;
      const packable = codes !== null && codes.every((code) => code > 0) ? [...new Set(codes)] : null;
      const prefixes =
        tariffPrefixes?.every((prefix) => /^\d{1,10}$/.test(prefix)) === true ? tariffPrefixes : null;
      if (prefixes !== null) {
        const filing = prefixes.length > maxHandWrittenPrefixes ? byListedTariff : byTariff;
        const root = packable === null ? criterion.lineRoot : criterion.lineOriginRoot;
        for (const prefix of new Set(prefixes)) {
          filing.lengths.add(prefix.length);
          for (const origin of packable ?? [0]) {
            if (origin === 0) filing.anyOriginAtLength[prefix.length] = 1;
            const [a, b] = tariffKey(prefix, origin);
            let entry = filing.byKey.get(`${a}:${b}`);
            if (entry === undefined) {
              const run: number[] = [];
              filing.runs.push(run);
              entry = { a, b, run };
              filing.byKey.set(`${a}:${b}`, entry);
            }
            add(entry.run, criterion.index, root);
          }
        }
      } else if (packable !== null) {
        for (const code of packable) file(byOrigin, code, criterion.index, criterion.root);
      } else add(everyItem, criterion.index, criterion.root);
    }

    // Runs filed by tariff line follow the others, those of many prefixes last: the runs most
    // tried sit together.
    runs.push(...byTariff.runs, ...byListedTariff.runs);
    const runIds = new Map<number[], number>(runs.map((run, id) => [run, id]));
    const idOf = (run: number[]): number => runIds.get(run) ?? -1;
    this.candidates = new Int32Array(runs.flat());
    this.runStart = new Int32Array(runs.length);
    this.runEnd = new Int32Array(runs.length);
    let start = 0;
    runs.forEach((run, id) => {
      this.runStart[id] = start;
      start += run.length;
      this.runEnd[id] = start;
    });
    this.fileLevel = fileLevel.length > 0 ? idOf(fileLevel) : -1;
    this.everyItem = everyItem.length > 0 ? idOf(everyItem) : -1;
    this.byOrigin = new Int32Array(originCodes).fill(-1);
    for (const [code, run] of byOrigin) this.byOrigin[code] = idOf(run);
    this.byImporter = new TextRuns(new Map([...byImporter].map(([key, run]) => [key, idOf(run)])));
    this.byDeclarant = new TextRuns(new Map([...byDeclarant].map(([key, run]) => [key, idOf(run)])));
    const runStart = (run: number[]): number => this.runStart[idOf(run)] as number;
    const runEnd = (run: number[]): number => this.runEnd[idOf(run)] as number;
    this.byTariff = new TariffTable(byTariff, runStart, runEnd);
    this.byListedTariff = new TariffTable(byListedTariff, runStart, runEnd);
  }

  /** The run of file-level criteria filed under an importer, or -1. */
  importerRun(importer: string): number {
    return this.byImporter.find(importer);
  }

  /** The run of file-level criteria filed under a declarant, or -1. */
  declarantRun(declarant: string): number {
    return this.byDeclarant.find(declarant);
  }

  /** The run of item-level criteria filed under an origin code alone, or -1. */
  originRun(origin: number): number {
    return this.byOrigin[origin] ?? -1;
  }

  /**
   * Writes to `out` where the runs filed under the prefixes of an item's tariff line start and
   * end in `candidates` (for its origin code, and for any origin), as pairs, and returns how
   * many pairs (at most two per prefix length in use in each of the two tables: size `out` for
   * 2 × 2 × 2 × 10 numbers). The line comes as its `LineKeys` at `keys[at ..]`. Allocates nothing: it is on the
   * hot path.
   */
  tariffRuns(keys: Int32Array, at: number, origin: number, out: Int32Array): number {
    const count = this.byTariff.collect(keys, at, origin, out, 0);
    return this.byListedTariff.collect(keys, at, origin, out, count) >> 1;
  }
}

/**
 * How many numbers `lineKeys` writes per line: how many leading digits it has (at most 10, the
 * longest prefix the index reads), then the value of each of its prefixes of 1 to 9 digits, then
 * its tenth digit.
 */
export const lineKeyCount = maxTariffLength + 1;

const powersOfTen = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * Reads the leading digits of a tariff line once per item, into `keys[at .. at + lineKeyCount)`
 * (see `lineKeyCount`): every prefix's key is then one read, where working it out for each
 * prefix length looked up would divide again and again. A line without a leading digit, or no
 * line (undefined), has 0 digits: no prefix of it is looked up.
 */
export function lineKeys(line: string | undefined, keys: Int32Array, at: number): void {
  let value = 0;
  let digits = 0;
  keys[at + maxTariffLength] = 0;
  if (line === undefined) {
    keys[at] = 0;
    return;
  }
  for (; digits < line.length && digits < maxTariffLength; digits += 1) {
    const digit = line.charCodeAt(digits) - 48;
    if (digit < 0 || digit > 9) break;
    if (digits < maxTariffLength - 1) {
      value = value * 10 + digit;
      keys[at + digits + 1] = value;
    } else keys[at + maxTariffLength] = digit;
  }
  keys[at] = digits;
}
