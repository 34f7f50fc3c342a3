/**
 * Conditions of selectivity criteria: JSON data, never code. A condition is `{ all: [...] }`,
 * `{ any: [...] }`, `{ not: ... }` or a predicate `{ field, op, value }` (or `{ field, op:
 * "inList", list }`) on a field of the catalogue (selectivity-fields.ts). User text is never
 * evaluated: compile-condition.ts turns a validated condition into records of a flat program
 * (operations on fields and the values they compare with) that a small interpreter runs.
 *
 * Validation reports every problem at once, each at its JSON Pointer (unknown field, operator
 * not allowed for the field, value of the wrong type or format, unknown list, list of the
 * wrong kind), through the shared Problem machinery.
 */
import { z } from 'zod';
import type { ExpectationCode } from '../shared/error-codes.ts';
import { encodeExpectation } from '../shared/fields.ts';
import { parseDocument } from '../shared/parse.ts';
import {
  fieldDefinition,
  isSelectivityField,
  selectivityFieldNames,
  selectivityOperators,
  type FieldDefinition,
  type ListKind,
  type SelectivityField,
  type SelectivityOperator,
} from './selectivity-fields.ts';
import { normalizeWords } from './word-match.ts';

/** Holds when every condition holds. */
export interface AllCondition {
  readonly all: readonly Condition[];
}

/** Holds when at least one condition holds. */
export interface AnyCondition {
  readonly any: readonly Condition[];
}

/** Holds when the condition does not. */
export interface NotCondition {
  readonly not: Condition;
}

/** A test of one field. */
export type Predicate =
  | { readonly field: SelectivityField; readonly op: 'eq'; readonly value: string | boolean }
  | { readonly field: SelectivityField; readonly op: 'in'; readonly value: readonly string[] }
  | { readonly field: SelectivityField; readonly op: 'prefix'; readonly value: string | readonly string[] }
  | { readonly field: SelectivityField; readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number }
  | { readonly field: SelectivityField; readonly op: 'between'; readonly value: readonly [number, number] }
  | { readonly field: SelectivityField; readonly op: 'words'; readonly value: readonly string[] }
  | { readonly field: SelectivityField; readonly op: 'inList'; readonly list: string };

export type Condition = AllCondition | AnyCondition | NotCondition | Predicate;

/** How deep conditions may nest: enough for any profile a person writes, and no deeper. */
export const maxConditionDepth = 12;
const maxChildren = 100;
const maxInValues = 10_000;
const maxPrefixes = 1_000;
const maxWords = 200;

interface FoundProblem {
  readonly path: PropertyKey[];
  readonly value: unknown;
  readonly code: ExpectationCode;
  readonly params?: Record<string, string | number>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeProblem(path: PropertyKey[], value: unknown, type: string): FoundProblem {
  return { path, value, code: 'type', params: { type } };
}

function unknownKeys(
  input: Record<string, unknown>,
  allowed: readonly string[],
  path: PropertyKey[],
  out: FoundProblem[],
): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      out.push({ path: [...path, key], value: null, code: 'unknown_property', params: { name: key } });
    }
  }
}

/** Checks a list-valued property: an array of `min` to `max` entries, each checked by `each`. */
function checkArray(
  value: unknown,
  path: PropertyKey[],
  min: number,
  max: number,
  out: FoundProblem[],
  each: (entry: unknown, path: PropertyKey[]) => void,
): void {
  if (!Array.isArray(value)) {
    out.push(typeProblem(path, value, 'a list'));
    return;
  }
  if (value.length < min || value.length > max) {
    out.push({ path, value, code: 'list_length', params: { min, max } });
    return;
  }
  value.forEach((entry, index) => {
    each(entry, [...path, index]);
  });
}

/** Checks one value against a field schema of shared/fields.ts, relaying its problems. */
function checkWithSchema(schema: z.ZodType, value: unknown, path: PropertyKey[], out: FoundProblem[]): void {
  const parsed = parseDocument(schema, value);
  if (parsed.ok) return;
  for (const problem of parsed.error) {
    out.push({
      path,
      value,
      code: problem.code,
      ...(problem.params ? { params: { ...problem.params } } : {}),
    });
  }
}

function checkNumber(
  definition: { readonly min: number; readonly max: number },
  value: unknown,
  path: PropertyKey[],
  out: FoundProblem[],
): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) out.push(typeProblem(path, value, 'a number'));
  else if (value < definition.min || value > definition.max) {
    out.push({
      path,
      value,
      code: 'selectivity_number_range',
      params: { min: definition.min, max: definition.max },
    });
  }
}

function checkValue(
  definition: FieldDefinition,
  op: Exclude<SelectivityOperator, 'inList'>,
  value: unknown,
  path: PropertyKey[],
  out: FoundProblem[],
): void {
  if (value === undefined) {
    out.push({ path, value: null, code: 'required' });
    return;
  }
  switch (op) {
    case 'eq':
      if (definition.kind === 'boolean') {
        if (typeof value !== 'boolean') out.push(typeProblem(path, value, 'true or false'));
      } else if (definition.kind === 'code') {
        if (typeof value !== 'string') out.push(typeProblem(path, value, 'a string'));
        else checkWithSchema(definition.value, value, path, out);
      }
      return;
    case 'in':
      if (definition.kind !== 'code') return;
      checkArray(value, path, 1, maxInValues, out, (entry, entryPath) => {
        if (typeof entry !== 'string') out.push(typeProblem(entryPath, entry, 'a string'));
        else checkWithSchema(definition.value, entry, entryPath, out);
      });
      return;
    case 'prefix': {
      if (definition.kind !== 'code' || definition.prefix === undefined) return;
      const { pattern, example } = definition.prefix;
      const checkPrefix = (entry: unknown, entryPath: PropertyKey[]): void => {
        if (typeof entry !== 'string') out.push(typeProblem(entryPath, entry, 'a string'));
        else if (!pattern.test(entry))
          out.push({ path: entryPath, value: entry, code: 'selectivity_prefix', params: { example } });
      };
      if (Array.isArray(value)) checkArray(value, path, 1, maxPrefixes, out, checkPrefix);
      else checkPrefix(value, path);
      return;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (definition.kind === 'number') checkNumber(definition, value, path, out);
      return;
    case 'between': {
      if (definition.kind !== 'number') return;
      const before = out.length;
      if (!Array.isArray(value) || value.length !== 2) {
        out.push({ path, value, code: 'selectivity_range' });
        return;
      }
      value.forEach((bound, index) => {
        checkNumber(definition, bound, [...path, index], out);
      });
      const [low, high] = value as [number, number];
      if (out.length === before && low > high) out.push({ path, value, code: 'selectivity_range' });
      return;
    }
    case 'words':
      checkArray(value, path, 1, maxWords, out, (entry, entryPath) => {
        if (typeof entry !== 'string') out.push(typeProblem(entryPath, entry, 'a string'));
        else if (entry.length > 140 || normalizeWords(entry) === '')
          out.push({ path: entryPath, value: entry, code: 'selectivity_word' });
      });
      return;
  }
}

function checkPredicate(
  input: Record<string, unknown>,
  path: PropertyKey[],
  lists: ReadonlyMap<string, ListKind>,
  out: FoundProblem[],
): void {
  const { field, op } = input;
  if (field === undefined) out.push({ path: [...path, 'field'], value: null, code: 'required' });
  else if (typeof field !== 'string' || !isSelectivityField(field)) {
    out.push({
      path: [...path, 'field'],
      value: field,
      code: 'one_of',
      params: { values: selectivityFieldNames.join(', ') },
    });
  }
  const knownField = typeof field === 'string' && isSelectivityField(field) ? field : undefined;
  if (op === undefined) {
    out.push({ path: [...path, 'op'], value: null, code: 'required' });
    unknownKeys(input, ['field', 'op', 'value', 'list'], path, out);
    return;
  }
  if (knownField === undefined) {
    if (typeof op !== 'string' || !(selectivityOperators as readonly string[]).includes(op)) {
      out.push({
        path: [...path, 'op'],
        value: op,
        code: 'one_of',
        params: { values: selectivityOperators.join(', ') },
      });
    }
    unknownKeys(input, ['field', 'op', 'value', 'list'], path, out);
    return;
  }
  const definition = fieldDefinition(knownField);
  if (typeof op !== 'string' || !definition.operators.includes(op as SelectivityOperator)) {
    out.push({
      path: [...path, 'op'],
      value: op,
      code: 'selectivity_operator',
      params: { field: knownField, allowed: definition.operators.join(', ') },
    });
    unknownKeys(input, ['field', 'op', 'value', 'list'], path, out);
    return;
  }
  const operator = op as SelectivityOperator;
  if (operator === 'inList') {
    unknownKeys(input, ['field', 'op', 'list'], path, out);
    const { list } = input;
    const listPath = [...path, 'list'];
    if (list === undefined) out.push({ path: listPath, value: null, code: 'required' });
    else if (typeof list !== 'string') out.push(typeProblem(listPath, list, 'a string'));
    else {
      const kind = lists.get(list);
      if (kind === undefined) {
        out.push({
          path: listPath,
          value: list,
          code: 'selectivity_list_known',
          params: { known: [...lists.keys()].join(', ') || '-' },
        });
      } else if (definition.kind === 'code' && definition.listKind !== kind) {
        out.push({
          path: listPath,
          value: list,
          code: 'selectivity_list_kind',
          params: { expected: definition.listKind ?? '-', kind },
        });
      }
    }
    return;
  }
  unknownKeys(input, ['field', 'op', 'value'], path, out);
  checkValue(definition, operator, input.value, [...path, 'value'], out);
}

function checkCondition(
  input: unknown,
  path: PropertyKey[],
  depth: number,
  lists: ReadonlyMap<string, ListKind>,
  out: FoundProblem[],
): void {
  if (depth > maxConditionDepth) {
    out.push({ path, value: null, code: 'selectivity_depth', params: { max: maxConditionDepth } });
    return;
  }
  if (!isObject(input)) {
    out.push({ path, value: input, code: 'selectivity_condition' });
    return;
  }
  const combinator = 'all' in input ? 'all' : 'any' in input ? 'any' : undefined;
  if (combinator !== undefined) {
    unknownKeys(input, [combinator], path, out);
    checkArray(input[combinator], [...path, combinator], 1, maxChildren, out, (child, childPath) => {
      checkCondition(child, childPath, depth + 1, lists, out);
    });
    return;
  }
  if ('not' in input) {
    unknownKeys(input, ['not'], path, out);
    checkCondition(input.not, [...path, 'not'], depth + 1, lists, out);
    return;
  }
  if ('field' in input || 'op' in input) {
    checkPredicate(input, path, lists, out);
    return;
  }
  out.push({ path, value: input, code: 'selectivity_condition' });
}

/**
 * The schema of a condition, given the lists of the rule set (id → kind) that `inList` may
 * name. Reports every problem at its path; never evaluates anything.
 */
export function conditionSchema(lists: ReadonlyMap<string, ListKind>): z.ZodType<Condition> {
  return z
    .unknown()
    .superRefine((input, ctx) => {
      const found: FoundProblem[] = [];
      checkCondition(input, [], 0, lists, found);
      for (const problem of found) {
        ctx.addIssue({
          code: 'custom',
          message: encodeExpectation(problem.code, problem.params),
          path: problem.path,
          input: problem.value,
        });
      }
    })
    .transform((input) => input as Condition);
}
