/**
 * The one PostgreSQL schema of Anticipa (Drizzle ORM). Documents are kept whole in their
 * versions (jsonb, append-only) and projected into rows for querying; events are append-only,
 * enforced by triggers in the migrations so that no code path can rewrite them.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const offices = pgTable('offices', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  country: text('country').notNull(),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const declarations = pgTable(
  'declarations',
  {
    id: uuid('id').primaryKey(),
    sender: text('sender').notNull(),
    reference: text('reference').notNull(),
    kind: text('kind').notNull(),
    officeCode: text('office_code').notNull(),
    importerTaxId: text('importer_tax_id').notNull(),
    importerName: text('importer_name').notNull(),
    declarantCode: text('declarant_code').notNull(),
    status: text('status').notNull(),
    currentVersion: integer('current_version').notNull(),
    contentHash: text('content_hash').notNull(),
    lodgedAt: instant('lodged_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    unique('declarations_sender_reference').on(t.sender, t.reference),
    index('declarations_office_lodged').on(t.officeCode, t.lodgedAt),
    index('declarations_lodged').on(t.lodgedAt, t.id),
    index('declarations_importer').on(t.importerTaxId),
    index('declarations_status').on(t.status),
  ],
);

export const declarationItems = pgTable(
  'declaration_items',
  {
    declarationId: uuid('declaration_id').notNull(),
    version: integer('version').notNull(),
    itemNumber: integer('item_number').notNull(),
    tariffLine: text('tariff_line').notNull(),
    hs6: text('hs6').notNull(),
    description: text('description').notNull(),
    origin: text('origin').notNull(),
    customsValue: numeric('customs_value', { precision: 17, scale: 2 }).notNull(),
    netMass: numeric('net_mass', { precision: 15, scale: 3 }).notNull(),
    supplementaryQuantity: numeric('supplementary_quantity', { precision: 15, scale: 3 }),
    supplementaryUnit: text('supplementary_unit'),
    packages: integer('packages').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.declarationId, t.version, t.itemNumber] }),
    index('declaration_items_hs6_origin').on(t.hs6, t.origin),
  ],
);

export const declarationBills = pgTable(
  'declaration_bills',
  {
    declarationId: uuid('declaration_id').notNull(),
    version: integer('version').notNull(),
    billNumber: text('bill_number').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.declarationId, t.version, t.billNumber] }),
    index('declaration_bills_number').on(t.billNumber),
  ],
);

export const manifests = pgTable(
  'manifests',
  {
    id: uuid('id').primaryKey(),
    sender: text('sender').notNull(),
    reference: text('reference').notNull(),
    carrierCode: text('carrier_code').notNull(),
    carrierName: text('carrier_name').notNull(),
    conveyanceName: text('conveyance_name').notNull(),
    imoNumber: text('imo_number'),
    voyageNumber: text('voyage_number').notNull(),
    portOfLoading: text('port_of_loading').notNull(),
    officeCode: text('office_code').notNull(),
    expectedArrival: instant('expected_arrival').notNull(),
    actualArrival: instant('actual_arrival'),
    status: text('status').notNull(),
    currentVersion: integer('current_version').notNull(),
    contentHash: text('content_hash').notNull(),
    lodgedAt: instant('lodged_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    unique('manifests_sender_reference').on(t.sender, t.reference),
    index('manifests_office_expected').on(t.officeCode, t.expectedArrival),
    index('manifests_lodged').on(t.lodgedAt, t.id),
  ],
);

/**
 * Every version of every document (declarations and manifests), whole, as lodged after
 * validation. Append-only: an amendment adds a version, none is ever rewritten.
 */
export const documentVersions = pgTable(
  'document_versions',
  {
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    version: integer('version').notNull(),
    document: jsonb('document').notNull(),
    contentHash: text('content_hash').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.subjectType, t.subjectId, t.version] })],
);

export const consignments = pgTable(
  'consignments',
  {
    manifestId: uuid('manifest_id').notNull(),
    version: integer('version').notNull(),
    billNumber: text('bill_number').notNull(),
    shipperName: text('shipper_name').notNull(),
    consigneeName: text('consignee_name').notNull(),
    consigneeTaxId: text('consignee_tax_id'),
    description: text('description').notNull(),
    hsCode: text('hs_code'),
    packages: integer('packages').notNull(),
    packageKind: text('package_kind').notNull(),
    grossMass: numeric('gross_mass', { precision: 15, scale: 3 }).notNull(),
    containers: text('containers')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.manifestId, t.version, t.billNumber] }),
    index('consignments_bill_number').on(t.billNumber),
  ],
);

export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    type: text('type').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    version: integer('version'),
    data: jsonb('data'),
  },
  (t) => [
    index('events_subject').on(t.subjectType, t.subjectId, t.id),
    index('events_type_occurred').on(t.type, t.occurredAt),
  ],
);

/** Idempotency-Key headers already used, with the document they created. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  resourceType: text('resource_type').notNull(),
  resourceId: uuid('resource_id').notNull(),
  version: integer('version').notNull(),
  createdAt: instant('created_at').notNull(),
});

// Tables of later capabilities are defined beside their code and re-exported here, one line
// each, so that drizzle-kit sees the one schema (see "Migrations" in ARCHITECTURE.md).
export * from '../valuation/valuation-tables.ts';
export * from '../tariff/tariff-tables.ts';
export * from '../selectivity/selectivity-tables.ts';
export * from '../clearance/clearance-tables.ts';
export * from '../audit/audit-tables.ts';
export * from '../targeting/targeting-tables.ts';
export * from '../identity/identity-tables.ts';
