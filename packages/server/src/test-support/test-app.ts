/**
 * Test support: the HTTP API over a fresh test database, for `inject` requests.
 *
 * Every route but a few needs a principal. So that a test of lodging or assessing need not
 * sign in first, `inject` sends the key of an administrator unless the request carries its own
 * `authorization` or `cookie` header (send `authorization: ''` for an anonymous request). Tests
 * of roles, scope and four eyes ask for a key or a session of the principal they need.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '@anticipa/core';
import { buildApp, type App, type AppOptions } from '../http/app.ts';
import { sessionCookie } from '../http/authentication.ts';
import { createTestAnticipa, type TestAnticipa } from './test-anticipa.ts';

export interface TestPrincipalScope {
  readonly offices?: readonly string[] | null;
  readonly sender?: string | null;
  readonly officerId?: string | null;
}

export interface TestSession {
  readonly username: string;
  readonly token: string;
  readonly csrfToken: string;
  /** Headers that carry the session, and its CSRF token for changes. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface TestApp {
  readonly app: App;
  readonly anticipa: TestAnticipa;
  /** The administrator's key that `inject` sends by default. */
  readonly adminKey: string;
  /** `Authorization` headers of an API key with this role and scope (one key per role and scope). */
  as(
    role: Role,
    scope?: { readonly office?: string | null; readonly sender?: string | null },
  ): Promise<Record<string, string>>;
  /** A signed-in session of a new user with this role and scope (`name` defaults to a fresh one). */
  signIn(role: Role, scope?: TestPrincipalScope & { readonly username?: string }): Promise<TestSession>;
  /**
   * The headers of a signed-in user of this name (created with the role on first use, then
   * reused), so that a test can act as "analyst.diop" then as "chief.ndiaye".
   */
  user(username: string, role: Role, scope?: TestPrincipalScope): Promise<Readonly<Record<string, string>>>;
  close(): Promise<void>;
}

export const testPassword = 'correct horse battery staple';

/** A test app; `options` overrides the defaults (English, 1 MiB bodies, no logs, no web application). */
export async function createTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const anticipa = await createTestAnticipa();
  const app = await buildApp(anticipa, {
    defaultLocale: 'en',
    bodyLimit: 1024 * 1024,
    logLevel: 'silent',
    ...options,
  });
  const keys = new Map<string, string>();
  const keyFor = async (role: Role, office: string | null, sender: string | null): Promise<string> => {
    const name = `${role}:${office ?? '*'}:${sender ?? '-'}`;
    const known = keys.get(name);
    if (known) return known;
    const created = await anticipa.identity.createApiKey({ name, role, office, sender }, 'tests');
    if (!created.ok) throw new Error(`test key ${name}: ${JSON.stringify(created.error)}`);
    keys.set(name, created.value.key);
    return created.value.key;
  };
  const adminKey = await keyFor('administrator', null, null);

  const inject = app.inject.bind(app);
  const withAdmin = (request: InjectOptions | string): InjectOptions => {
    const options = typeof request === 'string' ? { url: request } : request;
    const headers = (options.headers ?? {}) as Record<string, unknown>;
    if ('authorization' in headers || 'cookie' in headers || options.cookies) return options;
    return { ...options, headers: { ...headers, authorization: `Bearer ${adminKey}` } };
  };
  // The same `inject`, with the administrator's key unless the test sends credentials of its own.
  (
    app as unknown as { inject: (request: InjectOptions | string) => Promise<LightMyRequestResponse> }
  ).inject = (request) => inject(withAdmin(request));

  let users = 0;
  const named = new Map<string, TestSession>();
  const testApp: TestApp = {
    app,
    anticipa,
    adminKey,
    async as(role, scope = {}) {
      return { authorization: `Bearer ${await keyFor(role, scope.office ?? null, scope.sender ?? null)}` };
    },
    async signIn(role, scope = {}) {
      const username = scope.username ?? `${role.replaceAll('_', '-')}.${String(++users)}`;
      const trader = role === 'declarant' || role === 'carrier';
      const created = await anticipa.identity.createUser(
        {
          username,
          displayName: username,
          role,
          offices: scope.offices ?? null,
          sender: scope.sender ?? (trader ? 'TEST-SENDER' : null),
          officerId: scope.officerId ?? null,
          password: testPassword,
        },
        'tests',
      );
      if (!created.ok) throw new Error(`test user ${username}: ${JSON.stringify(created.error)}`);
      const signedIn = await anticipa.identity.signIn({
        username,
        password: testPassword,
        address: '127.0.0.1',
      });
      if (!signedIn.ok) throw new Error(`sign-in of ${username}: ${signedIn.error.code}`);
      const { token, csrfToken } = signedIn.value;
      return {
        username,
        token,
        csrfToken,
        headers: { cookie: `${sessionCookie}=${token}`, 'x-csrf-token': csrfToken },
      };
    },
    async user(username, role, scope = {}) {
      const known = named.get(username);
      if (known) return known.headers;
      const session = await testApp.signIn(role, { ...scope, username });
      named.set(username, session);
      return session.headers;
    },
    async close() {
      await app.close();
      await anticipa.close();
    },
  };
  return testApp;
}

export { sessionCookie } from '../http/authentication.ts';
