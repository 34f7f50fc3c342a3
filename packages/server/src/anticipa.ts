/**
 * The composition root: opens the database, loads reference data and wires the services that
 * the HTTP API and the command line share. Nothing computes twice: both edges call these.
 */
import { randomUUID } from 'node:crypto';
import {
  defaultValuationPolicy,
  type AppError,
  type BacktestReport,
  type IntakeReferences,
  type Result,
  type Nomenclature,
  type ValuationPolicy,
} from '@anticipa/core';
import { createAuditLog, type AuditLog } from './audit/audit-log.ts';
import type { Config } from './config/config.ts';
import { openDatabase, type Database, type OpenDatabase } from './db/database.ts';
import { createDeclarationService, type DeclarationService } from './declaration/declaration-service.ts';
import { createManifestService, type ManifestService } from './manifest/manifest-service.ts';
import { openOfficeDirectory, type OfficeDirectory } from './office/office-directory.ts';
import { loadNomenclature } from './reference/nomenclature-file.ts';
import { createWriteOffService, type WriteOffService } from './write-off/write-off-service.ts';
import { createValuationService, type ValuationService } from './valuation/valuation-service.ts';
import { createTariffService, type TariffService } from './tariff/tariff-service.ts';
import {
  createSelectivityService,
  withAssessment,
  withManifestAssessment,
  type SelectivityService,
} from './selectivity/selectivity-service.ts';
import { createIndicatorSource } from './selectivity/selectivity-indicators.ts';
import { createTargetingService, type TargetingService } from './targeting/targeting-service.ts';
import { saltedRandom, selectivitySecret } from './selectivity/selectivity-secret.ts';
import {
  createBacktestJobs,
  runBacktest,
  type BacktestJobs,
  type BacktestProgress,
  type BacktestRequest,
} from './selectivity/selectivity-backtest.ts';
import { createClearanceModule, type ClearanceModule } from './clearance/clearance-module.ts';
import { createIdentityService, type IdentityService } from './identity/identity-service.ts';

export interface Anticipa {
  readonly db: Database;
  readonly nomenclature: Nomenclature;
  /** What intake validates against: the nomenclature, the offices, the national currency. */
  readonly references: IntakeReferences;
  readonly offices: OfficeDirectory;
  readonly declarations: DeclarationService;
  readonly manifests: ManifestService;
  readonly writeOff: WriteOffService;
  readonly valuation: ValuationService;
  /** The national tariff, liquidation, and the `TaxRates` port (effective rates). */
  readonly tariff: TariffService;
  /** Rule sets, their activation, and the assessment of each lodged or amended declaration. */
  readonly selectivity: SelectivityService;
  /** Runs a backtest of a candidate rule set over the stored files (the command line's way). */
  backtest(
    request: BacktestRequest,
    onProgress?: (progress: BacktestProgress) => void,
  ): Promise<Result<BacktestReport, AppError>>;
  /** Backtests run as jobs (the API's way): start one, then poll it. */
  readonly backtests: BacktestJobs;
  /** Models trained from the product's inspection results; the one in force scores each assessment. */
  readonly targeting: TargetingService;
  /** Rosters, clearance steps, day plans, inspection results, time release and indicators. */
  readonly clearance: ClearanceModule;
  /** The audit trail (hash chain): services append their changes to it; verify, list, head. */
  readonly audit: AuditLog;
  /** Users, sessions, API keys and sign-in throttling: who is asking. */
  readonly identity: IdentityService;
  readonly nationalCurrency: string;
  close(): Promise<void>;
}

export interface AnticipaOptions {
  readonly nationalCurrency: string;
  /** The administration's country (ISO 3166-1), whose tariff liquidates declarations; SN by default. */
  readonly country?: string;
  readonly clock?: () => Date;
  readonly newId?: () => string;
  /** Valuation bands: minimum sample and flag margin (core defaults when absent). */
  readonly valuationPolicy?: ValuationPolicy;
  /** Salts the seeds of selectivity draws; generated once and kept in the database when absent. */
  readonly selectivitySecret?: string | undefined;
  /** How long a web session lasts from sign-in (8 hours when absent). */
  readonly sessionHours?: number;
}

let nomenclatureLoading: Promise<Nomenclature> | undefined;

/** The nomenclature is read once per process and shared: it never changes while running. */
function sharedNomenclature(): Promise<Nomenclature> {
  nomenclatureLoading ??= loadNomenclature();
  return nomenclatureLoading;
}

/** Wires the services over an open database (tests use this with a throwaway database). */
export async function createAnticipa(database: OpenDatabase, options: AnticipaOptions): Promise<Anticipa> {
  const clock = options.clock ?? (() => new Date());
  // Every change that decides revenue or a file's fate is appended to the audit trail.
  const audit = createAuditLog({ db: database.db, clock });
  const [nomenclature, offices] = await Promise.all([
    sharedNomenclature(),
    openOfficeDirectory(database.db, audit),
  ]);
  const references: IntakeReferences = {
    nomenclature,
    isOffice: (code) => offices.isOffice(code),
    officeCodes: () => offices.officeCodes(),
    nationalCurrency: options.nationalCurrency,
  };
  const context = {
    db: database.db,
    references,
    clock,
    newId: options.newId ?? randomUUID,
  };
  const storedDeclarations = createDeclarationService(context, audit);
  const tariff = createTariffService({
    ...context,
    nomenclature,
    declarations: storedDeclarations,
    country: options.country ?? 'SN',
    nationalCurrency: options.nationalCurrency,
    audit,
  });
  // Duty estimates come from the tariff's effective rates; unknown (not 0) for a line without one.
  const writeOff = createWriteOffService({
    ...context,
    offices,
    nationalCurrency: options.nationalCurrency,
    taxRates: tariff,
  });
  const valuation = createValuationService({
    ...context,
    declarations: storedDeclarations,
    nationalCurrency: options.nationalCurrency,
    taxRates: tariff,
    audit,
    ...(options.valuationPolicy ? { policy: options.valuationPolicy } : {}),
  });
  const storedManifests = createManifestService(context, storedDeclarations);
  const targeting = createTargetingService({ ...context, taxRates: tariff, audit });
  const indicators = createIndicatorSource({ db: database.db, valuation, targeting });
  const randomFactory = saltedRandom(await selectivitySecret(database.db, options.selectivitySecret));
  const selectivity = createSelectivityService({
    ...context,
    declarations: storedDeclarations,
    manifests: storedManifests,
    indicators,
    randomFactory,
    audit,
  });
  // Every lodgement, amendment and arrival is assessed with the active rule set (none: unchanged).
  const declarations = withAssessment(storedDeclarations, selectivity);
  const manifests = withManifestAssessment(storedManifests, selectivity);
  const backtestDeps = { ...context, selectivity, indicators, valuation };
  return {
    db: database.db,
    nomenclature,
    references,
    offices,
    declarations,
    manifests,
    writeOff,
    valuation,
    tariff,
    selectivity,
    backtest: (request, onProgress) => runBacktest(backtestDeps, request, onProgress),
    backtests: createBacktestJobs(backtestDeps),
    targeting,
    clearance: createClearanceModule({ ...context, offices, declarations, tariff, randomFactory }),
    audit,
    identity: createIdentityService({ ...context, audit, sessionHours: options.sessionHours ?? 8 }),
    nationalCurrency: options.nationalCurrency,
    close: () => database.close(),
  };
}

/** Opens the configured database (migrating it) and wires the services. */
export async function openAnticipa(config: Config): Promise<Anticipa> {
  const database = await openDatabase(
    config.database.kind === 'pglite'
      ? { kind: 'pglite', dataDir: config.database.dataDir }
      : config.database,
  );
  return createAnticipa(database, {
    nationalCurrency: config.nationalCurrency,
    country: config.country,
    valuationPolicy: {
      ...defaultValuationPolicy,
      minimumSample: config.valuation.minimumSample,
      flagMarginPercent: config.valuation.flagMarginPercent,
    },
    selectivitySecret: config.selectivitySecret,
    sessionHours: config.security.sessionHours,
  });
}
