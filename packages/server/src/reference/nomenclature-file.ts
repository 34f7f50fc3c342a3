/**
 * Loads the HS 2022 nomenclature shipped in packages/server/reference (a copy of the public
 * data package, PDDL 1.0 licence; see HS-README.md there) so that the product runs anywhere.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { buildNomenclature, type Nomenclature, type NomenclatureRow } from '@anticipa/core';

export const nomenclatureFile = fileURLToPath(
  new URL('../../reference/harmonized-system.csv', import.meta.url),
);

/** Reads and indexes the nomenclature. Throws if the file is missing or malformed. */
export async function loadNomenclature(file: string = nomenclatureFile): Promise<Nomenclature> {
  const rows = parse<Record<string, string>>(await readFile(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  });
  const nomenclature = buildNomenclature(
    rows.map((row): NomenclatureRow => ({
      section: row.section ?? '',
      hscode: row.hscode ?? '',
      description: row.description ?? '',
      parent: row.parent ?? '',
      level: Number(row.level),
    })),
  );
  if (nomenclature.subheadings().length < 5000) {
    throw new Error(
      `The HS nomenclature in ${file} holds only ${nomenclature.subheadings().length} subheadings; expected about 5,600.`,
    );
  }
  return nomenclature;
}
