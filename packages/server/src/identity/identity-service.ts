/**
 * Identity: users and their passwords (argon2id), web sessions, API keys for systems, and
 * sign-in throttling. What a principal may do is the core's to say (`identity/roles.ts`); this
 * service only says who is asking.
 *
 * - Passwords are hashed with argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane: OWASP
 *   Password Storage Cheat Sheet) and never logged, stored or audited in clear.
 * - A session is a random 256-bit token in an httpOnly cookie; the database keeps its SHA-256
 *   only, so a copy of the database opens no session. Each session has its own CSRF token.
 * - An API key (`ak_<prefix>_<secret>`) is shown once, at creation; the database keeps its
 *   SHA-256. Keys are scoped to a role, a sender and an office.
 * - Sign-ins are throttled: after 5 failures in 15 minutes for one user name, or 20 from one
 *   address, further attempts are refused until the oldest failure leaves the window, without
 *   checking the password (so guessing gains nothing).
 * - Users, keys and sign-ins are recorded in the audit trail, without any secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { and, asc, count, eq, gte, isNull } from 'drizzle-orm';
import { z } from 'zod';
import {
  appError,
  encodeExpectation,
  err,
  ok,
  officeCode,
  parseDocument,
  partyCode,
  passwordProblems,
  roles,
  text,
  type AppError,
  type Principal,
  type Problem,
  type Result,
  type Role,
} from '@anticipa/core';
import type { AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { apiKeys, sessions, signInAttempts, users } from './identity-tables.ts';

/** What a screen or the audit trail shows of a user: never the hash. */
export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly offices: readonly string[] | null;
  readonly sender: string | null;
  readonly officerId: string | null;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly updatedAt: Date;
}

export interface ApiKeyView {
  readonly id: string;
  readonly prefix: string;
  readonly name: string;
  readonly role: Role;
  readonly sender: string | null;
  readonly office: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly revokedAt: Date | null;
}

export interface SignedIn {
  /** The cookie's value: shown once, never stored. */
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly principal: Principal;
  readonly user: UserView;
}

export interface SessionContext {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly user: UserView;
}

export interface IdentityService {
  createUser(input: unknown, by: string): Promise<Result<UserView, AppError>>;
  /** Changes any of display name, role, offices, sender, officer, active, password. */
  updateUser(idOrName: string, input: unknown, by: string): Promise<Result<UserView, AppError>>;
  listUsers(): Promise<readonly UserView[]>;
  findUser(idOrName: string): Promise<UserView | null>;
  signIn(attempt: {
    readonly username: unknown;
    readonly password: unknown;
    readonly address: string;
  }): Promise<Result<SignedIn, AppError>>;
  /** The session of a cookie token, or null when unknown, expired, revoked or its user disabled. */
  session(token: string): Promise<SessionContext | null>;
  signOut(token: string): Promise<void>;
  changePassword(principal: Principal, current: unknown, next: unknown): Promise<Result<void, AppError>>;
  createApiKey(
    input: unknown,
    by: string,
  ): Promise<Result<{ readonly key: string; readonly view: ApiKeyView }, AppError>>;
  listApiKeys(): Promise<readonly ApiKeyView[]>;
  revokeApiKey(id: string, by: string): Promise<Result<ApiKeyView, AppError>>;
  /** The principal of an API key, or null when unknown or revoked. */
  apiKeyPrincipal(key: string): Promise<Principal | null>;
}

export interface IdentityDeps {
  readonly db: Database;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly audit: AuditTrail;
  /** How long a session lasts from sign-in. */
  readonly sessionHours: number;
}

export const throttle = { windowMinutes: 15, perUser: 5, perAddress: 20 } as const;

// OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1.
// `algorithm: 2` is Argon2id in the library's (const enum) Algorithm.
const argonOptions = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** How long an API key's principal is remembered in memory: revocation elsewhere takes effect within it. */
const apiKeyCacheMs = 10_000;

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, encodeExpectation('username'));
const officeList = z.array(officeCode).min(1).max(50);

const userFields = {
  displayName: text(1, 140),
  role: z.enum(roles),
  offices: officeList.nullable().optional(),
  sender: partyCode.nullable().optional(),
  officerId: text(1, 64).nullable().optional(),
};

const newUserSchema = z.strictObject({ username, ...userFields, password: z.string() });
const userChangesSchema = z.strictObject({
  displayName: userFields.displayName.optional(),
  role: userFields.role.optional(),
  offices: userFields.offices,
  sender: userFields.sender,
  officerId: userFields.officerId,
  active: z.boolean().optional(),
  password: z.string().optional(),
});
const apiKeySchema = z.strictObject({
  name: text(1, 140),
  role: z.enum(roles),
  sender: partyCode.nullable().optional(),
  office: officeCode.nullable().optional(),
});

type UserRow = typeof users.$inferSelect;

function userView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as Role,
    offices: row.offices ?? null,
    sender: row.sender ?? null,
    officerId: row.officerId ?? null,
    active: row.active,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
  };
}

function apiKeyView(row: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: row.id,
    prefix: row.prefix,
    name: row.name,
    role: row.role as Role,
    sender: row.sender ?? null,
    office: row.office ?? null,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    revokedAt: row.revokedAt ?? null,
  };
}

export function userPrincipal(user: UserView): Principal {
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    role: user.role,
    offices: user.offices,
    sender: user.sender,
    officerId: user.officerId,
  };
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A trader's account or key needs the sender its documents carry; nobody else has one. */
function senderProblems(role: Role, sender: string | null | undefined): Problem[] {
  const trader = role === 'declarant' || role === 'carrier';
  if (trader === (sender !== null && sender !== undefined)) return [];
  return [{ path: '/sender', value: sender ?? null, code: 'trader_sender' }];
}

function invalid(problems: readonly Problem[]): AppError {
  return appError('VALIDATION_FAILED', { count: problems.length }, problems);
}

const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export function createIdentityService(deps: IdentityDeps): IdentityService {
  const { db, clock, audit } = deps;
  const keyCache = new Map<string, { readonly principal: Principal | null; readonly until: number }>();
  // A hash to verify against when the user does not exist, so that timing does not tell.
  const decoy = argonHash('anticipa decoy password', argonOptions);

  const findRow = async (idOrName: string): Promise<UserRow | undefined> => {
    const [row] = await db
      .select()
      .from(users)
      .where(isUuid(idOrName) ? eq(users.id, idOrName) : eq(users.username, idOrName.trim().toLowerCase()))
      .limit(1);
    return row;
  };

  const recentFailures = async (
    column: typeof signInAttempts.username | typeof signInAttempts.address,
    value: string,
    since: Date,
  ) => {
    const rows = await db
      .select({ at: signInAttempts.at })
      .from(signInAttempts)
      .where(and(eq(column, value), eq(signInAttempts.succeeded, false), gte(signInAttempts.at, since)))
      .orderBy(asc(signInAttempts.at));
    return rows.map((row) => row.at);
  };

  const service: IdentityService = {
    async createUser(input, by) {
      const parsed = parseDocument(newUserSchema, input);
      if (!parsed.ok) return err(invalid(parsed.error));
      const value = parsed.value;
      const problems = [
        ...senderProblems(value.role, value.sender),
        ...passwordProblems(value.password, value.username),
      ];
      if (problems.length > 0) return err(invalid(problems));
      if (await findRow(value.username)) return err(appError('USER_EXISTS', { username: value.username }));
      const now = clock();
      const row: UserRow = {
        id: deps.newId(),
        username: value.username,
        displayName: value.displayName,
        role: value.role,
        offices: value.offices ?? null,
        sender: value.sender ?? null,
        officerId: value.officerId ?? null,
        passwordHash: await argonHash(value.password, argonOptions),
        active: true,
        createdAt: now,
        createdBy: by,
        updatedAt: now,
      };
      const stored = await db.transaction(async (tx) => {
        const inserted = await tx.insert(users).values(row).onConflictDoNothing().returning();
        const [created] = inserted;
        if (!created) return undefined;
        await audit.append(
          {
            actor: by,
            action: 'user_created',
            subject: { type: 'user', id: created.id },
            before: null,
            after: userView(created),
          },
          tx,
        );
        return created;
      });
      return stored ? ok(userView(stored)) : err(appError('USER_EXISTS', { username: value.username }));
    },

    async updateUser(idOrName, input, by) {
      const found = await findRow(idOrName);
      if (!found) return err(appError('USER_NOT_FOUND', { id: idOrName }));
      const parsed = parseDocument(userChangesSchema, input);
      if (!parsed.ok) return err(invalid(parsed.error));
      const { password, ...changes } = parsed.value;
      const role = changes.role ?? (found.role as Role);
      const sender = changes.sender === undefined ? found.sender : changes.sender;
      const problems = [
        ...senderProblems(role, sender),
        ...(password === undefined ? [] : passwordProblems(password, found.username)),
      ];
      if (problems.length > 0) return err(invalid(problems));
      const set: Partial<UserRow> = {
        ...(changes.displayName === undefined ? {} : { displayName: changes.displayName }),
        ...(changes.role === undefined ? {} : { role: changes.role }),
        ...(changes.offices === undefined ? {} : { offices: changes.offices }),
        ...(changes.sender === undefined ? {} : { sender: changes.sender }),
        ...(changes.officerId === undefined ? {} : { officerId: changes.officerId }),
        ...(changes.active === undefined ? {} : { active: changes.active }),
        ...(password === undefined ? {} : { passwordHash: await argonHash(password, argonOptions) }),
        updatedAt: clock(),
      };
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx.update(users).set(set).where(eq(users.id, found.id)).returning();
        if (!row) return undefined;
        // A disabled account or a new password ends the sessions opened before.
        if (changes.active === false || password !== undefined) {
          await tx
            .update(sessions)
            .set({ revokedAt: clock() })
            .where(and(eq(sessions.userId, found.id), isNull(sessions.revokedAt)));
        }
        await audit.append(
          {
            actor: by,
            action: password === undefined ? 'user_updated' : 'user_password_set',
            subject: { type: 'user', id: found.id },
            before: userView(found),
            after: userView(row),
          },
          tx,
        );
        return row;
      });
      return updated ? ok(userView(updated)) : err(appError('USER_NOT_FOUND', { id: idOrName }));
    },

    async listUsers() {
      const rows = await db.select().from(users).orderBy(asc(users.username));
      return rows.map(userView);
    },

    async findUser(idOrName) {
      const row = await findRow(idOrName);
      return row ? userView(row) : null;
    },

    async signIn(attempt) {
      const name =
        typeof attempt.username === 'string' ? attempt.username.trim().toLowerCase().slice(0, 64) : '';
      const password = typeof attempt.password === 'string' ? attempt.password : '';
      const problems: Problem[] = [
        ...(name === ''
          ? [{ path: '/username', value: attempt.username ?? null, code: 'required' as const }]
          : []),
        ...(password === '' ? [{ path: '/password', value: null, code: 'required' as const }] : []),
      ];
      if (problems.length > 0) return err(invalid(problems));
      const now = clock();
      const since = new Date(now.getTime() - throttle.windowMinutes * 60_000);
      const [byUser, byAddress] = await Promise.all([
        recentFailures(signInAttempts.username, name, since),
        recentFailures(signInAttempts.address, attempt.address, since),
      ]);
      const blocking =
        byUser.length >= throttle.perUser
          ? byUser[byUser.length - throttle.perUser]
          : byAddress.length >= throttle.perAddress
            ? byAddress[byAddress.length - throttle.perAddress]
            : undefined;
      if (blocking) {
        const minutes = Math.max(
          1,
          Math.ceil((blocking.getTime() + throttle.windowMinutes * 60_000 - now.getTime()) / 60_000),
        );
        return err(appError('SIGN_IN_THROTTLED', { minutes }));
      }
      const row = await findRow(name);
      const verified = row
        ? await argonVerify(row.passwordHash, password)
        : (await argonVerify(await decoy, password), false);
      if (!row || !verified || !row.active) {
        await db.transaction(async (tx) => {
          await tx
            .insert(signInAttempts)
            .values({ username: name, address: attempt.address, at: now, succeeded: false });
          await audit.append(
            {
              actor: name,
              action: 'sign_in_failed',
              subject: { type: 'user', id: row?.id ?? name },
              before: null,
              after: { address: attempt.address },
            },
            tx,
          );
        });
        return err(appError('SIGN_IN_FAILED'));
      }
      const token = randomToken();
      const csrfToken = randomToken();
      const expiresAt = new Date(now.getTime() + deps.sessionHours * 3_600_000);
      await db.transaction(async (tx) => {
        await tx
          .insert(signInAttempts)
          .values({ username: name, address: attempt.address, at: now, succeeded: true });
        await tx
          .insert(sessions)
          .values({ tokenHash: sha256Hex(token), userId: row.id, csrfToken, createdAt: now, expiresAt });
        await audit.append(
          {
            actor: row.username,
            action: 'signed_in',
            subject: { type: 'user', id: row.id },
            before: null,
            after: { address: attempt.address, expiresAt: expiresAt.toISOString() },
          },
          tx,
        );
      });
      const user = userView(row);
      return ok({ token, csrfToken, expiresAt, principal: userPrincipal(user), user });
    },

    async session(token) {
      if (token.length < 20 || token.length > 100) return null;
      const [found] = await db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(sessions.userId, users.id))
        .where(eq(sessions.tokenHash, sha256Hex(token)))
        .limit(1);
      if (!found || found.session.revokedAt !== null || !found.user.active) return null;
      if (found.session.expiresAt.getTime() <= clock().getTime()) return null;
      const user = userView(found.user);
      return {
        principal: userPrincipal(user),
        csrfToken: found.session.csrfToken,
        expiresAt: found.session.expiresAt,
        user,
      };
    },

    async signOut(token) {
      const now = clock();
      await db.transaction(async (tx) => {
        const [ended] = await tx
          .update(sessions)
          .set({ revokedAt: now })
          .where(and(eq(sessions.tokenHash, sha256Hex(token)), isNull(sessions.revokedAt)))
          .returning({ userId: sessions.userId });
        if (!ended) return;
        const [user] = await tx
          .select({ username: users.username })
          .from(users)
          .where(eq(users.id, ended.userId));
        await audit.append(
          {
            actor: user?.username ?? ended.userId,
            action: 'signed_out',
            subject: { type: 'user', id: ended.userId },
            before: null,
            after: null,
          },
          tx,
        );
      });
    },

    async changePassword(principal, current, next) {
      const row = principal.kind === 'user' ? await findRow(principal.id) : undefined;
      if (!row) return err(appError('USER_NOT_FOUND', { id: principal.id }));
      if (typeof current !== 'string' || !(await argonVerify(row.passwordHash, current))) {
        return err(appError('SIGN_IN_FAILED'));
      }
      const updated = await service.updateUser(row.id, { password: next }, row.username);
      return updated.ok ? ok(undefined) : err(updated.error);
    },

    async createApiKey(input, by) {
      const parsed = parseDocument(apiKeySchema, input);
      if (!parsed.ok) return err(invalid(parsed.error));
      const value = parsed.value;
      const problems = senderProblems(value.role, value.sender);
      if (problems.length > 0) return err(invalid(problems));
      const prefix = randomBytes(9).toString('base64url');
      const key = `ak_${prefix}_${randomToken()}`;
      const row: typeof apiKeys.$inferSelect = {
        id: deps.newId(),
        prefix,
        keyHash: sha256Hex(key),
        name: value.name,
        role: value.role,
        sender: value.sender ?? null,
        office: value.office ?? null,
        createdAt: clock(),
        createdBy: by,
        revokedAt: null,
      };
      await db.transaction(async (tx) => {
        await tx.insert(apiKeys).values(row);
        await audit.append(
          {
            actor: by,
            action: 'api_key_created',
            subject: { type: 'api_key', id: row.id },
            before: null,
            after: apiKeyView(row),
          },
          tx,
        );
      });
      return ok({ key, view: apiKeyView(row) });
    },

    async listApiKeys() {
      const rows = await db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt));
      return rows.map(apiKeyView);
    },

    async revokeApiKey(id, by) {
      if (!isUuid(id)) return err(appError('API_KEY_NOT_FOUND', { id }));
      const revoked = await db.transaction(async (tx) => {
        const [before] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for('update');
        if (!before) return undefined;
        if (before.revokedAt !== null) return before;
        const [after] = await tx
          .update(apiKeys)
          .set({ revokedAt: clock() })
          .where(eq(apiKeys.id, id))
          .returning();
        if (!after) return undefined;
        await audit.append(
          {
            actor: by,
            action: 'api_key_revoked',
            subject: { type: 'api_key', id },
            before: apiKeyView(before),
            after: apiKeyView(after),
          },
          tx,
        );
        return after;
      });
      keyCache.clear();
      return revoked ? ok(apiKeyView(revoked)) : err(appError('API_KEY_NOT_FOUND', { id }));
    },

    async apiKeyPrincipal(key) {
      const match = /^ak_([A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{43}$/.exec(key);
      if (!match?.[1]) return null;
      const keyHash = sha256Hex(key);
      const now = Date.now();
      const cached = keyCache.get(keyHash);
      if (cached && cached.until > now) return cached.principal;
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, match[1])).limit(1);
      const matches =
        row !== undefined && timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(keyHash, 'hex'));
      const principal: Principal | null =
        matches && row.revokedAt === null
          ? {
              kind: 'api_key',
              id: row.id,
              name: `key:${row.name}`,
              role: row.role as Role,
              offices: row.office === null ? null : [row.office],
              sender: row.sender,
              officerId: null,
            }
          : null;
      if (keyCache.size > 10_000) keyCache.clear();
      keyCache.set(keyHash, { principal, until: now + apiKeyCacheMs });
      return principal;
    },
  };
  return service;
}

/** Counts the users, so that start-up can say how to create the first administrator. */
export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}
