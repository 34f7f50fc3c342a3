/**
 * Calls to the Anticipa API (same origin, under /api). Each call asks for the language shown
 * (Accept-Language), so problem documents come worded for the reader, and answers a value:
 * the parsed body, or the problem (RFC 9457) with its field-level errors. Never throws.
 */
import { currentLanguage } from '../i18n/i18n.ts';
import { csrfToken, sessionEndedEvent } from '../session/session.ts';
import type { FieldProblem, Refusal } from './api-types.ts';

export type { FieldProblem, Refusal } from './api-types.ts';

export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly errors: readonly FieldProblem[];
  readonly refusal?: Refusal;
}

export type ApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

/** A problem for when the server could not be reached; its detail is worded by the caller. */
export const networkProblem = (detail: string): Problem => ({
  status: 0,
  title: 'NETWORK',
  detail,
  code: 'NETWORK',
  errors: [],
});

function asProblem(status: number, body: unknown): Problem {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (key: string): string => (typeof record[key] === 'string' ? record[key] : '');
  const errors = Array.isArray(record['errors'])
    ? (record['errors'] as unknown[]).flatMap((item): FieldProblem[] => {
        if (typeof item !== 'object' || item === null) return [];
        const error = item as Record<string, unknown>;
        return [
          {
            path: typeof error['path'] === 'string' ? error['path'] : '',
            value: error['value'],
            expected: typeof error['expected'] === 'string' ? error['expected'] : '',
          },
        ];
      })
    : [];
  const refusal = refusalOf(record['refusal']);
  return {
    status,
    title: text('title'),
    detail: text('detail'),
    code: text('code'),
    errors,
    ...(refusal ? { refusal } : {}),
  };
}

function refusalOf(value: unknown): Refusal | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const codes = (key: string): string[] =>
    Array.isArray(record[key]) ? (record[key] as unknown[]).filter((item) => typeof item === 'string') : [];
  if (typeof record['state'] !== 'string' || typeof record['event'] !== 'string') return undefined;
  return {
    state: record['state'],
    event: record['event'],
    missing: codes('missing'),
    allowed: codes('allowed'),
  };
}

/** Sends a request to the API and parses its JSON answer. */
export async function callApi<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': currentLanguage(),
  };
  // Every change made with the session carries its CSRF token (the cookie goes by itself).
  const token = csrfToken();
  if (method !== 'GET' && token !== null) headers['x-csrf-token'] = token;
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, problem: networkProblem('') };
  }
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  // The session ended (expired, signed out elsewhere): the application asks to sign in again.
  if (response.status === 401 && !path.startsWith('/api/session')) {
    window.dispatchEvent(new Event(sessionEndedEvent));
  }
  if (!response.ok) return { ok: false, problem: asProblem(response.status, parsed) };
  return { ok: true, value: parsed as T };
}

export const getApi = <T>(path: string): Promise<ApiResult<T>> => callApi<T>('GET', path);
export const postApi = <T>(path: string, body: unknown): Promise<ApiResult<T>> =>
  callApi<T>('POST', path, body);

/** A query string from the filters that have a value. */
export function queryString(params: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
