/**
 * Starts Anticipa as a service: opens (and migrates) the database, loads the demo
 * administration on an empty one when configured to, and listens. Stops cleanly on SIGINT and
 * SIGTERM.
 */
import { fileURLToPath } from 'node:url';
import type { Config } from './config/config.ts';
import { openAnticipa } from './anticipa.ts';
import { isEmptyAdministration, loadDemoAdministration } from './demo/demo-loader.ts';
import { demoPassword } from './demo/demo-users.ts';
import { countUsers } from './identity/identity-service.ts';
import { buildApp, type App } from './http/app.ts';
import { prepareTariffAtStart } from './tariff/example-tariffs.ts';
import { scheduleValuationRebuilds } from './valuation/valuation-schedule.ts';
import { scheduleTargetingTraining } from './targeting/targeting-schedule.ts';
import { scheduleAuditHeadExports } from './audit/audit-head-export.ts';
import { scheduleTableMaintenance } from './db/table-maintenance.ts';

export interface RunningServer {
  readonly app: App;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<RunningServer> {
  const where =
    config.database.kind === 'pglite' ? `PGlite ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  log(`Anticipa: database ${where}`);
  const anticipa = await openAnticipa(config);
  if (config.demo && isEmptyAdministration(anticipa)) {
    log(
      'Anticipa: empty database, loading the demo administration / base vide, chargement des données de démonstration',
    );
    const started = Date.now();
    const report = await loadDemoAdministration(anticipa, {
      now: new Date(),
      onProgress: (progress) => {
        if (progress.done % 500 === 0 || progress.done === progress.total)
          log(`  ${progress.stage}: ${progress.done}/${progress.total}`);
      },
    });
    log(
      `Anticipa: demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.offices} offices, ${report.manifests} manifests, ${report.declarations} declarations` +
        (report.rejected.length > 0 ? `, ${report.rejected.length} rejected` : ''),
    );
    if (report.users.length > 0) {
      log(
        `Anticipa: demo users / utilisateurs de démonstration: ${report.users.join(', ')} — password / mot de passe: ${demoPassword}`,
      );
    }
  }
  if ((await countUsers(anticipa.db)) === 0) {
    log(
      'Anticipa: no user yet / aucun utilisateur — create the first administrator: anticipa users add admin --role administrator',
    );
  }
  await prepareTariffAtStart(anticipa.tariff, { loadExample: config.demo, log });
  // Valuation bands: built at once when there are none (after the demo), then every N hours.
  const valuationRebuilds = scheduleValuationRebuilds(anticipa.valuation, {
    everyHours: config.valuation.rebuildHours,
    log,
  });
  // The audit trail's head, kept in a file per day so that it can be copied elsewhere.
  const auditHeadExports = scheduleAuditHeadExports(anticipa.audit, {
    folder: config.audit.headDir,
    everyHours: config.audit.exportHours,
    log,
  });
  // Targeting: a fresh candidate every N hours from the recorded results; never activated here.
  const targetingTraining = scheduleTargetingTraining(anticipa.targeting, {
    everyHours: config.targetingRetrainHours,
    log,
  });
  // The embedded database has no autovacuum: its statistics and dead rows are kept here.
  const tableMaintenance = scheduleTableMaintenance(anticipa.db, {
    everySeconds: config.database.kind === 'pglite' ? 60 : 0,
    log,
  });
  const app = await buildApp(anticipa, {
    defaultLocale: config.defaultLocale,
    bodyLimit: config.bodyLimit,
    logLevel: config.logLevel,
    webRoot: fileURLToPath(new URL('../../web/dist/', import.meta.url)),
    security: {
      secureCookies: config.security.secureCookies,
      rateLimitPerMinute: config.security.rateLimitPerMinute,
      anonymousRateLimitPerMinute: config.security.anonymousRateLimitPerMinute,
    },
  });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  log(`Anticipa: listening on ${address} — open ${url} (API documentation: ${url}/docs)`);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app.close();
      await valuationRebuilds.stop();
      await targetingTraining.stop();
      await auditHeadExports.stop();
      await tableMaintenance.stop();
      await anticipa.close();
    })());
  const onSignal = () => {
    void stop().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { app, url, stop };
}
