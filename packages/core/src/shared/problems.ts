/**
 * Turns schema validation issues into Problems: one per thing wrong, each with its JSON Pointer,
 * the value found and the expectation key. Every issue is kept, so the sender sees all at once.
 */
import type { z } from 'zod';
import type { ExpectationCode, Problem } from './error-codes.ts';

const expectationCodes = new Set<string>([
  'required',
  'type',
  'unknown_property',
  'one_of',
  'text_length',
  'list_length',
  'no_duplicates',
  'decimal',
  'decimal_positive',
  'decimal_scale',
  'integer_range',
  'datetime',
  'date',
  'country',
  'currency',
  'unlocode',
  'imo_number',
  'container_number',
  'tariff_line',
  'hs_subheading_known',
  'hs_code',
  'hs_code_known',
  'office_known',
  'office_code',
  'party_code',
  'reference',
  'procedure_code',
  'package_kind',
  'exchange_rate_national',
  'supplementary_pair',
  'csv_column',
  'hs_subheading',
  'valuation_adjusted_value_only',
  'tariff_code',
  'tax_code',
  'rate_percent',
  'date_range',
  'no_overlap',
  'tax_base_known',
  'tax_rate_source',
  'utc_offset',
  'tariff_line_in_force',
  'tariff_entries',
  'selectivity_condition',
  'selectivity_depth',
  'selectivity_operator',
  'selectivity_prefix',
  'selectivity_range',
  'selectivity_word',
  'selectivity_list_known',
  'selectivity_list_kind',
  'selectivity_number_range',
  'selectivity_date_after',
  'selectivity_rates_total',
  'time_of_day',
  'base64',
  'attachment_size',
  'outcome_discrepancies',
  'item_known',
  'password_length',
  'password_contains_username',
  'username',
  'trader_sender',
  'json',
] satisfies ExpectationCode[]);

/** A JSON Pointer (RFC 6901) from a path of keys and indexes. */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => '/' + String(key).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

const typeWords: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
};

/** Maps every issue of a failed parse to a Problem. Never throws. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = toJsonPointer(issue.path);
    const value = 'input' in issue ? issue.input : undefined;
    // A missing value is shown as null: every problem names a value, even an absent one.
    const found = value === undefined ? null : value;
    if (issue.code === 'invalid_type') {
      const declared = decodeExpectation(issue.message);
      if (value === undefined) problems.push({ path, value: null, code: 'required' });
      else if (issue.expected === 'int' && declared) problems.push({ path, value, ...declared });
      else
        problems.push({
          path,
          value,
          code: 'type',
          params: { type: typeWords[issue.expected] ?? issue.expected },
        });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({
          path: toJsonPointer([...issue.path, key]),
          value: null,
          code: 'unknown_property',
          params: { name: key },
        });
      continue;
    }
    if (issue.code === 'invalid_value') {
      problems.push({
        path,
        value: found,
        code: 'one_of',
        params: { values: issue.values.map(String).join(', ') },
      });
      continue;
    }
    const decoded = decodeExpectation(issue.message);
    if (issue.code === 'invalid_union') {
      // A union of string | number for decimals: report it as a decimal expectation.
      problems.push({ path, value: found, code: decoded?.code ?? 'decimal', params: decoded?.params ?? {} });
      continue;
    }
    problems.push(
      decoded
        ? { path, value: found, ...decoded }
        : { path, value: found, code: 'type', params: { type: issue.message } },
    );
  }
  return problems;
}

/** Reads back what `encodeExpectation` wrote into an issue message; undefined for zod's own messages. */
export function decodeExpectation(
  message: string,
): { code: ExpectationCode; params: Record<string, string> } | undefined {
  const [code = '', query] = message.split('?', 2);
  if (!expectationCodes.has(code)) return undefined;
  return { code: code as ExpectationCode, params: Object.fromEntries(new URLSearchParams(query ?? '')) };
}
