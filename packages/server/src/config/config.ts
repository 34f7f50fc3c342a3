/**
 * Configuration, read once at start-up from the environment into a typed, frozen object. Every
 * bad variable is reported at once. This is the only module that reads `process.env` (test
 * support aside). Defaults run on a laptop with nothing installed: embedded PGlite under ./data.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { isCountryCode, isCurrencyCode, locales, type Locale } from '@anticipa/core';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly database:
    | { readonly kind: 'pglite'; readonly dataDir: string }
    | { readonly kind: 'postgres'; readonly url: string; readonly poolSize: number };
  /** Load the demo administration when the database holds no office yet. */
  readonly demo: boolean;
  readonly country: string;
  readonly nationalCurrency: string;
  readonly defaultLocale: Locale;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
  /** Valuation bands: hours between scheduled rebuilds (0: none), and the policy of flags. */
  readonly valuation: {
    readonly rebuildHours: number;
    readonly minimumSample: number;
    readonly flagMarginPercent: string;
  };
  /** Salts the seeds of selectivity draws; undefined: one is generated and kept in the database. */
  readonly selectivitySecret: string | undefined;
  /** Hours between scheduled trainings of a targeting candidate (0: none). */
  readonly targetingRetrainHours: number;
  /** The head of the audit trail is written into `headDir` at start, then every `exportHours` (0: start only). */
  readonly audit: { readonly headDir: string; readonly exportHours: number };
  /** Sign-in and request limits (issue "Trust", hardening). */
  readonly security: {
    /** How long a web session lasts from sign-in. */
    readonly sessionHours: number;
    /** Marks the session cookie `Secure` (set it when the server is reached over HTTPS). */
    readonly secureCookies: boolean;
    /** Requests per minute for one API key or session (0: no limit). */
    readonly rateLimitPerMinute: number;
    /** Requests per minute from one address without credentials (sign-in included; 0: no limit). */
    readonly anonymousRateLimitPerMinute: number;
  };
}

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['true', '1', 'yes'].includes(v));

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'a PostgreSQL connection string, postgres://user:password@host:5432/database',
    )
    .optional(),
  DATABASE_URL_FILE: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  ANTICIPA_DATA_DIR: z.string().min(1).default('./data'),
  ANTICIPA_DEMO: booleanText.default(true),
  ANTICIPA_COUNTRY: z
    .string()
    .refine(isCountryCode, 'an ISO 3166-1 alpha-2 country code such as SN')
    .default('SN'),
  ANTICIPA_NATIONAL_CURRENCY: z
    .string()
    .refine(isCurrencyCode, 'an ISO 4217 currency code such as XOF')
    .default('XOF'),
  ANTICIPA_LOCALE: z.enum(locales).default('fr'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ANTICIPA_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  // Node timers hold at most 2^31 − 1 ms (about 24.8 days): hence 576 hours at most.
  ANTICIPA_VALUATION_REBUILD_HOURS: z.coerce
    .number()
    .min(0, 'a number of hours from 0 (no scheduled rebuild) to 576')
    .max(576, 'a number of hours from 0 (no scheduled rebuild) to 576')
    .default(24),
  ANTICIPA_VALUATION_MIN_SAMPLE: z.coerce
    .number()
    .int('a whole number of past items, from 5 to 100000')
    .min(5, 'a whole number of past items, from 5 to 100000')
    .max(100_000, 'a whole number of past items, from 5 to 100000')
    .default(20),
  ANTICIPA_VALUATION_FLAG_MARGIN: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, 'a percentage below P10 from 0 to 99.99, such as 0 or 20')
    .default('0'),
  ANTICIPA_TARGETING_RETRAIN_HOURS: z.coerce
    .number()
    .min(0, 'a number of hours from 0 (no scheduled training) to 576')
    .max(576, 'a number of hours from 0 (no scheduled training) to 576')
    .default(168),
  ANTICIPA_SELECTIVITY_SECRET: z.string().min(16, 'a secret of at least 16 characters').optional(),
  ANTICIPA_SELECTIVITY_SECRET_FILE: z.string().min(1).optional(),
  ANTICIPA_AUDIT_HEAD_DIR: z.string().min(1).optional(),
  ANTICIPA_AUDIT_EXPORT_HOURS: z.coerce
    .number()
    .min(0, 'a number of hours from 0 (at start only) to 576')
    .max(576, 'a number of hours from 0 (at start only) to 576')
    .default(24),
  ANTICIPA_SESSION_HOURS: z.coerce
    .number()
    .min(0.25, 'a number of hours from 0.25 to 24')
    .max(24, 'a number of hours from 0.25 to 24')
    .default(8),
  ANTICIPA_SECURE_COOKIES: booleanText.default(false),
  ANTICIPA_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int('a whole number of requests per minute (0: no limit)')
    .min(0, 'a whole number of requests per minute (0: no limit)')
    .default(120_000),
  ANTICIPA_ANONYMOUS_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int('a whole number of requests per minute (0: no limit)')
    .min(0, 'a whole number of requests per minute (0: no limit)')
    .default(600),
});

/** The trimmed text of the file a `*_FILE` variable names; an error naming the variable when unreadable. */
function fileText(variable: string, file: string, holding: string): string {
  try {
    return readFileSync(resolve(file), 'utf8').trim();
  } catch {
    throw new ConfigError([
      `${variable}=${JSON.stringify(file)}: expected a readable file holding ${holding}`,
    ]);
  }
}

/** A secret given in a variable, or in a file named by VARIABLE_FILE (Docker and Kubernetes secrets). */
function secretFrom(value: string | undefined, file: string | undefined, name: string): string | undefined {
  if (value !== undefined || file === undefined) return value;
  const text = fileText(`${name}_FILE`, file, 'the secret');
  if (text.length < 16) {
    throw new ConfigError([
      `${name}_FILE=${JSON.stringify(file)}: expected a secret of at least 16 characters`,
    ]);
  }
  return text;
}

/**
 * The PostgreSQL connection string from DATABASE_URL, or from the file DATABASE_URL_FILE names
 * (its password then stays out of the environment). The file's content is never shown.
 */
function databaseUrlFrom(value: string | undefined, file: string | undefined): string | undefined {
  if (value !== undefined || file === undefined) return value;
  const text = fileText('DATABASE_URL_FILE', file, 'the URL');
  if (!/^postgres(ql)?:\/\//.test(text)) {
    throw new ConfigError([
      `DATABASE_URL_FILE=${JSON.stringify(file)}: expected a file holding a PostgreSQL connection string, postgres://user:password@host:5432/database`,
    ]);
  }
  return text;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration / configuration invalide:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from an environment (process.env by default).
 * Throws ConfigError listing every bad variable, its value and what was expected.
 */
export function loadConfig(environment: Readonly<Record<string, string | undefined>> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(environmentSchema.shape).map((key) => [
      key,
      environment[key] === '' ? undefined : environment[key],
    ]),
  );
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        const shown =
          name === 'DATABASE_URL' || name === 'ANTICIPA_SELECTIVITY_SECRET'
            ? '(hidden)'
            : JSON.stringify(relevant[name]);
        return `${name}=${shown}: expected ${issue.message}`;
      }),
    );
  }
  const env = parsed.data;
  const databaseUrl = databaseUrlFrom(env.DATABASE_URL, env.DATABASE_URL_FILE);
  return Object.freeze({
    host: env.HOST,
    port: env.PORT,
    database: databaseUrl
      ? Object.freeze({ kind: 'postgres' as const, url: databaseUrl, poolSize: env.DATABASE_POOL_SIZE })
      : Object.freeze({ kind: 'pglite' as const, dataDir: resolve(env.ANTICIPA_DATA_DIR, 'pglite') }),
    demo: env.ANTICIPA_DEMO,
    country: env.ANTICIPA_COUNTRY,
    nationalCurrency: env.ANTICIPA_NATIONAL_CURRENCY,
    defaultLocale: env.ANTICIPA_LOCALE,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.ANTICIPA_BODY_LIMIT,
    valuation: Object.freeze({
      rebuildHours: env.ANTICIPA_VALUATION_REBUILD_HOURS,
      minimumSample: env.ANTICIPA_VALUATION_MIN_SAMPLE,
      flagMarginPercent: env.ANTICIPA_VALUATION_FLAG_MARGIN,
    }),
    audit: Object.freeze({
      headDir: resolve(env.ANTICIPA_AUDIT_HEAD_DIR ?? resolve(env.ANTICIPA_DATA_DIR, 'audit-heads')),
      exportHours: env.ANTICIPA_AUDIT_EXPORT_HOURS,
    }),
    targetingRetrainHours: env.ANTICIPA_TARGETING_RETRAIN_HOURS,
    security: Object.freeze({
      sessionHours: env.ANTICIPA_SESSION_HOURS,
      secureCookies: env.ANTICIPA_SECURE_COOKIES,
      rateLimitPerMinute: env.ANTICIPA_RATE_LIMIT_PER_MINUTE,
      anonymousRateLimitPerMinute: env.ANTICIPA_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
    }),
    selectivitySecret: secretFrom(
      env.ANTICIPA_SELECTIVITY_SECRET,
      env.ANTICIPA_SELECTIVITY_SECRET_FILE,
      'ANTICIPA_SELECTIVITY_SECRET',
    ),
  });
}
