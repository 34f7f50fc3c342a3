/** The health check. The web application at `/` is served by web-routes.ts. */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Anticipa } from '../../anticipa.ts';
import type { TypedApp } from '../app.ts';

export function registerHomeRoutes(app: TypedApp, anticipa: Anticipa): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['reference'],
        summary: 'Liveness and database reachability',
        response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok') }) },
      },
    },
    async () => {
      await anticipa.db.execute(sql`select 1`);
      return { status: 'ok' as const, database: 'ok' as const };
    },
  );
}
