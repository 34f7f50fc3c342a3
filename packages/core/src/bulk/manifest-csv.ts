/**
 * The CSV layout of cargo manifests for bulk intake (`anticipa import manifests`): one row per
 * bill of lading (or air waybill); a manifest of forty B/Ls is forty consecutive rows sharing
 * sender and reference, each repeating the manifest's own fields (carrier, conveyance, voyage,
 * arrival). Empty optional cells leave the field out. docs/csv-formats.md documents the columns.
 *
 * | column            | field                                   | required | per      |
 * | ----------------- | --------------------------------------- | -------- | -------- |
 * | sender            | sender                                  | yes      | document |
 * | reference         | reference                               | yes      | document |
 * | carrier_code      | carrier.code                            | yes      | document |
 * | carrier_name      | carrier.name                            | yes      | document |
 * | conveyance_name   | conveyance.name                         | yes      | document |
 * | imo_number        | conveyance.imoNumber                    | no       | document |
 * | voyage_number     | voyageNumber                            | yes      | document |
 * | port_of_loading   | portOfLoading (UN/LOCODE)               | yes      | document |
 * | office            | office                                  | yes      | document |
 * | expected_arrival  | expectedArrival (ISO 8601 with offset)  | yes      | document |
 * | actual_arrival    | actualArrival (ISO 8601 with offset)    | no       | document |
 * | bl_number         | billsOfLading[].number                  | yes      | B/L      |
 * | shipper_name      | billsOfLading[].shipper.name            | yes      | B/L      |
 * | consignee_name    | billsOfLading[].consignee.name          | yes      | B/L      |
 * | consignee_tax_id  | billsOfLading[].consignee.taxId         | no       | B/L      |
 * | description       | billsOfLading[].description             | yes      | B/L      |
 * | hs_code           | billsOfLading[].hsCode (4 or 6 digits)  | no       | B/L      |
 * | packages          | billsOfLading[].packages (whole number) | yes      | B/L      |
 * | package_kind      | billsOfLading[].packageKind             | yes      | B/L      |
 * | gross_mass        | billsOfLading[].grossMass               | yes      | B/L      |
 * | containers        | billsOfLading[].containers, by `;`      | no       | B/L      |
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

const documentColumn = (name: string, path: string[], required: boolean): CsvColumn => ({
  name,
  path,
  required,
  kind: 'text',
});
const billColumn = (
  name: string,
  path: string[],
  required: boolean,
  kind: CsvColumn['kind'] = 'text',
): CsvColumn => ({
  name,
  path: ['billsOfLading', '*', ...path],
  required,
  kind,
});

/** The manifest CSV format: its columns in the documented order, and the fields they fill. */
export const manifestCsvFormat: CsvFormat = {
  documentKind: 'manifest',
  rowList: ['billsOfLading'],
  columns: [
    documentColumn('sender', ['sender'], true),
    documentColumn('reference', ['reference'], true),
    documentColumn('carrier_code', ['carrier', 'code'], true),
    documentColumn('carrier_name', ['carrier', 'name'], true),
    documentColumn('conveyance_name', ['conveyance', 'name'], true),
    documentColumn('imo_number', ['conveyance', 'imoNumber'], false),
    documentColumn('voyage_number', ['voyageNumber'], true),
    documentColumn('port_of_loading', ['portOfLoading'], true),
    documentColumn('office', ['office'], true),
    documentColumn('expected_arrival', ['expectedArrival'], true),
    documentColumn('actual_arrival', ['actualArrival'], false),
    billColumn('bl_number', ['number'], true),
    billColumn('shipper_name', ['shipper', 'name'], true),
    billColumn('consignee_name', ['consignee', 'name'], true),
    billColumn('consignee_tax_id', ['consignee', 'taxId'], false),
    billColumn('description', ['description'], true),
    billColumn('hs_code', ['hsCode'], false),
    billColumn('packages', ['packages'], true, 'integer'),
    billColumn('package_kind', ['packageKind'], true),
    billColumn('gross_mass', ['grossMass'], true),
    billColumn('containers', ['containers'], false, 'list'),
  ],
};

/** The column names of the manifest format, in the documented order (a header to write). */
export const manifestCsvColumns: readonly string[] = manifestCsvFormat.columns.map((column) => column.name);

/** Checks a manifest CSV header; see `checkCsvHeader`. Never throws. */
export function checkManifestCsvHeader(header: readonly string[]): CsvProblem[] {
  return checkCsvHeader(manifestCsvFormat, header);
}

/** A grouper of manifest rows into manifests, for a file read record by record. */
export function createManifestGrouper(): DocumentGrouper {
  return createDocumentGrouper(manifestCsvFormat);
}

/** Groups all the records of a (small) manifest file into manifests. Never throws. */
export function groupManifestRecords(records: Iterable<CsvRecord>): CsvDocument[] {
  return groupCsvRecords(manifestCsvFormat, records);
}

/**
 * The manifest input (for `cargoManifestSchema` and the intake service) built from the rows of
 * one manifest: row `i` is B/L `i`. Unvalidated: validation reports what is wrong. Never throws.
 */
export function manifestInputOf(rows: readonly CsvCells[]): Record<string, unknown> {
  return documentInputOf(manifestCsvFormat, rows);
}

/** Places a manifest's validation problems at their lines and columns. Never throws. */
export function locateManifestProblems(
  document: Pick<CsvDocument, 'lines' | 'rows'>,
  problems: readonly Problem[],
): CsvProblem[] {
  return locateProblems(manifestCsvFormat, document, problems);
}
