/**
 * Errors at the HTTP edge, as `application/problem+json` (RFC 9457): the one table mapping each
 * error code of the catalogue to a status, and the rendering of problems in the reader's
 * language with each field's JSON Pointer, the value found and what was expected.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  describeError,
  describeExpected,
  negotiateLocale,
  type AppError,
  type ErrorCode,
  type Locale,
  type Problem,
} from '@anticipa/core';

export const statusOf: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_CURSOR: 400,
  TARIFF_LINE_NOT_FOUND: 404,
  TARIFF_NOT_LOADED: 422,
  TARIFF_LINE_NOT_IN_FORCE: 422,
  TARIFF_INCONSISTENT: 422,
  TARIFF_CURRENCY_MISMATCH: 422,
  DECLARATION_NOT_FOUND: 404,
  DECLARATION_VERSION_NOT_FOUND: 404,
  MANIFEST_NOT_FOUND: 404,
  MANIFEST_VERSION_NOT_FOUND: 404,
  OFFICE_NOT_FOUND: 404,
  VALUATION_ITEM_NOT_FOUND: 404,
  VALUATION_DECISION_NOT_FOUND: 404,
  VALUATION_APPEAL_NOT_FOUND: 404,
  RULE_SET_NOT_FOUND: 404,
  ASSESSMENT_NOT_FOUND: 404,
  WATCHLIST_NOT_FOUND: 404,
  BACKTEST_NOT_FOUND: 404,
  BACKTEST_FAILED: 500,
  TARGETING_NOT_ENOUGH_RESULTS: 409,
  TARGETING_MODEL_NOT_FOUND: 404,
  NO_ACTIVE_RULE_SET: 409,
  VALUATION_DECISION_SUPERSEDED: 409,
  VALUATION_APPEAL_EXISTS: 409,
  VALUATION_APPEAL_ALREADY_DECIDED: 409,
  REFERENCE_IN_USE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  ARRIVAL_ALREADY_RECORDED: 409,
  DECLARATION_NOT_CANCELLABLE: 409,
  DECLARATION_CANCELLED: 409,
  CLEARANCE_TRANSITION_REFUSED: 409,
  LANE_REROUTE_REASON_REQUIRED: 422,
  INSPECTION_RESULT_ID_REUSED: 409,
  INSPECTION_RESULT_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  OFFICER_NOT_FOUND: 404,
  OFFICER_EXISTS: 409,
  SCANNER_NOT_FOUND: 404,
  SCANNER_EXISTS: 409,
  AUTHENTICATION_REQUIRED: 401,
  SIGN_IN_FAILED: 401,
  SIGN_IN_THROTTLED: 429,
  CSRF_TOKEN_INVALID: 403,
  PERMISSION_DENIED: 403,
  OFFICE_OUT_OF_SCOPE: 403,
  SENDER_OUT_OF_SCOPE: 403,
  FOUR_EYES_REQUIRED: 403,
  CONTROL_NOT_ASSIGNED: 403,
  USER_NOT_FOUND: 404,
  USER_EXISTS: 409,
  API_KEY_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  AMENDMENT_IDENTITY_CHANGED: 422,
  EVENT_NOT_APPLICABLE: 422,
};

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: string;
  readonly errors?: readonly { readonly path: string; readonly value: unknown; readonly expected: string }[];
  readonly refusal?: ClearanceRefusal;
}

/**
 * A refused clearance step, as codes (an RFC 9457 extension member), so that a screen can word
 * the file's state, what it lacks and what it may do in its own language and offer those steps.
 */
export interface ClearanceRefusal {
  readonly state: string;
  readonly event: string;
  readonly missing: readonly string[];
  readonly allowed: readonly string[];
}

const codeList = (value: string | number | undefined): string[] =>
  value === undefined || value === '' ? [] : String(value).split(', ');

function refusalOf(error: AppError): ClearanceRefusal | undefined {
  if (error.code !== 'CLEARANCE_TRANSITION_REFUSED' || error.details === undefined) return undefined;
  return {
    state: String(error.details['state'] ?? ''),
    event: String(error.details['event'] ?? ''),
    missing: codeList(error.details['missing']),
    allowed: codeList(error.details['allowed']),
  };
}

export function localeOf(request: FastifyRequest, fallback: Locale): Locale {
  return negotiateLocale(request.headers['accept-language'], fallback);
}

const titles: Readonly<Record<Locale, Readonly<Record<number, string>>>> = {
  en: {
    400: 'Bad request',
    401: 'Sign-in required',
    403: 'Forbidden',
    404: 'Not found',
    409: 'Conflict',
    413: 'Request too large',
    415: 'Unsupported media type',
    422: 'Unprocessable request',
    429: 'Too many requests',
    500: 'Internal error',
  },
  fr: {
    400: 'Requête invalide',
    401: 'Connexion requise',
    403: 'Interdit',
    404: 'Introuvable',
    409: 'Conflit',
    413: 'Requête trop volumineuse',
    415: 'Type de contenu non pris en charge',
    422: 'Requête impossible à traiter',
    429: 'Trop de requêtes',
    500: 'Erreur interne',
  },
};

export function renderProblems(problems: readonly Problem[], locale: Locale) {
  return problems.map((problem) => ({
    path: problem.path,
    value: problem.value,
    expected: describeExpected(problem, locale),
  }));
}

/** Renders an application error as a problem document in the request's language. */
export function problemDocument(error: AppError, request: FastifyRequest, locale: Locale): ProblemDocument {
  const status = statusOf[error.code];
  const refusal = refusalOf(error);
  return {
    type: `urn:anticipa:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[locale][status] ?? String(status),
    status,
    detail: describeError(error, locale),
    instance: request.url,
    code: error.code,
    ...(error.problems ? { errors: renderProblems(error.problems, locale) } : {}),
    ...(refusal ? { refusal } : {}),
  };
}

export function sendProblem(reply: FastifyReply, document: ProblemDocument): FastifyReply {
  return reply.code(document.status).type('application/problem+json; charset=utf-8').send(document);
}

/** A problem that has no code in the catalogue (HTTP-level failures: body too large, wrong media type). */
export function httpProblem(
  status: number,
  code: string,
  detail: string,
  request: FastifyRequest,
  locale: Locale,
): ProblemDocument {
  return {
    type: `urn:anticipa:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[locale][status] ?? String(status),
    status,
    detail,
    instance: request.url,
    code,
  };
}

/**
 * Answers a service's result: its value as the response body, or its error as a problem
 * document in the request's language. The one line most routes end with.
 */
export function answer<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  result: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError },
  defaultLocale: Locale,
): T | FastifyReply {
  return result.ok
    ? result.value
    : sendProblem(reply, problemDocument(result.error, request, localeOf(request, defaultLocale)));
}
