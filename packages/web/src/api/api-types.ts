/**
 * The shapes of the API answers the screens read, as documented at /docs (OpenAPI). Only the
 * fields shown are typed; amounts come as exact decimal strings or numbers, in the national
 * currency unless a currency is named.
 */
export type Lane = 'red' | 'yellow' | 'blue' | 'green';
export const laneNames: readonly Lane[] = ['red', 'yellow', 'blue', 'green'];

export const declarationStatuses = [
  'lodged',
  'assessed',
  'arrived',
  'under_control',
  'controlled',
  'paid',
  'released',
  'exited',
  'cancelled',
] as const;
export type DeclarationStatus = (typeof declarationStatuses)[number];

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly nextCursor?: string;
}

export interface Office {
  readonly code: string;
  readonly name: string;
}

export interface DeclarationSummary {
  readonly id: string;
  readonly reference: string;
  readonly kind: string;
  readonly office: string;
  readonly importer: { readonly taxId: string; readonly name: string };
  readonly declarant: string;
  readonly status: string;
  readonly version: number;
  readonly lodgedAt: string;
  /** The lane and score of the latest assessment; null while not assessed. */
  readonly lane: Lane | null;
  readonly score: number | null;
}

export interface DeclarationItem {
  readonly tariffLine: string;
  readonly description: string;
  readonly origin: string;
  readonly customsValue: string;
  readonly netMass: string;
  readonly supplementaryQuantity?: string;
  readonly supplementaryUnit?: string;
  readonly packages?: number;
}

export interface GoodsDeclaration {
  readonly kind: string;
  readonly office: string;
  readonly procedure: string;
  readonly declarant: { readonly code: string; readonly name: string };
  readonly importer: { readonly taxId: string; readonly name: string };
  readonly billsOfLading?: readonly string[];
  readonly invoice: { readonly currency: string; readonly exchangeRate: string };
  readonly items: readonly DeclarationItem[];
}

export interface DeclarationView {
  readonly id: string;
  readonly reference: string;
  readonly status: string;
  readonly version: number;
  readonly lodgedAt: string;
  readonly document: GoodsDeclaration;
}

export interface Tax {
  readonly code: string;
  readonly name: { readonly fr: string; readonly en: string };
  readonly base: string;
  readonly rate: string;
  readonly amount: string;
}

export interface Liquidation {
  readonly currency: string;
  readonly items: readonly {
    readonly itemNumber: number;
    readonly tariffLine: string;
    readonly customsValueNational: string;
    readonly taxes: readonly Tax[];
    readonly total: string;
  }[];
  readonly total: string;
}

export interface Valuation {
  readonly items: readonly {
    readonly itemNumber: number;
    readonly tariffLine: string;
    readonly origin: string;
    readonly description: string;
    readonly indicator: {
      readonly unit: string;
      readonly unitValue: string;
      readonly band: { readonly p10: string; readonly median: string; readonly p90: string } | null;
      readonly flagged: boolean;
    };
    readonly decisions: readonly { readonly decision: string; readonly reason: string }[];
  }[];
}

export interface DeclarationWriteOff {
  readonly bills: readonly {
    readonly billNumber: string;
    readonly packages: number;
    readonly ledger: {
      readonly status: string;
      readonly manifested: { readonly packages: number; readonly grossMass: string } | null;
      readonly writtenOff: { readonly packages: number };
      readonly remaining: { readonly packages: number } | null;
    };
  }[];
}

export interface CriterionHit {
  readonly criterionId: string;
  readonly name: string;
  readonly lane: Lane;
  readonly percentage: number;
  readonly weight: number;
  readonly reason: { readonly fr: string; readonly en: string };
  readonly selected: boolean;
}

export type SelectionStep = 'criteria' | 'max_hits' | 'random' | 'top_up' | 'none';

export interface StoredAssessment {
  readonly ruleSetVersion: number;
  readonly lane: Lane;
  readonly score: number;
  readonly assessedAt: string;
  readonly assessment: {
    readonly selectedBy: SelectionStep;
    readonly hits: readonly CriterionHit[];
    readonly random: boolean;
    readonly topUp: boolean;
  };
}

export interface FileEvent {
  readonly type: string;
  readonly occurredAt: string;
  readonly subject: 'declaration' | 'manifest';
  readonly data?: Readonly<Record<string, unknown>>;
}

/** One input problem of a 400: where (JSON Pointer), what was found, what was expected. */
export interface FieldProblem {
  readonly path: string;
  readonly value: unknown;
  readonly expected: string;
}

/** A refused clearance step (409), as codes the screen words: the file's state, what it lacks, what it may do. */
export interface Refusal {
  readonly state: string;
  readonly event: string;
  readonly missing: readonly string[];
  readonly allowed: readonly string[];
}

export const clearanceStates = [
  'expected',
  'lodged',
  'assessed',
  'arrived',
  'control_planned',
  'control_started',
  'control_finished',
  'paid_or_guaranteed',
  'released',
  'exited',
  'cancelled',
] as const;
export type ClearanceState = (typeof clearanceStates)[number];

/** A supervisor's change of lane, with its reason. */
export interface LaneReroute {
  readonly from: Lane;
  readonly to: Lane;
  readonly reason: string;
  readonly supervisor?: string;
}

/** A file's clearance now (GET /api/declarations/{id}/clearance, and the answer of each step). */
export interface ClearanceView {
  readonly declarationId: string;
  readonly status?: string;
  readonly clearance: {
    readonly state: ClearanceState;
    readonly lane: Lane | null;
    readonly control: 'none' | 'planned' | 'started' | 'finished';
    readonly settlement: 'paid' | 'guaranteed' | null;
    readonly released: boolean;
    readonly reroutes: readonly LaneReroute[];
  };
  /** The steps (event types) the file may take now. */
  readonly allowed: readonly string[];
}

export interface RuleSetSummary {
  readonly version: number;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly activatedAt: string | null;
  readonly activatedBy: string | null;
  readonly active: boolean;
  readonly profiles: number;
  readonly criteria: number;
  readonly lists: number;
}

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly field: string; readonly op: string; readonly value?: unknown; readonly list?: string };

export interface Criterion {
  readonly id: string;
  readonly name: string;
  readonly condition: Condition;
  readonly effect: { readonly lane: Lane; readonly percentage: number };
  readonly weight: number;
  readonly validFrom: string;
  readonly reason: { readonly fr: string; readonly en: string };
  readonly rationale: string;
}

export interface LaneRates {
  readonly red: number;
  readonly yellow: number;
  readonly blue: number;
}

export const listKinds = [
  'importer',
  'declarant',
  'seller',
  'country',
  'tariff_line',
  'bill_of_lading',
  'container',
] as const;
export type ListKind = (typeof listKinds)[number];

/** One entry of a watchlist: it counts from validFrom (inclusive) to validTo (exclusive). */
export interface WatchlistEntry {
  readonly value: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly addedBy: string;
  readonly addedAt: string;
}

export interface Watchlist {
  readonly id: string;
  readonly name: string;
  readonly kind: ListKind;
  readonly entries: readonly WatchlistEntry[];
}

export interface Profile {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly criteria: readonly Criterion[];
}

export interface RuleSetDocument {
  readonly name: string;
  readonly profiles: readonly Profile[];
  readonly lists: readonly Watchlist[];
  readonly laneParameters: {
    readonly default: { readonly expectedRate: LaneRates; readonly minimumRandomRate: LaneRates };
  };
}

export interface StoredRuleSet {
  readonly version: number;
  readonly name: string;
  readonly document: RuleSetDocument;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly activatedAt: string | null;
  readonly activatedBy: string | null;
}

export interface RuleSetBacktest {
  readonly version: number;
  readonly name: string;
  readonly lanes: Readonly<Record<Lane, number>>;
  readonly selected: number;
  readonly hits: number;
  readonly hitRate: number | null;
  readonly revenueCaught: number;
  readonly recall: number | null;
  readonly revenueShare: number | null;
  readonly workload: readonly {
    readonly office: string;
    readonly meanControls: number;
    readonly meanCapacity: number;
    readonly daysOverCapacity: number;
    readonly series: readonly {
      readonly day: string;
      readonly controls: number;
      readonly capacity: number;
    }[];
  }[];
}

export interface BacktestReport {
  readonly files: number;
  readonly from: string | null;
  readonly to: string | null;
  readonly withOutcome: number;
  readonly nonCompliant: number;
  readonly revenueRecovered: number;
  readonly candidate: RuleSetBacktest;
  readonly baseline: RuleSetBacktest | null;
  readonly newlySelected: { readonly count: number } | null;
  readonly newlyReleased: { readonly count: number } | null;
}

export interface BacktestJob {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'done' | 'failed';
  readonly progress: { readonly done: number; readonly total: number };
  readonly report: BacktestReport | null;
}

export interface OfficeCounters {
  readonly office: string;
  readonly day: string;
  readonly assessed: number;
  readonly red: number;
  readonly yellow: number;
  readonly blue: number;
  readonly green: number;
}

export type ControlMethod = 'physical' | 'scanner' | 'documentary';

/** One control of an office's day plan (GET /api/offices/{code}/plan). */
export interface PlannedControl {
  readonly declarationId: string;
  readonly importer: string;
  readonly lane: Lane;
  readonly method: ControlMethod;
  readonly at: string;
  readonly inspectorId: string | null;
}

export interface DayPlan {
  readonly office: string;
  readonly day: string;
  readonly controls: readonly PlannedControl[];
}

export const discrepancyKinds = [
  'value',
  'classification',
  'origin',
  'quantity',
  'undeclared',
  'prohibited',
] as const;
export type DiscrepancyKind = (typeof discrepancyKinds)[number];

/** The body of POST /api/declarations/{id}/inspection-result. */
export interface InspectionResultInput {
  readonly resultId: string;
  readonly outcome: 'compliant' | 'non_compliant';
  readonly inspector: string;
  readonly method?: ControlMethod;
  readonly finishedAt: string;
  readonly discrepancies?: readonly {
    readonly kind: DiscrepancyKind;
    readonly item?: number;
    readonly description: string;
  }[];
  readonly correctedItems?: readonly {
    readonly item: number;
    readonly tariffLine?: string;
    readonly customsValue?: string;
  }[];
  readonly notes?: string;
  readonly photos?: readonly {
    readonly fileName: string;
    readonly mediaType: 'image/jpeg' | 'image/png' | 'image/webp';
    readonly content: string;
  }[];
}

export interface HitRate {
  readonly inspections: number;
  readonly hits: number;
  readonly rate: number | null;
}

export interface ReleaseDistribution {
  readonly released: number;
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
}

/** One group of GET /api/indicators. */
export interface IndicatorGroup {
  readonly key: { readonly office?: string; readonly lane?: Lane | null; readonly period?: string | null };
  readonly files: number;
  readonly hitRate: { readonly targeted: HitRate; readonly random: HitRate; readonly topUp: HitRate };
  readonly revenueRecovered: string;
  readonly seizures: number;
  readonly releaseTime: Readonly<Record<Lane, ReleaseDistribution>>;
}

/** What the inspections of the files a criterion (or a profile) selected found. */
export interface SelectionHitRate {
  readonly profileId: string;
  /** Files it selected (its draw picked them). */
  readonly selected: number;
  readonly inspections: number;
  /** Inspections that found an offence. */
  readonly hits: number;
  /** hits / inspections; null without inspections. */
  readonly rate: number | null;
  /** Exact decimal, national currency. */
  readonly revenueRecovered: string;
}

export interface CriterionHitRate extends SelectionHitRate {
  readonly criterionId: string;
  readonly name: string;
}

export interface IndicatorReport {
  readonly files: number;
  readonly groups: readonly IndicatorGroup[];
  readonly criteria: readonly CriterionHitRate[];
  readonly profiles: readonly SelectionHitRate[];
}

export interface ClearanceSettings {
  /** Hours from arrival to release, per lane. */
  readonly releaseTargets: Readonly<Record<Lane, number>>;
}

/** Totals of B/Ls not fully written off (GET /api/write-off/ageing); duties are ESTIMATES. */
export interface AgeingTotals {
  readonly bills: number;
  readonly remainingPackages: number;
  readonly remainingGrossMass: string;
  /** Sum over the lines with an estimate; null when none has one. */
  readonly dutiesAtStake: string | null;
  readonly estimatedBills: number;
  readonly unestimatedBills: number;
}

export interface AgeingLine {
  readonly bill: {
    readonly billNumber: string;
    readonly status: string;
    readonly remaining: { readonly packages: number; readonly grossMass: string } | null;
  };
  readonly manifestReference: string;
  readonly office: { readonly code: string; readonly name: string };
  readonly consignee: { readonly name: string };
  readonly description: string;
  readonly arrivedAt: string;
  readonly daysSinceArrival: number;
  readonly estimate: {
    readonly dutiesAtStake: string | null;
    readonly gap: string | null;
  };
}

export interface AgeingReport extends Readonly<{ asOf: string; days: number; currency: string }> {
  readonly totals: AgeingTotals;
  readonly groups: readonly (AgeingTotals & {
    readonly key: string;
    readonly label: string;
    readonly lines: readonly AgeingLine[];
  })[];
}
