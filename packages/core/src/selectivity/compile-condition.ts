/**
 * Compiles validated conditions into one flat program that a small interpreter runs: no text is
 * ever evaluated as code (no eval, no Function). Every condition of a rule set is laid out in a
 * few typed arrays (operations and their operands, one record after another; numbers beside
 * them) with the strings, sets and compiled watchlists they compare with, so that testing a
 * criterion reads a handful of adjacent memory lines. A tree of closures, one per predicate,
 * scatters the same information over dozens of objects, and on a busy server fetching them
 * from memory costs more than the comparisons themselves.
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

/** What the index and the evaluator need of a condition compiled into a program. */
export interface ProgramCondition {
  /** Where the condition starts in its program (`ConditionProgram.holds`). */
  readonly root: number;
  /** Whether the condition reads a goods item field (then it is evaluated per item). */
  readonly itemLevel: boolean;
  readonly hints: IndexHints;
  /** A rough evaluation cost, for ordering (see `predicateCost`). */
  readonly cost: number;
}

export interface CompiledCondition {
  readonly test: ConditionTest;
  /** Whether the condition reads a goods item field (then it is evaluated per item). */
  readonly itemLevel: boolean;
  readonly hints: IndexHints;
  /** A rough evaluation cost, for ordering (see `predicateCost`). */
  readonly cost: number;
}

/**
 * The operations of the program. Records: `All`/`Any` [op, n, child x n]; `Not` [op, child];
 * `Flag` [op, expected (0 or 1)]; comparisons [op, field, bound index]; `Words` [op, first
 * phrase, n]; `Code`/`CodeMany` [op, field, test, operand, n]. A child is the position of its
 * record; children come before their parent.
 */
const enum Op {
  All,
  Any,
  Not,
  Flag,
  Gt,
  Gte,
  Lt,
  Lte,
  Between,
  Words,
  /** A test of a field with one value. */
  Code,
  /** A test of a field with several values (B/Ls, containers): holds when one value passes. */
  CodeMany,
}

/** The tests of a code value. */
const enum Test {
  /** operand: the string's index. */
  Eq,
  /** operand, n: a run of strings. */
  In,
  /** operand: the index of a Set (long lists). */
  InSet,
  /** operand, n: a run of prefixes. */
  Prefix,
  /** operand: the index of a compiled watchlist. */
  InList,
  /** As InList, for a value already in the list's key form (normalised names). */
  InListKey,
}

/** The fields the interpreter reads, as numbers (its switch then compiles to a jump table). */
const enum Field {
  Office,
  Procedure,
  TransportMode,
  Importer,
  Declarant,
  Seller,
  DepartureCountry,
  BillOfLading,
  Container,
  TariffLine,
  Origin,
  ImporterHitRate,
  ModelScore,
  CustomsValue,
  UnitValue,
  ValuePerKg,
  Quantity,
  NetMass,
  UnitValueBelowReference,
}

const fields: Readonly<Partial<Record<SelectivityField, Field>>> = {
  office: Field.Office,
  procedure: Field.Procedure,
  transportMode: Field.TransportMode,
  importer: Field.Importer,
  declarant: Field.Declarant,
  seller: Field.Seller,
  departureCountry: Field.DepartureCountry,
  billOfLading: Field.BillOfLading,
  container: Field.Container,
  tariffLine: Field.TariffLine,
  origin: Field.Origin,
  importerHitRate: Field.ImporterHitRate,
  modelScore: Field.ModelScore,
  customsValue: Field.CustomsValue,
  unitValue: Field.UnitValue,
  valuePerKg: Field.ValuePerKg,
  quantity: Field.Quantity,
  netMass: Field.NetMass,
  unitValueBelowReference: Field.UnitValueBelowReference,
};

function fieldCode(field: SelectivityField): Field {
  const code = fields[field];
  if (code === undefined)
    throw new RangeError(`No field code for ${field}: the field catalogue and the compiler disagree`);
  return code;
}

/** A short list is faster scanned than hashed (most criteria name one to three origins). */
const maxScannedValues = 8;

/** Copies a growing array of numbers into a typed array once the program is complete. */
function sealed<T extends Int32Array | Float64Array>(make: (length: number) => T, values: number[]): T {
  const array = make(values.length);
  for (let index = 0; index < values.length; index += 1) array[index] = values[index] as number;
  return array;
}

/**
 * The conditions of a rule set, compiled into one program. `add` compiles a condition and
 * returns where it starts; `seal`, after the last `add`, lays the program out in typed arrays;
 * `holds` runs a condition for a file (and item) at an instant.
 *
 * It remembers the normalised words of the last description and seller name it read (the
 * criteria of one assessment read the same ones), so a program is not to be shared across
 * threads; it is never observable otherwise.
 */
export class ConditionProgram {
  private readonly lists: ReadonlyMap<string, CompiledWatchlist>;
  private readonly building: number[] = [];
  private readonly boundsBuilding: number[] = [];
  private readonly strings: string[] = [];
  private readonly sets: ReadonlySet<string>[] = [];
  private readonly watchlists: CompiledWatchlist[] = [];
  private readonly watchlistIndexes = new Map<string, number>();
  /** The records, copied from `building` by `seal`. */
  private code = new Int32Array(0);
  private bounds = new Float64Array(0);
  private lastDescription: string | undefined = undefined;
  private lastDescriptionKey = '';
  private lastSeller: string | undefined = undefined;
  private lastSellerKey = '';

  constructor(lists: ReadonlyMap<string, CompiledWatchlist>) {
    this.lists = lists;
  }

  /**
   * Compiles a validated condition (condition.ts) into the program. Throws RangeError only on
   * a condition that did not pass validation (a programming error).
   */
  add(condition: Condition): ProgramCondition {
    if (isPredicate(condition)) {
      return {
        root: this.predicate(condition),
        itemLevel: fieldDefinition(condition.field).level === 'item',
        hints: predicateHints(condition, this.lists),
        cost: predicateCost(condition),
      };
    }
    if ('not' in condition) {
      const inner = this.add(condition.not);
      return {
        root: this.record(Op.Not, inner.root),
        itemLevel: inner.itemLevel,
        hints: noHints,
        cost: inner.cost,
      };
    }
    const isAll = 'all' in condition;
    // A stable sort: parts of equal cost keep the analyst's order.
    const children = (isAll ? condition.all : condition.any)
      .map((child) => this.add(child))
      .sort((a, b) => a.cost - b.cost);
    const root = this.building.length;
    this.building.push(isAll ? Op.All : Op.Any, children.length, ...children.map((child) => child.root));
    const itemLevel = children.some((child) => child.itemLevel);
    const cost = children.reduce((sum, child) => sum + child.cost, 0);
    const hints = children.map((child) => child.hints);
    if (isAll) {
      return {
        root,
        itemLevel,
        hints: {
          tariffPrefixes: hints.reduce<readonly string[] | null>(
            (best, hint) => narrower(best, hint.tariffPrefixes),
            null,
          ),
          origins: hints.reduce<readonly string[] | null>((best, hint) => fewer(best, hint.origins), null),
          importers: hints.reduce<readonly string[] | null>(
            (best, hint) => fewer(best, hint.importers),
            null,
          ),
          declarants: hints.reduce<readonly string[] | null>(
            (best, hint) => fewer(best, hint.declarants),
            null,
          ),
        },
        cost,
      };
    }
    return {
      root,
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

  /**
   * Lays out every condition added so far in the typed arrays `holds` reads: call it after the
   * last `add`. Kept out of `holds`, so that the hot path tests no flag for it.
   */
  seal(): void {
    this.code = sealed((length) => new Int32Array(length), this.building);
    this.bounds = sealed((length) => new Float64Array(length), this.boundsBuilding);
  }

  /**
   * Whether the condition that starts at `root` (from `add`, then `seal`) holds for a file and
   * item at an instant (milliseconds since the epoch). Never throws on a sealed program.
   */
  holds(root: number, subject: SelectivitySubject, item: SubjectItem | undefined, at: number): boolean {
    return this.run(root, subject, item, at);
  }

  private record(...values: number[]): number {
    const at = this.building.length;
    this.building.push(...values);
    return at;
  }

  private addStrings(values: readonly string[]): number {
    const first = this.strings.length;
    this.strings.push(...values);
    return first;
  }

  private predicate(predicate: Predicate): number {
    const { field } = predicate;
    const definition = fieldDefinition(field);
    switch (definition.kind) {
      case 'boolean':
        // Only billOnNoManifest is boolean: an absent indicator matches neither true nor false.
        return this.record(Op.Flag, predicate.op === 'eq' && predicate.value === true ? 1 : 0);
      case 'number': {
        const bound = this.boundsBuilding.length;
        switch (predicate.op) {
          case 'gt':
          case 'gte':
          case 'lt':
          case 'lte': {
            this.boundsBuilding.push(predicate.value);
            const ops = { gt: Op.Gt, gte: Op.Gte, lt: Op.Lt, lte: Op.Lte } as const;
            return this.record(ops[predicate.op], fieldCode(field), bound);
          }
          case 'between':
            this.boundsBuilding.push(predicate.value[0], predicate.value[1]);
            return this.record(Op.Between, fieldCode(field), bound);
          case 'eq':
          case 'in':
          case 'prefix':
          case 'words':
          case 'inList':
            throw new RangeError(`${predicate.op} does not apply to a number`);
        }
        break;
      }
      case 'words': {
        if (predicate.op !== 'words') throw new RangeError(`${predicate.op} does not apply to words`);
        const phrases = predicate.value.map((phrase) => ` ${normalizeWords(phrase)} `);
        return this.record(Op.Words, this.addStrings(phrases), phrases.length);
      }
      case 'code': {
        const op = definition.multiple === true ? Op.CodeMany : Op.Code;
        const code = fieldCode(field);
        const key = definition.name === true ? normalizeWords : (value: string) => value;
        switch (predicate.op) {
          case 'eq':
            return this.record(op, code, Test.Eq, this.addStrings([key(String(predicate.value))]), 1);
          case 'in': {
            const values = [...new Set(predicate.value.map(key))];
            if (values.length <= maxScannedValues) {
              return this.record(op, code, Test.In, this.addStrings(values), values.length);
            }
            this.sets.push(new Set(values));
            return this.record(op, code, Test.InSet, this.sets.length - 1, 1);
          }
          case 'prefix': {
            const prefixes = typeof predicate.value === 'string' ? [predicate.value] : [...predicate.value];
            return this.record(op, code, Test.Prefix, this.addStrings(prefixes), prefixes.length);
          }
          case 'inList':
            // Name fields arrive normalised (`sellerKey`), as the list's keys are.
            return this.record(
              op,
              code,
              definition.name === true ? Test.InListKey : Test.InList,
              this.watchlist(predicate.list),
              1,
            );
          case 'gt':
          case 'gte':
          case 'lt':
          case 'lte':
          case 'between':
          case 'words':
            throw new RangeError(`${predicate.op} does not apply to a code`);
        }
      }
    }
    throw new RangeError(`No compilation for ${JSON.stringify(predicate)}`);
  }

  private watchlist(id: string): number {
    let index = this.watchlistIndexes.get(id);
    if (index === undefined) {
      const list = this.lists.get(id);
      if (list === undefined) throw new RangeError(`No list ${id}: validate the rule set first`);
      index = this.watchlists.length;
      this.watchlists.push(list);
      this.watchlistIndexes.set(id, index);
    }
    return index;
  }

  /** The interpreter: one switch over the record at `node`. */
  private run(node: number, subject: SelectivitySubject, item: SubjectItem | undefined, at: number): boolean {
    const code = this.code;
    switch (code[node]) {
      case Op.All: {
        const end = node + 2 + (code[node + 1] as number);
        for (let child = node + 2; child < end; child += 1) {
          if (!this.run(code[child] as number, subject, item, at)) return false;
        }
        return true;
      }
      case Op.Any: {
        const end = node + 2 + (code[node + 1] as number);
        for (let child = node + 2; child < end; child += 1) {
          if (this.run(code[child] as number, subject, item, at)) return true;
        }
        return false;
      }
      case Op.Not:
        return !this.run(code[node + 1] as number, subject, item, at);
      case Op.Flag:
        return subject.billOnNoManifest === (code[node + 1] === 1);
      // A field the file does not give reads NaN, which no comparison holds for.
      case Op.Gt:
        return this.number(code[node + 1], subject, item) > (this.bounds[code[node + 2] as number] as number);
      case Op.Gte:
        return (
          this.number(code[node + 1], subject, item) >= (this.bounds[code[node + 2] as number] as number)
        );
      case Op.Lt:
        return this.number(code[node + 1], subject, item) < (this.bounds[code[node + 2] as number] as number);
      case Op.Lte:
        return (
          this.number(code[node + 1], subject, item) <= (this.bounds[code[node + 2] as number] as number)
        );
      case Op.Between: {
        const value = this.number(code[node + 1], subject, item);
        const bound = code[node + 2] as number;
        return value >= (this.bounds[bound] as number) && value <= (this.bounds[bound + 1] as number);
      }
      case Op.Words: {
        const description = item?.description;
        if (description === undefined) return false;
        const key = this.descriptionKey(description);
        const end = (code[node + 1] as number) + (code[node + 2] as number);
        for (let phrase = code[node + 1] as number; phrase < end; phrase += 1) {
          if (key.includes(this.strings[phrase] as string)) return true;
        }
        return false;
      }
      case Op.Code: {
        const value = this.text(code[node + 1], subject, item);
        return value !== undefined && this.passes(node, value, at);
      }
      case Op.CodeMany: {
        const values = code[node + 1] === Field.BillOfLading ? subject.billsOfLading : subject.containers;
        for (let index = 0; index < values.length; index += 1) {
          if (this.passes(node, values[index] as string, at)) return true;
        }
        return false;
      }
      case undefined:
        break;
    }
    throw new RangeError(`No operation at ${node}: the program is corrupt`);
  }

  /** Whether one value passes the test of the `Code` or `CodeMany` record at `node`. */
  private passes(node: number, value: string, at: number): boolean {
    const code = this.code;
    const operand = code[node + 3] as number;
    switch (code[node + 2]) {
      case Test.Eq:
        return value === this.strings[operand];
      case Test.In: {
        const end = operand + (code[node + 4] as number);
        for (let index = operand; index < end; index += 1) if (this.strings[index] === value) return true;
        return false;
      }
      case Test.InSet:
        return (this.sets[operand] as ReadonlySet<string>).has(value);
      case Test.Prefix: {
        const end = operand + (code[node + 4] as number);
        for (let index = operand; index < end; index += 1) {
          if (value.startsWith(this.strings[index] as string)) return true;
        }
        return false;
      }
      case Test.InList:
        return (this.watchlists[operand] as CompiledWatchlist).has(value, at);
      case Test.InListKey:
        return (this.watchlists[operand] as CompiledWatchlist).hasKey(value, at);
      case undefined:
        break;
    }
    throw new RangeError(`No test at ${node}: the program is corrupt`);
  }

  /** A code field of the file or item; names in their normalised form. */
  private text(
    field: number | undefined,
    subject: SelectivitySubject,
    item: SubjectItem | undefined,
  ): string | undefined {
    switch (field) {
      case Field.Office:
        return subject.office;
      case Field.Procedure:
        return subject.procedure;
      case Field.TransportMode:
        return subject.transportMode;
      case Field.Importer:
        return subject.importer;
      case Field.Declarant:
        return subject.declarant;
      case Field.Seller: {
        const seller = subject.seller;
        return seller === undefined ? undefined : this.sellerKey(seller);
      }
      case Field.DepartureCountry:
        return subject.departureCountry;
      case Field.TariffLine:
        return item?.tariffLine;
      case Field.Origin:
        return item?.origin;
      case undefined:
      default:
        return undefined;
    }
  }

  /** A number field of the file or item, NaN when absent. */
  private number(
    field: number | undefined,
    subject: SelectivitySubject,
    item: SubjectItem | undefined,
  ): number {
    let value: number | undefined;
    switch (field) {
      case Field.ImporterHitRate:
        value = subject.importerHitRate;
        break;
      case Field.ModelScore:
        value = subject.modelScore;
        break;
      case Field.CustomsValue:
        value = item?.customsValue;
        break;
      case Field.UnitValue:
        value = item?.unitValue;
        break;
      case Field.ValuePerKg:
        value = item?.valuePerKg;
        break;
      case Field.Quantity:
        value = item?.quantity;
        break;
      case Field.NetMass:
        value = item?.netMass;
        break;
      case Field.UnitValueBelowReference:
        value = item?.unitValueBelowReference;
        break;
      case undefined:
      default:
        value = undefined;
    }
    return value === undefined ? Number.NaN : value;
  }

  private descriptionKey(description: string): string {
    if (description !== this.lastDescription) {
      this.lastDescriptionKey = wordSearchKey(description);
      this.lastDescription = description;
    }
    return this.lastDescriptionKey;
  }

  private sellerKey(seller: string): string {
    if (seller !== this.lastSeller) {
      this.lastSellerKey = normalizeWords(seller);
      this.lastSeller = seller;
    }
    return this.lastSellerKey;
  }
}

function isPredicate(condition: Condition): condition is Predicate {
  return 'field' in condition;
}

/** The parts of a conjunction, nested `all`s flattened: the condition holds when all of them do. */
function conjuncts(condition: Condition): Condition[] {
  return 'all' in condition ? condition.all.flatMap(conjuncts) : [condition];
}

/** Facts known of an item before its condition is run (each null when unknown). */
export interface KnownItem {
  /** The item's tariff line starts with one of these prefixes. */
  readonly tariffPrefixes: readonly string[] | null;
  /** The item's origin is one of these codes. */
  readonly origins: readonly string[] | null;
}

/** Whether a predicate holds for every item of which `known` is true. */
function isProven(condition: Condition, known: KnownItem): boolean {
  if (!isPredicate(condition)) return false;
  const { tariffPrefixes, origins } = known;
  if (condition.field === 'tariffLine' && condition.op === 'prefix' && tariffPrefixes !== null) {
    const prefixes = typeof condition.value === 'string' ? [condition.value] : condition.value;
    return tariffPrefixes.every((line) => prefixes.some((prefix) => line.startsWith(prefix)));
  }
  if (condition.field === 'origin' && origins !== null) {
    if (condition.op === 'in') return origins.every((origin) => condition.value.includes(origin));
    if (condition.op === 'eq') return origins.every((origin) => origin === condition.value);
  }
  return false;
}

/**
 * A condition that holds exactly when `condition` does, for the items of which `known` is
 * true: the condition less the parts of its conjunction that those facts prove (a tariff
 * prefix predicate when the line is known to start with one of its prefixes, an origin
 * predicate when the origin is known to be one of its codes). The criterion index proves them
 * when it finds a criterion under a (prefix, origin) key, so the program need not test them
 * again. A predicate inside `any` or `not` is kept: nothing is proven of it alone.
 */
export function conditionGiven(condition: Condition, known: KnownItem): Condition {
  const parts = conjuncts(condition);
  const rest = parts.filter((part) => !isProven(part, known));
  if (rest.length === parts.length) return condition;
  return rest.length === 1 ? (rest[0] as Condition) : { all: rest };
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
 * Compiles one validated condition (condition.ts) against the rule set's compiled lists, into
 * a program of its own, as a test function. The evaluator compiles every criterion into one
 * shared program instead (compile-rule-set.ts). Throws RangeError only on a condition that did
 * not pass validation (a programming error).
 */
export function compileCondition(
  condition: Condition,
  lists: ReadonlyMap<string, CompiledWatchlist>,
): CompiledCondition {
  const program = new ConditionProgram(lists);
  const { root, itemLevel, hints, cost } = program.add(condition);
  program.seal();
  return { test: (subject, item, at) => program.holds(root, subject, item, at), itemLevel, hints, cost };
}
