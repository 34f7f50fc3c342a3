/**
 * The tariff on the command line, over the same tariff service as the API:
 * - `anticipa tariff import FILE.json|FILE.csv [--country CC]`: loads tariff data (format in
 *   docs/tariff-format.md) and reports what changed, or every bad entry by path (JSON) or by
 *   line and column (CSV); nothing is stored unless the whole file is valid;
 * - `anticipa tariff show LINE [--at DATE]`: what is in force for a tariff line;
 * - `anticipa liquidate DECLARATION_ID [--version N]`: the duties and taxes a declaration owes.
 *
 * Exit code: 0 when done, 1 when the file or the request was refused (bad entries, no tariff
 * line in force...), 2 on a usage or file error (nothing was done).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  formatCsvProblem,
  locales,
  type AppError,
  type Liquidation,
  type Locale,
  type TariffLineView,
} from '@anticipa/core';
import { loadConfig, openAnticipa, type ChangeCounts, type TariffImportReport } from '@anticipa/server';
import { exitOnUsageError } from './import.ts';
import { errorLines, problemLines } from '../text-output.ts';

interface Words {
  readonly fileNotFound: (path: string) => string;
  readonly notJsonOrCsv: (path: string) => string;
  readonly notJson: (path: string, reason: string) => string;
  readonly countryMismatch: (file: string, option: string) => string;
  readonly badCountry: (country: string) => string;
  readonly badDate: (value: string) => string;
  readonly badVersion: (value: string) => string;
  readonly imported: (report: TariffImportReport, path: string) => string;
  readonly counts: (what: 'lines' | 'taxes', counts: ChangeCounts) => string;
  readonly example: string;
  readonly refused: (count: number) => string;
  readonly lineHeader: (view: TariffLineView) => string;
  readonly entry: (view: TariffLineView) => string;
  readonly taxesTitle: string;
  readonly base: (components: string) => string;
  readonly customsValue: string;
  readonly exempt: (codes: string) => string;
  readonly effective: (rate: string, percent: string) => string;
  readonly liquidationHeader: (
    l: Liquidation & { reference: string; version: number; declarationId: string },
  ) => string;
  readonly invoice: (currency: string, rate: string) => string;
  readonly item: (
    number: number,
    line: string,
    entry: string,
    value: string,
    currency: string,
    national: string,
    nationalCurrency: string,
  ) => string;
  readonly columns: readonly [string, string, string, string, string];
  readonly itemTotal: (amount: string) => string;
  readonly itemExempt: (codes: string) => string;
  readonly totalsTitle: string;
  readonly totalOwed: (amount: string, currency: string) => string;
}

const en: Words = {
  fileNotFound: (path) => `File not found: ${path}`,
  notJsonOrCsv: (path) => `${path}: expected a .json or .csv file (docs/tariff-format.md)`,
  notJson: (path, reason) => `${path} is not well-formed JSON: ${reason}`,
  countryMismatch: (file, option) => `The file is the tariff of ${file}, not of ${option} (--country)`,
  badCountry: (country) => `Invalid country "${country}": expected an ISO 3166-1 alpha-2 code, such as "SN"`,
  badDate: (value) =>
    `Invalid date "${value}": expected a date such as 2026-03-01 or a date-time with its offset`,
  badVersion: (value) => `Invalid version "${value}": expected a whole number from 1`,
  imported: (r, path) =>
    `Tariff of ${r.country} (${r.currency}) imported from ${path} (import ${r.importId})`,
  counts: (what, c) =>
    `  ${what === 'lines' ? 'lines:' : 'taxes:'} ${c.received} received, ${c.added} added, ${c.closed} earlier ranges closed, ${c.superseded} superseded, ${c.unchanged} unchanged`,
  example: '  EXAMPLE rates: to be confirmed by the administration before any real use.',
  refused: (count) => `Nothing was imported: the file has ${count} problem(s):`,
  lineHeader: (v) => `Line ${v.declaredLine} in the tariff of ${v.country} on ${v.tariffDate}`,
  entry: (v) =>
    `  entry ${v.entry.line}${v.entry.description ? ` (${v.entry.description})` : ''}: duty ${v.entry.dutyRate} %${v.entry.exciseRate === undefined ? '' : `, excise ${v.entry.exciseRate} %`}, from ${v.entry.validFrom}${v.entry.validTo ? ` to ${v.entry.validTo} (excluded)` : ''}`,
  taxesTitle: '  taxes, in order of computation:',
  base: (components) => `base: ${components}`,
  customsValue: 'customs value',
  exempt: (codes) => `  exempt from: ${codes}`,
  effective: (rate, percent) => `  effective rate: ${rate} (${percent} % of the customs value)`,
  liquidationHeader: (l) =>
    `Declaration ${l.reference} (${l.declarationId}), version ${l.version}, registered ${l.registeredAt}: rates of ${l.tariffDate} in the tariff of ${l.country}, amounts in ${l.currency}`,
  invoice: (currency, rate) => `Invoice in ${currency}, exchange rate ${rate}`,
  item: (n, line, entry, value, currency, national, nationalCurrency) =>
    `Item ${n}: line ${line} (tariff entry ${entry}), customs value ${value} ${currency} = ${national} ${nationalCurrency}`,
  columns: ['code', 'tax', 'base', 'rate', 'amount'],
  itemTotal: (amount) => `  item total: ${amount}`,
  itemExempt: (codes) => `  exempt from: ${codes}`,
  totalsTitle: 'Totals per tax:',
  totalOwed: (amount, currency) => `Total duties and taxes: ${amount} ${currency}`,
};

const fr: Words = {
  fileNotFound: (path) => `Fichier introuvable : ${path}`,
  notJsonOrCsv: (path) => `${path} : un fichier .json ou .csv est attendu (docs/tariff-format.md)`,
  notJson: (path, reason) => `${path} n'est pas un JSON bien formé : ${reason}`,
  countryMismatch: (file, option) => `Le fichier est le tarif de ${file}, pas de ${option} (--country)`,
  badCountry: (country) =>
    `Pays invalide « ${country} » : attendu un code ISO 3166-1 alpha-2, par exemple « SN »`,
  badDate: (value) =>
    `Date invalide « ${value} » : attendu une date comme 2026-03-01 ou une date-heure avec son décalage`,
  badVersion: (value) => `Version invalide « ${value} » : attendu un nombre entier à partir de 1`,
  imported: (r, path) =>
    `Tarif de ${r.country} (${r.currency}) importé depuis ${path} (import ${r.importId})`,
  counts: (what, c) =>
    `  ${what === 'lines' ? 'lignes :' : 'taxes :'} ${c.received} reçues, ${c.added} ajoutées, ${c.closed} périodes antérieures closes, ${c.superseded} remplacées, ${c.unchanged} inchangées`,
  example: "  Taux d'EXEMPLE : à confirmer par l'administration avant tout usage réel.",
  refused: (count) => `Rien n'a été importé : le fichier comporte ${count} problème(s) :`,
  lineHeader: (v) => `Ligne ${v.declaredLine} au tarif de ${v.country} le ${v.tariffDate}`,
  entry: (v) =>
    `  entrée ${v.entry.line}${v.entry.description ? ` (${v.entry.description})` : ''} : droit ${v.entry.dutyRate} %${v.entry.exciseRate === undefined ? '' : `, accises ${v.entry.exciseRate} %`}, du ${v.entry.validFrom}${v.entry.validTo ? ` au ${v.entry.validTo} (exclu)` : ''}`,
  taxesTitle: '  taxes, dans leur ordre de calcul :',
  base: (components) => `base : ${components}`,
  customsValue: 'valeur en douane',
  exempt: (codes) => `  exonérée de : ${codes}`,
  effective: (rate, percent) => `  taux effectif : ${rate} (${percent} % de la valeur en douane)`,
  liquidationHeader: (l) =>
    `Déclaration ${l.reference} (${l.declarationId}), version ${l.version}, enregistrée le ${l.registeredAt} : taux du ${l.tariffDate} au tarif de ${l.country}, montants en ${l.currency}`,
  invoice: (currency, rate) => `Facture en ${currency}, taux de change ${rate}`,
  item: (n, line, entry, value, currency, national, nationalCurrency) =>
    `Article ${n} : ligne ${line} (entrée du tarif ${entry}), valeur en douane ${value} ${currency} = ${national} ${nationalCurrency}`,
  columns: ['code', 'taxe', 'base', 'taux', 'montant'],
  itemTotal: (amount) => `  total de l'article : ${amount}`,
  itemExempt: (codes) => `  exonéré de : ${codes}`,
  totalsTitle: 'Totaux par taxe :',
  totalOwed: (amount, currency) => `Total des droits et taxes : ${amount} ${currency}`,
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

/** A decimal string with its thousands grouped as the language writes them, without floats. */
export function formatAmount(amount: string, locale: Locale): string {
  const [whole = '', fraction] = amount.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '');
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fr' ? '\u202f' : ',');
  return `${sign}${grouped}${fraction === undefined ? '' : (locale === 'fr' ? ',' : '.') + fraction}`;
}

/** A non-negative decimal fraction as a percentage, by moving the point (no float): "0.32514" → "32.514". */
export function percentOf(fraction: string): string {
  const [whole = '0', decimals = ''] = fraction.split('.');
  const digits = whole + decimals.padEnd(2, '0');
  const point = digits.length - Math.max(decimals.length - 2, 0);
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(point).replace(/0+$/, '');
  return rest === '' ? integer : `${integer}.${rest}`;
}

const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);

/** A date means that calendar day in the country (noon UTC); a date-time is taken as given. */
function parseAt(value: string): Date | undefined {
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const isDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  if (!isDate && !isDateTime) return undefined;
  const at = new Date(isDate ? `${value}T12:00:00Z` : value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function printError(error: AppError, locale: Locale): void {
  console.error(errorLines(error, locale).join('\n'));
}

export function registerTariffCommand(program: Command): void {
  const command = exitOnUsageError(
    program.command('tariff').description('The national tariff / Le tarif national (docs/tariff-format.md)'),
  );

  exitOnUsageError(
    command
      .command('import <file>')
      .description('Import tariff data from JSON (lines and taxes) or CSV (lines) / Importer un tarif')
      .option('--country <country>', 'country of the tariff (CSV: default ANTICIPA_COUNTRY) / pays du tarif')
      .option('--example', 'CSV only: mark the lines as examples to be confirmed / lignes d’exemple')
      .addOption(langOption())
      .action(async (file: string, options: { country?: string; example?: boolean; lang?: Locale }) => {
        process.exitCode = await runImport(file, options);
      }),
  );

  exitOnUsageError(
    command
      .command('show <line>')
      .description('What is in force for a tariff line / Ce qui est en vigueur pour une ligne tarifaire')
      .option(
        '--at <date>',
        'date (2026-03-01) or date-time; today by default / date ; aujourd’hui par défaut',
      )
      .option('--json', 'print the result as JSON / afficher le résultat en JSON')
      .addOption(langOption())
      .action(async (line: string, options: { at?: string; json?: boolean; lang?: Locale }) => {
        process.exitCode = await runShow(line, options);
      }),
  );

  exitOnUsageError(
    program
      .command('liquidate <declarationId>')
      .description('Duties and taxes a declaration owes / Droits et taxes dus par une déclaration')
      .option('--version <number>', 'a version of the declaration; the current one by default')
      .option('--json', 'print the result as JSON / afficher le résultat en JSON')
      .addOption(langOption())
      .action(async (id: string, options: { version?: string; json?: boolean; lang?: Locale }) => {
        process.exitCode = await runLiquidate(id, options);
      }),
  );
}

async function runImport(
  file: string,
  options: { country?: string; example?: boolean; lang?: Locale },
): Promise<number> {
  const config = loadConfig();
  const locale = options.lang ?? config.defaultLocale;
  const w = catalogues[locale];
  const path = resolve(file);
  const kind = extname(path).toLowerCase();
  if (kind !== '.json' && kind !== '.csv') {
    console.error(w.notJsonOrCsv(path));
    return 2;
  }
  if (options.country !== undefined && !/^[A-Z]{2}$/.test(options.country)) {
    console.error(w.badCountry(options.country));
    return 2;
  }
  let text: string;
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    text = await readFile(path, 'utf8');
  } catch {
    console.error(w.fileNotFound(path));
    return 2;
  }
  let document: unknown;
  if (kind === '.json') {
    try {
      document = JSON.parse(text);
    } catch (error) {
      console.error(w.notJson(path, error instanceof Error ? error.message : String(error)));
      return 2;
    }
    const fileCountry = (document as { country?: unknown } | null)?.country;
    if (options.country !== undefined && typeof fileCountry === 'string' && fileCountry !== options.country) {
      console.error(w.countryMismatch(fileCountry, options.country));
      return 2;
    }
  }

  const anticipa = await openAnticipa(config);
  try {
    if (kind === '.json') {
      const result = await anticipa.tariff.importDocument(document);
      if (!result.ok) {
        console.log(w.refused(result.error.problems?.length ?? 1));
        for (const line of problemLines(result.error.problems ?? [], locale)) console.log(line);
        if (!result.error.problems) printError(result.error, locale);
        return 1;
      }
      printReport(result.value, path, w);
      return 0;
    }
    const result = await anticipa.tariff.importCsv(text, {
      country: options.country ?? config.country,
      example: options.example === true,
    });
    if (!result.ok) {
      if (result.error.csvProblems.length === 0) {
        printError(result.error.error, locale);
        return 1;
      }
      console.log(w.refused(result.error.csvProblems.length));
      for (const problem of result.error.csvProblems) console.log(`  ${formatCsvProblem(problem, locale)}`);
      return 1;
    }
    printReport(result.value, path, w);
    return 0;
  } finally {
    await anticipa.close();
  }
}

function printReport(report: TariffImportReport, path: string, w: Words): void {
  console.log(w.imported(report, path));
  console.log(w.counts('lines', report.lines));
  console.log(w.counts('taxes', report.taxes));
  if (report.example) console.log(w.example);
}

async function runShow(
  line: string,
  options: { at?: string; json?: boolean; lang?: Locale },
): Promise<number> {
  const config = loadConfig();
  const locale = options.lang ?? config.defaultLocale;
  const w = catalogues[locale];
  const at = options.at === undefined ? undefined : parseAt(options.at);
  if (options.at !== undefined && at === undefined) {
    console.error(w.badDate(options.at));
    return 2;
  }
  const anticipa = await openAnticipa(config);
  try {
    const result = await anticipa.tariff.lineInForce(line, at);
    if (!result.ok) {
      printError(result.error, locale);
      return 1;
    }
    const view = result.value;
    if (options.json === true) {
      console.log(JSON.stringify(view, null, 2));
      return 0;
    }
    const lines = [w.lineHeader(view), w.entry(view), w.taxesTitle];
    for (const tax of view.taxes) {
      lines.push(
        `    ${tax.code.padEnd(8)} ${tax.name[locale].padEnd(48)} ${`${tax.rate} %`.padStart(8)}   ${w.base(
          tax.base
            .map((component) => (component === 'customsValue' ? w.customsValue : component))
            .join(' + '),
        )}`,
      );
    }
    if (view.exempt.length > 0) lines.push(w.exempt(view.exempt.join(', ')));
    lines.push(w.effective(view.effectiveRate, percentOf(view.effectiveRate)));
    if (view.example) lines.push(w.example);
    console.log(lines.join('\n'));
    return 0;
  } finally {
    await anticipa.close();
  }
}

async function runLiquidate(
  id: string,
  options: { version?: string; json?: boolean; lang?: Locale },
): Promise<number> {
  const config = loadConfig();
  const locale = options.lang ?? config.defaultLocale;
  const w = catalogues[locale];
  const version = options.version === undefined ? undefined : Number(options.version);
  if (options.version !== undefined && !(Number.isInteger(version) && (version ?? 0) >= 1)) {
    console.error(w.badVersion(options.version));
    return 2;
  }
  const anticipa = await openAnticipa(config);
  try {
    const result = await anticipa.tariff.liquidate(id, version);
    if (!result.ok) {
      printError(result.error, locale);
      return 1;
    }
    const l = result.value;
    if (options.json === true) {
      console.log(JSON.stringify(l, null, 2));
      return 0;
    }
    const money = (amount: string) => formatAmount(amount, locale);
    const out = [w.liquidationHeader(l), w.invoice(l.invoiceCurrency, l.exchangeRate)];
    const [code, tax, base, rate, amount] = w.columns;
    for (const item of l.items) {
      out.push(
        '',
        w.item(
          item.itemNumber,
          item.tariffLine,
          item.tariffEntry,
          item.customsValue,
          l.invoiceCurrency,
          money(item.customsValueNational),
          l.currency,
        ),
        `  ${code.padEnd(8)} ${tax.padEnd(48)} ${base.padStart(16)} ${rate.padStart(8)} ${amount.padStart(16)}`,
      );
      for (const t of item.taxes) {
        out.push(
          `  ${t.code.padEnd(8)} ${t.name[locale].padEnd(48)} ${money(t.base).padStart(16)} ${`${t.rate} %`.padStart(8)} ${money(t.amount).padStart(16)}`,
        );
      }
      if (item.exempt.length > 0) out.push(w.itemExempt(item.exempt.join(', ')));
      out.push(w.itemTotal(money(item.total)));
    }
    out.push('', w.totalsTitle);
    for (const total of l.totals)
      out.push(
        `  ${total.code.padEnd(8)} ${total.name[locale].padEnd(48)} ${money(total.amount).padStart(16)}`,
      );
    out.push(w.totalOwed(money(l.total), l.currency));
    if (l.example) out.push(w.example.trim());
    console.log(out.join('\n'));
    return 0;
  } finally {
    await anticipa.close();
  }
}
