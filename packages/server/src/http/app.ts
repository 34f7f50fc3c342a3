/**
 * The HTTP API (Fastify 5): routes are thin, each parses its input, calls one service and maps
 * the result. Bodies of intake routes are validated by the services (the same rules as bulk
 * import); query strings and path parameters by their zod schemas here. Every error answers
 * `application/problem+json`. The OpenAPI document is served at /docs/json, its UI at /docs.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { problemsFromIssues, type Locale, type Problem } from '@anticipa/core';
import type { Anticipa } from '../anticipa.ts';
import { httpProblem, localeOf, problemDocument, sendProblem } from './problem.ts';
import { registerAuthentication, type SecurityOptions } from './authentication.ts';
import { registerClearanceRoutes } from './routes/clearance-routes.ts';
import { registerIdentityRoutes } from './routes/identity-routes.ts';
import { registerAuditRoutes } from './routes/audit-routes.ts';
import { registerDeclarationRoutes } from './routes/declaration-routes.ts';
import { registerHomeRoutes } from './routes/home-routes.ts';
import { registerManifestRoutes } from './routes/manifest-routes.ts';
import { registerOfficeRoutes } from './routes/office-routes.ts';
import { registerSelectivityRoutes } from './routes/selectivity-routes.ts';
import { registerTargetingRoutes } from './routes/targeting-routes.ts';
import { registerTariffRoutes } from './routes/tariff-routes.ts';
import { registerValuationRoutes } from './routes/valuation-routes.ts';
import { registerWebRoutes } from './routes/web-routes.ts';
import { registerWriteOffRoutes } from './routes/write-off-routes.ts';

export interface AppOptions {
  readonly defaultLocale: Locale;
  readonly bodyLimit: number;
  readonly logLevel: string;
  /** The built web application (packages/web/dist) to serve at `/`; without it, `/` says how to build it. */
  readonly webRoot?: string | undefined;
  /** Cookies and rate limits; sessions over plain HTTP and generous limits when absent. */
  readonly security?: Omit<SecurityOptions, 'defaultLocale'>;
}

const defaultSecurity: Omit<SecurityOptions, 'defaultLocale'> = {
  secureCookies: false,
  rateLimitPerMinute: 120_000,
  anonymousRateLimitPerMinute: 600,
};

export type App = FastifyInstance;
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A query string or path parameter that failed its schema, with every problem. */
class RequestPartInvalid extends Error {
  constructor(
    readonly part: string,
    readonly problems: readonly Problem[],
  ) {
    super(`Invalid ${part}`);
  }
}

/** Builds the API over the services. The caller listens (or injects requests in tests). */
export async function buildApp(anticipa: Anticipa, options: AppOptions): Promise<App> {
  const app = Fastify({
    bodyLimit: options.bodyLimit,
    logger: {
      level: options.logLevel,
      // No personal data or secrets in logs: request bodies are never logged, nor these headers.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
    },
    ajv: { customOptions: { coerceTypes: false } },
  });

  app.setValidatorCompiler(({ schema, httpPart }) => {
    const part = httpPart ?? 'body';
    if (part === 'body') {
      // Intake bodies are validated by the service (the same code path as bulk import): the
      // schema given to the route serves the OpenAPI document.
      return (data: unknown) => ({ value: data });
    }
    const zodSchema = schema as z.ZodType;
    return (data: unknown) => {
      const parsed = zodSchema.safeParse(data, { reportInput: true });
      if (parsed.success) return { value: parsed.data };
      const problems = problemsFromIssues(parsed.error.issues).map((problem) => ({
        ...problem,
        path: `/${part}${problem.path}`,
      }));
      return { error: new RequestPartInvalid(part, problems) };
    };
  });
  // Responses are built to match their documented schemas; they are sent as plain JSON.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.setErrorHandler((error: FastifyError | RequestPartInvalid, request, reply) => {
    const locale = localeOf(request, options.defaultLocale);
    if (error instanceof RequestPartInvalid) {
      return sendProblem(
        reply,
        problemDocument(
          { code: 'VALIDATION_FAILED', details: { count: error.problems.length }, problems: error.problems },
          request,
          locale,
        ),
      );
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (error.statusCode === 400 && error instanceof SyntaxError)
    ) {
      const problems: Problem[] = [{ path: '', value: null, code: 'json' }];
      return sendProblem(
        reply,
        problemDocument({ code: 'VALIDATION_FAILED', details: { count: 1 }, problems }, request, locale),
      );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const detail =
        locale === 'fr'
          ? `Le corps de la requête dépasse ${options.bodyLimit} octets.`
          : `The request body exceeds ${options.bodyLimit} bytes.`;
      return sendProblem(reply, httpProblem(413, 'BODY_TOO_LARGE', detail, request, locale));
    }
    if (error.code === 'RATE_LIMITED' && 'max' in error && 'seconds' in error) {
      return sendProblem(
        reply,
        problemDocument(
          { code: 'RATE_LIMITED', details: { max: Number(error.max), seconds: Number(error.seconds) } },
          request,
          locale,
        ),
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const detail =
        locale === 'fr'
          ? 'Envoyez le document en application/json.'
          : 'Send the document as application/json.';
      return sendProblem(reply, httpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', detail, request, locale));
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, httpProblem(error.statusCode, 'BAD_REQUEST', error.message, request, locale));
    }
    request.log.error({ err: error }, 'request failed');
    const detail =
      locale === 'fr'
        ? 'Une erreur interne est survenue ; rien de partiel n’a été enregistré.'
        : 'An internal error occurred; nothing partial was stored.';
    return sendProblem(reply, httpProblem(500, 'INTERNAL_ERROR', detail, request, locale));
  });

  app.setNotFoundHandler((request, reply) => {
    const locale = localeOf(request, options.defaultLocale);
    const detail =
      locale === 'fr'
        ? `Aucune ressource à ${request.method} ${request.url}.`
        : `Nothing at ${request.method} ${request.url}.`;
    return sendProblem(reply, httpProblem(404, 'ROUTE_NOT_FOUND', detail, request, locale));
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Anticipa API',
        version: '0.1.0',
        description:
          'Pre-arrival intake of cargo manifests and goods declarations, stored and versioned. Errors are application/problem+json (RFC 9457); each problem names its JSON Pointer, the value found and what was expected, in French or English after Accept-Language. / Réception des manifestes et déclarations avant arrivée.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: Authorization: Bearer ak_…' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'anticipa_session',
            description: 'The web session (POST /api/session); changes also need the X-CSRF-Token header',
          },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
      tags: [
        {
          name: 'identity',
          description: 'Sign-in, sessions, users and API keys / Connexion, utilisateurs et clés',
        },
        { name: 'declarations', description: 'Goods declarations (WCO DM DEC; CUSDEC)' },
        { name: 'manifests', description: 'Cargo manifests (WCO DM cargo report; CUSCAR)' },
        { name: 'reference', description: 'Offices and reference data' },
        {
          name: 'tariff',
          description: 'National tariff with effective dates; liquidation of duties and taxes',
        },
        {
          name: 'valuation',
          description: 'Valuation reference bands (a risk indicator), decisions and appeals',
        },
        { name: 'write-off', description: 'Manifest write-off and the ageing report' },
        { name: 'selectivity', description: 'Rule sets, their activation, and the lane of each declaration' },
        { name: 'targeting', description: 'Models trained on inspection results, compared and put in force' },
        {
          name: 'audit',
          description: 'The audit trail: every change, chained by hash, and its verification',
        },
        {
          name: 'clearance',
          description: 'Clearance steps, inspection results, time release, rosters, day plans and indicators',
        },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  await registerAuthentication(app, anticipa, {
    ...(options.security ?? defaultSecurity),
    defaultLocale: options.defaultLocale,
  });
  const typed = app.withTypeProvider<ZodTypeProvider>();
  registerHomeRoutes(typed, anticipa);
  registerIdentityRoutes(typed, anticipa, { ...options, security: options.security ?? defaultSecurity });
  registerDeclarationRoutes(typed, anticipa, options);
  registerManifestRoutes(typed, anticipa, options);
  registerOfficeRoutes(typed, anticipa, options);
  registerTariffRoutes(typed, anticipa, options);
  registerValuationRoutes(typed, anticipa, options);
  registerWriteOffRoutes(typed, anticipa, options);
  registerSelectivityRoutes(typed, anticipa, options);
  registerTargetingRoutes(typed, anticipa, options);
  registerAuditRoutes(typed, anticipa, options);
  registerClearanceRoutes(typed, anticipa, options);
  await registerWebRoutes(typed, options.webRoot);
  return app;
}
