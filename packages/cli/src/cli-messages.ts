/**
 * What the command line says to its user, in French and English: every message exists in both
 * (most of the region works in French; DOMAIN.md). Commands pick the catalogue of the chosen
 * language (`--lang`, else the configured default) and never write a user-facing sentence of
 * their own. Counts and durations are formatted in the language's own way.
 */
import type { Locale } from '@anticipa/core';

export interface ImportCounts {
  readonly rows: number;
  readonly documents: number;
  readonly created: number;
  readonly replayed: number;
  readonly rejected: number;
  readonly rejectedRows: number;
}

export interface CliMessages {
  readonly number: (value: number) => string;
  // import
  readonly documentsWord: (kind: 'declaration' | 'manifest') => string;
  readonly fileNotFound: (path: string) => string;
  readonly notAFile: (path: string) => string;
  readonly cannotRead: (path: string, reason: string) => string;
  readonly reportFolderMissing: (path: string) => string;
  readonly cannotWriteReport: (path: string, reason: string) => string;
  readonly reportWritten: (path: string) => string;
  readonly progressLabel: string;
  readonly progressBar: string;
  readonly progressLine: (
    percent: number | undefined,
    counts: Omit<ImportCounts, 'rejectedRows' | 'documents'>,
  ) => string;
  readonly summaryTitle: (
    kind: 'declaration' | 'manifest',
    path: string,
    seconds: number,
    rowsPerSecond: number,
  ) => string;
  readonly summaryLines: (counts: ImportCounts) => readonly string[];
  readonly stopped: (line: number, reason: string) => string;
  readonly rejectedTitle: (shown: number, total: number) => string;
  readonly rejectedDocument: (sender: string, reference: string, lines: string) => string;
  readonly moreProblems: (count: number, hasReport: boolean) => string;
  readonly allStored: string;
  // offices
  readonly officeAdded: (code: string) => string;
  readonly officeExists: (code: string) => string;
  readonly officeCodeInvalid: (code: string) => string;
  readonly officeNameInvalid: string;
  readonly officeCountryInvalid: (country: string) => string;
  readonly noOffices: string;
  readonly officesHeader: readonly [string, string, string, string];
}

const frenchNumber = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const englishNumber = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

const en: CliMessages = {
  number: (value) => englishNumber.format(value),
  documentsWord: (kind) => (kind === 'declaration' ? 'declarations' : 'manifests'),
  fileNotFound: (path) => `File not found: ${path}`,
  notAFile: (path) => `Not a file: ${path} is a folder`,
  cannotRead: (path, reason) => `Cannot read ${path}: ${reason}`,
  reportFolderMissing: (path) => `Cannot write the report ${path}: its folder does not exist`,
  cannotWriteReport: (path, reason) => `Cannot write the report ${path}: ${reason}`,
  reportWritten: (path) => `Full report written to ${path}`,
  progressLabel: 'Importing',
  progressBar:
    'Importing [{bar}] {percentage}% | {rows} rows | {created} stored | {replayed} already present | {rejected} rejected | {eta_formatted}',
  progressLine: (percent, c) =>
    `${percent === undefined ? '' : `${percent}% | `}${englishNumber.format(c.rows)} rows read | ${englishNumber.format(c.created)} stored | ${englishNumber.format(c.replayed)} already present | ${englishNumber.format(c.rejected)} rejected`,
  summaryTitle: (kind, path, seconds, rowsPerSecond) =>
    `Import of ${kind === 'declaration' ? 'declarations' : 'manifests'} from ${path}: ${englishNumber.format(seconds)} s, ${englishNumber.format(Math.round(rowsPerSecond))} rows/s`,
  summaryLines: (c) => [
    `  rows read:        ${englishNumber.format(c.rows)}`,
    `  documents:        ${englishNumber.format(c.documents)}`,
    `  created:          ${englishNumber.format(c.created)}`,
    `  already present:  ${englishNumber.format(c.replayed)}`,
    `  rejected:         ${englishNumber.format(c.rejected)} (${englishNumber.format(c.rejectedRows)} rows not stored)`,
  ],
  stopped: (line, reason) => `Reading stopped at line ${line}: expected ${reason}`,
  rejectedTitle: (shown, total) =>
    shown === total ? `Rejected (${total} problems):` : `Rejected (the first ${shown} of ${total} problems):`,
  rejectedDocument: (sender, reference, lines) =>
    `  ${sender || '?'} / ${reference || '?'} (${lines}), nothing of it stored:`,
  moreProblems: (count, hasReport) =>
    `  ... and ${count} more problems${hasReport ? ', all in the report' : ': write them all with --report FILE.json'}`,
  allStored: 'Every row was stored or already present.',
  officeAdded: (code) => `Office ${code} added.`,
  officeExists: (code) => `Office ${code} already exists: left as it is.`,
  officeCodeInvalid: (code) =>
    `Invalid office code "${code}": expected 2 to 10 capital letters or digits, such as "SNDKR1"`,
  officeNameInvalid: 'Invalid office name: expected 1 to 140 characters',
  officeCountryInvalid: (country) =>
    `Invalid country "${country}": expected an ISO 3166-1 alpha-2 code, such as "SN"`,
  noOffices:
    'No customs office is configured yet: add one with `anticipa offices add CODE --name NAME --kind port --country SN`.',
  officesHeader: ['code', 'kind', 'country', 'name'],
};

const fr: CliMessages = {
  number: (value) => frenchNumber.format(value),
  documentsWord: (kind) => (kind === 'declaration' ? 'déclarations' : 'manifestes'),
  fileNotFound: (path) => `Fichier introuvable : ${path}`,
  notAFile: (path) => `Ce n'est pas un fichier : ${path} est un dossier`,
  cannotRead: (path, reason) => `Impossible de lire ${path} : ${reason}`,
  reportFolderMissing: (path) => `Impossible d'écrire le rapport ${path} : son dossier n'existe pas`,
  cannotWriteReport: (path, reason) => `Impossible d'écrire le rapport ${path} : ${reason}`,
  reportWritten: (path) => `Rapport complet écrit dans ${path}`,
  progressLabel: 'Import',
  progressBar:
    'Import [{bar}] {percentage}% | {rows} lignes | {created} enregistrés | {replayed} déjà présents | {rejected} rejetés | {eta_formatted}',
  progressLine: (percent, c) =>
    `${percent === undefined ? '' : `${percent} % | `}${frenchNumber.format(c.rows)} lignes lues | ${frenchNumber.format(c.created)} enregistrés | ${frenchNumber.format(c.replayed)} déjà présents | ${frenchNumber.format(c.rejected)} rejetés`,
  summaryTitle: (kind, path, seconds, rowsPerSecond) =>
    `Import de ${kind === 'declaration' ? 'déclarations' : 'manifestes'} depuis ${path} : ${frenchNumber.format(seconds)} s, ${frenchNumber.format(Math.round(rowsPerSecond))} lignes/s`,
  summaryLines: (c) => [
    `  lignes lues :      ${frenchNumber.format(c.rows)}`,
    `  documents :        ${frenchNumber.format(c.documents)}`,
    `  créés :            ${frenchNumber.format(c.created)}`,
    `  déjà présents :    ${frenchNumber.format(c.replayed)}`,
    `  rejetés :          ${frenchNumber.format(c.rejected)} (${frenchNumber.format(c.rejectedRows)} lignes non enregistrées)`,
  ],
  stopped: (line, reason) => `Lecture arrêtée à la ligne ${line} : attendu ${reason}`,
  rejectedTitle: (shown, total) =>
    shown === total
      ? `Rejets (${total} problèmes) :`
      : `Rejets (les ${shown} premiers de ${total} problèmes) :`,
  rejectedDocument: (sender, reference, lines) =>
    `  ${sender || '?'} / ${reference || '?'} (${lines}), rien n'en a été enregistré :`,
  moreProblems: (count, hasReport) =>
    `  ... et ${count} autres problèmes${hasReport ? ', tous dans le rapport' : ' : écrivez-les tous avec --report FICHIER.json'}`,
  allStored: 'Chaque ligne a été enregistrée ou était déjà présente.',
  officeAdded: (code) => `Bureau ${code} ajouté.`,
  officeExists: (code) => `Le bureau ${code} existe déjà : laissé tel quel.`,
  officeCodeInvalid: (code) =>
    `Code de bureau invalide « ${code} » : attendu 2 à 10 majuscules ou chiffres, par exemple « SNDKR1 »`,
  officeNameInvalid: 'Nom de bureau invalide : attendu 1 à 140 caractères',
  officeCountryInvalid: (country) =>
    `Pays invalide « ${country} » : attendu un code ISO 3166-1 alpha-2, par exemple « SN »`,
  noOffices:
    "Aucun bureau de douane n'est encore configuré : ajoutez-en un avec `anticipa offices add CODE --name NOM --kind port --country SN`.",
  officesHeader: ['code', 'type', 'pays', 'nom'],
};

const catalogues: Readonly<Record<Locale, CliMessages>> = { en, fr };

/** The command line's messages in a language. */
export function cliMessages(locale: Locale): CliMessages {
  return catalogues[locale];
}

/** Lines as a reader writes them: "line 4", "lines 4-6", "lines 4-6, 9" (or in French). */
export function describeLines(lines: readonly number[], locale: Locale): string {
  const ranges: string[] = [];
  let start: number | undefined;
  let previous: number | undefined;
  for (const line of [...lines, Number.NaN]) {
    if (start !== undefined && previous !== undefined && line !== previous + 1) {
      ranges.push(start === previous ? String(start) : `${start}-${previous}`);
      start = undefined;
    }
    start ??= line;
    previous = line;
  }
  const word =
    lines.length === 1 ? (locale === 'fr' ? 'ligne' : 'line') : locale === 'fr' ? 'lignes' : 'lines';
  return `${word} ${ranges.join(', ')}`;
}
