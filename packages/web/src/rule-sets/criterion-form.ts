/**
 * The criterion form's model: the fields and operators an analyst picks from (a subset of the
 * core's selectivity field catalogue, which the server validates against), the criterion built
 * from the form, and the mapping of a 400's JSON Pointers back to the form's fields.
 */
import type { FieldProblem } from '../api/api-client.ts';
import type { Condition, Criterion, Lane } from '../api/api-types.ts';

const codeOps = ['eq', 'in'] as const;
const numberOps = ['gt', 'gte', 'lt', 'lte', 'between'] as const;

/** Each field a criterion may test here, with its operators (selectivity-fields.ts in the core). */
export const criterionFields: Readonly<Record<string, readonly string[]>> = {
  tariffLine: ['prefix', ...codeOps],
  origin: codeOps,
  importer: codeOps,
  declarant: codeOps,
  seller: codeOps,
  office: codeOps,
  procedure: ['prefix', ...codeOps],
  transportMode: codeOps,
  departureCountry: codeOps,
  billOfLading: codeOps,
  container: ['prefix', ...codeOps],
  description: ['words'],
  customsValue: numberOps,
  unitValue: numberOps,
  valuePerKg: numberOps,
  quantity: numberOps,
  netMass: numberOps,
  importerHitRate: numberOps,
  unitValueBelowReference: numberOps,
};

export interface ConditionDraft {
  readonly field: string;
  readonly op: string;
  readonly value: string;
}

export interface CriterionDraft {
  readonly profileIndex: number;
  readonly id: string;
  readonly name: string;
  readonly conditions: readonly ConditionDraft[];
  readonly lane: Exclude<Lane, 'green'>;
  readonly percentage: string;
  readonly weight: string;
  readonly validFrom: string;
  readonly reasonFr: string;
  readonly reasonEn: string;
  readonly rationale: string;
}

const isNumberOp = (op: string): boolean => (numberOps as readonly string[]).includes(op);
const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
/** A number when the text is one; else the text, for the server to report against the field. */
const numberOrText = (text: string): number | string =>
  text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;

function predicate(draft: ConditionDraft): Condition {
  const { field, op } = draft;
  const text = draft.value.trim();
  if (op === 'in' || op === 'words') return { field, op, value: list(text) };
  if (op === 'between') return { field, op, value: list(text).map(numberOrText) };
  if (isNumberOp(op)) return { field, op, value: numberOrText(text) };
  return { field, op, value: text };
}

/** The criterion the form describes; one condition stands alone, several are all required. */
export function criterionOf(draft: CriterionDraft): Criterion {
  const [only, ...others] = draft.conditions;
  const condition: Condition =
    only !== undefined && others.length === 0 ? predicate(only) : { all: draft.conditions.map(predicate) };
  return {
    id: draft.id.trim(),
    name: draft.name.trim(),
    condition,
    effect: { lane: draft.lane, percentage: numberOrText(draft.percentage) as number },
    weight: numberOrText(draft.weight) as number,
    validFrom: draft.validFrom === '' ? '' : `${draft.validFrom}T00:00:00.000Z`,
    reason: { fr: draft.reasonFr.trim(), en: draft.reasonEn.trim() },
    rationale: draft.rationale.trim(),
  };
}

const fieldOfSuffix: Readonly<Record<string, string>> = {
  '/id': 'id',
  '/name': 'name',
  '/effect/lane': 'lane',
  '/effect/percentage': 'percentage',
  '/effect': 'percentage',
  '/weight': 'weight',
  '/validFrom': 'validFrom',
  '/reason/fr': 'reasonFr',
  '/reason/en': 'reasonEn',
  '/reason': 'reasonFr',
  '/rationale': 'rationale',
};

/**
 * The form field a problem belongs to, from its JSON Pointer: `/profiles/0/criteria/7/weight`
 * is the new criterion's weight; `/profiles/0/criteria/7/condition/all/1/value` the value of
 * its second condition. Problems elsewhere in the rule set return undefined.
 */
export function formFieldOf(
  problem: FieldProblem,
  profileIndex: number,
  criterionIndex: number,
  conditionCount: number,
): string | undefined {
  const prefix = `/profiles/${profileIndex}/criteria/${criterionIndex}`;
  if (!problem.path.startsWith(prefix)) return undefined;
  const suffix = problem.path.slice(prefix.length);
  if (suffix.startsWith('/condition')) {
    const rest = suffix.slice('/condition'.length);
    const many = /^\/all\/(\d+)(\/.*)?$/.exec(rest);
    const index = many ? Number(many[1]) : 0;
    const part = many ? (many[2] ?? '') : conditionCount === 1 ? rest : '';
    const which = part.startsWith('/field') ? 'field' : part.startsWith('/op') ? 'op' : 'value';
    return `condition-${index}-${which}`;
  }
  return fieldOfSuffix[suffix] ?? (suffix === '' ? 'id' : undefined);
}
