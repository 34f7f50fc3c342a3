/**
 * The clearance indicators of stored files (core `clearanceIndicators`), per office, lane,
 * profile and period, and the hit rate of each criterion and profile that selected inspected
 * files: "results feed the hit rates of the criteria and profiles that selected the file".
 *
 * A file is read with its timeline, its latest assessment (how selectivity chose its lane, and
 * the criteria whose draw selected it) and its result, from its `control_finished` event data
 * (`outcome`, `revenueRecovered`, `seized`), the contract selectivity reads too, so that results
 * recorded by a past system count as those recorded from the quay. A file belongs to the period
 * of its arrival, else of its lodgement.
 */
import { and, desc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import { Decimal } from 'decimal.js';
import {
  clearanceIndicators,
  releaseMilestones,
  type Assessment,
  type ClearanceIndicators,
  type ClearanceRecord,
  type IndicatorDimension,
  type IndicatorPeriod,
  type InspectionOutcome,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { assessments, declarations } from '../db/schema.ts';
import { readTimelines } from './clearance-timelines.ts';

export interface IndicatorQuery {
  readonly office?: string | undefined;
  /** Files whose arrival (else lodgement) is on or after `from` and before `to`. */
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly groupBy: readonly IndicatorDimension[];
  readonly period?: IndicatorPeriod | undefined;
}

/** Inspections of the files a criterion selected, and what they found. */
export interface CriterionHitRate {
  readonly criterionId: string;
  readonly profileId: string;
  readonly name: string;
  readonly selected: number;
  readonly inspections: number;
  readonly hits: number;
  /** hits / inspections; null without inspections. */
  readonly rate: number | null;
  readonly revenueRecovered: string;
}

export interface ProfileHitRate {
  readonly profileId: string;
  readonly selected: number;
  readonly inspections: number;
  readonly hits: number;
  readonly rate: number | null;
  readonly revenueRecovered: string;
}

export interface IndicatorReport {
  readonly files: number;
  readonly groups: readonly ClearanceIndicators[];
  readonly criteria: readonly CriterionHitRate[];
  readonly profiles: readonly ProfileHitRate[];
}

const chunkSize = 500;

/** The result a `control_finished` event's data records; null when it records no outcome. */
function outcomeOf(data: Readonly<Record<string, unknown>> | undefined): InspectionOutcome | null {
  const outcome = data?.outcome;
  if (outcome !== 'compliant' && outcome !== 'non_compliant') return null;
  const revenue = data?.revenueRecovered;
  return {
    compliant: outcome === 'compliant',
    ...(typeof revenue === 'string' ? { revenueRecovered: revenue } : {}),
    ...(data?.seized === true ? { seized: true } : {}),
  };
}

/** Reads the files and computes their indicators. */
export async function readClearanceIndicators(db: Database, query: IndicatorQuery): Promise<IndicatorReport> {
  const conditions: (SQL | undefined)[] = [
    query.office === undefined ? undefined : eq(declarations.officeCode, query.office),
    // A file's period is its arrival, else its lodgement; its lodgement is never after its period's end.
    query.to === undefined ? undefined : lte(declarations.lodgedAt, query.to),
  ];
  const heads = await db
    .select({ id: declarations.id, office: declarations.officeCode })
    .from(declarations)
    .where(and(...conditions));

  const records: ClearanceRecord[] = [];
  const selections = new Map<string, Assessment['hits']>();
  for (let start = 0; start < heads.length; start += chunkSize) {
    const chunk = heads.slice(start, start + chunkSize);
    const ids = chunk.map((head) => head.id);
    const timelines = await readTimelines(db, ids);
    const latest = await db
      .selectDistinctOn([assessments.declarationId], {
        declarationId: assessments.declarationId,
        assessment: assessments.assessment,
      })
      .from(assessments)
      .where(inArray(assessments.declarationId, ids))
      .orderBy(assessments.declarationId, desc(assessments.sequence));
    const assessmentOf = new Map(latest.map((row) => [row.declarationId, row.assessment as Assessment]));
    for (const head of chunk) {
      const events = timelines.get(head.id) ?? [];
      const milestones = releaseMilestones(events);
      const reference = milestones.arrived ?? milestones.lodged;
      if (reference !== null) {
        const at = Date.parse(reference);
        if (query.from !== undefined && at < query.from.getTime()) continue;
        if (query.to !== undefined && at >= query.to.getTime()) continue;
      }
      const assessment = assessmentOf.get(head.id);
      const selected = assessment?.hits.filter((hit) => hit.selected) ?? [];
      selections.set(head.id, selected);
      const finished = events.filter((event) => event.type === 'control_finished');
      const result = finished.length === 0 ? null : outcomeOf(finished[finished.length - 1]?.data);
      records.push({
        fileId: head.id,
        office: head.office,
        events,
        selectedBy: assessment?.selectedBy ?? null,
        profiles: [...new Set(selected.map((hit) => hit.profileId))],
        result,
      });
    }
  }

  const criteria = new Map<string, { base: Omit<CriterionHitRate, 'rate'>; revenue: Decimal }>();
  const profiles = new Map<string, { base: Omit<ProfileHitRate, 'rate'>; revenue: Decimal }>();
  const count = <K extends string>(
    map: Map<K, { base: { selected: number; inspections: number; hits: number }; revenue: Decimal }>,
    key: K,
    fresh: () => { base: { selected: number; inspections: number; hits: number }; revenue: Decimal },
    result: InspectionOutcome | null,
  ) => {
    const entry = map.get(key) ?? fresh();
    entry.base = {
      ...entry.base,
      selected: entry.base.selected + 1,
      inspections: entry.base.inspections + (result === null ? 0 : 1),
      hits: entry.base.hits + (result?.compliant === false ? 1 : 0),
    };
    if (result !== null) entry.revenue = entry.revenue.plus(result.revenueRecovered ?? '0');
    map.set(key, entry);
  };
  for (const record of records) {
    const hits = selections.get(record.fileId) ?? [];
    for (const hit of hits) {
      count(
        criteria as Map<string, { base: CriterionHitRate; revenue: Decimal }>,
        `${hit.profileId}|${hit.criterionId}`,
        () => ({
          base: {
            criterionId: hit.criterionId,
            profileId: hit.profileId,
            name: hit.name,
            selected: 0,
            inspections: 0,
            hits: 0,
            revenueRecovered: '0',
            rate: null,
          },
          revenue: new Decimal(0),
        }),
        record.result,
      );
    }
    for (const profileId of record.profiles) {
      count(
        profiles as Map<string, { base: ProfileHitRate; revenue: Decimal }>,
        profileId,
        () => ({
          base: { profileId, selected: 0, inspections: 0, hits: 0, revenueRecovered: '0', rate: null },
          revenue: new Decimal(0),
        }),
        record.result,
      );
    }
  }
  const rate = (hits: number, inspections: number) => (inspections === 0 ? null : hits / inspections);

  return {
    files: records.length,
    groups: clearanceIndicators(records, {
      groupBy: query.groupBy,
      ...(query.period === undefined ? {} : { period: query.period }),
    }),
    criteria: [...criteria.values()]
      .map(({ base, revenue }) => ({
        ...base,
        rate: rate(base.hits, base.inspections),
        revenueRecovered: revenue.toFixed(),
      }))
      .sort((a, b) => a.profileId.localeCompare(b.profileId) || a.criterionId.localeCompare(b.criterionId)),
    profiles: [...profiles.values()]
      .map(({ base, revenue }) => ({
        ...base,
        rate: rate(base.hits, base.inspections),
        revenueRecovered: revenue.toFixed(),
      }))
      .sort((a, b) => a.profileId.localeCompare(b.profileId)),
  };
}
