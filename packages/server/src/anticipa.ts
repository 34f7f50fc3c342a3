/**
 * The composition root: opens the database, loads reference data and wires the services that
 * the HTTP API and the command line share. Nothing computes twice: both edges call these.
 */
import { randomUUID } from 'node:crypto';
import type { IntakeReferences, Nomenclature } from '@anticipa/core';
import type { Config } from './config/config.ts';
import { openDatabase, type Database, type OpenDatabase } from './db/database.ts';
import { createDeclarationService, type DeclarationService } from './declaration/declaration-service.ts';
import { createManifestService, type ManifestService } from './manifest/manifest-service.ts';
import { openOfficeDirectory, type OfficeDirectory } from './office/office-directory.ts';
import { loadNomenclature } from './reference/nomenclature-file.ts';

export interface Anticipa {
  readonly db: Database;
  readonly nomenclature: Nomenclature;
  /** What intake validates against: the nomenclature, the offices, the national currency. */
  readonly references: IntakeReferences;
  readonly offices: OfficeDirectory;
  readonly declarations: DeclarationService;
  readonly manifests: ManifestService;
  readonly nationalCurrency: string;
  close(): Promise<void>;
}

export interface AnticipaOptions {
  readonly nationalCurrency: string;
  readonly clock?: () => Date;
  readonly newId?: () => string;
}

let nomenclatureLoading: Promise<Nomenclature> | undefined;

/** The nomenclature is read once per process and shared: it never changes while running. */
function sharedNomenclature(): Promise<Nomenclature> {
  nomenclatureLoading ??= loadNomenclature();
  return nomenclatureLoading;
}

/** Wires the services over an open database (tests use this with a throwaway database). */
export async function createAnticipa(database: OpenDatabase, options: AnticipaOptions): Promise<Anticipa> {
  const [nomenclature, offices] = await Promise.all([sharedNomenclature(), openOfficeDirectory(database.db)]);
  const references: IntakeReferences = {
    nomenclature,
    isOffice: (code) => offices.isOffice(code),
    officeCodes: () => offices.officeCodes(),
    nationalCurrency: options.nationalCurrency,
  };
  const context = {
    db: database.db,
    references,
    clock: options.clock ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
  };
  const declarations = createDeclarationService(context);
  const manifests = createManifestService(context, declarations);
  return {
    db: database.db,
    nomenclature,
    references,
    offices,
    declarations,
    manifests,
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
  return createAnticipa(database, { nationalCurrency: config.nationalCurrency });
}
