/**
 * Watchlists (ASYCUDA selectivity lists; the WCO Cargo Targeting System's watchlists):
 * importers, declarants, sellers, countries, tariff lines, B/Ls or containers that criteria
 * test with `inList`. Each entry has its own validity, who added it and when, so that a list
 * is audited like the criteria are, and membership is judged at the assessment date: an entry
 * counts from `validFrom` (inclusive) to `validTo` (exclusive).
 */
import { z } from 'zod';
import { transportDocumentNumber } from '../declaration/goods-declaration.ts';
import {
  containerNumber,
  countryCode,
  dateTime,
  encodeExpectation,
  expect,
  partyCode,
  text,
  refineAnyObject,
} from '../shared/fields.ts';
import { parseDocument } from '../shared/parse.ts';
import { listKinds, type ListKind } from './selectivity-fields.ts';
import { PrefixPeriods, TextPeriods, type Periods } from './value-periods.ts';
import { normalizeWords } from './word-match.ts';

/** One entry of a watchlist. */
export interface WatchlistEntry {
  /** The listed value: a tax id, a declarant code, a seller name, an ISO country, a tariff prefix, a B/L or container number. */
  readonly value: string;
  /** First instant the entry counts (ISO 8601, UTC). */
  readonly validFrom: string;
  /** First instant it no longer counts; absent while it has no end. */
  readonly validTo?: string | undefined;
  /** Who added it (user id or name), for the audit trail. */
  readonly addedBy: string;
  /** When it was added (ISO 8601, UTC). */
  readonly addedAt: string;
}

/** A watchlist: its id (referred to by criteria), its kind and its entries. */
export interface Watchlist {
  readonly id: string;
  readonly name: string;
  readonly kind: ListKind;
  readonly entries: readonly WatchlistEntry[];
}

const tariffPrefix = z.string().regex(/^\d{2,10}$/, expect('selectivity_prefix', { example: '8703' }));

/** The schema of a listed value, per kind of list. */
export const listValueSchemas: Readonly<Record<ListKind, z.ZodType<string>>> = {
  importer: partyCode,
  declarant: partyCode,
  seller: text(1, 140),
  country: countryCode,
  tariff_line: tariffPrefix,
  bill_of_lading: transportDocumentNumber,
  container: containerNumber,
};

const maxEntries = 100_000;

const entrySchema = z
  .strictObject({
    value: z.string(),
    validFrom: dateTime,
    validTo: dateTime.optional(),
    addedBy: text(1, 140),
    addedAt: dateTime,
  })
  .superRefine((entry, ctx) => {
    const { validFrom, validTo } = entry as { validFrom?: unknown; validTo?: unknown };
    if (typeof validFrom !== 'string' || typeof validTo !== 'string') return;
    if (Date.parse(validTo) <= Date.parse(validFrom)) {
      ctx.addIssue({
        code: 'custom',
        message: encodeExpectation('selectivity_date_after', { from: validFrom }),
        path: ['validTo'],
        input: validTo,
      });
    }
  }, refineAnyObject);

/** The schema of a watchlist: each entry's value is checked against the list's kind. */
export const watchlistSchema = z
  .strictObject({
    id: partyCode,
    name: text(1, 140),
    kind: z.enum(listKinds),
    entries: z.array(entrySchema).max(maxEntries, expect('list_length', { min: 0, max: maxEntries })),
  })
  .superRefine((list, ctx) => {
    // Runs even when other fields have problems (every problem at once): read defensively.
    const { kind, entries } = list as { kind?: unknown; entries?: unknown };
    if (!(listKinds as readonly unknown[]).includes(kind) || !Array.isArray(entries)) return;
    const schema = listValueSchemas[kind as ListKind];
    entries.forEach((entry: unknown, index) => {
      const value = (entry as { value?: unknown } | null)?.value;
      if (typeof value !== 'string') return;
      const parsed = parseDocument(schema, value);
      if (parsed.ok) return;
      for (const problem of parsed.error) {
        ctx.addIssue({
          code: 'custom',
          message: encodeExpectation(problem.code, problem.params),
          path: ['entries', index, 'value'],
          input: value,
        });
      }
    });
  }, refineAnyObject);

/** A watchlist compiled for membership tests at any instant. */
export interface CompiledWatchlist {
  readonly id: string;
  readonly kind: ListKind;
  /** Every listed value (normalised), whatever its validity: what an index may rely on. */
  readonly values: readonly string[];
  /**
   * Whether `value` is on the list at the instant `at` (milliseconds since the epoch). For a
   * tariff-line list, whether one of its prefixes is; for a seller list, names compare case-
   * and accent-insensitively. Never throws.
   */
  has(value: string, at: number): boolean;
  /** As `has`, for a value already in the list's key form (`key(value)`): no normalisation. */
  hasKey(key: string, at: number): boolean;
  /** The key form of a value: its normalised words for a seller list, the value itself otherwise. */
  key(value: string): string;
}

/**
 * Compiles a validated watchlist once: its values (for tariff lines, its prefixes) and their
 * validity periods in a compact hash table (value-periods.ts), so that a membership test
 * usually reads one memory line (one per prefix length for a tariff line).
 */
export function compileWatchlist(list: Watchlist): CompiledWatchlist {
  const byValue = new Map<string, number[]>();
  for (const entry of list.entries) {
    const value = list.kind === 'seller' ? normalizeWords(entry.value) : entry.value;
    const periods = byValue.get(value) ?? [];
    periods.push(
      Date.parse(entry.validFrom),
      entry.validTo === undefined ? Infinity : Date.parse(entry.validTo),
    );
    byValue.set(value, periods);
  }
  return list.kind === 'tariff_line' ? new TariffLineList(list, byValue) : new CodeList(list, byValue);
}

/** A list of codes or names (every kind but tariff lines). */
class CodeList implements CompiledWatchlist {
  readonly id: string;
  readonly kind: ListKind;
  readonly values: readonly string[];
  private readonly table: TextPeriods;
  private readonly names: boolean;

  constructor(list: Watchlist, byValue: ReadonlyMap<string, Periods>) {
    this.id = list.id;
    this.kind = list.kind;
    this.values = [...byValue.keys()];
    this.table = new TextPeriods(byValue);
    this.names = list.kind === 'seller';
  }

  has(value: string, at: number): boolean {
    return this.table.holds(this.names ? normalizeWords(value) : value, at);
  }

  hasKey(key: string, at: number): boolean {
    return this.table.holds(key, at);
  }

  key(value: string): string {
    return this.names ? normalizeWords(value) : value;
  }
}

/**
 * A list of tariff prefixes (chapters, headings, subheadings, national lines): a line is on it
 * when one of its prefixes is.
 */
class TariffLineList implements CompiledWatchlist {
  readonly id: string;
  readonly kind: ListKind;
  readonly values: readonly string[];
  private readonly table: PrefixPeriods;

  constructor(list: Watchlist, byValue: ReadonlyMap<string, Periods>) {
    this.id = list.id;
    this.kind = list.kind;
    this.values = [...byValue.keys()];
    this.table = new PrefixPeriods(byValue);
  }

  has(line: string, at: number): boolean {
    return this.table.holdsPrefixOf(line, at);
  }

  hasKey(line: string, at: number): boolean {
    return this.table.holdsPrefixOf(line, at);
  }

  key(value: string): string {
    return value;
  }
}
