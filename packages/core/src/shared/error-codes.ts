/**
 * The one catalogue of error codes. Names are stable: clients and the HTTP edge key on them.
 * The core never knows about HTTP; the server maps each code to a status in one table.
 */
export const errorCodes = [
  'VALIDATION_FAILED',
  'DECLARATION_NOT_FOUND',
  'DECLARATION_VERSION_NOT_FOUND',
  'MANIFEST_NOT_FOUND',
  'MANIFEST_VERSION_NOT_FOUND',
  'REFERENCE_IN_USE',
  'IDEMPOTENCY_KEY_REUSED',
  'AMENDMENT_IDENTITY_CHANGED',
  'EVENT_NOT_APPLICABLE',
  'OFFICE_NOT_FOUND',
  'ARRIVAL_ALREADY_RECORDED',
  'INVALID_CURSOR',
  'DECLARATION_NOT_CANCELLABLE',
  'DECLARATION_CANCELLED',
  'VALUATION_ITEM_NOT_FOUND',
  'VALUATION_DECISION_NOT_FOUND',
  'VALUATION_DECISION_SUPERSEDED',
  'VALUATION_APPEAL_NOT_FOUND',
  'VALUATION_APPEAL_EXISTS',
  'VALUATION_APPEAL_ALREADY_DECIDED',
  'TARIFF_NOT_LOADED',
  'TARIFF_LINE_NOT_IN_FORCE',
  'TARIFF_INCONSISTENT',
  'TARIFF_CURRENCY_MISMATCH',
  'TARIFF_LINE_NOT_FOUND',
  'RULE_SET_NOT_FOUND',
  'NO_ACTIVE_RULE_SET',
  'ASSESSMENT_NOT_FOUND',
  'WATCHLIST_NOT_FOUND',
  'BACKTEST_NOT_FOUND',
  'BACKTEST_FAILED',
  'TARGETING_NOT_ENOUGH_RESULTS',
  'TARGETING_MODEL_NOT_FOUND',
  'CLEARANCE_TRANSITION_REFUSED',
  'LANE_REROUTE_REASON_REQUIRED',
  'INSPECTION_RESULT_ID_REUSED',
  'INSPECTION_RESULT_NOT_FOUND',
  'ATTACHMENT_NOT_FOUND',
  'OFFICER_NOT_FOUND',
  'OFFICER_EXISTS',
  'SCANNER_NOT_FOUND',
  'SCANNER_EXISTS',
  'AUTHENTICATION_REQUIRED',
  'SIGN_IN_FAILED',
  'SIGN_IN_THROTTLED',
  'CSRF_TOKEN_INVALID',
  'PERMISSION_DENIED',
  'OFFICE_OUT_OF_SCOPE',
  'SENDER_OUT_OF_SCOPE',
  'FOUR_EYES_REQUIRED',
  'CONTROL_NOT_ASSIGNED',
  'USER_NOT_FOUND',
  'USER_EXISTS',
  'API_KEY_NOT_FOUND',
  'RATE_LIMITED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/**
 * A failure a service reports to its caller: a code, the input problems when the input was
 * bad, and details that name what was involved (identifiers, references). Each edge words it
 * in the reader's language with `describeError`.
 */
export interface AppError {
  readonly code: ErrorCode;
  readonly problems?: readonly Problem[];
  readonly details?: Readonly<Record<string, string | number>>;
}

/** Builds an AppError. */
export function appError(
  code: ErrorCode,
  details?: Readonly<Record<string, string | number>>,
  problems?: readonly Problem[],
): AppError {
  return { code, ...(details ? { details } : {}), ...(problems ? { problems } : {}) };
}

/**
 * One thing wrong with an input: where (a JSON Pointer, RFC 6901, into the submitted document),
 * the value found there, and what was expected, as a key of the message catalogue with its
 * parameters, so that each edge renders it in the reader's language (see `describeExpected`).
 */
export interface Problem {
  readonly path: string;
  readonly value: unknown;
  readonly code: ExpectationCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** What a field expected, one key per rule; the catalogue in messages.ts words each in fr and en. */
export type ExpectationCode =
  | 'required'
  | 'type'
  | 'unknown_property'
  | 'one_of'
  | 'text_length'
  | 'list_length'
  | 'no_duplicates'
  | 'decimal'
  | 'decimal_positive'
  | 'decimal_scale'
  | 'integer_range'
  | 'datetime'
  | 'date'
  | 'country'
  | 'currency'
  | 'unlocode'
  | 'imo_number'
  | 'container_number'
  | 'tariff_line'
  | 'hs_subheading_known'
  | 'hs_code'
  | 'hs_code_known'
  | 'office_known'
  | 'office_code'
  | 'party_code'
  | 'reference'
  | 'procedure_code'
  | 'package_kind'
  | 'exchange_rate_national'
  | 'supplementary_pair'
  | 'csv_column'
  | 'hs_subheading'
  | 'valuation_adjusted_value_only'
  | 'tariff_code'
  | 'tax_code'
  | 'rate_percent'
  | 'date_range'
  | 'no_overlap'
  | 'tax_base_known'
  | 'tax_rate_source'
  | 'utc_offset'
  | 'tariff_line_in_force'
  | 'tariff_entries'
  | 'selectivity_condition'
  | 'selectivity_depth'
  | 'selectivity_operator'
  | 'selectivity_prefix'
  | 'selectivity_range'
  | 'selectivity_word'
  | 'selectivity_list_known'
  | 'selectivity_list_kind'
  | 'selectivity_number_range'
  | 'selectivity_date_after'
  | 'selectivity_rates_total'
  | 'time_of_day'
  | 'base64'
  | 'attachment_size'
  | 'outcome_discrepancies'
  | 'item_known'
  | 'password_length'
  | 'password_contains_username'
  | 'username'
  | 'trader_sender'
  | 'json';
