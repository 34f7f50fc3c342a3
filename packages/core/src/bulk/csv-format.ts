/**
 * Bulk intake from CSV, the part that knows no file: a CSV format is a table of columns, each
 * naming the document field it fills (a path into the document, `*` standing for the row's
 * index in the document's list of items or B/Ls). From that one table come the header check,
 * the grouping of consecutive rows into documents, the building of each document's input, and
 * the mapping of a validation Problem's JSON Pointer back to a CSV line and column, so that a
 * sender reads "line 14, column origin" rather than "/items/1/origin".
 *
 * The server streams the file and lodges each document; nothing here reads or stores anything.
 */
import type { ExpectationCode, Problem } from '../shared/error-codes.ts';
import { describeExpected, type Locale } from '../shared/messages.ts';

/** The cells of one CSV row, by column name (as written in the header, lower-cased and trimmed). */
export type CsvCells = Readonly<Record<string, string>>;

/** How a cell's text becomes a field value. */
export type CsvValueKind =
  /** The text as written (trimmed); decimals stay text so that no binary float touches them. */
  | 'text'
  /** A whole number when the cell holds a number, else the text, which validation then reports. */
  | 'integer'
  /** A list separated by `;` (B/L numbers, containers); an empty cell is an empty list. */
  | 'list';

export interface CsvColumn {
  /** The column's name in the header, snake_case. */
  readonly name: string;
  /** Path of the field in the document; `*` is the row's index in the list of rows. */
  readonly path: readonly string[];
  /** A required column must be in the header; an optional one may be left out entirely. */
  readonly required: boolean;
  readonly kind: CsvValueKind;
}

/** One CSV layout of one kind of document. */
export interface CsvFormat {
  /** 'declaration' or 'manifest': the kind of document a row group becomes. */
  readonly documentKind: string;
  /** The path of the list that gets one entry per row (`['items']`, `['billsOfLading']`). */
  readonly rowList: readonly string[];
  readonly columns: readonly CsvColumn[];
}

/** Sender and reference: what identifies a document, and so which rows belong together. */
export interface DocumentKey {
  readonly sender: string;
  readonly reference: string;
}

/** Expectations that only a CSV file can fail; worded by `describeCsvExpected` in fr and en. */
export type CsvExpectationCode =
  | 'csv_header'
  | 'csv_unknown_column'
  | 'csv_same_in_document'
  | 'csv_encoding'
  | 'csv_consecutive'
  | 'csv_row_length'
  | 'csv_quote'
  | 'csv_unreadable'
  | 'csv_stopped';

/** A problem placed in the file: line (1-based, the header is line 1), column, and the cell's text. */
export interface CsvProblem {
  readonly line: number;
  /** The column's name; empty when the problem concerns a whole row. */
  readonly column: string;
  /** The text found in the cell (or the list entry at fault); empty when the cell is empty. */
  readonly value: string;
  readonly code: ExpectationCode | CsvExpectationCode;
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * One CSV record as the reader hands it over: the cells of a record it could read, or the
 * syntax problem of one it could not (then with the key read from its first cells, when known,
 * so that the document it belongs to is rejected whole rather than lodged without it).
 */
export type CsvRecord =
  | { readonly line: number; readonly cells: CsvCells }
  | { readonly line: number; readonly problem: CsvProblem; readonly key: DocumentKey | undefined };

/**
 * The rows of one document, as grouped from consecutive rows sharing sender and reference.
 * `problems` holds what is wrong with the rows as CSV (syntax, rows that disagree on a
 * document field, a document split in two places): a group with problems is not lodged.
 */
export interface CsvDocument {
  readonly key: DocumentKey;
  /** The line of each row, in order: `lines[i]` is the line of the document's row `i`. */
  readonly lines: readonly number[];
  /** The cells of each row; a row that could not be read has none (its problem says why). */
  readonly rows: readonly (CsvCells | undefined)[];
  readonly problems: readonly CsvProblem[];
}

/** The name of the header line's column as the format knows it: trimmed and lower-cased. */
export function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Checks a header against a format: every required column present, no unknown or repeated
 * column. Returns one problem per thing wrong (line 1 is the header), empty when it is good.
 * Never throws.
 *
 * @example checkCsvHeader(declarationCsvFormat, ['sender', 'reference']) // one 'csv_column' per missing column
 */
export function checkCsvHeader(format: CsvFormat, header: readonly string[], line = 1): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const names = header.map(normaliseColumnName);
  if (names.length === 0 || names.every((name) => name === '')) {
    return [{ line, column: '', value: '', code: 'csv_header' }];
  }
  const known = new Set(format.columns.map((column) => column.name));
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      problems.push({ line, column: name, value: name, code: 'no_duplicates', params: { duplicate: name } });
    else if (!known.has(name))
      problems.push({ line, column: name, value: name, code: 'csv_unknown_column', params: { name } });
    seen.add(name);
  }
  for (const column of format.columns) {
    if (column.required && !seen.has(column.name)) {
      problems.push({
        line,
        column: column.name,
        value: '',
        code: 'csv_column',
        params: { name: column.name },
      });
    }
  }
  return problems;
}

/**
 * Cells holding U+FFFD, the character a decoder puts for bytes that are not UTF-8: a file saved
 * in Windows-1252 or Latin-1 (as spreadsheets often do) would otherwise store "S\uFFFDn\uFFFDgal".
 */
function encodingProblems(line: number, cells: CsvCells): CsvProblem[] {
  const problems: CsvProblem[] = [];
  for (const [column, value] of Object.entries(cells)) {
    if (value.includes('\uFFFD')) problems.push({ line, column, value, code: 'csv_encoding' });
  }
  return problems;
}

/** The key of a row: its sender and reference cells, trimmed. */
export function documentKeyOf(cells: CsvCells): DocumentKey {
  return { sender: (cells['sender'] ?? '').trim(), reference: (cells['reference'] ?? '').trim() };
}

function sameKey(a: DocumentKey, b: DocumentKey): boolean {
  return a.sender === b.sender && a.reference === b.reference;
}

function keyText(key: DocumentKey): string {
  return `${key.sender}\u0000${key.reference}`;
}

/** True when every cell of a row is blank: spreadsheets write such rows (",,,,") below the data. */
export function isBlankRow(cells: CsvCells): boolean {
  return Object.values(cells).every((value) => value.trim() === '');
}

export interface DocumentGrouper {
  /** Adds the next record; returns the documents this record completes (zero or more). */
  push(record: CsvRecord): CsvDocument[];
  /** Ends the file; returns the last document, if any. */
  end(): CsvDocument[];
}

/**
 * Groups consecutive records sharing sender and reference into documents, as the file is read
 * (only the document being read is held, so memory stays flat whatever the file's size, but
 * for one short key per document to recognise a document whose rows are not consecutive).
 *
 * A group is given problems, and so is not lodged, when: one of its records could not be read;
 * a cell holds bytes that were not UTF-8; its rows disagree on a document-level column (every
 * row repeats the document's fields); or its sender and reference were already used by rows
 * earlier in the file that another document's rows separate from these (the rows of a document
 * must be consecutive).
 * A record that could not be read and whose key is unknown is a document of its own.
 */
export function createDocumentGrouper(format: CsvFormat): DocumentGrouper {
  const documentColumns = format.columns.filter((column) => !column.path.includes('*'));
  const firstLineOfKey = new Map<string, number>();
  let current:
    { key: DocumentKey; lines: number[]; rows: (CsvCells | undefined)[]; problems: CsvProblem[] } | undefined;

  const close = (): CsvDocument[] => {
    if (!current) return [];
    const done = current;
    current = undefined;
    const firstRow = done.rows.findIndex((row) => row !== undefined);
    const first = done.rows[firstRow];
    if (first) {
      done.rows.forEach((row, index) => {
        if (!row || index === firstRow) return;
        for (const column of documentColumns) {
          const expected = (first[column.name] ?? '').trim();
          const found = (row[column.name] ?? '').trim();
          if (found !== expected) {
            done.problems.push({
              line: done.lines[index] ?? 0,
              column: column.name,
              value: found,
              code: 'csv_same_in_document',
              params: { line: done.lines[firstRow] ?? 0, value: expected },
            });
          }
        }
      });
    }
    return [done];
  };

  const open = (key: DocumentKey, line: number): void => {
    const problems: CsvProblem[] = [];
    const text = keyText(key);
    const earlier = firstLineOfKey.get(text);
    if (earlier !== undefined) {
      problems.push({
        line,
        column: 'reference',
        value: key.reference,
        code: 'csv_consecutive',
        params: { line: earlier, sender: key.sender },
      });
    } else {
      firstLineOfKey.set(text, line);
    }
    current = { key, lines: [], rows: [], problems };
  };

  return {
    push(record) {
      const key = 'cells' in record ? documentKeyOf(record.cells) : record.key;
      if (key === undefined) {
        // A row that could not be read and whose document is unknown: reported on its own.
        return [
          ...close(),
          {
            key: { sender: '', reference: '' },
            lines: [record.line],
            rows: [undefined],
            problems: 'problem' in record ? [record.problem] : [],
          },
        ];
      }
      const completed = current && !sameKey(current.key, key) ? close() : [];
      if (!current) open(key, record.line);
      const group = current as NonNullable<typeof current>;
      group.lines.push(record.line);
      if ('cells' in record) {
        group.rows.push(record.cells);
        group.problems.push(...encodingProblems(record.line, record.cells));
      } else {
        group.rows.push(undefined);
        group.problems.push(record.problem);
      }
      return completed;
    },
    end: close,
  };
}

/**
 * Builds the input of a document from its rows' cells, for the document's schema to validate:
 * an empty cell leaves its field out (validation says when it is required); an integer column
 * holding a number becomes a number, anything else stays text for validation to report; a list
 * column is split on `;`. Objects on a column's path are always created, so that a missing
 * value is reported at its own field (`/declarant/code`), which maps back to its column.
 * Never throws.
 */
export function documentInputOf(format: CsvFormat, rows: readonly CsvCells[]): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const first = rows[0] ?? {};
  const list = rows.map((): Record<string, unknown> => ({}));
  setPath(document, format.rowList, list);
  for (const column of format.columns) {
    const star = column.path.indexOf('*');
    if (star === -1) {
      setCell(document, column.path, column.kind, first[column.name]);
    } else {
      const rest = column.path.slice(star + 1);
      rows.forEach((row, index) => {
        setCell(list[index] ?? {}, rest, column.kind, row[column.name]);
      });
    }
  }
  return document;
}

function setCell(
  target: Record<string, unknown>,
  path: readonly string[],
  kind: CsvValueKind,
  cell: string | undefined,
): void {
  const text = (cell ?? '').trim();
  const parent = ensureParent(target, path);
  const leaf = path.at(-1);
  if (leaf === undefined) return;
  if (kind === 'list') {
    parent[leaf] =
      text === ''
        ? []
        : text
            .split(';')
            .map((entry) => entry.trim())
            .filter((entry) => entry !== '');
    return;
  }
  if (text === '') return;
  parent[leaf] = kind === 'integer' ? numberOrText(text) : text;
}

/**
 * A whole number such as "400" becomes 400. A decimal such as "12.5" becomes 12.5 too, so that
 * validation says "a whole number from 0 to 999999" rather than "a number" of a number; text
 * that is no number ("12 cartons", "1e3") stays text and validation reports it as such.
 */
function numberOrText(text: string): number | string {
  return /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

function ensureParent(target: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next))
      node = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  return node;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const leaf = path.at(-1);
  if (leaf !== undefined) ensureParent(target, path)[leaf] = value;
}

/** Where in the file a JSON Pointer of a document points: the row's index and the column. */
export interface CsvLocation {
  /** Index of the row in the document: 0 for a document-level field. */
  readonly row: number;
  /** The column's name; undefined when the pointer names no single column (a whole item). */
  readonly column: CsvColumn | undefined;
  /** For a list column, the index of the entry in the cell's list. */
  readonly entry: number | undefined;
}

/**
 * Maps a JSON Pointer (RFC 6901) into a document built by `documentInputOf` back to the row
 * and column it came from: `/items/1/origin` is row 1, column `origin`;
 * `/billsOfLading/0/containers/2` is row 0, column `containers`, entry 2;
 * `/invoice/exchangeRate` is row 0 (every row repeats it), column `exchange_rate`.
 * Never throws; a pointer into no column gives the row, if any, and no column.
 */
export function locatePointer(format: CsvFormat, pointer: string): CsvLocation {
  const segments =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  let best: CsvLocation | undefined;
  let bestLength = -1;
  for (const column of format.columns) {
    if (column.path.length > segments.length || column.path.length <= bestLength) continue;
    let row: number | undefined = 0;
    for (const [index, part] of column.path.entries()) {
      const segment = segments[index] ?? '';
      if (part === '*' && /^\d+$/.test(segment)) row = Number(segment);
      else if (part !== segment) row = undefined;
      if (row === undefined) break;
    }
    if (row === undefined) continue;
    const extra = segments.slice(column.path.length);
    if (extra.length > 0 && !(column.kind === 'list' && extra.length === 1 && /^\d+$/.test(extra[0] ?? '')))
      continue;
    best = { row, column, entry: extra.length === 1 ? Number(extra[0]) : undefined };
    bestLength = column.path.length;
  }
  if (best) return best;
  // A pointer into a row but not to a column of it (a whole item): keep the row.
  const rowSegment = segments[format.rowList.length];
  const inRowList =
    format.rowList.every((part, index) => segments[index] === part) &&
    rowSegment !== undefined &&
    /^\d+$/.test(rowSegment);
  return { row: inRowList ? Number(rowSegment) : 0, column: undefined, entry: undefined };
}

/**
 * Places a document's validation problems in the file: the line of the row each came from,
 * the column, and the text of the cell (or of the list entry) as the sender wrote it.
 * Never throws.
 */
export function locateProblems(
  format: CsvFormat,
  document: Pick<CsvDocument, 'lines' | 'rows'>,
  problems: readonly Problem[],
): CsvProblem[] {
  return problems.map((problem) => {
    const location = locatePointer(format, problem.path);
    const line = document.lines[location.row] ?? document.lines[0] ?? 0;
    const cells = document.rows[location.row];
    const column = location.column;
    let value = column && cells ? (cells[column.name] ?? '').trim() : displayValue(problem.value);
    if (column?.kind === 'list' && location.entry !== undefined) value = displayValue(problem.value);
    return {
      line,
      column: column?.name ?? '',
      value,
      code: problem.code,
      ...(problem.params ? { params: problem.params } : {}),
    };
  });
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

type Params = Readonly<Record<string, string | number>>;
type CsvCatalogue = Record<CsvExpectationCode, (p: Params) => string>;

const csvEn: CsvCatalogue = {
  csv_header: () => 'a first line naming the columns (the file is empty)',
  csv_unknown_column: (p) =>
    `no column "${String(p.name)}": this format has no such column (see docs/csv-formats.md)`,
  csv_same_in_document: (p) =>
    `the same value on every row of the document, as on its first row, line ${String(p.line)} ("${String(p.value)}")`,
  csv_encoding: () =>
    'text in UTF-8: this cell holds bytes that are not UTF-8 (a file saved as Windows-1252 or Latin-1? Save it as "CSV UTF-8")',
  csv_consecutive: (p) =>
    `the rows of a document one after the other: sender ${String(p.sender)} already used this reference on line ${String(p.line)}, before rows of other documents`,
  csv_row_length: (p) =>
    `a row of ${String(p.expected)} cells, as many as the header has columns (this row has ${String(p.found)})`,
  csv_quote: () => 'a quote only around a whole cell; a quote inside a quoted cell is written twice ("")',
  csv_unreadable: (p) =>
    `a readable CSV row (${String(p.reason)}): the import stopped here, the rows below were not read`,
  csv_stopped: (p) =>
    `a document read to its end: the file could not be read past line ${String(p.line)}, where this document may go on, so none of it was stored`,
};

const csvFr: CsvCatalogue = {
  csv_header: () => 'une première ligne nommant les colonnes (le fichier est vide)',
  csv_unknown_column: (p) =>
    `aucune colonne « ${String(p.name)} » : ce format n'a pas de telle colonne (voir docs/csv-formats.md)`,
  csv_same_in_document: (p) =>
    `la même valeur sur chaque ligne du document, comme sur sa première ligne, ligne ${String(p.line)} (« ${String(p.value)} »)`,
  csv_encoding: () =>
    "du texte en UTF-8 : cette cellule contient des octets qui ne sont pas de l'UTF-8 (un fichier enregistré en Windows-1252 ou Latin-1 ? Enregistrez-le en « CSV UTF-8 »)",
  csv_consecutive: (p) =>
    `les lignes d'un document à la suite : l'expéditeur ${String(p.sender)} a déjà employé cette référence à la ligne ${String(p.line)}, avant des lignes d'autres documents`,
  csv_row_length: (p) =>
    `une ligne de ${String(p.expected)} cellules, autant que l'en-tête a de colonnes (cette ligne en a ${String(p.found)})`,
  csv_quote: () =>
    'des guillemets seulement autour d\'une cellule entière ; un guillemet dans une cellule entre guillemets s\'écrit deux fois ("")',
  csv_unreadable: (p) =>
    `une ligne CSV lisible (${String(p.reason)}) : l'import s'est arrêté ici, les lignes suivantes n'ont pas été lues`,
  csv_stopped: (p) =>
    `un document lu jusqu'au bout : le fichier n'a pas pu être lu au-delà de la ligne ${String(p.line)}, où ce document continue peut-être, donc rien n'en a été enregistré`,
};

/** Why a CSV row could not be read, for `csv_unreadable`, in each language (keyed by the reader's error). */
const unreadableReasons: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: {
    quote_not_closed: 'a quote is opened and never closed',
    invalid_closing_quote: 'a quoted cell goes on after its closing quote',
    record_too_long: 'a row longer than the reader accepts, usually a quote never closed',
    other: 'the CSV reader could not make sense of it',
  },
  fr: {
    quote_not_closed: 'un guillemet est ouvert et jamais fermé',
    invalid_closing_quote: 'une cellule entre guillemets continue après son guillemet fermant',
    record_too_long: 'une ligne plus longue que ce que le lecteur accepte, souvent un guillemet jamais fermé',
    other: "le lecteur CSV n'a pas pu la comprendre",
  },
};

const csvCatalogues: Readonly<Record<Locale, CsvCatalogue>> = { en: csvEn, fr: csvFr };

const csvCodes = new Set<string>(Object.keys(csvEn));

function isCsvCode(code: string): code is CsvExpectationCode {
  return csvCodes.has(code);
}

/** Words what a CSV problem expected, in the given language, whatever its code. Never throws. */
export function describeCsvExpected(problem: CsvProblem, locale: Locale): string {
  const params = problem.params ?? {};
  if (isCsvCode(problem.code)) {
    if (problem.code === 'csv_unreadable') {
      const reasons = unreadableReasons[locale];
      return csvCatalogues[locale].csv_unreadable({
        reason: reasons[String(params['reason'])] ?? reasons['other'] ?? '',
      });
    }
    return csvCatalogues[locale][problem.code](params);
  }
  return describeExpected({ path: '', value: problem.value, code: problem.code, params }, locale);
}

/**
 * One CSV problem as a sentence: `line 14, column origin: value "XX": expected an ISO 3166-1
 * alpha-2 country code...` (or in French). Never throws.
 */
export function formatCsvProblem(problem: CsvProblem, locale: Locale): string {
  const words =
    locale === 'fr'
      ? {
          line: 'ligne',
          column: 'colonne',
          value: (v: string) => `valeur « ${v} »`,
          empty: 'cellule vide',
          expected: 'attendu',
          sep: ' : ',
        }
      : {
          line: 'line',
          column: 'column',
          value: (v: string) => `value "${v}"`,
          empty: 'empty cell',
          expected: 'expected',
          sep: ': ',
        };
  // A missing column has no cell to point at; a row that could not be read has no value to show.
  const where =
    problem.column === '' || problem.code === 'csv_column'
      ? `${words.line} ${problem.line}`
      : `${words.line} ${problem.line}, ${words.column} ${problem.column}`;
  const showsValue =
    problem.value !== '' || problem.code === 'required' || problem.code === 'csv_same_in_document';
  const found = problem.value === '' ? words.empty : words.value(problem.value);
  return `${where}${words.sep}${showsValue ? found + words.sep : ''}${words.expected} ${describeCsvExpected(problem, locale)}`;
}

/** The CSV catalogue keys, so that a test can check both languages cover every CSV rule. */
export const csvCatalogueKeys = { fr: Object.keys(csvFr), en: Object.keys(csvEn) };

/**
 * Groups a whole list of records at once (tests, small files): `createDocumentGrouper` over an
 * array. Never throws.
 */
export function groupCsvRecords(format: CsvFormat, records: Iterable<CsvRecord>): CsvDocument[] {
  const grouper = createDocumentGrouper(format);
  const documents: CsvDocument[] = [];
  for (const record of records) documents.push(...grouper.push(record));
  documents.push(...grouper.end());
  return documents;
}

/**
 * The inverse of `documentInputOf`: the CSV rows of a document (one per entry of its row
 * list), each with a cell for every column of the format. Numbers are written as text and lists
 * joined with `;`; an absent field is an empty cell. For writing files (exports, test data).
 * Never throws.
 */
export function csvRowsOf(format: CsvFormat, document: Readonly<Record<string, unknown>>): CsvCells[] {
  const entries = valueAt(document, format.rowList);
  const list = Array.isArray(entries) ? (entries as unknown[]) : [];
  return list.map((entry) => {
    const cells: Record<string, string> = {};
    for (const column of format.columns) {
      const star = column.path.indexOf('*');
      const value =
        star === -1 ? valueAt(document, column.path) : valueAt(entry, column.path.slice(star + 1));
      cells[column.name] = Array.isArray(value) ? value.map(cellText).join(';') : cellText(value);
    }
    return cells;
  });
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function cellText(value: unknown): string {
  return value === undefined || value === null ? '' : displayValue(value);
}

/**
 * One CSV line (RFC 4180) of the given cells, without its line break: a cell holding a comma,
 * a quote or a line break is quoted, its quotes doubled. Never throws.
 */
export function csvLine(cells: readonly string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');
}
