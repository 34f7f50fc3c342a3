/**
 * Tables of the national tariff (Drizzle, PostgreSQL): each import as loaded, and the lines and
 * taxes with their effective date ranges, per country. History stays: a new rate closes the
 * range of the old one (valid_to, with the import that closed it) rather than rewriting it, and
 * an entry replaced from its first day is marked superseded, never deleted. The rows in force
 * are those not superseded whose range holds the date.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });
/** Rates in percent, 0 to 1000 with 4 decimals, exact. */
const percent = (name: string) => numeric(name, { precision: 8, scale: 4 });

/** Each tariff document loaded, whole as validated, with what it changed. */
export const tariffImports = pgTable(
  'tariff_imports',
  {
    id: uuid('id').primaryKey(),
    country: text('country').notNull(),
    currency: text('currency').notNull(),
    utcOffset: text('utc_offset').notNull(),
    /** True for example tariffs, whose rates an administration must confirm. */
    example: boolean('example').notNull(),
    source: text('source'),
    contentHash: text('content_hash').notNull(),
    document: jsonb('document').notNull(),
    /** Counts of lines and taxes added, closed, superseded and unchanged. */
    summary: jsonb('summary').notNull(),
    importedAt: instant('imported_at').notNull(),
  },
  (t) => [index('tariff_imports_country').on(t.country, t.importedAt)],
);

export const tariffLines = pgTable(
  'tariff_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    country: text('country').notNull(),
    /** HS chapter, heading, subheading or national line: 2, 4, 6, 8, 9 or 10 digits. */
    line: text('line').notNull(),
    description: text('description'),
    dutyRate: percent('duty_rate').notNull(),
    exciseRate: percent('excise_rate'),
    validFrom: day('valid_from').notNull(),
    validTo: day('valid_to'),
    importId: uuid('import_id').notNull(),
    closedBy: uuid('closed_by'),
    supersededAt: instant('superseded_at'),
    supersededBy: uuid('superseded_by'),
  },
  (t) => [
    index('tariff_lines_lookup').on(t.country, t.line, t.validFrom),
    // One current entry per line and start date: a safety net under the import's planning.
    uniqueIndex('tariff_lines_current')
      .on(t.country, t.line, t.validFrom)
      .where(sql`superseded_at IS NULL`),
  ],
);

export const tariffTaxes = pgTable(
  'tariff_taxes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    country: text('country').notNull(),
    code: text('code').notNull(),
    nameFr: text('name_fr').notNull(),
    nameEn: text('name_en').notNull(),
    /** Its own rate, or null when taken from the line (`rate_from`: duty or excise). */
    rate: percent('rate'),
    rateFrom: text('rate_from'),
    /** Components of the base: 'customsValue' and codes of taxes computed before. */
    base: text('base').array().notNull(),
    appliesTo: text('applies_to').array(),
    exempt: text('exempt').array(),
    computationOrder: integer('computation_order').notNull(),
    validFrom: day('valid_from').notNull(),
    validTo: day('valid_to'),
    importId: uuid('import_id').notNull(),
    closedBy: uuid('closed_by'),
    supersededAt: instant('superseded_at'),
    supersededBy: uuid('superseded_by'),
  },
  (t) => [
    index('tariff_taxes_lookup').on(t.country, t.code, t.validFrom),
    uniqueIndex('tariff_taxes_current')
      .on(t.country, t.code, t.validFrom)
      .where(sql`superseded_at IS NULL`),
  ],
);
