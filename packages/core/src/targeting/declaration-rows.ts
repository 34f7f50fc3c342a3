/**
 * A goods declaration as targeting sees it: one row per item, in the columns the model learns
 * from, so that the product's own files are scored and learnt from like the rows of a CSV file.
 * The declaration's procedure stands for the process type, its kind (pre-arrival or at arrival)
 * for the import type, and the item's origin indicator is whether it comes from the country of
 * departure; fields the declaration does not carry (import use, payment type, courier, tax
 * type) are left empty, so they count as one value for every file.
 */
import type { GoodsDeclaration } from '../declaration/goods-declaration.ts';
import { decimalToNumber } from '../selectivity/selectivity-subject.ts';
import type { TargetingRow } from './targeting-row.ts';

/**
 * The rows of a declaration: amounts in the national currency at its exchange rate, and each
 * item's tax rate in percent from `taxRate(tariffLine)` (the effective rate in force, as a
 * fraction; 0 when unknown). `date` is the lodgement day, YYYY-MM-DD. Never throws on a
 * validated declaration.
 *
 * @example
 *   targetingRowsOfDeclaration(declaration, { declarationId: id, date: '2026-03-02', taxRate: () => 0.45 })
 */
export function targetingRowsOfDeclaration(
  declaration: GoodsDeclaration,
  options: {
    readonly declarationId: string;
    readonly date: string;
    readonly taxRate: (tariffLine: string) => number | undefined;
  },
): TargetingRow[] {
  const rate = decimalToNumber(declaration.invoice.exchangeRate);
  return declaration.items.map((item) => ({
    declarationId: options.declarationId,
    date: options.date,
    office: declaration.office,
    processType: declaration.procedure,
    importType: declaration.kind,
    importUse: '',
    paymentType: '',
    transportMode: declaration.transportMode,
    declarant: declaration.declarant.code,
    importer: declaration.importer.taxId,
    seller: declaration.seller.name,
    courier: '',
    hs6: item.tariffLine.slice(0, 6),
    departure: declaration.departureCountry,
    origin: item.origin,
    taxRate: 100 * (options.taxRate(item.tariffLine) ?? 0),
    taxType: '',
    originIndicator: item.origin === declaration.departureCountry ? 'departure' : 'other',
    netMass: decimalToNumber(item.netMass),
    itemPrice: decimalToNumber(item.customsValue) * rate,
  }));
}
