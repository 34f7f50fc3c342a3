/**
 * The example tariffs shipped in packages/server/reference/tariffs (Senegal, Côte d'Ivoire,
 * Ghana, Nigeria): demonstration data, marked `"example": true`, whose rates an administration
 * must confirm. A new installation with the demo switched on loads the one of its country, so
 * that liquidation shows real figures on the demo files from the first start.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppError, Result } from '@anticipa/core';
import type { TariffImportReport, TariffService } from './tariff-service.ts';

export const exampleTariffsFolder = fileURLToPath(new URL('../../reference/tariffs/', import.meta.url));

/** Countries with an example tariff in the repository. */
export const exampleTariffCountries = ['SN', 'CI', 'GH', 'NG'] as const;

/** Path of the example tariff of a country (whether or not one exists). */
export function exampleTariffFile(country: string): string {
  return join(exampleTariffsFolder, `${country}.json`);
}

/** Reads and parses the example tariff of a country; undefined when the repository has none. */
export async function readExampleTariff(country: string): Promise<unknown> {
  if (!/^[A-Z]{2}$/.test(country)) return undefined;
  const file = exampleTariffFile(country);
  try {
    await access(file);
  } catch {
    return undefined;
  }
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

/**
 * Loads the example tariff of the service's country when no tariff of that country is loaded
 * yet. Returns the import's result, or undefined when nothing was loaded (a tariff is already
 * there, or the repository has no example for the country). Throws if the shipped file is not
 * JSON (a defect of the repository, not of the installation).
 */
export async function loadExampleTariffIfNone(
  tariff: Pick<TariffService, 'country' | 'hasTariff' | 'importDocument'>,
): Promise<Result<TariffImportReport, AppError> | undefined> {
  if (await tariff.hasTariff(tariff.country)) return undefined;
  const document = await readExampleTariff(tariff.country);
  if (document === undefined) return undefined;
  return tariff.importDocument(document);
}

/**
 * At start: loads the example tariff of the configured country when none is loaded and
 * `loadExample` is true (the demo switch: an administration running for real loads its own
 * tariff), and logs what it did, or that liquidation waits for a tariff. Never throws on a
 * refused import: it logs it.
 */
export async function prepareTariffAtStart(
  tariff: Pick<TariffService, 'country' | 'hasTariff' | 'importDocument'>,
  options: { readonly loadExample: boolean; readonly log: (line: string) => void },
): Promise<void> {
  const { log } = options;
  if (await tariff.hasTariff(tariff.country)) return;
  const loaded = options.loadExample ? await loadExampleTariffIfNone(tariff) : undefined;
  if (loaded === undefined) {
    log(
      `Anticipa: no tariff loaded for ${tariff.country}; liquidation answers TARIFF_NOT_LOADED until one is imported (anticipa tariff import FILE) / aucun tarif chargé pour ${tariff.country} ; la liquidation attend l'import d'un tarif`,
    );
  } else if (loaded.ok) {
    log(
      `Anticipa: EXAMPLE tariff of ${tariff.country} loaded (${loaded.value.lines.added} lines, ${loaded.value.taxes.added} taxes): rates to be confirmed by the administration / tarif d'EXEMPLE chargé : taux à confirmer par l'administration`,
    );
  } else {
    log(
      `Anticipa: the example tariff of ${tariff.country} was refused (${loaded.error.code}, ${String(loaded.error.problems?.length ?? 0)} problems) / le tarif d'exemple a été refusé`,
    );
  }
}
