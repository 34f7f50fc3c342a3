/**
 * The words of write-off in French and English (every message a user reads exists in both:
 * DOMAIN.md, most of the region works in French), and the ageing report as CSV for a
 * spreadsheet. The HTTP API (CSV) and the command line (tables) both word write-off from here.
 */
import { csvLine } from '../bulk/csv-format.ts';
import type { Locale } from '../shared/messages.ts';
import type { AgeingGrouping, AgeingReport, EstimateGap } from './ageing-report.ts';
import type { WriteOffStatus } from './write-off-ledger.ts';

export interface WriteOffWords {
  readonly status: Readonly<Record<WriteOffStatus, string>>;
  readonly gap: Readonly<Record<EstimateGap, string>>;
  readonly grouping: Readonly<Record<AgeingGrouping, string>>;
  readonly level: Readonly<Record<'subheading' | 'heading', string>>;
  /** Column headings of the ageing report's CSV, in the order of `ageingCsvRows`' cells. */
  readonly ageingColumns: readonly string[];
}

const en: WriteOffWords = {
  status: {
    not_written_off: 'not written off',
    partial: 'partly written off',
    written_off: 'written off',
    excess: 'excess',
    not_manifested: 'not manifested',
  },
  gap: {
    no_hs_code: 'the manifest gives no HS code',
    no_reference_value: 'too few released declarations under this HS code for a reference value',
    tariff_unavailable: 'no tariff is available to Anticipa',
    no_tax_rate: 'no tariff line in force for this HS code (or no tariff loaded)',
  },
  grouping: { office: 'office', consignee: 'consignee', carrier: 'carrier' },
  level: { subheading: 'subheading', heading: 'heading' },
  ageingColumns: [
    'group',
    'group name',
    'office',
    'manifest',
    'carrier',
    'voyage',
    'arrived at',
    'days since arrival',
    'B/L',
    'status',
    'consignee',
    'consignee tax id',
    'description',
    'HS code',
    'packages manifested',
    'gross mass manifested (kg)',
    'packages remaining',
    'gross mass remaining (kg)',
    'declarations',
    'reference value per kg (estimate)',
    'reference basis',
    'tariff line',
    'tax rate',
    'value at stake (estimate)',
    'duties at stake (estimate)',
    'why no estimate',
  ],
};

const fr: WriteOffWords = {
  status: {
    not_written_off: 'non apuré',
    partial: 'apuré en partie',
    written_off: 'apuré',
    excess: 'excédent',
    not_manifested: 'non manifesté',
  },
  gap: {
    no_hs_code: 'le manifeste ne donne pas de code SH',
    no_reference_value: 'trop peu de déclarations mainlevées sous ce code SH pour une valeur de référence',
    tariff_unavailable: "aucun tarif n'est disponible pour Anticipa",
    no_tax_rate: 'aucune ligne tarifaire en vigueur pour ce code SH (ou aucun tarif chargé)',
  },
  grouping: { office: 'bureau', consignee: 'destinataire', carrier: 'transporteur' },
  level: { subheading: 'sous-position', heading: 'position' },
  ageingColumns: [
    'groupe',
    'nom du groupe',
    'bureau',
    'manifeste',
    'transporteur',
    'voyage',
    'arrivée',
    "jours depuis l'arrivée",
    'connaissement',
    'statut',
    'destinataire',
    'NINEA du destinataire',
    'désignation',
    'code SH',
    'colis manifestés',
    'masse brute manifestée (kg)',
    'colis restants',
    'masse brute restante (kg)',
    'déclarations',
    'valeur de référence par kg (estimation)',
    'base de la référence',
    'ligne tarifaire',
    "taux d'imposition",
    'valeur en jeu (estimation)',
    'droits en jeu (estimation)',
    "pourquoi pas d'estimation",
  ],
};

const catalogues: Readonly<Record<Locale, WriteOffWords>> = { en, fr };

/** The write-off words of a language. */
export function writeOffWords(locale: Locale): WriteOffWords {
  return catalogues[locale];
}

/**
 * The ageing report as CSV (RFC 4180, CRLF line ends): a heading row in the reader's language,
 * then one row per B/L, group by group. Amounts are plain decimals with a point, so that any
 * spreadsheet reads them. A text cell that a spreadsheet would run as a formula (starting with
 * =, +, -, @) is prefixed with an apostrophe: names come from carriers' manifests (OWASP, CSV
 * injection). Never throws.
 */
export function ageingReportCsv(report: AgeingReport, locale: Locale): string {
  const words = writeOffWords(locale);
  const rows = [words.ageingColumns.map(safeText)];
  for (const group of report.groups) {
    for (const line of group.lines) {
      const estimate = line.estimate;
      const reference = estimate.reference;
      rows.push([
        safeText(group.key),
        safeText(group.label),
        safeText(line.office.code),
        safeText(line.manifestReference),
        safeText(line.carrier.code),
        safeText(line.voyageNumber),
        line.arrivedAt.toISOString(),
        String(line.daysSinceArrival),
        safeText(line.bill.billNumber),
        words.status[line.bill.status],
        safeText(line.consignee.name),
        safeText(line.consignee.taxId ?? ''),
        safeText(line.description),
        line.hsCode ?? '',
        String(line.bill.manifested?.packages ?? ''),
        line.bill.manifested?.grossMass ?? '',
        String(line.bill.remaining?.packages ?? ''),
        line.bill.remaining?.grossMass ?? '',
        String(line.bill.declarations.length),
        reference?.medianPerKg ?? '',
        reference === null
          ? ''
          : `${reference.code} ${words.level[reference.level]} (n=${reference.samples})`,
        estimate.tariffLine ?? '',
        estimate.rate ?? '',
        estimate.estimatedValue ?? '',
        estimate.dutiesAtStake ?? '',
        estimate.gap === null ? '' : words.gap[estimate.gap],
      ]);
    }
  }
  return rows.map((cells) => csvLine(cells) + '\r\n').join('');
}

function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
