/**
 * How a cargo manifest is laid out in the database: its head row (voyage, office, arrival,
 * status) and per version one row per bill of lading, for write-off and the link from
 * declarations to the means of transport that brings their goods.
 */
import { and, eq } from 'drizzle-orm';
import type { CargoManifest } from '@anticipa/core';
import { consignments, manifests } from '../db/schema.ts';
import { insertJsonRows } from '../db/json-rows.ts';
import type { DocumentProjection } from '../intake/document-store.ts';

const headColumns = {
  id: manifests.id,
  sender: manifests.sender,
  reference: manifests.reference,
  status: manifests.status,
  currentVersion: manifests.currentVersion,
  contentHash: manifests.contentHash,
  lodgedAt: manifests.lodgedAt,
  updatedAt: manifests.updatedAt,
};

function summary(document: CargoManifest) {
  return {
    carrierCode: document.carrier.code,
    carrierName: document.carrier.name,
    conveyanceName: document.conveyance.name,
    imoNumber: document.conveyance.imoNumber ?? null,
    voyageNumber: document.voyageNumber,
    portOfLoading: document.portOfLoading,
    officeCode: document.office,
    expectedArrival: new Date(document.expectedArrival),
  };
}

export const manifestProjection: DocumentProjection<CargoManifest> = {
  subject: 'manifest',
  heads: { table: manifests, columns: headColumns },
  insertHeads(entries) {
    return insertJsonRows(
      manifests,
      entries.map(({ head, document }) => ({ ...head, ...summary(document) })),
    );
  },
  async updateHead(tx, head, document, expectedVersion) {
    const updated = await tx
      .update(manifests)
      .set({
        currentVersion: head.currentVersion,
        contentHash: head.contentHash,
        updatedAt: head.updatedAt,
        ...summary(document),
      })
      .where(and(eq(manifests.id, head.id), eq(manifests.currentVersion, expectedVersion)))
      .returning({ id: manifests.id });
    return updated.length === 1;
  },
  rowsOf: (document) => 3 + document.billsOfLading.length,
  insertRows(entries) {
    const rows = entries.flatMap(({ head, document }) =>
      document.billsOfLading.map((bill) => ({
        manifestId: head.id,
        version: head.currentVersion,
        billNumber: bill.number,
        shipperName: bill.shipper.name,
        consigneeName: bill.consignee.name,
        consigneeTaxId: bill.consignee.taxId ?? null,
        description: bill.description,
        hsCode: bill.hsCode ?? null,
        packages: bill.packages,
        packageKind: bill.packageKind,
        grossMass: bill.grossMass,
        containers: bill.containers,
      })),
    );
    return rows.length > 0 ? [insertJsonRows(consignments, rows)] : [];
  },
  async findHead(db, id) {
    const [row] = await db.select(headColumns).from(manifests).where(eq(manifests.id, id));
    return row;
  },
  async findHeadByReference(db, sender, reference) {
    const [row] = await db
      .select(headColumns)
      .from(manifests)
      .where(and(eq(manifests.sender, sender), eq(manifests.reference, reference)));
    return row;
  },
};
