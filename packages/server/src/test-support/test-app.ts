/** Test support: the HTTP API over a fresh test database, for `inject` requests. */
import { buildApp, type App, type AppOptions } from '../http/app.ts';
import { createTestAnticipa, type TestAnticipa } from './test-anticipa.ts';

export interface TestApp {
  readonly app: App;
  readonly anticipa: TestAnticipa;
  close(): Promise<void>;
}

/** A test app; `options` overrides the defaults (English, 1 MiB bodies, no logs, no web application). */
export async function createTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const anticipa = await createTestAnticipa();
  const app = await buildApp(anticipa, {
    defaultLocale: 'en',
    bodyLimit: 1024 * 1024,
    logLevel: 'silent',
    ...options,
  });
  return {
    app,
    anticipa,
    async close() {
      await app.close();
      await anticipa.close();
    },
  };
}
