/**
 * Timelines of many files at once, for the clearance reports (breaches, plans, indicators): each
 * declaration's own events and the arrival events of the manifests whose current version
 * carries one of its current B/Ls, as `DeclarationService.timeline` reads them one file at a
 * time. Reads in chunks, so that a year of files stays a handful of queries per chunk.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { sortTimeline, type TimelineEvent } from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { consignments, declarationBills, declarations, events, manifests } from '../db/schema.ts';

/** An event of a file's timeline, as the clearance functions of the core read it. */
export type ClearanceTimelineEvent = TimelineEvent & { readonly recordedAt: string };

const chunkSize = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += chunkSize)
    out.push(values.slice(start, start + chunkSize));
  return out;
}

/** The timelines of these declarations, in the order events happened; a file without events maps to []. */
export async function readTimelines(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, ClearanceTimelineEvent[]>> {
  const timelines = new Map<string, ClearanceTimelineEvent[]>(ids.map((id) => [id, []]));
  const add = (id: string, row: typeof events.$inferSelect) => {
    timelines.get(id)?.push({
      type: row.type as TimelineEvent['type'],
      occurredAt: row.occurredAt.toISOString(),
      recordedAt: row.recordedAt.toISOString(),
      ...(row.data === null ? {} : { data: row.data as Record<string, unknown> }),
    });
  };
  for (const chunk of chunks([...new Set(ids)])) {
    const own = await db
      .select()
      .from(events)
      .where(and(eq(events.subjectType, 'declaration'), inArray(events.subjectId, chunk)))
      .orderBy(asc(events.id));
    for (const row of own) add(row.subjectId, row);
    const arrivals = await db
      .selectDistinct({ declarationId: declarationBills.declarationId, event: events })
      .from(declarationBills)
      .innerJoin(
        declarations,
        and(
          eq(declarations.id, declarationBills.declarationId),
          eq(declarations.currentVersion, declarationBills.version),
        ),
      )
      .innerJoin(consignments, eq(consignments.billNumber, declarationBills.billNumber))
      .innerJoin(
        manifests,
        and(eq(manifests.id, consignments.manifestId), eq(manifests.currentVersion, consignments.version)),
      )
      .innerJoin(
        events,
        and(
          eq(events.subjectType, 'manifest'),
          eq(events.subjectId, manifests.id),
          inArray(events.type, ['means_arrived', 'manifest_registered']),
        ),
      )
      .where(inArray(declarationBills.declarationId, chunk));
    for (const row of arrivals) add(row.declarationId, row.event);
  }
  for (const [id, timeline] of timelines) timelines.set(id, sortTimeline(timeline));
  return timelines;
}
