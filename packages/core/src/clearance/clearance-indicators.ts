/**
 * The clearance indicators users already read (DOMAIN.md "Indicators people already use"), per
 * office, lane, profile and period: files per lane; hit rate of targeted and of random controls
 * (kept apart, so that the random sample measures the targeting without bias, as auditors told
 * CBP); revenue recovered and seizures; share of files lodged before arrival; share released on
 * arrival; and the distribution of arrival-to-release time per lane (median, P90). Computed
 * from files with their events, selection and inspection result. Pure.
 */
import { ExactDecimal, moneyScale } from '../valuation/exact-decimal.ts';
import { percentile, sortDecimals } from '../valuation/percentile.ts';
import { lanes, type Lane } from '../selectivity/lane.ts';
import type { SelectionStep } from '../selectivity/lane-allocation.ts';
import { currentLane, releaseMilestones, type TimelineEvent } from './time-release.ts';

/** What an inspection found. */
export interface InspectionOutcome {
  /** False when the control found a discrepancy (value, classification, origin, quantity, undeclared or prohibited goods). */
  readonly compliant: boolean;
  /** Duties and taxes recovered, in the national currency (decimal string). */
  readonly revenueRecovered?: string;
  readonly seized?: boolean;
}

/** A file as the indicators read it. */
export interface ClearanceRecord {
  readonly fileId: string;
  readonly office: string;
  readonly events: readonly TimelineEvent[];
  /** How selectivity chose the file's lane (Assessment.selectedBy); null before assessment. */
  readonly selectedBy: SelectionStep | null;
  /** The profiles whose criteria selected the file. */
  readonly profiles: readonly string[];
  /** The result of its control, once recorded. */
  readonly result: InspectionOutcome | null;
}

export type IndicatorDimension = 'office' | 'lane' | 'profile' | 'period';
/** Periods are calendar days or months in UTC, of the file's arrival (else its lodgement). */
export type IndicatorPeriod = 'day' | 'month';

export interface IndicatorOptions {
  readonly groupBy: readonly IndicatorDimension[];
  readonly period?: IndicatorPeriod;
  /** How soon after arrival a release counts as "on arrival", in seconds (default one hour). */
  readonly onArrivalSeconds?: number;
}

/** Hits among inspections of one kind of selection. */
export interface HitRate {
  readonly inspections: number;
  readonly hits: number;
  /** hits / inspections; null without inspections. */
  readonly rate: number | null;
}

export interface ReleaseDistribution {
  readonly released: number;
  /** Median and P90 (Hyndman-Fan type 7) of arrival-to-release time, in seconds; null without release. */
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
}

/** Which group the figures are for: a value for each dimension grouped by; `profile` null is files no profile selected. */
export interface IndicatorKey {
  readonly office?: string;
  readonly lane?: Lane | null;
  readonly profile?: string | null;
  readonly period?: string | null;
}

export interface ClearanceIndicators {
  readonly key: IndicatorKey;
  readonly files: number;
  readonly filesPerLane: Readonly<Record<Lane | 'unassessed', number>>;
  /** Targeted: selected by criteria (or for too many hits); random: the random sample; top-up: toward the expected rate. */
  readonly hitRate: { readonly targeted: HitRate; readonly random: HitRate; readonly topUp: HitRate };
  /** Sum over inspections, decimal string in the national currency. */
  readonly revenueRecovered: string;
  /** Revenue recovered / inspections; null without inspections. */
  readonly revenuePerInspection: string | null;
  readonly seizures: number;
  /** Among files both lodged and arrived, the share lodged before arrival; null when none. */
  readonly shareLodgedBeforeArrival: number | null;
  /** Among released files that arrived, the share released within `onArrivalSeconds` of arrival; null when none. */
  readonly shareReleasedOnArrival: number | null;
  readonly releaseTime: Readonly<Record<Lane, ReleaseDistribution>>;
}

interface Row {
  readonly record: ClearanceRecord;
  readonly lane: Lane | null;
  readonly lodged: number | null;
  readonly arrived: number | null;
  readonly released: number | null;
  readonly period: string | null;
}

const parse = (instant: string | null) => (instant === null ? null : Date.parse(instant));

/**
 * The indicators of files, one entry per group of `groupBy` (all files in one group when empty),
 * in the order groups are first met. A file selected by several profiles counts in each of
 * their groups. Never throws.
 * @example clearanceIndicators(records, { groupBy: ['office', 'lane'], period: 'month' })
 */
export function clearanceIndicators(
  records: readonly ClearanceRecord[],
  options: IndicatorOptions,
): ClearanceIndicators[] {
  const groups = new Map<string, { key: IndicatorKey; rows: Row[] }>();
  for (const record of records) {
    const milestones = releaseMilestones(record.events);
    const lodged = parse(milestones.lodged);
    const arrived = parse(milestones.arrived);
    const reference = arrived ?? lodged;
    const row: Row = {
      record,
      lane: currentLane(record.events),
      lodged,
      arrived,
      released: parse(milestones.released),
      period:
        reference === null
          ? null
          : new Date(reference).toISOString().slice(0, options.period === 'month' ? 7 : 10),
    };
    const profiles: (string | null)[] = record.profiles.length > 0 ? [...new Set(record.profiles)] : [null];
    if (!options.groupBy.includes('profile')) profiles.splice(1);
    for (const profile of profiles) {
      const key: { -readonly [K in keyof IndicatorKey]: IndicatorKey[K] } = {};
      for (const dimension of options.groupBy) {
        if (dimension === 'office') key.office = record.office;
        if (dimension === 'lane') key.lane = row.lane;
        if (dimension === 'profile') key.profile = profile;
        if (dimension === 'period') key.period = row.period;
      }
      const id = JSON.stringify(key);
      const group = groups.get(id) ?? { key, rows: [] };
      group.rows.push(row);
      groups.set(id, group);
    }
  }
  return [...groups.values()].map(({ key, rows }) =>
    indicatorsOf(key, rows, options.onArrivalSeconds ?? 3600),
  );
}

function indicatorsOf(
  key: IndicatorKey,
  rows: readonly Row[],
  onArrivalSeconds: number,
): ClearanceIndicators {
  const filesPerLane = { red: 0, yellow: 0, blue: 0, green: 0, unassessed: 0 };
  for (const row of rows) filesPerLane[row.lane ?? 'unassessed'] += 1;

  const hitRateOf = (steps: readonly SelectionStep[]): HitRate => {
    const inspected = rows.filter(
      (row) =>
        row.record.result !== null && row.record.selectedBy !== null && steps.includes(row.record.selectedBy),
    );
    const hits = inspected.filter((row) => row.record.result?.compliant === false).length;
    return {
      inspections: inspected.length,
      hits,
      rate: inspected.length === 0 ? null : hits / inspected.length,
    };
  };

  const inspections = rows.flatMap((row) => (row.record.result === null ? [] : [row.record.result]));
  const revenue = inspections.reduce(
    (total, result) => total.plus(new ExactDecimal(result.revenueRecovered ?? '0')),
    new ExactDecimal(0),
  );

  const both = rows.filter((row) => row.lodged !== null && row.arrived !== null);
  const releasedAfterArrival = rows.filter((row) => row.released !== null && row.arrived !== null);
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

  const releaseTime = Object.fromEntries(
    lanes.map((lane) => {
      const times = rows.flatMap((row) =>
        row.lane === lane && row.released !== null && row.arrived !== null
          ? [(row.released - row.arrived) / 1000]
          : [],
      );
      return [lane, releaseDistribution(times)];
    }),
  ) as Record<Lane, ReleaseDistribution>;

  return {
    key,
    files: rows.length,
    filesPerLane,
    hitRate: {
      targeted: hitRateOf(['criteria', 'max_hits']),
      random: hitRateOf(['random']),
      topUp: hitRateOf(['top_up']),
    },
    revenueRecovered: revenue.toFixed(moneyScale),
    revenuePerInspection:
      inspections.length === 0 ? null : revenue.dividedBy(inspections.length).toFixed(moneyScale),
    seizures: inspections.filter((result) => result.seized === true).length,
    shareLodgedBeforeArrival: share(
      both.filter((row) => (row.lodged ?? 0) < (row.arrived ?? 0)).length,
      both.length,
    ),
    shareReleasedOnArrival: share(
      releasedAfterArrival.filter(
        (row) => ((row.released ?? 0) - (row.arrived ?? 0)) / 1000 <= onArrivalSeconds,
      ).length,
      releasedAfterArrival.length,
    ),
    releaseTime,
  };
}

/** The median and P90 (Hyndman-Fan type 7, as the valuation bands) of durations in seconds. Never throws. */
export function releaseDistribution(seconds: readonly number[]): ReleaseDistribution {
  if (seconds.length === 0) return { released: 0, medianSeconds: null, p90Seconds: null };
  const sorted = sortDecimals(seconds);
  return {
    released: seconds.length,
    medianSeconds: percentile(sorted, '0.5').toNumber(),
    p90Seconds: percentile(sorted, '0.9').toNumber(),
  };
}
