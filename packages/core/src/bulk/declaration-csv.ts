/**
 * The CSV layout of goods declarations for bulk intake (`anticipa import declarations`): one
 * row per declaration item; a declaration of three items is three consecutive rows sharing
 * sender and reference, each repeating the declaration's own fields. Empty optional cells leave
 * the field out. docs/csv-formats.md documents the columns for senders.
 *
 * | column                 | field                              | required | per      |
 * | ---------------------- | ---------------------------------- | -------- | -------- |
 * | sender                 | sender                             | yes      | document |
 * | reference              | reference                          | yes      | document |
 * | kind                   | kind (pre_arrival, at_arrival)     | yes      | document |
 * | office                 | office                             | yes      | document |
 * | procedure              | procedure                          | yes      | document |
 * | declarant_code         | declarant.code                     | yes      | document |
 * | declarant_name         | declarant.name                     | no       | document |
 * | importer_tax_id        | importer.taxId                     | yes      | document |
 * | importer_name          | importer.name                      | yes      | document |
 * | seller_name            | seller.name                        | yes      | document |
 * | seller_country         | seller.country                     | no       | document |
 * | departure_country      | departureCountry                   | yes      | document |
 * | transport_mode         | transportMode                      | yes      | document |
 * | bills_of_lading        | billsOfLading, separated by `;`    | no       | document |
 * | invoice_currency       | invoice.currency                   | yes      | document |
 * | exchange_rate          | invoice.exchangeRate               | yes      | document |
 * | tariff_line            | items[].tariffLine                 | yes      | item     |
 * | description            | items[].description                | yes      | item     |
 * | origin                 | items[].origin                     | yes      | item     |
 * | customs_value          | items[].customsValue               | yes      | item     |
 * | net_mass               | items[].netMass                    | yes      | item     |
 * | supplementary_quantity | items[].supplementaryQuantity      | no       | item     |
 * | supplementary_unit     | items[].supplementaryUnit          | no       | item     |
 * | packages               | items[].packages (whole number)    | yes      | item     |
 */
import type { Problem } from '../shared/error-codes.ts';
import {
  checkCsvHeader,
  createDocumentGrouper,
  documentInputOf,
  groupCsvRecords,
  locateProblems,
  type CsvCells,
  type CsvColumn,
  type CsvDocument,
  type CsvFormat,
  type CsvProblem,
  type CsvRecord,
  type DocumentGrouper,
} from './csv-format.ts';

const documentColumn = (
  name: string,
  path: string[],
  required: boolean,
  kind: CsvColumn['kind'] = 'text',
): CsvColumn => ({
  name,
  path,
  required,
  kind,
});
const itemColumn = (
  name: string,
  field: string,
  required: boolean,
  kind: CsvColumn['kind'] = 'text',
): CsvColumn => ({
  name,
  path: ['items', '*', field],
  required,
  kind,
});

/** The declaration CSV format: its columns in the documented order, and the fields they fill. */
export const declarationCsvFormat: CsvFormat = {
  documentKind: 'declaration',
  rowList: ['items'],
  columns: [
    documentColumn('sender', ['sender'], true),
    documentColumn('reference', ['reference'], true),
    documentColumn('kind', ['kind'], true),
    documentColumn('office', ['office'], true),
    documentColumn('procedure', ['procedure'], true),
    documentColumn('declarant_code', ['declarant', 'code'], true),
    documentColumn('declarant_name', ['declarant', 'name'], false),
    documentColumn('importer_tax_id', ['importer', 'taxId'], true),
    documentColumn('importer_name', ['importer', 'name'], true),
    documentColumn('seller_name', ['seller', 'name'], true),
    documentColumn('seller_country', ['seller', 'country'], false),
    documentColumn('departure_country', ['departureCountry'], true),
    documentColumn('transport_mode', ['transportMode'], true),
    documentColumn('bills_of_lading', ['billsOfLading'], false, 'list'),
    documentColumn('invoice_currency', ['invoice', 'currency'], true),
    documentColumn('exchange_rate', ['invoice', 'exchangeRate'], true),
    itemColumn('tariff_line', 'tariffLine', true),
    itemColumn('description', 'description', true),
    itemColumn('origin', 'origin', true),
    itemColumn('customs_value', 'customsValue', true),
    itemColumn('net_mass', 'netMass', true),
    itemColumn('supplementary_quantity', 'supplementaryQuantity', false),
    itemColumn('supplementary_unit', 'supplementaryUnit', false),
    itemColumn('packages', 'packages', true, 'integer'),
  ],
};

/** The column names of the declaration format, in the documented order (a header to write). */
export const declarationCsvColumns: readonly string[] = declarationCsvFormat.columns.map(
  (column) => column.name,
);

/** Checks a declaration CSV header; see `checkCsvHeader`. Never throws. */
export function checkDeclarationCsvHeader(header: readonly string[]): CsvProblem[] {
  return checkCsvHeader(declarationCsvFormat, header);
}

/** A grouper of declaration rows into declarations, for a file read record by record. */
export function createDeclarationGrouper(): DocumentGrouper {
  return createDocumentGrouper(declarationCsvFormat);
}

/** Groups all the records of a (small) declaration file into declarations. Never throws. */
export function groupDeclarationRecords(records: Iterable<CsvRecord>): CsvDocument[] {
  return groupCsvRecords(declarationCsvFormat, records);
}

/**
 * The declaration input (for `goodsDeclarationSchema` and the intake service) built from the
 * rows of one declaration: row `i` is item `i`. Unvalidated: validation reports what is wrong.
 * Never throws.
 */
export function declarationInputOf(rows: readonly CsvCells[]): Record<string, unknown> {
  return documentInputOf(declarationCsvFormat, rows);
}

/** Places a declaration's validation problems at their lines and columns. Never throws. */
export function locateDeclarationProblems(
  document: Pick<CsvDocument, 'lines' | 'rows'>,
  problems: readonly Problem[],
): CsvProblem[] {
  return locateProblems(declarationCsvFormat, document, problems);
}
