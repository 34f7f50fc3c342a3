/**
 * Reads what the write-off ledger is computed from, with indexed queries: the B/L lines of the
 * manifests' current versions (`consignments` at `manifests.current_version`), and the current
 * version of every declaration citing them (`declaration_bills` at
 * `declarations.current_version`: its B/Ls in the order given, from the version's document, and
 * the sum of its items' packages). Computed on read: nothing is stored, so an amendment or a
 * cancellation shows at once (ARCHITECTURE.md "Storage").
 */
import { and, eq, inArray, isNotNull, lte, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  writeOffLedger,
  type BillWriteOff,
  type DeclarationWriteOffFacts,
  type ManifestedBill,
} from '@anticipa/core';
import type { Database } from '../db/database.ts';
import { consignments, declarationBills, declarations, documentVersions, manifests } from '../db/schema.ts';

/** A B/L line of a manifest's current version, with its manifest's head. */
export interface ManifestLine extends ManifestedBill {
  readonly manifestReference: string;
  readonly office: string;
  readonly carrier: { readonly code: string; readonly name: string };
  readonly voyageNumber: string;
  /** When the means of transport arrived (`means_arrived`); null while it has not. */
  readonly actualArrival: Date | null;
  readonly consignee: { readonly name: string; readonly taxId: string | null };
  readonly description: string;
  readonly hsCode: string | null;
}

/** A declaration's current version, as write-off sees it. */
export interface DeclarationCitation extends DeclarationWriteOffFacts {
  readonly reference: string;
  readonly status: string;
}

export interface LedgerData {
  /** The current lines carrying the B/Ls asked for, and those carrying the other B/Ls their declarations cite. */
  readonly lines: readonly ManifestLine[];
  readonly declarations: readonly DeclarationCitation[];
  /**
   * The B/Ls asked for (and found on a manifest). The ledger of the others, read only for their
   * manifested packages, may lack declarations: never report it.
   */
  readonly requested: ReadonlySet<string>;
  /** The ledger of every B/L in `lines` and of every B/L the declarations cite. */
  readonly ledger: ReadonlyMap<string, BillWriteOff>;
}

/** B/L numbers: a list, or a subquery selecting them (one column). */
export type BillNumbers = SQLWrapper | readonly string[];

const lineColumns = {
  billNumber: consignments.billNumber,
  manifestId: consignments.manifestId,
  packages: consignments.packages,
  grossMass: consignments.grossMass,
  consigneeName: consignments.consigneeName,
  consigneeTaxId: consignments.consigneeTaxId,
  description: consignments.description,
  hsCode: consignments.hsCode,
  manifestReference: manifests.reference,
  office: manifests.officeCode,
  carrierCode: manifests.carrierCode,
  carrierName: manifests.carrierName,
  voyageNumber: manifests.voyageNumber,
  actualArrival: manifests.actualArrival,
};

const isCurrentConsignment = and(
  eq(manifests.id, consignments.manifestId),
  eq(manifests.currentVersion, consignments.version),
);

/** The B/L numbers of the current lines of the manifests matching `where` (a subquery). */
export function billsOfManifests(db: Database, where: SQL | undefined): SQLWrapper {
  return db
    .select({ billNumber: consignments.billNumber })
    .from(consignments)
    .innerJoin(manifests, isCurrentConsignment)
    .where(where);
}

/** Condition on manifests: the means of transport arrived at or before `cutoff`, at `office` if given. */
export function arrivedBy(cutoff: Date, office: string | undefined): SQL | undefined {
  return and(
    isNotNull(manifests.actualArrival),
    lte(manifests.actualArrival, cutoff),
    office === undefined ? undefined : eq(manifests.officeCode, office),
  );
}

async function readLines(db: Database, numbers: BillNumbers): Promise<ManifestLine[]> {
  if (isEmptyList(numbers)) return [];
  const rows = await db
    .select(lineColumns)
    .from(consignments)
    .innerJoin(manifests, isCurrentConsignment)
    .where(inArray(consignments.billNumber, asInList(numbers)))
    .orderBy(consignments.billNumber, manifests.actualArrival, consignments.manifestId);
  return rows.map((row) => ({
    billNumber: row.billNumber,
    manifestId: row.manifestId,
    packages: row.packages,
    grossMass: row.grossMass,
    manifestReference: row.manifestReference,
    office: row.office,
    carrier: { code: row.carrierCode, name: row.carrierName },
    voyageNumber: row.voyageNumber,
    actualArrival: row.actualArrival,
    consignee: { name: row.consigneeName, taxId: row.consigneeTaxId },
    description: row.description,
    hsCode: row.hsCode,
  }));
}

/**
 * The current version of each declaration citing one of `numbers` (cancelled files included,
 * flagged: the ledger leaves them out). Its B/Ls come from the version's document, because
 * the order in which it cites them decides the allocation; its packages from its item rows.
 */
export async function readCitations(
  db: Database,
  where: { readonly citing: BillNumbers } | { readonly id: string },
): Promise<DeclarationCitation[]> {
  if ('citing' in where && isEmptyList(where.citing)) return [];
  const citing =
    'id' in where
      ? eq(declarations.id, where.id)
      : sql`exists (select 1 from ${declarationBills} where ${declarationBills.declarationId} = ${declarations.id} and ${declarationBills.version} = ${declarations.currentVersion} and ${inArray(declarationBills.billNumber, asInList(where.citing))})`;
  const rows = await db
    .select({
      id: declarations.id,
      reference: declarations.reference,
      status: declarations.status,
      version: declarations.currentVersion,
      bills: sql<unknown>`${documentVersions.document} -> 'billsOfLading'`,
      packages: sql<
        number | string
      >`(select coalesce(sum(i.packages), 0)::int from declaration_items i where i.declaration_id = ${declarations.id} and i.version = ${declarations.currentVersion})`,
    })
    .from(declarations)
    .innerJoin(
      documentVersions,
      and(
        eq(documentVersions.subjectType, 'declaration'),
        eq(documentVersions.subjectId, declarations.id),
        eq(documentVersions.version, declarations.currentVersion),
      ),
    )
    .where(citing);
  return rows.map((row) => ({
    declarationId: row.id,
    reference: row.reference,
    status: row.status,
    version: row.version,
    cancelled: row.status === 'cancelled',
    billsOfLading: billList(row.bills),
    packages: Number(row.packages),
  }));
}

/** The B/L list of a stored document (jsonb, parsed by the driver; text on drivers that do not parse). */
function billList(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === 'string') : [];
}

/**
 * The ledger of the B/Ls `numbers` selects: their current lines on every manifest, the
 * declarations citing them, and the lines of the other B/Ls those declarations cite (a
 * multi-B/L declaration fills them in order: their manifested packages matter). Three or four
 * indexed queries, whatever the number of B/Ls.
 */
export async function readLedger(db: Database, numbers: BillNumbers): Promise<LedgerData> {
  const [lines, citations] = await Promise.all([
    readLines(db, numbers),
    readCitations(db, { citing: numbers }),
  ]);
  return completeLedger(db, lines, citations);
}

/** Adds the lines of the B/Ls the citations cite that `lines` lacks, then computes the ledger. */
export async function completeLedger(
  db: Database,
  lines: readonly ManifestLine[],
  citations: readonly DeclarationCitation[],
): Promise<LedgerData> {
  const known = new Set(lines.map((line) => line.billNumber));
  const missing = [
    ...new Set(
      citations.flatMap((citation) => citation.billsOfLading).filter((number) => !known.has(number)),
    ),
  ];
  const all = [...lines, ...(await readLines(db, missing))];
  const ledger = new Map(writeOffLedger(all, citations).map((entry) => [entry.billNumber, entry]));
  return { lines: all, declarations: citations, requested: known, ledger };
}

function isEmptyList(numbers: BillNumbers): boolean {
  return Array.isArray(numbers) && numbers.length === 0;
}

/** `inArray` takes a mutable list or a subquery. */
function asInList(numbers: BillNumbers): SQLWrapper | string[] {
  return Array.isArray(numbers) ? [...(numbers as readonly string[])] : (numbers as SQLWrapper);
}
