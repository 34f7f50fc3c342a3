/**
 * The features of a declared item, built from its own facts and from history: for each code,
 * party and pair of them (importer, declarant, seller, HS6, HS6 and origin, importer and HS6...)
 * how many inspected items carried it before and what share were frauds, and how the item's unit
 * value compares with past items of the same HS6. A training row's history holds only the rows
 * dated strictly before it (rows of the same day are not yet known); a scored row's history is
 * the whole training set. Nothing the model learns can come from a row's own future.
 *
 * The fraud share is smoothed towards the share over all past rows (`(frauds + a * prior) /
 * (count + a)`), and the count goes beside it, so that the trees learn how far to trust a share
 * drawn from few rows.
 */
import type { InspectedRow, TargetingRow } from './targeting-row.ts';

/** A code or value a history is kept on; numbers stay numbers (no text to build per row). */
export type KeyPart = string | number;

/** A code, party or pair whose history is kept, and how a row's key for it is read. */
export interface HistoryKey {
  readonly name: string;
  readonly first: (row: TargetingRow) => KeyPart;
  /** The second part of a pair. */
  readonly second?: (row: TargetingRow) => KeyPart;
  /** Whether unit values are kept too, to compare an item with its past peers. */
  readonly unitValues?: boolean;
}

const importer = (row: TargetingRow): KeyPart => row.importer;
const declarant = (row: TargetingRow): KeyPart => row.declarant;
const seller = (row: TargetingRow): KeyPart => row.seller;
const office = (row: TargetingRow): KeyPart => row.office;
const hs6 = (row: TargetingRow): KeyPart => row.hs6;
const origin = (row: TargetingRow): KeyPart => row.origin;
const departure = (row: TargetingRow): KeyPart => row.departure;
const itemPrice = (row: TargetingRow): KeyPart => row.itemPrice;
const netMass = (row: TargetingRow): KeyPart => row.netMass;

/**
 * Every history that can be kept, in feature order. Names are those an explanation shows. The
 * last three (the same declared value, mass, or both, seen on past inspected items) catch
 * invoices and packing lists used again from one file to the next.
 */
export const historyKeys: readonly HistoryKey[] = [
  { name: 'importer', first: importer },
  { name: 'declarant', first: declarant },
  { name: 'seller', first: seller },
  { name: 'courier', first: (row) => row.courier },
  { name: 'office', first: office },
  { name: 'hs2', first: (row) => row.hs6.slice(0, 2) },
  { name: 'hs4', first: (row) => row.hs6.slice(0, 4) },
  { name: 'hs6', first: hs6, unitValues: true },
  { name: 'origin', first: origin },
  { name: 'departure', first: departure },
  { name: 'process type', first: (row) => row.processType },
  { name: 'import type', first: (row) => row.importType },
  { name: 'import use', first: (row) => row.importUse },
  { name: 'payment type', first: (row) => row.paymentType },
  { name: 'transport mode', first: (row) => row.transportMode },
  { name: 'tax type', first: (row) => row.taxType },
  { name: 'tax rate', first: (row) => row.taxRate },
  { name: 'origin indicator', first: (row) => row.originIndicator },
  { name: 'hs6 + origin', first: hs6, second: origin, unitValues: true },
  { name: 'hs6 + departure', first: hs6, second: departure },
  { name: 'importer + hs6', first: importer, second: hs6 },
  { name: 'declarant + importer', first: declarant, second: importer },
  { name: 'same declared value', first: itemPrice },
  { name: 'same declared value + mass', first: itemPrice, second: netMass },
  { name: 'same declared mass', first: netMass },
];

/** What is known of one key: inspected rows, frauds among them, and the sum of their log unit values. */
export type KeyHistory = [rows: number, frauds: number, logUnitValues: number];

/** The histories of one key: by its part, or by its first then second part for a pair. */
export type KeyTable = Map<KeyPart, KeyHistory> | Map<KeyPart, Map<KeyPart, KeyHistory>>;

/** The history of every key, and of all rows together. */
export interface History {
  rows: number;
  frauds: number;
  readonly byKey: readonly KeyTable[];
}

function findHistory(key: HistoryKey, table: KeyTable, row: TargetingRow): KeyHistory | undefined {
  const found = table.get(key.first(row));
  if (key.second === undefined) return found as KeyHistory | undefined;
  return (found as Map<KeyPart, KeyHistory> | undefined)?.get(key.second(row));
}

/** Feature value meaning "no history": below any share or count. A ratio without peers is 0. */
export const noHistory = -1;

/** The histories a model keeps, and the names and explanation groups of its features. */
export interface FeatureSet {
  readonly keys: readonly HistoryKey[];
  /** The names of the features, in the order `writeFeatures` writes them. */
  readonly names: readonly string[];
  /** Which explanation group each feature belongs to (a key's share and count explain together). */
  readonly groups: readonly string[];
}

const numericFeatures = [
  ['tax rate (value)', 'tax rate'],
  ['net mass (log)', 'net mass'],
  ['declared value (log)', 'declared value'],
  ['unit value (log)', 'unit value'],
  ['duty at stake (log)', 'duty at stake'],
] as const;

/**
 * The feature set of the named histories (all of them by default), or the names not known.
 * Never throws.
 */
export function featureSet(names?: readonly string[]): FeatureSet | { readonly unknown: readonly string[] } {
  const unknown = (names ?? []).filter((name) => !historyKeys.some((key) => key.name === name));
  if (unknown.length > 0) return { unknown };
  const keys = names ? historyKeys.filter((key) => names.includes(key.name)) : historyKeys;
  const perKey = keys.map((key) => [
    [`${key.name}: fraud share`, key.name],
    [`${key.name}: past inspections (log)`, key.name],
    ...(key.unitValues ? [[`${key.name}: unit value vs past (log ratio)`, `${key.name} unit value`]] : []),
  ]);
  const all = [...numericFeatures, ...perKey.flat()];
  return { keys, names: all.map(([name]) => name), groups: all.map(([, group]) => group) };
}

export function emptyHistory(features: FeatureSet): History {
  return { rows: 0, frauds: 0, byKey: features.keys.map(() => new Map<KeyPart, KeyHistory>()) };
}

/** The log of an item's unit value (value per kilogram; a mass of 0 counts as 1 g). */
export function logUnitValue(row: Pick<TargetingRow, 'itemPrice' | 'netMass'>): number {
  return Math.log((row.itemPrice + 1) / Math.max(row.netMass, 0.001));
}

/** Smoothing weight `a` of fraud shares, in rows. */
export const shareSmoothing = 2;

/**
 * Writes a row's features into `out` from `offset`, every `stride` places (`features.names.length`
 * values), reading `history` and never changing it. Never throws.
 */
export function writeFeatures(
  features: FeatureSet,
  row: TargetingRow,
  history: History,
  out: Float64Array,
  offset: number,
  stride = 1,
): void {
  const logUnit = logUnitValue(row);
  let position = offset;
  out[position] = row.taxRate;
  out[(position += stride)] = Math.log1p(row.netMass);
  out[(position += stride)] = Math.log1p(row.itemPrice);
  out[(position += stride)] = logUnit;
  out[(position += stride)] = Math.log1p((row.itemPrice * row.taxRate) / 100);
  const prior = (history.frauds + 1) / (history.rows + 2);
  const { keys } = features;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as HistoryKey;
    const known = findHistory(key, history.byKey[index] as KeyTable, row);
    if (known) {
      out[(position += stride)] = (known[1] + shareSmoothing * prior) / (known[0] + shareSmoothing);
      out[(position += stride)] = Math.log1p(known[0]);
    } else {
      out[(position += stride)] = noHistory;
      out[(position += stride)] = noHistory;
    }
    if (key.unitValues) out[(position += stride)] = known ? logUnit - known[2] / known[0] : 0;
  }
}

/** Adds an inspected row to the history. */
export function recordInspection(features: FeatureSet, history: History, row: InspectedRow): void {
  const fraud = row.fraud ? 1 : 0;
  const logUnit = logUnitValue(row);
  history.rows += 1;
  history.frauds += fraud;
  const { keys } = features;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as HistoryKey;
    let table = history.byKey[index] as Map<KeyPart, KeyHistory>;
    let part = key.first(row);
    if (key.second !== undefined) {
      const pairs = history.byKey[index] as Map<KeyPart, Map<KeyPart, KeyHistory>>;
      const inner = pairs.get(part);
      if (inner) table = inner;
      else pairs.set(part, (table = new Map<KeyPart, KeyHistory>()));
      part = key.second(row);
    }
    const known = table.get(part);
    if (known) {
      known[0] += 1;
      known[1] += fraud;
      known[2] += logUnit;
    } else table.set(part, [1, fraud, logUnit]);
  }
}

/**
 * The training features of inspected rows, in time order: rows are taken day by day (stable
 * within a day); each day's rows get features from the history of the days before, then join
 * it. Returns the rows in that order, their features column by column (feature `f` of row `i`
 * at `values[f * rows + i]`), and the history of all of them, which scoring uses.
 */
export function trainingFeatures(
  features: FeatureSet,
  rows: readonly InspectedRow[],
): {
  readonly ordered: readonly InspectedRow[];
  readonly values: Float64Array;
  readonly history: History;
} {
  const ordered = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.date < b.row.date ? -1 : a.row.date > b.row.date ? 1 : a.index - b.index))
    .map(({ row }) => row);
  const count = ordered.length;
  const values = new Float64Array(count * features.names.length);
  const history = emptyHistory(features);
  let dayStart = 0;
  while (dayStart < count) {
    const date = (ordered[dayStart] as InspectedRow).date;
    let dayEnd = dayStart;
    while (dayEnd < count && (ordered[dayEnd] as InspectedRow).date === date) {
      writeFeatures(features, ordered[dayEnd] as InspectedRow, history, values, dayEnd, count);
      dayEnd += 1;
    }
    for (let index = dayStart; index < dayEnd; index++)
      recordInspection(features, history, ordered[index] as InspectedRow);
    dayStart = dayEnd;
  }
  return { ordered, values, history };
}
