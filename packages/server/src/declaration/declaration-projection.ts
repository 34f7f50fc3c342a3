/**
 * How a goods declaration is laid out in the database: its head row (latest state, for lists
 * and filters), and per version its items and the B/Ls it covers, for the queries of
 * selectivity, valuation and write-off.
 */
import { and, eq } from 'drizzle-orm';
import type { GoodsDeclaration } from '@anticipa/core';
import { declarationBills, declarationItems, declarations } from '../db/schema.ts';
import type { DocumentHead, DocumentProjection } from '../intake/document-store.ts';

const headColumns = {
  id: declarations.id,
  sender: declarations.sender,
  reference: declarations.reference,
  status: declarations.status,
  currentVersion: declarations.currentVersion,
  contentHash: declarations.contentHash,
  lodgedAt: declarations.lodgedAt,
  updatedAt: declarations.updatedAt,
};

function summary(document: GoodsDeclaration) {
  return {
    kind: document.kind,
    officeCode: document.office,
    importerTaxId: document.importer.taxId,
    importerName: document.importer.name,
    declarantCode: document.declarant.code,
  };
}

export const declarationProjection: DocumentProjection<GoodsDeclaration> = {
  subject: 'declaration',
  async insertHead(tx, head: DocumentHead, document) {
    const inserted = await tx
      .insert(declarations)
      .values({ ...head, ...summary(document) })
      .onConflictDoNothing()
      .returning({ id: declarations.id });
    return inserted.length === 1;
  },
  async updateHead(tx, head, document, expectedVersion) {
    const updated = await tx
      .update(declarations)
      .set({
        currentVersion: head.currentVersion,
        contentHash: head.contentHash,
        updatedAt: head.updatedAt,
        ...summary(document),
      })
      .where(and(eq(declarations.id, head.id), eq(declarations.currentVersion, expectedVersion)))
      .returning({ id: declarations.id });
    return updated.length === 1;
  },
  async insertRows(tx, id, version, document) {
    await tx.insert(declarationItems).values(
      document.items.map((item, index) => ({
        declarationId: id,
        version,
        itemNumber: index + 1,
        tariffLine: item.tariffLine,
        hs6: item.tariffLine.slice(0, 6),
        description: item.description,
        origin: item.origin,
        customsValue: item.customsValue,
        netMass: item.netMass,
        supplementaryQuantity: item.supplementaryQuantity ?? null,
        supplementaryUnit: item.supplementaryUnit ?? null,
        packages: item.packages,
      })),
    );
    if (document.billsOfLading.length > 0) {
      await tx
        .insert(declarationBills)
        .values(document.billsOfLading.map((billNumber) => ({ declarationId: id, version, billNumber })));
    }
  },
  async findHead(db, id) {
    const [row] = await db.select(headColumns).from(declarations).where(eq(declarations.id, id));
    return row;
  },
  async findHeadByReference(db, sender, reference) {
    const [row] = await db
      .select(headColumns)
      .from(declarations)
      .where(and(eq(declarations.sender, sender), eq(declarations.reference, reference)));
    return row;
  },
};
