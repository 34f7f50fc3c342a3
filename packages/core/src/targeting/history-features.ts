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
 *
 * Scoring reads history at 100,000 rows a second and more: each field's values (importers, HS6
 * codes...) are numbered once, so a row costs one lookup per field, whatever the number of
 * histories that use it; counts sit in plain arrays indexed by those numbers, and a pair's
 * history is found by the two numbers.
 */
import type { InspectedRow, TargetingRow } from './targeting-row.ts';

/** A code or value a history is kept on; numbers stay numbers (no text to build per row). */
export type KeyPart = string | number;

/** The fields of a row that histories are kept on, and how each is read. */
const fieldReaders = {
  importer: (row: TargetingRow): KeyPart => row.importer,
  declarant: (row: TargetingRow): KeyPart => row.declarant,
  seller: (row: TargetingRow): KeyPart => row.seller,
  courier: (row: TargetingRow): KeyPart => row.courier,
  office: (row: TargetingRow): KeyPart => row.office,
  hs2: (row: TargetingRow): KeyPart => row.hs6.slice(0, 2),
  hs4: (row: TargetingRow): KeyPart => row.hs6.slice(0, 4),
  hs6: (row: TargetingRow): KeyPart => row.hs6,
  origin: (row: TargetingRow): KeyPart => row.origin,
  departure: (row: TargetingRow): KeyPart => row.departure,
  processType: (row: TargetingRow): KeyPart => row.processType,
  importType: (row: TargetingRow): KeyPart => row.importType,
  importUse: (row: TargetingRow): KeyPart => row.importUse,
  paymentType: (row: TargetingRow): KeyPart => row.paymentType,
  transportMode: (row: TargetingRow): KeyPart => row.transportMode,
  taxType: (row: TargetingRow): KeyPart => row.taxType,
  taxRate: (row: TargetingRow): KeyPart => row.taxRate,
  originIndicator: (row: TargetingRow): KeyPart => row.originIndicator,
  itemPrice: (row: TargetingRow): KeyPart => row.itemPrice,
  netMass: (row: TargetingRow): KeyPart => row.netMass,
} as const;

export type KeyField = keyof typeof fieldReaders;

/** Every field, in the order `readFields` writes them. */
const allFields = Object.keys(fieldReaders) as KeyField[];

/**
 * Reads every field of a row into `out`, in `allFields` order: one function with fixed property
 * reads, which the engine keeps fast, rather than one call per field.
 */
function readFields(row: TargetingRow, out: KeyPart[]): void {
  out[0] = row.importer;
  out[1] = row.declarant;
  out[2] = row.seller;
  out[3] = row.courier;
  out[4] = row.office;
  out[5] = row.hs6.slice(0, 2);
  out[6] = row.hs6.slice(0, 4);
  out[7] = row.hs6;
  out[8] = row.origin;
  out[9] = row.departure;
  out[10] = row.processType;
  out[11] = row.importType;
  out[12] = row.importUse;
  out[13] = row.paymentType;
  out[14] = row.transportMode;
  out[15] = row.taxType;
  out[16] = row.taxRate;
  out[17] = row.originIndicator;
  out[18] = row.itemPrice;
  out[19] = row.netMass;
}

/** A code, party or pair whose history is kept. */
export interface HistoryKey {
  readonly name: string;
  readonly first: KeyField;
  /** The second field of a pair. */
  readonly second?: KeyField;
  /** Whether unit values are kept too, to compare an item with its past peers. */
  readonly unitValues?: boolean;
}

/**
 * Every history that can be kept, in feature order. Names are those an explanation shows. The
 * last three (the same declared value, mass, or both, seen on past inspected items) catch
 * invoices and packing lists used again from one file to the next.
 */
export const historyKeys: readonly HistoryKey[] = [
  { name: 'importer', first: 'importer' },
  { name: 'declarant', first: 'declarant' },
  { name: 'seller', first: 'seller' },
  { name: 'courier', first: 'courier' },
  { name: 'office', first: 'office' },
  { name: 'hs2', first: 'hs2' },
  { name: 'hs4', first: 'hs4' },
  { name: 'hs6', first: 'hs6', unitValues: true },
  { name: 'origin', first: 'origin' },
  { name: 'departure', first: 'departure' },
  { name: 'process type', first: 'processType' },
  { name: 'import type', first: 'importType' },
  { name: 'import use', first: 'importUse' },
  { name: 'payment type', first: 'paymentType' },
  { name: 'transport mode', first: 'transportMode' },
  { name: 'tax type', first: 'taxType' },
  { name: 'tax rate', first: 'taxRate' },
  { name: 'origin indicator', first: 'originIndicator' },
  { name: 'hs6 + origin', first: 'hs6', second: 'origin', unitValues: true },
  { name: 'hs6 + departure', first: 'hs6', second: 'departure' },
  { name: 'importer + hs6', first: 'importer', second: 'hs6' },
  { name: 'declarant + importer', first: 'declarant', second: 'importer' },
  { name: 'same declared value', first: 'itemPrice' },
  { name: 'same declared value + mass', first: 'itemPrice', second: 'netMass' },
  { name: 'same declared mass', first: 'netMass' },
];

/** A row's value of each field of a key, as an explanation shows it: `IMP-1` or `030389 + CN`. */
export function keyValue(key: HistoryKey, row: TargetingRow): string {
  const first = String(fieldReaders[key.first](row));
  return key.second === undefined ? first : `${first} + ${String(fieldReaders[key.second](row))}`;
}

/**
 * What is known of one key's values: per slot, inspected rows, frauds among them, and the sum
 * of their log unit values. A single key's slot is its field value's number; a pair's slot is
 * found in `pairs`, by the first field's number then the second's.
 */
export interface KeyTable {
  readonly rows: number[];
  readonly frauds: number[];
  readonly logUnitValues: number[];
  readonly pairs?: (Map<number, number> | undefined)[];
}

/** The history of every key, and of all rows together. */
export interface History {
  rows: number;
  frauds: number;
  /** Per field the feature set reads (`FeatureSet.fields`), its values and their numbers. */
  readonly values: readonly Map<KeyPart, number>[];
  /** Per key of the feature set. */
  readonly tables: readonly KeyTable[];
}

/** Feature value meaning "no history": below any share or count. A ratio without peers is 0. */
export const noHistory = -1;

/** The histories a model keeps, and the names and explanation groups of its features. */
export interface FeatureSet {
  readonly keys: readonly HistoryKey[];
  /** The fields the keys read, each once. */
  readonly fields: readonly KeyField[];
  /** Per field, its position in the order `readFields` writes them. */
  readonly fieldSlots: Int32Array;
  /** Per key, the positions in `fields` of its first and second field (-1 for none). */
  readonly firstField: Int32Array;
  readonly secondField: Int32Array;
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
  const fields = [...new Set(keys.flatMap((key) => (key.second ? [key.first, key.second] : [key.first])))];
  return {
    keys,
    fields,
    fieldSlots: Int32Array.from(fields, (field) => allFields.indexOf(field)),
    firstField: Int32Array.from(keys, (key) => fields.indexOf(key.first)),
    secondField: Int32Array.from(keys, (key) => (key.second ? fields.indexOf(key.second) : -1)),
    names: all.map(([name]) => name),
    groups: all.map(([, group]) => group),
  };
}

export function emptyHistory(features: FeatureSet): History {
  return {
    rows: 0,
    frauds: 0,
    values: features.fields.map(() => new Map<KeyPart, number>()),
    tables: features.keys.map((key) => ({
      rows: [],
      frauds: [],
      logUnitValues: [],
      ...(key.second ? { pairs: [] } : {}),
    })),
  };
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
  const ids = fieldIds(features, row, history, false);
  const logUnit = logUnitValue(row);
  let position = offset;
  out[position] = row.taxRate;
  out[(position += stride)] = Math.log1p(row.netMass);
  out[(position += stride)] = Math.log1p(row.itemPrice);
  out[(position += stride)] = logUnit;
  out[(position += stride)] = Math.log1p((row.itemPrice * row.taxRate) / 100);
  const prior = (history.frauds + 1) / (history.rows + 2);
  const { keys } = features;
  const { tables } = history;
  for (let index = 0; index < keys.length; index++) {
    const table = tables[index] as KeyTable;
    const slot = slotOf(features, table, index, ids, false);
    const rows = slot < 0 ? 0 : (table.rows[slot] ?? 0);
    if (rows > 0) {
      out[(position += stride)] =
        ((table.frauds[slot] as number) + shareSmoothing * prior) / (rows + shareSmoothing);
      out[(position += stride)] = Math.log1p(rows);
    } else {
      out[(position += stride)] = noHistory;
      out[(position += stride)] = noHistory;
    }
    if ((keys[index] as HistoryKey).unitValues) {
      out[(position += stride)] = rows > 0 ? logUnit - (table.logUnitValues[slot] as number) / rows : 0;
    }
  }
}

/** Numbers of a row's field values, -1 for a value never seen (numbered when `create`). */
const idBuffer = new Int32Array(allFields.length);
const partBuffer: KeyPart[] = allFields.map(() => '');
function fieldIds(features: FeatureSet, row: TargetingRow, history: History, create: boolean): Int32Array {
  const { fields, fieldSlots } = features;
  readFields(row, partBuffer);
  for (let index = 0; index < fields.length; index++) {
    const values = history.values[index] as Map<KeyPart, number>;
    const value = partBuffer[fieldSlots[index] as number] as KeyPart;
    let id = values.get(value);
    if (id === undefined && create) values.set(value, (id = values.size));
    idBuffer[index] = id ?? -1;
  }
  return idBuffer;
}

/** The slot of a row's key in a table, -1 when unknown (made when `create`). */
function slotOf(
  features: FeatureSet,
  table: KeyTable,
  key: number,
  ids: Int32Array,
  create: boolean,
): number {
  const first = ids[features.firstField[key] as number] as number;
  if (first < 0) return -1;
  const pairs = table.pairs;
  if (pairs === undefined) return first;
  const second = ids[features.secondField[key] as number] as number;
  if (second < 0) return -1;
  let inner = pairs[first];
  let slot = inner?.get(second);
  if (slot === undefined && create) {
    if (!inner) {
      while (pairs.length < first) pairs.push(undefined);
      pairs[first] = inner = new Map<number, number>();
    }
    inner.set(second, (slot = table.rows.length));
  }
  return slot ?? -1;
}

/** Adds an inspected row to the history. */
export function recordInspection(features: FeatureSet, history: History, row: InspectedRow): void {
  const fraud = row.fraud ? 1 : 0;
  const logUnit = logUnitValue(row);
  history.rows += 1;
  history.frauds += fraud;
  const ids = fieldIds(features, row, history, true);
  for (let index = 0; index < history.tables.length; index++) {
    const table = history.tables[index] as KeyTable;
    const slot = slotOf(features, table, index, ids, true);
    while (table.rows.length <= slot) {
      table.rows.push(0);
      table.frauds.push(0);
      table.logUnitValues.push(0);
    }
    table.rows[slot] = (table.rows[slot] as number) + 1;
    table.frauds[slot] = (table.frauds[slot] as number) + fraud;
    table.logUnitValues[slot] = (table.logUnitValues[slot] as number) + logUnit;
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
