/** @anticipa/server: the services, database and HTTP API of Anticipa, for the CLI and tests. */
export * from './config/config.ts';
export * from './anticipa.ts';
export * from './db/database.ts';
export * from './office/office-directory.ts';
export * from './declaration/declaration-service.ts';
export * from './manifest/manifest-service.ts';
export * from './intake/document-intake.ts';
export * from './intake/document-store.ts';
export * from './server.ts';
export * from './http/app.ts';
export * from './demo/demo-loader.ts';
export * from './shared/seeded-random.ts';
