/**
 * Who is asking, and may they: the HTTP edge of identity (issue "Trust").
 *
 * - A request carries an API key (`Authorization: Bearer ak_...`, systems) or the session cookie
 *   (`anticipa_session`, the web: httpOnly, SameSite=Strict, Secure when configured).
 * - A state-changing request on a session must echo the session's CSRF token in `X-CSRF-Token`
 *   (OWASP's synchroniser token); API keys are not sent by browsers on their own, so they need
 *   none.
 * - Every route has its entry in `route-access.ts`; the server refuses to start on a route
 *   without one. The check: public, or signed in (401), the role's permission (403), then the
 *   scope of the file or office named in the path (a file beyond reach answers 404).
 * - Hardening: security headers (helmet, with a Content Security Policy that allows only the
 *   server's own scripts), rate limits per key or session and per address for anonymous
 *   requests.
 */
import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  appError,
  can,
  canReachFile,
  coversOffice,
  err,
  isTraderRole,
  officesToList,
  ok,
  type AppError,
  type Locale,
  type Principal,
  type Result,
} from '@anticipa/core';
import type { Anticipa } from '../anticipa.ts';
import { declarations, manifests } from '../db/schema.ts';
import { accessOf } from './route-access.ts';
import { localeOf, problemDocument, sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: null for an anonymous request (public routes only). */
    principal: Principal | null;
    /** The CSRF token of the request's session (null for API keys and anonymous requests). */
    sessionCsrf: string | null;
  }
}

export const sessionCookie = 'anticipa_session';

export interface SecurityOptions {
  readonly defaultLocale: Locale;
  readonly secureCookies: boolean;
  /** Per key or session, per minute; 0 for none. */
  readonly rateLimitPerMinute: number;
  /** Per address without credentials, per minute; 0 for none. */
  readonly anonymousRateLimitPerMinute: number;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The principal's name as the audit trail records it. Only on routes that need a principal. */
export function actorOf(request: FastifyRequest): string {
  if (!request.principal) throw new Error(`${request.method} ${request.url} has no principal`);
  return request.principal.name;
}

/** The principal of a route that needs one (every non-public route). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`${request.method} ${request.url} has no principal`);
  return request.principal;
}

/** What a list must be narrowed to for this principal: their offices, or their own files. */
export interface ListScope {
  readonly offices?: readonly string[] | undefined;
  readonly sender?: string | undefined;
}

/**
 * The scope of a list for the principal asking, given the office asked for: a trader lists their
 * own files; an officer the offices they work in (another office asked for is refused).
 */
export function listScope(
  principal: Principal,
  askedOffice: string | undefined,
): Result<ListScope, AppError> {
  if (isTraderRole(principal.role)) return ok({ sender: principal.sender ?? '' });
  const offices = officesToList(principal, askedOffice);
  if (offices === 'denied') {
    return err(
      appError('OFFICE_OUT_OF_SCOPE', {
        office: askedOffice ?? '',
        offices: (principal.offices ?? []).join(', '),
      }),
    );
  }
  return ok({ offices: offices.offices ?? undefined });
}

/**
 * Whether a document sent for lodging or amendment is the principal's to send: a trader's carries
 * their sender; an office-scoped principal's names one of their offices. Problems of shape are
 * left to the intake's validation.
 */
export function lodgingRefusal(principal: Principal, document: unknown): AppError | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const { sender, office } = document as { sender?: unknown; office?: unknown };
  if (isTraderRole(principal.role) && typeof sender === 'string' && sender !== principal.sender) {
    return appError('SENDER_OUT_OF_SCOPE', { sender, expected: principal.sender ?? '—' });
  }
  if (principal.offices !== null && typeof office === 'string' && !principal.offices.includes(office)) {
    return appError('OFFICE_OUT_OF_SCOPE', { office, offices: principal.offices.join(', ') });
  }
  return undefined;
}

/**
 * The body with `field` set to who is asking, so that a record names the signed-in person and not
 * a name typed in: any value sent there is replaced. A body that is not an object is left for the
 * service's validation to refuse.
 */
export function signedBody(
  request: FastifyRequest,
  field: string,
  value: string = actorOf(request),
): unknown {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...(body as Record<string, unknown>), [field]: value };
}

/**
 * The inspector a control step or result is signed by: an inspector signs as their roster
 * officer (whatever the body says); a supervisor records for the inspector the body names.
 */
export function inspectorBody(request: FastifyRequest): unknown {
  const principal = principalOf(request);
  if (principal.role !== 'inspector') return request.body;
  return signedBody(request, 'inspector', principal.officerId ?? principal.name);
}

/** Options of the session cookie (also used to clear it). */
export function sessionCookieOptions(secure: boolean) {
  // No expiry on the cookie itself: the server ends the session (expiry, sign-out, a disabled
  // user), and a browser session cookie goes when the browser closes.
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure };
}

/** Registers cookies, security headers, rate limits and the access check, before any route. */
export async function registerAuthentication(
  app: FastifyInstance,
  anticipa: Anticipa,
  options: SecurityOptions,
): Promise<void> {
  const { identity, db } = anticipa;
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React sets style properties, and Swagger UI a few style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain HTTP on a laptop must keep working; HSTS belongs with the TLS front.
    strictTransportSecurity: false,
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionCsrf', null);

  // A route without an access entry would be open by accident: refuse to start instead.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (!accessOf(method, route.url)) {
        throw new Error(`${method} ${route.url} has no entry in http/route-access.ts: say who may call it`);
      }
    }
  });

  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    error: Parameters<typeof problemDocument>[0],
  ) => sendProblem(reply, problemDocument(error, request, localeOf(request, options.defaultLocale)));

  app.addHook('onRequest', async (request, reply) => {
    const authorization = request.headers.authorization;
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const token = request.cookies[sessionCookie];
    if (bearer !== undefined) {
      request.principal = await identity.apiKeyPrincipal(bearer);
      if (!request.principal) return refuse(request, reply, appError('AUTHENTICATION_REQUIRED'));
    } else if (token) {
      const session = await identity.session(token);
      if (session) {
        request.principal = session.principal;
        request.sessionCsrf = session.csrfToken;
      }
    }

    const url = request.routeOptions.url;
    if (url === undefined) return; // no such route: the not-found handler answers
    const access = accessOf(request.method, url);
    if (!access || access.kind === 'public') return;
    const principal = request.principal;
    if (!principal) return refuse(request, reply, appError('AUTHENTICATION_REQUIRED'));
    if (request.sessionCsrf !== null && !safeMethods.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameToken(given, request.sessionCsrf)) {
        return refuse(request, reply, appError('CSRF_TOKEN_INVALID'));
      }
    }
    if (access.kind === 'signed_in') return;
    if (!can(principal, access.permission)) {
      return refuse(
        request,
        reply,
        appError('PERMISSION_DENIED', { role: principal.role, permission: access.permission }),
      );
    }
    const params = request.params as Record<string, string | undefined>;
    if (access.scope === 'office') {
      const code = params.code ?? '';
      if (principal.offices !== null && !coversOffice(principal, code)) {
        return refuse(
          request,
          reply,
          appError('OFFICE_OUT_OF_SCOPE', { office: code, offices: principal.offices.join(', ') }),
        );
      }
      return;
    }
    if (access.scope === 'declaration' || access.scope === 'manifest') {
      const id = params.id ?? '';
      if (!/^[0-9a-f-]{36}$/i.test(id)) return; // the route's own schema answers 400
      const table = access.scope === 'declaration' ? declarations : manifests;
      const [file] = await db
        .select({ office: table.officeCode, sender: table.sender })
        .from(table)
        .where(eq(table.id, id))
        .limit(1);
      if (file && !canReachFile(principal, file)) {
        return refuse(
          request,
          reply,
          appError(access.scope === 'declaration' ? 'DECLARATION_NOT_FOUND' : 'MANIFEST_NOT_FOUND', { id }),
        );
      }
    }
  });

  await app.register(fastifyRateLimit, {
    global: true,
    // Per principal when known (a key, a session's user), else per address.
    keyGenerator: (request) =>
      request.principal ? `${request.principal.kind}:${request.principal.id}` : `ip:${request.ip}`,
    max: (request) => {
      const limit = request.principal ? options.rateLimitPerMinute : options.anonymousRateLimitPerMinute;
      return limit === 0 ? Number.MAX_SAFE_INTEGER : limit;
    },
    timeWindow: 60_000,
    // The web application's files are not rationed: a page load fetches many at once.
    allowList: (request) => !request.url.startsWith('/api/'),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error('Too many requests'), {
        statusCode: 429,
        code: 'RATE_LIMITED',
        max: context.max,
        seconds: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
}
