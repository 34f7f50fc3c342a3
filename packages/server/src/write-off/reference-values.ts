/**
 * Reference values per kilogram for the ageing report's estimate of duties at stake: per HS
 * subheading (6 digits) or heading (4 digits), the median customs value per kilogram of net
 * mass, in national currency, of the items of released declarations (status `released` or
 * `exited`: a released file was released before it exited) lodged in the year before the
 * report, and the national tariff line those items use most.
 *
 * Exact: the unit value is computed in PostgreSQL `numeric` (customs value × the version's
 * exchange rate, from `document->'invoice'->>'exchangeRate'`, ÷ net mass) and the median is
 * the middle value, or the mean of the two middle values, of the sorted sample: no binary
 * floating point (`percentile_cont` would use it). Only each file's current version counts.
 */
import { sql } from 'drizzle-orm';
import type { AgeingReferenceSample } from '@anticipa/core';
import type { Database } from '../db/database.ts';

/** How far back released declarations feed a reference value: a year, so that prices are recent. */
export const referencePeriodDays = 365;

const dayMs = 86_400_000;

interface SampleRow {
  readonly code: string;
  readonly median: string;
  readonly samples: number | string;
  readonly line: string | null;
}

/**
 * The reference samples of the given HS codes (4 or 6 digits) as of `at`; a code without any
 * released item is absent from the map. One query, whatever the number of codes.
 */
export async function readReferenceSamples(
  db: Database,
  codes: readonly string[],
  at: Date,
): Promise<Map<string, AgeingReferenceSample>> {
  const wanted = codes.filter((code) => /^(\d{4}|\d{6})$/.test(code));
  if (wanted.length === 0) return new Map();
  const from = new Date(at.getTime() - referencePeriodDays * dayMs);
  const values = sql.join(
    wanted.map((code) => sql`(${code}::text)`),
    sql`, `,
  );
  const result = await db.execute(sql`
    with codes(code) as (values ${values}),
    samples as (
      select codes.code, i.tariff_line,
             i.customs_value * (v.document -> 'invoice' ->> 'exchangeRate')::numeric / i.net_mass as value
      from codes
      join declaration_items i
        on (length(codes.code) = 6 and i.hs6 = codes.code)
        or (length(codes.code) = 4 and left(i.hs6, 4) = codes.code)
      join declarations d on d.id = i.declaration_id and d.current_version = i.version
      join document_versions v
        on v.subject_type = 'declaration' and v.subject_id = d.id and v.version = d.current_version
      where d.status in ('released', 'exited')
        and d.lodged_at > ${from.toISOString()}::timestamptz
        and d.lodged_at <= ${at.toISOString()}::timestamptz
    ),
    ranked as (
      select code, value,
             row_number() over (partition by code order by value) as position,
             count(*) over (partition by code) as n
      from samples
    ),
    medians as (
      select code, avg(value) as median, max(n) as n
      from ranked
      where position in ((n + 1) / 2, (n + 2) / 2)
      group by code
    ),
    common as (
      select code, mode() within group (order by tariff_line) as line from samples group by code
    )
    select medians.code, medians.median::text as median, medians.n::int as samples, common.line
    from medians join common on common.code = medians.code
  `);
  // Both drivers (PGlite, node-postgres) answer a raw query with `{ rows }`.
  const { rows } = result as { rows: SampleRow[] };
  return new Map(
    rows.map((row) => [
      row.code,
      { medianPerKg: row.median, samples: Number(row.samples), commonTariffLine: row.line },
    ]),
  );
}
