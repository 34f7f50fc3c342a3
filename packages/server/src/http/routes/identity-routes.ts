/**
 * Routes of identity: sign in and out (the session cookie and its CSRF token), who am I, change
 * my password; users and API keys for administrators. Secrets appear once: a session token only
 * in its Set-Cookie, an API key only in the answer that creates it.
 */
import { z } from 'zod';
import { permissions, roleCan, roles, type Principal } from '@anticipa/core';
import type { Anticipa } from '../../anticipa.ts';
import type { ApiKeyView, UserView } from '../../identity/identity-service.ts';
import type { AppOptions, TypedApp } from '../app.ts';
import {
  actorOf,
  principalOf,
  sessionCookie,
  sessionCookieOptions,
  type SecurityOptions,
} from '../authentication.ts';
import { answer } from '../problem.ts';
import { problemSchema } from './document-routes.ts';

const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  offices: z.array(z.string()).nullable(),
  sender: z.string().nullable(),
  officerId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});

const apiKeySchema = z.object({
  id: z.string(),
  prefix: z.string(),
  name: z.string(),
  role: z.enum(roles),
  sender: z.string().nullable(),
  office: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
});

const sessionSchema = z.object({
  principal: z.object({
    kind: z.enum(['user', 'api_key']),
    name: z.string(),
    role: z.enum(roles),
    offices: z.array(z.string()).nullable(),
    sender: z.string().nullable(),
    officerId: z.string().nullable(),
  }),
  displayName: z.string().optional(),
  permissions: z.array(z.enum(permissions)).describe('What the role may do: screens show only these actions'),
  csrfToken: z
    .string()
    .nullable()
    .describe('Send it back in X-CSRF-Token on every change made with the session'),
  expiresAt: z.string().nullable(),
});

const anyBody = z.record(z.string(), z.unknown());

/** The fields of a body that may be missing or not an object (validated by the service). */
function fieldsOf(body: unknown): Readonly<Record<string, unknown>> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function userJson(user: UserView) {
  return {
    ...user,
    offices: user.offices === null ? null : [...user.offices],
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

function apiKeyJson(key: ApiKeyView) {
  return { ...key, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null };
}

function principalJson(principal: Principal) {
  return {
    kind: principal.kind,
    name: principal.name,
    role: principal.role,
    offices: principal.offices === null ? null : [...principal.offices],
    sender: principal.sender,
    officerId: principal.officerId,
  };
}

function sessionJson(
  principal: Principal,
  csrfToken: string | null,
  expiresAt: Date | null,
  displayName?: string,
) {
  return {
    principal: principalJson(principal),
    ...(displayName === undefined ? {} : { displayName }),
    permissions: permissions.filter((permission) => roleCan(principal.role, permission)),
    csrfToken,
    expiresAt: expiresAt?.toISOString() ?? null,
  };
}

export function registerIdentityRoutes(
  app: TypedApp,
  anticipa: Anticipa,
  options: AppOptions & { readonly security: Omit<SecurityOptions, 'defaultLocale'> },
): void {
  const { identity } = anticipa;
  const locale = options.defaultLocale;
  const secure = options.security.secureCookies;

  app.post(
    '/api/session',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign in',
        description:
          'Checks the user name and password (argon2id) and opens a session: the token comes in an httpOnly, SameSite=Strict cookie, the CSRF token in the answer. After 5 failures in 15 minutes for a user name (or 20 from an address) sign-ins are refused (429) until the oldest failure is 15 minutes old. Every sign-in, failed or not, is in the audit trail.',
        security: [],
        body: z.object({ username: z.string(), password: z.string() }),
        response: { 200: sessionSchema, 400: problemSchema, 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const body = fieldsOf(request.body);
      const signedIn = await identity.signIn({
        username: body.username,
        password: body.password,
        address: request.ip,
      });
      if (!signedIn.ok) return answer(request, reply, signedIn, locale);
      const { token, csrfToken, expiresAt, principal, user } = signedIn.value;
      void reply.setCookie(sessionCookie, token, sessionCookieOptions(secure));
      return sessionJson(principal, csrfToken, expiresAt, user.displayName);
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        tags: ['identity'],
        summary: 'Who is signed in, what they may do, and the CSRF token of the session',
        response: { 200: sessionSchema, 401: problemSchema },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.kind === 'api_key') return sessionJson(principal, null, null);
      const token = request.cookies[sessionCookie] ?? '';
      const session = await identity.session(token);
      return sessionJson(
        principal,
        request.sessionCsrf,
        session?.expiresAt ?? null,
        session?.user.displayName,
      );
    },
  );

  app.delete(
    '/api/session',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign out: the session ends for good',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (token) await identity.signOut(token);
      void reply.clearCookie(sessionCookie, sessionCookieOptions(secure));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/session/password',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change my password (the sessions opened before end)',
        body: z.object({ current: z.string(), password: z.string() }),
        response: { 204: z.null(), 400: problemSchema, 401: problemSchema },
      },
    },
    async (request, reply) => {
      const body = fieldsOf(request.body);
      const changed = await identity.changePassword(principalOf(request), body.current, body.password);
      if (!changed.ok) return answer(request, reply, changed, locale);
      void reply.clearCookie(sessionCookie, sessionCookieOptions(secure));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['identity'],
        summary: 'The users, their roles and scope (never their passwords)',
        response: { 200: z.object({ items: z.array(userSchema) }) },
      },
    },
    async () => ({ items: (await identity.listUsers()).map(userJson) }),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create a user',
        description:
          'username (3 to 64 letters, digits, dots, hyphens, underscores), displayName, role, offices (officers; none: every office), sender (declarants and carriers: the sender their documents carry), officerId (inspectors: their roster id), password (12 to 256 characters, without the user name).',
        body: anyBody,
        response: { 201: userSchema, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await identity.createUser(request.body, actorOf(request));
      if (!created.ok) return answer(request, reply, created, locale);
      return reply.code(201).send(userJson(created.value));
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change a user: role, offices, sender, officer, display name, active, password',
        description: 'Disabling a user or setting a password ends their open sessions.',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: anyBody,
        response: { 200: userSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const updated = await identity.updateUser(request.params.id, request.body, actorOf(request));
      return answer(
        request,
        reply,
        updated.ok ? { ok: true, value: userJson(updated.value) } : updated,
        locale,
      );
    },
  );

  app.get(
    '/api/api-keys',
    {
      schema: {
        tags: ['identity'],
        summary: 'The API keys of the systems that send documents (never the keys themselves)',
        response: { 200: z.object({ items: z.array(apiKeySchema) }) },
      },
    },
    async () => ({ items: (await identity.listApiKeys()).map(apiKeyJson) }),
  );

  app.post(
    '/api/api-keys',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create an API key for a system: shown once, in this answer',
        description:
          'name, role (declarant for a broker’s system, carrier for a shipping line’s), sender (the sender its documents carry), office (none: every office).',
        body: anyBody,
        response: { 201: apiKeySchema.extend({ key: z.string() }), 400: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await identity.createApiKey(request.body, actorOf(request));
      if (!created.ok) return answer(request, reply, created, locale);
      return reply.code(201).send({ ...apiKeyJson(created.value.view), key: created.value.key });
    },
  );

  app.delete(
    '/api/api-keys/:id',
    {
      schema: {
        tags: ['identity'],
        summary: 'Revoke an API key',
        params: z.object({ id: z.string().min(1).max(64) }),
        response: { 200: apiKeySchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const revoked = await identity.revokeApiKey(request.params.id, actorOf(request));
      return answer(
        request,
        reply,
        revoked.ok ? { ok: true, value: apiKeyJson(revoked.value) } : revoked,
        locale,
      );
    },
  );
}
