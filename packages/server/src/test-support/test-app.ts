/** Test support: the HTTP API over a fresh test database, for `inject` requests. */
import { buildApp, type App } from '../http/app.ts';
import { createTestAnticipa, type TestAnticipa } from './test-anticipa.ts';

export interface TestApp {
  readonly app: App;
  readonly anticipa: TestAnticipa;
  close(): Promise<void>;
}

export async function createTestApp(): Promise<TestApp> {
  const anticipa = await createTestAnticipa();
  const app = await buildApp(anticipa, { defaultLocale: 'en', bodyLimit: 1024 * 1024, logLevel: 'silent' });
  return {
    app,
    anticipa,
    async close() {
      await app.close();
      await anticipa.close();
    },
  };
}
