/**
 * `anticipa write-off ageing [--office X] [--days N] [--group-by office|consignee|carrier]
 * [--format table|csv] [--lang fr|en]`: the B/Ls not fully written off N days after their means
 * of transport arrived, goods that may have left without paying, with the duties at stake
 * (estimated); and `anticipa write-off manifest MANIFEST_ID`: the write-off ledger of a
 * manifest's B/Ls. Both call the write-off service, as the HTTP API does.
 *
 * Exit code: 0 when done, 2 on a usage error (bad days, unknown office or manifest).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  ageingGroupings,
  ageingReportCsv,
  defaultAgeingDays,
  describeError,
  locales,
  maxAgeingDays,
  writeOffWords,
  type AgeingGrouping,
  type AgeingReport,
  type AppError,
  type EstimateGap,
  type Locale,
} from '@anticipa/core';
import { loadConfig, openAnticipa, type ManifestWriteOff } from '@anticipa/server';
import { exitOnUsageError } from './import.ts';

interface Words {
  readonly ageingTitle: (days: number, asOf: string, office: string | null, groupBy: string) => string;
  readonly estimateNote: (currency: string) => string;
  readonly nothingOverdue: (days: number) => string;
  readonly groupHeader: (grouping: string, currency: string) => readonly string[];
  readonly total: string;
  readonly detailTitle: string;
  readonly lineHeader: (currency: string) => readonly string[];
  readonly unknown: string;
  readonly gapsTitle: string;
  readonly gapLine: (reason: string, count: number) => string;
  readonly manifestTitle: (
    reference: string,
    office: string,
    carrier: string,
    arrival: string | null,
  ) => string;
  readonly manifestHeader: readonly string[];
  readonly statusCounts: (counts: string) => string;
  readonly daysInvalid: (value: string) => string;
}

const en: Words = {
  ageingTitle: (days, asOf, office, groupBy) =>
    `B/Ls not fully written off ${days} days after arrival, as of ${asOf}${office ? ` at office ${office}` : ''}, by ${groupBy}`,
  estimateNote: (currency) =>
    `Duties at stake are ESTIMATES in ${currency}: remaining gross mass × median customs value per kg of released items under the B/L's HS code × the tariff line's effective rate.`,
  nothingOverdue: (days) => `No B/L is left to write off ${days} days after its arrival.`,
  groupHeader: (grouping, currency) => [
    grouping,
    'name',
    'B/Ls',
    'packages left',
    'gross mass left (kg)',
    `duties at stake (${currency}, est.)`,
    'no estimate',
  ],
  total: 'total',
  detailTitle: 'B/Ls:',
  lineHeader: (currency) => [
    'group',
    'B/L',
    'manifest',
    'arrived',
    'days',
    'status',
    'packages left',
    'mass left (kg)',
    'HS',
    `value/kg (${currency}, est.)`,
    'rate',
    `duties (${currency}, est.)`,
  ],
  unknown: 'unknown',
  gapsTitle: 'Without an estimate:',
  gapLine: (reason, count) => `  ${count} B/L(s): ${reason}`,
  manifestTitle: (reference, office, carrier, arrival) =>
    `Write-off of manifest ${reference} (office ${office}, carrier ${carrier}), ${arrival ? `arrived ${arrival}` : 'not arrived yet'}`,
  manifestHeader: [
    'B/L',
    'status',
    'packages',
    'gross mass (kg)',
    'written off',
    'left',
    'mass left (kg)',
    'excess',
    'shortage',
    'declarations (packages)',
  ],
  statusCounts: (counts) => `B/Ls: ${counts}`,
  daysInvalid: (value) => `Invalid --days "${value}": expected a whole number from 0 to ${maxAgeingDays}`,
};

const fr: Words = {
  ageingTitle: (days, asOf, office, groupBy) =>
    `Connaissements non apurés ${days} jours après l'arrivée, au ${asOf}${office ? `, bureau ${office}` : ''}, par ${groupBy}`,
  estimateNote: (currency) =>
    `Les droits en jeu sont des ESTIMATIONS en ${currency} : masse brute restante × valeur en douane médiane par kg des articles mainlevés sous le code SH du connaissement × taux effectif de la ligne tarifaire.`,
  nothingOverdue: (days) => `Aucun connaissement ne reste à apurer ${days} jours après son arrivée.`,
  groupHeader: (grouping, currency) => [
    grouping,
    'nom',
    'connaissements',
    'colis restants',
    'masse brute restante (kg)',
    `droits en jeu (${currency}, estim.)`,
    'sans estimation',
  ],
  total: 'total',
  detailTitle: 'Connaissements :',
  lineHeader: (currency) => [
    'groupe',
    'connaissement',
    'manifeste',
    'arrivée',
    'jours',
    'statut',
    'colis restants',
    'masse restante (kg)',
    'SH',
    `valeur/kg (${currency}, estim.)`,
    'taux',
    `droits (${currency}, estim.)`,
  ],
  unknown: 'inconnu',
  gapsTitle: 'Sans estimation :',
  gapLine: (reason, count) => `  ${count} connaissement(s) : ${reason}`,
  manifestTitle: (reference, office, carrier, arrival) =>
    `Apurement du manifeste ${reference} (bureau ${office}, transporteur ${carrier}), ${arrival ? `arrivé le ${arrival}` : 'pas encore arrivé'}`,
  manifestHeader: [
    'connaissement',
    'statut',
    'colis',
    'masse brute (kg)',
    'apurés',
    'restants',
    'masse restante (kg)',
    'excédent',
    'manquant',
    'déclarations (colis)',
  ],
  statusCounts: (counts) => `Connaissements : ${counts}`,
  daysInvalid: (value) => `--days invalide « ${value} » : attendu un nombre entier de 0 à ${maxAgeingDays}`,
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

interface AgeingOptions {
  readonly office?: string;
  readonly days: number;
  readonly groupBy: AgeingGrouping;
  readonly format: 'table' | 'csv';
  readonly lang?: Locale;
}

const langOption = () =>
  new Option('--lang <lang>', 'language of the output / langue de la sortie').choices(locales);

export function registerWriteOffCommand(program: Command): void {
  const command = exitOnUsageError(
    program.command('write-off').description('Manifest write-off / Apurement des manifestes'),
  );

  exitOnUsageError(
    command
      .command('ageing')
      .description(
        'B/Ls not written off N days after arrival, with duties at stake (estimated) / Connaissements non apurés N jours après l’arrivée',
      )
      .option('--office <code>', 'only this office / seulement ce bureau')
      .option(
        '--days <n>',
        `days after arrival / jours après l’arrivée (default ${defaultAgeingDays})`,
        parseDays,
        defaultAgeingDays,
      )
      .addOption(
        new Option('--group-by <grouping>', 'group per / regrouper par')
          .choices(ageingGroupings)
          .default('office'),
      )
      .addOption(
        new Option('--format <format>', 'table, or CSV on standard output / tableau ou CSV')
          .choices(['table', 'csv'])
          .default('table'),
      )
      .addOption(langOption())
      .action(async (options: AgeingOptions) => {
        const config = loadConfig();
        const locale = options.lang ?? config.defaultLocale;
        const anticipa = await openAnticipa(config);
        try {
          const report = await anticipa.writeOff.ageing({
            office: options.office,
            days: options.days,
            groupBy: options.groupBy,
          });
          if (!report.ok) {
            usageError(report.error, locale);
            return;
          }
          if (options.format === 'csv') process.stdout.write(ageingReportCsv(report.value, locale));
          else console.log(ageingTable(report.value, locale).join('\n'));
        } finally {
          await anticipa.close();
        }
      }),
  );

  exitOnUsageError(
    command
      .command('manifest <manifestId>')
      .description(
        'The write-off ledger of a manifest’s B/Ls / L’apurement des connaissements d’un manifeste',
      )
      .addOption(langOption())
      .action(async (manifestId: string, options: { lang?: Locale }) => {
        const config = loadConfig();
        const locale = options.lang ?? config.defaultLocale;
        const anticipa = await openAnticipa(config);
        try {
          const ledger = await anticipa.writeOff.manifest(manifestId);
          if (!ledger.ok) {
            usageError(ledger.error, locale);
            return;
          }
          console.log(manifestTable(ledger.value, locale).join('\n'));
        } finally {
          await anticipa.close();
        }
      }),
  );
}

function parseDays(value: string): number {
  const days = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 0 && days <= maxAgeingDays)) {
    // Commander prints it as "error: option '--days <n>' argument '...' is invalid. <this>".
    throw new InvalidArgumentError(`${en.daysInvalid(value)} / ${fr.daysInvalid(value)}`);
  }
  return days;
}

function usageError(error: AppError, locale: Locale): void {
  console.error(describeError(error, locale));
  process.exitCode = 2;
}

/** The ageing report as text: title, the groups with totals, each B/L, and why some have no estimate. */
export function ageingTable(report: AgeingReport, locale: Locale): string[] {
  const m = catalogues[locale];
  const words = writeOffWords(locale);
  const grouping = words.grouping[report.groupBy];
  const out = [
    m.ageingTitle(report.days, report.asOf.slice(0, 10), report.office, grouping),
    m.estimateNote(report.currency),
    '',
  ];
  if (report.groups.length === 0) return [...out, m.nothingOverdue(report.days)];
  const amount = (value: string | null) => (value === null ? m.unknown : decimalText(value, locale));
  const groupRows = report.groups.map((group) => [
    group.key,
    group.label,
    String(group.bills),
    decimalText(String(group.remainingPackages), locale),
    decimalText(group.remainingGrossMass, locale),
    amount(group.dutiesAtStake),
    String(group.unestimatedBills),
  ]);
  const totals = report.totals;
  groupRows.push([
    m.total,
    '',
    String(totals.bills),
    decimalText(String(totals.remainingPackages), locale),
    decimalText(totals.remainingGrossMass, locale),
    amount(totals.dutiesAtStake),
    String(totals.unestimatedBills),
  ]);
  out.push(...table(m.groupHeader(grouping, report.currency), groupRows, [2, 3, 4, 5, 6]), '', m.detailTitle);
  const gaps = new Map<EstimateGap, number>();
  const lineRows = report.groups.flatMap((group) =>
    group.lines.map((line) => {
      if (line.estimate.gap !== null) gaps.set(line.estimate.gap, (gaps.get(line.estimate.gap) ?? 0) + 1);
      return [
        group.key,
        line.bill.billNumber,
        line.manifestReference,
        line.arrivedAt.toISOString().slice(0, 10),
        String(line.daysSinceArrival),
        words.status[line.bill.status],
        decimalText(String(line.bill.remaining?.packages ?? 0), locale),
        decimalText(line.bill.remaining?.grossMass ?? '0', locale),
        line.hsCode ?? '-',
        line.estimate.reference === null ? '-' : decimalText(line.estimate.reference.medianPerKg, locale),
        line.estimate.rate ?? '-',
        amount(line.estimate.dutiesAtStake),
      ];
    }),
  );
  out.push(...table(m.lineHeader(report.currency), lineRows, [4, 6, 7, 9, 10, 11]));
  if (gaps.size > 0) {
    out.push('', m.gapsTitle);
    for (const [gap, count] of gaps) out.push(m.gapLine(words.gap[gap], count));
  }
  return out;
}

/** A manifest's write-off ledger as text. */
export function manifestTable(ledger: ManifestWriteOff, locale: Locale): string[] {
  const m = catalogues[locale];
  const words = writeOffWords(locale);
  const rows = ledger.bills.map((bill) => [
    bill.billNumber,
    words.status[bill.status],
    String(bill.manifested?.packages ?? '-'),
    decimalText(bill.manifested?.grossMass ?? '0', locale),
    String(bill.writtenOff.packages),
    String(bill.remaining?.packages ?? '-'),
    decimalText(bill.remaining?.grossMass ?? '0', locale),
    bill.excess ? String(bill.excess.packages) : '',
    bill.shortage ? String(bill.shortage.packages) : '',
    bill.declarations.map((share) => `${share.reference} (${share.packages})`).join(', '),
  ]);
  const counts = Object.entries(ledger.statusCounts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${words.status[status as keyof typeof words.status]}`)
    .join(', ');
  return [
    m.manifestTitle(
      ledger.reference,
      ledger.office,
      ledger.carrier.name,
      ledger.actualArrival === null
        ? null
        : ledger.actualArrival.toISOString().slice(0, 16).replace('T', ' '),
    ),
    m.statusCounts(counts),
    '',
    ...table(m.manifestHeader, rows, [2, 3, 4, 5, 6, 7, 8]),
  ];
}

/** Columns padded to their widest cell; the `right` columns (numbers) aligned right. */
function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[],
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const pad = ' '.repeat(Math.max(0, width - cell.length));
        return right.includes(column) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), line(header.map((_, column) => '-'.repeat(widths[column] ?? 0))), ...rows.map(line)];
}

/**
 * A decimal string as the reader writes it, without passing through a float: digits grouped by
 * three (French: narrow no-break space and decimal comma; English: comma and decimal point).
 */
export function decimalText(value: string, locale: Locale): string {
  const [sign, whole = '0', fraction] = /^(-?)(\d*)(?:\.(\d+))?$/.exec(value)?.slice(1) ?? ['', value];
  const grouped = (whole || '0').replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fr' ? '\u202f' : ',');
  const point = locale === 'fr' ? ',' : '.';
  return `${sign ?? ''}${grouped}${fraction === undefined ? '' : point + fraction}`;
}
