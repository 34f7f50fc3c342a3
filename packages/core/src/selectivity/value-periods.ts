/**
 * The values of one watchlist and their validity periods, in a compact hash table, for the
 * question asked on the hot path of assessment: is this value on the list at this instant?
 * Each slot of the table is one record of eight numbers (64 bytes, one memory line) holding
 * the value's hash, its length, its characters (up to 12, three to a number) and its one
 * period, so a lookup usually reads one line; a `Map` of values to arrays of periods reads four
 * to six (bucket, entry, key, array, elements), and lists are too many and too large to stay
 * in the processor's cache. Longer values are compared with their text, kept aside; a value
 * listed several times has its periods kept aside too.
 *
 * A tariff-line list holds digit prefixes (chapters, headings, subheadings, national lines):
 * its table is keyed by the prefix read as a number and its length, and a line is looked up
 * once per prefix length the list holds.
 */
import { hashPair, hashText, tableCapacity } from './hashing.ts';

/** Validity periods of one value, flattened: [from, to, from, to, ...] in milliseconds. */
export type Periods = readonly number[];

/** Numbers per slot of a table of texts: hash, length + 1 (0: empty), 4 words of characters, period. */
const textStride = 8;
/** The longest text kept in its slot (3 UTF-16 code units per number, exact below 2^53). */
const inlineLength = 12;

/**
 * Where a slot's period is: from and to, or (from NaN) where its periods start in the periods
 * kept aside, as [count, from, to, from, to...].
 */
function storePeriods(slots: Float64Array, at: number, periods: Periods, aside: number[]): void {
  if (periods.length === 2) {
    slots[at] = periods[0] as number;
    slots[at + 1] = periods[1] as number;
    return;
  }
  slots[at] = Number.NaN;
  slots[at + 1] = aside.length;
  aside.push(periods.length / 2, ...periods);
}

function isWithin(slots: Float64Array, at: number, aside: Float64Array, instant: number): boolean {
  const from = slots[at] as number;
  if (!Number.isNaN(from)) return from <= instant && instant < (slots[at + 1] as number);
  const start = slots[at + 1] as number;
  const end = start + 1 + 2 * (aside[start] as number);
  for (let index = start + 1; index < end; index += 2) {
    if ((aside[index] as number) <= instant && instant < (aside[index + 1] as number)) return true;
  }
  return false;
}

/** The characters `[3 word, 3 word + 3)` of a text as one number (0 past its end). */
function packedWord(text: string, word: number): number {
  const first = word * 3;
  const a = text.charCodeAt(first);
  const b = first + 1 < text.length ? text.charCodeAt(first + 1) : 0;
  const c = first + 2 < text.length ? text.charCodeAt(first + 2) : 0;
  return a * 4294967296 + b * 65536 + c;
}

/** Texts (codes, numbers, normalised names) and their validity periods. */
export class TextPeriods {
  private readonly slots: Float64Array;
  private readonly mask: number;
  /** Texts longer than `inlineLength`, by the index their slot holds in its first word. */
  private readonly longTexts: string[] = [];
  private readonly aside: Float64Array;

  constructor(periodsByText: ReadonlyMap<string, Periods>) {
    const capacity = tableCapacity(periodsByText.size);
    this.slots = new Float64Array(capacity * textStride);
    this.mask = capacity - 1;
    const aside: number[] = [];
    for (const [text, periods] of periodsByText) {
      const hash = hashText(text);
      let slot = hash & this.mask;
      while (this.slots[slot * textStride + 1] !== 0) slot = (slot + 1) & this.mask;
      const at = slot * textStride;
      this.slots[at] = hash;
      this.slots[at + 1] = text.length + 1;
      if (text.length > inlineLength) {
        this.slots[at + 2] = this.longTexts.length;
        this.longTexts.push(text);
      } else {
        for (let word = 0; word * 3 < text.length; word += 1)
          this.slots[at + 2 + word] = packedWord(text, word);
      }
      storePeriods(this.slots, at + 6, periods, aside);
    }
    this.aside = new Float64Array(aside);
  }

  /** Whether `text` is held with a period that contains `at` (ms since the epoch). Never throws. */
  holds(text: string, at: number): boolean {
    const hash = hashText(text);
    const slots = this.slots;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const base = slot * textStride;
      const length = slots[base + 1] as number;
      if (length === 0) return false;
      if (slots[base] === hash && length === text.length + 1 && this.sameText(base, text)) {
        return isWithin(slots, base + 6, this.aside, at);
      }
    }
  }

  private sameText(base: number, text: string): boolean {
    if (text.length > inlineLength) return this.longTexts[this.slots[base + 2] as number] === text;
    for (let word = 0; word * 3 < text.length; word += 1) {
      if (this.slots[base + 2 + word] !== packedWord(text, word)) return false;
    }
    return true;
  }
}

/** Numbers per slot of a table of digit prefixes: the prefix's key (two numbers), period. */
const prefixStride = 4;
const maxPrefixLength = 10;

/**
 * The key of a digit prefix of 1 to 10 digits as two integers: its first 9 digits read as a
 * number, and its length with its tenth digit (never 0, so an empty slot never matches).
 */
function prefixKey(prefix: string): readonly [number, number] {
  const tenth = prefix.length === maxPrefixLength ? prefix.charCodeAt(9) - 48 : 0;
  return [Number(prefix.slice(0, 9)), prefix.length | (tenth << 4)];
}

/** Digit prefixes (1 to 10 digits, validated by the caller) and their validity periods. */
export class PrefixPeriods {
  private readonly slots: Float64Array;
  private readonly mask: number;
  private readonly aside: Float64Array;
  /** The prefix lengths held, ascending. */
  private readonly lengths: Int32Array;

  constructor(periodsByPrefix: ReadonlyMap<string, Periods>) {
    const capacity = tableCapacity(periodsByPrefix.size);
    this.slots = new Float64Array(capacity * prefixStride);
    this.mask = capacity - 1;
    const aside: number[] = [];
    const lengths = new Set<number>();
    for (const [prefix, periods] of periodsByPrefix) {
      lengths.add(prefix.length);
      const [a, b] = prefixKey(prefix);
      let slot = hashPair(a, b) & this.mask;
      while (this.slots[slot * prefixStride + 1] !== 0) slot = (slot + 1) & this.mask;
      const at = slot * prefixStride;
      this.slots[at] = a;
      this.slots[at + 1] = b;
      storePeriods(this.slots, at + 2, periods, aside);
    }
    this.aside = new Float64Array(aside);
    this.lengths = new Int32Array([...lengths].sort((x, y) => x - y));
  }

  /**
   * Whether a prefix of `line` held is valid at `at`: one lookup per prefix length held, no
   * string built. Stops at the first character that is not a digit. Never throws.
   */
  holdsPrefixOf(line: string, at: number): boolean {
    const lengths = this.lengths;
    let next = 0;
    let prefix = 0;
    for (let position = 0; position < line.length && next < lengths.length; position += 1) {
      const digit = line.charCodeAt(position) - 48;
      if (digit < 0 || digit > 9) return false;
      const length = position + 1;
      if (length < maxPrefixLength) prefix = prefix * 10 + digit;
      if (length !== lengths[next]) continue;
      next += 1;
      if (this.holdsKey(prefix, length | (length === maxPrefixLength ? digit << 4 : 0), at)) return true;
    }
    return false;
  }

  private holdsKey(a: number, b: number, at: number): boolean {
    const slots = this.slots;
    for (let slot = hashPair(a, b) & this.mask; ; slot = (slot + 1) & this.mask) {
      const base = slot * prefixStride;
      const key = slots[base + 1] as number;
      if (key === 0) return false;
      if (key === b && slots[base] === a) return isWithin(slots, base + 2, this.aside, at);
    }
  }
}
