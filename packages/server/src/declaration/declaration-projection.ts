/**
 * How a goods declaration is laid out in the database: its head row (latest state, for lists
 * and filters), and per version its items and the B/Ls it covers, for the queries of
 * selectivity, valuation and write-off.
 */
import { and, eq } from 'drizzle-orm';
import type { GoodsDeclaration } from '@anticipa/core';
import { declarationBills, declarationItems, declarations } from '../db/schema.ts';
import { insertJsonRows } from '../db/json-rows.ts';
import type { DocumentProjection } from '../intake/document-store.ts';

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
  heads: { table: declarations, columns: headColumns },
  insertHeads(entries) {
    return insertJsonRows(
      declarations,
      entries.map(({ head, document }) => ({ ...head, ...summary(document) })),
    );
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
  rowsOf: (document) => 3 + document.items.length + document.billsOfLading.length,
  insertRows(entries) {
    const items = entries.flatMap(({ head, document }) =>
      document.items.map((item, index) => ({
        declarationId: head.id,
        version: head.currentVersion,
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
    const bills = entries.flatMap(({ head, document }) =>
      document.billsOfLading.map((billNumber) => ({
        declarationId: head.id,
        version: head.currentVersion,
        billNumber,
      })),
    );
    return [
      ...(items.length > 0 ? [insertJsonRows(declarationItems, items)] : []),
      ...(bills.length > 0 ? [insertJsonRows(declarationBills, bills)] : []),
    ];
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
