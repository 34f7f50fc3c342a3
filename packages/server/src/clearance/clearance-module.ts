/**
 * The clearance services wired together, for the composition root: the roster, clearance steps
 * (checked by the core state machine), day plans, inspection results, time release and the
 * indicators. The HTTP routes and `anticipa indicators` call these.
 */
import type { RandomFactory } from '@anticipa/core';
import type { Database } from '../db/database.ts';
import type { DeclarationService } from '../declaration/declaration-service.ts';
import type { OfficeDirectory } from '../office/office-directory.ts';
import type { TariffService } from '../tariff/tariff-service.ts';
import {
  readClearanceIndicators,
  type IndicatorQuery,
  type IndicatorReport,
} from './clearance-indicators-reader.ts';
import type { AuditTrail } from '../audit/audit-log.ts';
import { createClearanceService, type ClearanceService } from './clearance-service.ts';
import { createPlanningService, type PlanningService } from './control-planning.ts';
import { createInspectionService, type InspectionService } from './inspection-service.ts';
import { createRosterService, type RosterService } from './roster-service.ts';

export interface ClearanceModule {
  readonly roster: RosterService;
  readonly steps: ClearanceService;
  readonly planning: PlanningService;
  readonly inspections: InspectionService;
  indicators(query: IndicatorQuery): Promise<IndicatorReport>;
}

export function createClearanceModule(deps: {
  readonly db: Database;
  readonly offices: Pick<OfficeDirectory, 'isOffice' | 'officeCodes'>;
  readonly declarations: DeclarationService;
  readonly tariff: Pick<TariffService, 'liquidate' | 'liquidateDocument'>;
  readonly randomFactory: RandomFactory;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly audit?: AuditTrail | undefined;
}): ClearanceModule {
  const roster = createRosterService(deps);
  const steps = createClearanceService({
    db: deps.db,
    declarations: deps.declarations,
    roster,
    isOffice: (code) => deps.offices.isOffice(code),
    clock: deps.clock,
  });
  return {
    roster,
    steps,
    planning: createPlanningService({
      db: deps.db,
      declarations: deps.declarations,
      roster,
      randomFactory: deps.randomFactory,
      onOffice: (key, work) => steps.onFile(key, work),
      clock: deps.clock,
      newId: deps.newId,
    }),
    inspections: createInspectionService({
      db: deps.db,
      declarations: deps.declarations,
      clearance: steps,
      tariff: deps.tariff,
      audit: deps.audit,
      clock: deps.clock,
    }),
    indicators: (query) => readClearanceIndicators(deps.db, query),
  };
}
