/**
 * Compiles a validated condition into a closure over the values it holds: no text is ever
 * evaluated as code (no eval, no Function). Sets replace `in` lists, watchlists are compiled
 * hash maps, and the words of descriptions are normalised once per item.
 *
 * Item-level semantics: a criterion is evaluated for one goods item at a time, with the file's
 * fields visible, and hits the file when it holds for at least one item. So in
 * `{ all: [tariffLine prefix 8703, origin in [JP]] }` both predicates must hold for the same
 * item; `{ not: { field: "origin", op: "eq", value: "CN" } }` holds when some item is not of
 * Chinese origin. A criterion that tests only file fields holds or not for the file as a whole.
 * A predicate on a field the file does not give (a value on a manifest-only file, a missing
 * indicator) does not hold; `not` of it does.
 *
 * The compiler also derives what the criterion index needs: the tariff prefixes, origins,
 * importers or declarants a file must have for the condition to hold (when it implies any),
 * and orders the parts of each `all` and `any` cheapest first.
 */
import type { Condition, Predicate } from './condition.ts';
import type { SelectivitySubject, SubjectItem } from './selectivity-subject.ts';
import { fieldDefinition, type SelectivityField } from './selectivity-fields.ts';
import type { CompiledWatchlist } from './watchlist.ts';
import { normalizeWords, wordSearchKey } from './word-match.ts';

/** A compiled condition: does it hold for this file and item at this instant (ms since epoch)? */
export type ConditionTest = (
  subject: SelectivitySubject,
  item: SubjectItem | undefined,
  at: number,
) => boolean;

/**
 * What a compiled condition implies about the file and the item it holds for, for indexing:
 * each is a set of values one of which the field must have for the condition to hold (a
 * superset is fine: the index may over-select, the condition decides), or null when the
 * condition implies nothing about that field.
 */
export interface IndexHints {
  /** Tariff prefixes (or lines) one of which the item's tariff line starts with. */
  readonly tariffPrefixes: readonly string[] | null;
  readonly origins: readonly string[] | null;
  readonly importers: readonly string[] | null;
  readonly declarants: readonly string[] | null;
}

export interface CompiledCondition {
  readonly test: ConditionTest;
  /** Whether the condition reads a goods item field (then it is evaluated per item). */
  readonly itemLevel: boolean;
  readonly hints: IndexHints;
  /** A rough evaluation cost, for ordering (see `predicateCost`). */
  readonly cost: number;
}

const descriptionKeys = new WeakMap<SubjectItem, string>();
const sellerKeys = new WeakMap<SelectivitySubject, string>();

function descriptionKey(item: SubjectItem | undefined): string | undefined {
  if (item?.description === undefined) return undefined;
  let key = descriptionKeys.get(item);
  if (key === undefined) {
    key = wordSearchKey(item.description);
    descriptionKeys.set(item, key);
  }
  return key;
}

function sellerKey(subject: SelectivitySubject): string | undefined {
  if (subject.seller === undefined) return undefined;
  let key = sellerKeys.get(subject);
  if (key === undefined) {
    key = normalizeWords(subject.seller);
    sellerKeys.set(subject, key);
  }
  return key;
}

type StringGetter = (subject: SelectivitySubject, item: SubjectItem | undefined) => string | undefined;
type NumberGetter = (subject: SelectivitySubject, item: SubjectItem | undefined) => number | undefined;

const stringGetters: Partial<Record<SelectivityField, StringGetter>> = {
  office: (subject) => subject.office,
  procedure: (subject) => subject.procedure,
  transportMode: (subject) => subject.transportMode,
  importer: (subject) => subject.importer,
  declarant: (subject) => subject.declarant,
  seller: sellerKey,
  departureCountry: (subject) => subject.departureCountry,
  tariffLine: (_subject, item) => item?.tariffLine,
  origin: (_subject, item) => item?.origin,
};

const numberGetters: Partial<Record<SelectivityField, NumberGetter>> = {
  importerHitRate: (subject) => subject.importerHitRate,
  modelScore: (subject) => subject.modelScore,
  customsValue: (_subject, item) => item?.customsValue,
  unitValue: (_subject, item) => item?.unitValue,
  valuePerKg: (_subject, item) => item?.valuePerKg,
  quantity: (_subject, item) => item?.quantity,
  netMass: (_subject, item) => item?.netMass,
  unitValueBelowReference: (_subject, item) => item?.unitValueBelowReference,
};

function getter<G>(getters: Partial<Record<SelectivityField, G>>, field: SelectivityField): G {
  const get = getters[field];
  if (get === undefined)
    throw new RangeError(`No getter for ${field}: the field catalogue and the compiler disagree`);
  return get;
}

/** A test of one code value; `multiple` fields hold when one of their values passes it. */
type ValueTest = (value: string, at: number) => boolean;

function valueTest(
  predicate: Predicate,
  lists: ReadonlyMap<string, CompiledWatchlist>,
  name: boolean,
): ValueTest {
  const key = name ? normalizeWords : (value: string) => value;
  switch (predicate.op) {
    case 'eq': {
      const expected = key(String(predicate.value));
      return (value) => value === expected;
    }
    case 'in': {
      const values = [...new Set(predicate.value.map(key))];
      // A short list is faster scanned than hashed (most criteria name one to three origins).
      if (values.length <= 8) {
        return (value) => {
          for (let index = 0; index < values.length; index += 1) if (values[index] === value) return true;
          return false;
        };
      }
      const set = new Set(values);
      return (value) => set.has(value);
    }
    case 'prefix': {
      const prefixes = typeof predicate.value === 'string' ? [predicate.value] : [...predicate.value];
      const [only] = prefixes;
      if (prefixes.length === 1 && only !== undefined) return (value) => value.startsWith(only);
      return (value) => {
        for (const prefix of prefixes) if (value.startsWith(prefix)) return true;
        return false;
      };
    }
    case 'inList': {
      const list = lists.get(predicate.list);
      if (list === undefined) throw new RangeError(`No list ${predicate.list}: validate the rule set first`);
      // Name fields arrive normalised (sellerKey), as the list's keys are.
      return name ? (value, at) => list.hasKey(value, at) : (value, at) => list.has(value, at);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'between':
    case 'words':
      throw new RangeError(`${predicate.op} does not apply to a code`);
  }
}

function numberTest(predicate: Predicate): (value: number) => boolean {
  switch (predicate.op) {
    case 'gt': {
      const bound = predicate.value;
      return (value) => value > bound;
    }
    case 'gte': {
      const bound = predicate.value;
      return (value) => value >= bound;
    }
    case 'lt': {
      const bound = predicate.value;
      return (value) => value < bound;
    }
    case 'lte': {
      const bound = predicate.value;
      return (value) => value <= bound;
    }
    case 'between': {
      const [low, high] = predicate.value;
      return (value) => value >= low && value <= high;
    }
    case 'eq':
    case 'in':
    case 'prefix':
    case 'words':
    case 'inList':
      throw new RangeError(`${predicate.op} does not apply to a number`);
  }
}

function compilePredicate(
  predicate: Predicate,
  lists: ReadonlyMap<string, CompiledWatchlist>,
): ConditionTest {
  const { field } = predicate;
  const definition = fieldDefinition(field);
  switch (definition.kind) {
    case 'boolean': {
      const expected = predicate.op === 'eq' && predicate.value === true;
      // Only billOnNoManifest is boolean: an absent indicator matches neither true nor false.
      return (subject) => subject.billOnNoManifest === expected;
    }
    case 'number': {
      const get = getter(numberGetters, field);
      const test = numberTest(predicate);
      return (subject, item) => {
        const value = get(subject, item);
        return value !== undefined && test(value);
      };
    }
    case 'words': {
      if (predicate.op !== 'words') throw new RangeError(`${predicate.op} does not apply to words`);
      const phrases = predicate.value.map((phrase) => ` ${normalizeWords(phrase)} `);
      return (_subject, item) => {
        const key = descriptionKey(item);
        if (key === undefined) return false;
        for (const phrase of phrases) if (key.includes(phrase)) return true;
        return false;
      };
    }
    case 'code': {
      const test = valueTest(predicate, lists, definition.name === true);
      if (definition.multiple === true) {
        const values =
          field === 'billOfLading'
            ? (subject: SelectivitySubject) => subject.billsOfLading
            : (subject: SelectivitySubject) => subject.containers;
        return (subject, _item, at) => {
          for (const value of values(subject)) if (test(value, at)) return true;
          return false;
        };
      }
      const get = getter(stringGetters, field);
      return (subject, item, at) => {
        const value = get(subject, item);
        return value !== undefined && test(value, at);
      };
    }
  }
}

function isPredicate(condition: Condition): condition is Predicate {
  return 'field' in condition;
}

/** The narrower of two sets of tariff prefixes an `all` may choose from (longer prefixes, then fewer). */
function narrower(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const shortest = (keys: readonly string[]) => Math.min(...keys.map((key) => key.length));
  if (shortest(a) !== shortest(b)) return shortest(a) > shortest(b) ? a : b;
  return a.length <= b.length ? a : b;
}

/** The smaller of two sets of keys an `all` may choose from. */
function fewer(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.length < a.length ? b : a;
}

function union(parts: readonly (readonly string[] | null)[]): readonly string[] | null {
  if (parts.some((part) => part === null)) return null;
  return [...new Set(parts.flatMap((part) => part ?? []))];
}

const noHints: IndexHints = { tariffPrefixes: null, origins: null, importers: null, declarants: null };

/** The fields the index files criteria by, and the hint each gives. */
const hintedFields: Partial<Record<SelectivityField, keyof IndexHints>> = {
  tariffLine: 'tariffPrefixes',
  origin: 'origins',
  importer: 'importers',
  declarant: 'declarants',
};

function predicateHints(predicate: Predicate, lists: ReadonlyMap<string, CompiledWatchlist>): IndexHints {
  let keys: readonly string[] | null = null;
  if (predicate.op === 'eq' && typeof predicate.value === 'string') keys = [predicate.value];
  else if (predicate.op === 'in') keys = predicate.value;
  else if (predicate.op === 'prefix' && predicate.field === 'tariffLine')
    keys = typeof predicate.value === 'string' ? [predicate.value] : predicate.value;
  // Every value the list ever holds, whatever its validity: the index may over-select, never miss.
  else if (predicate.op === 'inList') keys = lists.get(predicate.list)?.values ?? null;
  const hinted = hintedFields[predicate.field];
  return hinted === undefined ? noHints : { ...noHints, [hinted]: keys };
}

/**
 * A rough cost of evaluating a condition, so that `all` and `any` test cheap predicates first:
 * a comparison of numbers before a code, a code before a list, a list before words. The order
 * of a conjunction or disjunction never changes its result.
 */
function predicateCost(predicate: Predicate): number {
  const definition = fieldDefinition(predicate.field);
  if (definition.kind === 'number' || definition.kind === 'boolean') return 1;
  if (definition.kind === 'words') return 8;
  if (predicate.op === 'inList') return 4;
  if (predicate.op === 'prefix') return 3;
  return definition.multiple === true || definition.name === true ? 3 : 2;
}

/**
 * Compiles a validated condition (condition.ts) against the rule set's compiled lists.
 * Throws RangeError only on a condition that did not pass validation (a programming error).
 */
export function compileCondition(
  condition: Condition,
  lists: ReadonlyMap<string, CompiledWatchlist>,
): CompiledCondition {
  if (isPredicate(condition)) {
    return {
      test: compilePredicate(condition, lists),
      itemLevel: fieldDefinition(condition.field).level === 'item',
      hints: predicateHints(condition, lists),
      cost: predicateCost(condition),
    };
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, lists);
    const test = inner.test;
    return {
      test: (subject, item, at) => !test(subject, item, at),
      itemLevel: inner.itemLevel,
      hints: noHints,
      cost: inner.cost,
    };
  }
  const isAll = 'all' in condition;
  const children = (isAll ? condition.all : condition.any)
    .map((child) => compileCondition(child, lists))
    .sort((a, b) => a.cost - b.cost);
  const tests = children.map((child) => child.test);
  const itemLevel = children.some((child) => child.itemLevel);
  const cost = children.reduce((sum, child) => sum + child.cost, 0);
  const hints = children.map((child) => child.hints);
  if (isAll) {
    return {
      test: (subject, item, at) => {
        for (let index = 0; index < tests.length; index += 1) {
          if (!(tests[index] as ConditionTest)(subject, item, at)) return false;
        }
        return true;
      },
      itemLevel,
      hints: {
        tariffPrefixes: hints.reduce<readonly string[] | null>(
          (best, hint) => narrower(best, hint.tariffPrefixes),
          null,
        ),
        origins: hints.reduce<readonly string[] | null>((best, hint) => fewer(best, hint.origins), null),
        importers: hints.reduce<readonly string[] | null>((best, hint) => fewer(best, hint.importers), null),
        declarants: hints.reduce<readonly string[] | null>(
          (best, hint) => fewer(best, hint.declarants),
          null,
        ),
      },
      cost,
    };
  }
  return {
    test: (subject, item, at) => {
      for (let index = 0; index < tests.length; index += 1) {
        if ((tests[index] as ConditionTest)(subject, item, at)) return true;
      }
      return false;
    },
    itemLevel,
    hints: {
      tariffPrefixes: union(hints.map((hint) => hint.tariffPrefixes)),
      origins: union(hints.map((hint) => hint.origins)),
      importers: union(hints.map((hint) => hint.importers)),
      declarants: union(hints.map((hint) => hint.declarants)),
    },
    cost,
  };
}
