/**
 * Bulk intake from CSV files (`anticipa import declarations|manifests FILE.csv`): streams the
 * file through csv-parse, groups consecutive rows sharing sender and reference into documents
 * (core/bulk), and lodges each through the same intake service as the API, without an
 * Idempotency-Key: sender and reference make a re-run of the same file replay every document
 * rather than store it twice. A bad row never stops the good ones; a document with any bad row
 * is rejected whole. Only the document being read is held in memory, whatever the file's size.
 */
import { open } from 'node:fs/promises';
import { pipeline, Transform, type Readable } from 'node:stream';
import { parse, type CsvError, type InfoRecord } from 'csv-parse';
import {
  checkCsvHeader,
  createDocumentGrouper,
  declarationCsvFormat,
  describeCsvExpected,
  describeError,
  documentInputOf,
  formatCsvProblem,
  isBlankRow,
  locateProblems,
  manifestCsvFormat,
  normaliseColumnName,
  type AppError,
  type CsvCells,
  type CsvDocument,
  type CsvFormat,
  type CsvProblem,
  type CsvRecord,
  type DocumentKey,
  type Locale,
} from '@anticipa/core';
import type { Anticipa } from '../anticipa.ts';
import type { DocumentIntake } from '../intake/document-intake.ts';

/** Where an import stands, reported after each document (and at the start and the end). */
export interface ImportProgress {
  /** CSV rows read so far (the header and blank lines are not rows). */
  readonly rows: number;
  /** Documents processed so far: created + replayed + rejected. */
  readonly documents: number;
  readonly created: number;
  readonly replayed: number;
  /** Documents rejected so far. */
  readonly rejected: number;
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
  /** Size of the file in bytes, when known: `bytesRead / totalBytes` is the fraction done. */
  readonly totalBytes: number | undefined;
}

export interface ImportOptions {
  /** Called as the import goes (often: throttle any display). */
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Language of the report's `expected` and error messages; French by default. */
  readonly locale?: Locale | undefined;
  /** Size of the stream in bytes, for the percentage, when a stream rather than a path is given. */
  readonly totalBytes?: number | undefined;
  /**
   * Documents lodged at once, 1 by default. The documents of a file are independent (a reference
   * used twice is caught before lodging), and documents lodged together are stored together, in
   * a few statements (shared/batcher.ts): 16 made a 10,000-row import 4 to 5 times faster, on
   * embedded PGlite and on a server alike.
   */
  readonly concurrency?: number | undefined;
}

/** One thing wrong in the file, placed at its line and column, worded in the report's language. */
export interface ReportedProblem {
  readonly line: number;
  /** The column's name; empty when the problem is with a whole row. */
  readonly column: string;
  /** The cell's text as written; empty for an empty cell or a row that could not be read. */
  readonly value: string;
  /** What was expected, as a sentence in the report's language. */
  readonly expected: string;
  /** The expectation's stable key (shared/messages.ts and core/bulk/csv-format.ts). */
  readonly code: string;
  /** The whole problem as one sentence: `line 14, column origin: value "XX": expected ...`. */
  readonly message: string;
}

/** A document of the file that was not stored: its rows' lines and why. */
export type RejectedDocument = {
  /** Lines of the document's rows (1-based, the header is line 1). */
  readonly lines: readonly number[];
  readonly sender: string;
  readonly reference: string;
} & (
  | { readonly problems: readonly ReportedProblem[] }
  /** A refusal of the intake service other than bad input (REFERENCE_IN_USE, say). */
  | { readonly error: { readonly code: string; readonly message: string } }
);

export interface ImportReport {
  readonly kind: 'declaration' | 'manifest';
  /** CSV rows read (the header and blank lines are not rows). */
  readonly rows: number;
  /** Documents found: created + replayed + rejected. */
  readonly documents: number;
  /** Documents stored by this import. */
  readonly created: number;
  /** Documents already stored, identical, by an earlier import or request: nothing stored again. */
  readonly replayed: number;
  /** Documents not stored, in file order, with their lines and problems. */
  readonly rejected: readonly RejectedDocument[];
  /** Rows of the rejected documents. */
  readonly rejectedRows: number;
  /** Set when the file could not be read to its end: the rows below this line were not read. */
  readonly stoppedAt?: { readonly line: number; readonly reason: string };
}

/**
 * Imports goods declarations from a CSV file (a path) or stream, in the layout of
 * core/bulk/declaration-csv.ts. Lodges each declaration through `anticipa.declarations`;
 * returns what was stored, replayed and rejected, rows placed by line and column.
 * Bad rows and documents are values in the report, never exceptions. Throws only when the file
 * cannot be opened or read (ENOENT, EACCES...) or the database fails; what was stored stays.
 */
export function importDeclarations(
  anticipa: Pick<Anticipa, 'declarations'>,
  source: string | Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  return importDocuments('declaration', declarationCsvFormat, anticipa.declarations, source, options);
}

/**
 * Imports cargo manifests from a CSV file (a path) or stream, in the layout of
 * core/bulk/manifest-csv.ts, through `anticipa.manifests`. Same contract as `importDeclarations`.
 */
export function importManifests(
  anticipa: Pick<Anticipa, 'manifests'>,
  source: string | Readable,
  options: ImportOptions = {},
): Promise<ImportReport> {
  return importDocuments('manifest', manifestCsvFormat, anticipa.manifests, source, options);
}

/** What an import lodges with: a service's lodgement, with its default options. */
interface Lodging {
  lodge(input: unknown): ReturnType<DocumentIntake<unknown>['lodge']>;
}

async function importDocuments(
  kind: ImportReport['kind'],
  format: CsvFormat,
  intake: Lodging,
  source: string | Readable,
  options: ImportOptions,
): Promise<ImportReport> {
  const locale = options.locale ?? 'fr';
  const input =
    typeof source === 'string' ? await openFile(source) : { stream: source, size: options.totalBytes };
  const reader = createCsvReader(format, input.stream);
  const grouper = createDocumentGrouper(format);
  const rejected: RejectedDocument[] = [];
  const counts = { documents: 0, created: 0, replayed: 0, rejectedRows: 0 };

  const progress = (): void => {
    options.onProgress?.({
      rows: reader.state.rows,
      documents: counts.documents,
      created: counts.created,
      replayed: counts.replayed,
      rejected: rejected.length,
      bytesRead: reader.state.bytesRead,
      totalBytes: input.size,
    });
  };

  const word = (problems: readonly CsvProblem[]): ReportedProblem[] =>
    problems.map((problem) => ({
      line: problem.line,
      column: problem.column,
      value: problem.value,
      expected: describeCsvExpected(problem, locale),
      code: problem.code,
      message: formatCsvProblem(problem, locale),
    }));

  const reject = (
    document: Pick<CsvDocument, 'key' | 'lines'>,
    why: { problems: readonly CsvProblem[] } | { error: AppError },
    rows = document.lines.length,
  ): void => {
    const base = { lines: document.lines, sender: document.key.sender, reference: document.key.reference };
    rejected.push(
      'problems' in why
        ? { ...base, problems: word(why.problems) }
        : { ...base, error: { code: why.error.code, message: describeError(why.error, locale) } },
    );
    counts.rejectedRows += rows;
  };

  const handle = async (document: CsvDocument): Promise<void> => {
    counts.documents += 1;
    const rows = document.rows.filter((row): row is CsvCells => row !== undefined);
    if (document.problems.length > 0 || rows.length !== document.rows.length) {
      reject(document, { problems: document.problems });
    } else {
      const result = await intake.lodge(documentInputOf(format, rows));
      if (result.ok) counts[result.value.outcome] += 1;
      else if (result.error.code === 'VALIDATION_FAILED' && result.error.problems) {
        reject(document, { problems: locateProblems(format, document, result.error.problems) });
      } else reject(document, { error: result.error });
    }
    progress();
  };

  // Up to `concurrency` documents in flight; the first database failure stops the import once they settle.
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const submit = async (document: CsvDocument): Promise<void> => {
    const task: Promise<void> = handle(document)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) {
      await Promise.all(inFlight);
      throw failure.error;
    }
  };
  const settle = async (): Promise<void> => {
    await Promise.all(inFlight);
    if (failure) throw failure.error;
  };

  progress();
  for await (const record of reader.records()) {
    for (const document of grouper.push(record)) await submit(document);
  }
  const { header, fatal } = reader.state;
  if (header.problems.length > 0) {
    // The header is no row: every row goes unread, and `rows` stays 0.
    reject({ key: { sender: '', reference: '' }, lines: [header.line] }, { problems: header.problems }, 0);
  }
  for (const last of grouper.end()) {
    // A document still open when reading stopped may go on past the unreadable line: store none of it.
    if (fatal && (fatal.key === undefined || sameKey(fatal.key, last.key))) {
      counts.documents += 1;
      reject(last, {
        problems: [
          ...last.problems,
          { line: fatal.line, column: '', value: '', code: 'csv_stopped', params: { line: fatal.line } },
        ],
      });
    } else await submit(last);
  }
  await settle();
  if (fatal) {
    counts.documents += 1;
    reject(
      { key: fatal.key ?? { sender: '', reference: '' }, lines: [fatal.line] },
      { problems: [fatal.problem] },
    );
  }
  progress();
  return {
    kind,
    rows: reader.state.rows,
    documents: counts.documents,
    created: counts.created,
    replayed: counts.replayed,
    // Documents finish out of order when several are in flight: report them in file order.
    rejected: rejected.sort((a, b) => (a.lines[0] ?? 0) - (b.lines[0] ?? 0)),
    rejectedRows: counts.rejectedRows,
    ...(fatal ? { stoppedAt: { line: fatal.line, reason: describeCsvExpected(fatal.problem, locale) } } : {}),
  };
}

function sameKey(a: DocumentKey, b: DocumentKey): boolean {
  return a.sender === b.sender && a.reference === b.reference;
}

/** Opens a file for reading; throws the file system's error (ENOENT, EISDIR, EACCES) as it is. */
async function openFile(path: string): Promise<{ stream: Readable; size: number }> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (stat.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), {
        code: 'EISDIR',
        path,
      });
    return { stream: handle.createReadStream(), size: stat.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

interface ReaderState {
  rows: number;
  bytesRead: number;
  header: { line: number; names: readonly string[]; problems: readonly CsvProblem[]; seen: boolean };
  /** The error that stopped reading, at the line where its record starts. */
  fatal: { line: number; key: DocumentKey | undefined; problem: CsvProblem } | undefined;
}

/** csv-parse errors after which it reads the next record as it should; any other stops the import. */
const recoverableErrors = new Set([
  'CSV_RECORD_INCONSISTENT_COLUMNS',
  'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
  'INVALID_OPENING_QUOTE',
]);

/** The key of `unreadableReasons` in core/bulk/csv-format.ts for an error that stops reading. */
function unreadableReason(code: string): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'quote_not_closed';
  if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'invalid_closing_quote';
  if (code === 'CSV_MAX_RECORD_SIZE') return 'record_too_long';
  return 'other';
}

type ParsedRecord = { line: number; cells: CsvCells };

/**
 * Reads CSV records with their line numbers. csv-parse counts the lines a record ends on, but
 * counts a CRLF inside a quoted cell as two lines; the reader corrects that, and takes a
 * record's first line as its last minus the line breaks inside its cells, so multi-line cells
 * and blank lines keep every later line number right. Records csv-parse cannot read come as
 * problems at their own line, with their sender and reference when the cells before the fault
 * give them. An error csv-parse cannot recover from (a quote never closed) stops reading.
 */
function createCsvReader(format: CsvFormat, input: Readable) {
  const state: ReaderState = {
    rows: 0,
    bytesRead: 0,
    header: { line: 1, names: [], problems: [], seen: false },
    fatal: undefined,
  };
  let stopped = false;
  /** Lines csv-parse counted twice so far (CRLF inside quoted cells). */
  let extraLines = 0;
  const skipped: CsvRecord[] = [];
  let lastSkippedLine = 0;

  const keyFromCells = (cells: readonly string[]): DocumentKey | undefined => {
    const senderAt = state.header.names.indexOf('sender');
    const referenceAt = state.header.names.indexOf('reference');
    const sender = cells[senderAt];
    const reference = cells[referenceAt];
    return sender === undefined || reference === undefined
      ? undefined
      : { sender: sender.trim(), reference: reference.trim() };
  };

  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      // Once reading has stopped, the rest of the file is dropped rather than parsed for nothing.
      if (stopped) {
        callback();
        return;
      }
      state.bytesRead += chunk.length;
      callback(null, chunk);
    },
  });

  const parser = parse({
    bom: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: false,
    skip_records_with_error: true,
    columns: (header: string[]) => {
      const names = header.map(normaliseColumnName);
      const problems = checkCsvHeader(format, header, parser.info.lines);
      state.header = { line: parser.info.lines, names, problems, seen: true };
      if (problems.length > 0) stopped = true;
      return names;
    },
    // With `raw` (needed to place and key the records it cannot read), records come with their text.
    on_record: ({ record }: { record: Record<string, string> }, context: InfoRecord): ParsedRecord | null => {
      if (stopped) return null;
      let breaks = 0;
      for (const value of Object.values(record)) {
        if (value.includes('\n') || value.includes('\r')) {
          breaks += countLineBreaks(value);
          extraLines += countCrLf(value);
        }
      }
      if (isBlankRow(record)) return null;
      state.rows += 1;
      return { line: context.lines - extraLines - breaks, cells: record };
    },
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      if (stopped || !error) return undefined;
      const text = (raw ?? '').replace(/^[\r\n]+/, '').replace(/(\r\n|\n|\r)$/, '');
      const crlf = countCrLf(text);
      extraLines += crlf;
      const line = Number(error['lines']) - extraLines - countLineBreaks(text);
      if (line === lastSkippedLine) return undefined; // a second fault in the same record
      lastSkippedLine = line;
      const cells = Array.isArray(error['record']) ? (error['record'] as string[]) : leadingCells(text);
      const key = keyFromCells(cells);
      if (recoverableErrors.has(error.code)) {
        state.rows += 1;
        const problem: CsvProblem =
          error.code === 'INVALID_OPENING_QUOTE'
            ? {
                line,
                column: typeof error['column'] === 'string' ? error['column'] : '',
                value: '',
                code: 'csv_quote',
              }
            : {
                line,
                column: '',
                value: '',
                code: 'csv_row_length',
                params: { expected: state.header.names.length, found: cells.length },
              };
        skipped.push({ line, problem, key });
      } else {
        stopped = true;
        state.fatal = {
          line,
          key,
          problem: {
            line,
            column: '',
            value: '',
            code: 'csv_unreadable',
            params: { reason: unreadableReason(error.code) },
          },
        };
      }
      return undefined;
    },
  });

  pipeline(input, counter, parser, () => {
    // Errors reach the reader through the parser's iterator; an early stop is not one.
  });

  async function* records(): AsyncGenerator<CsvRecord> {
    let next = 0;
    try {
      for await (const record of parser as AsyncIterable<ParsedRecord>) {
        // Skipped records are known as soon as parsed: put them back in file order.
        while (next < skipped.length && (skipped[next]?.line ?? 0) < record.line)
          yield skipped[next++] as CsvRecord;
        yield record;
      }
    } catch (error) {
      if (!isCsvError(error)) throw error;
      stopped = true;
      state.fatal ??= {
        line: parser.info.lines - extraLines,
        key: undefined,
        problem: {
          line: parser.info.lines - extraLines,
          column: '',
          value: '',
          code: 'csv_unreadable',
          params: { reason: unreadableReason(error.code) },
        },
      };
    }
    while (next < skipped.length) yield skipped[next++] as CsvRecord;
    if (!state.header.seen)
      state.header = { line: 1, names: [], problems: checkCsvHeader(format, []), seen: true };
  }

  return { state, records };
}

function isCsvError(error: unknown): error is CsvError {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^(CSV_|INVALID_)/.test(code);
}

/** Line breaks in a text, CRLF counting as one. */
function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function countCrLf(text: string): number {
  return text.match(/\r\n/g)?.length ?? 0;
}

/**
 * The complete cells at the start of a record csv-parse could not read, by the usual CSV rules
 * (RFC 4180 quotes), up to the fault: enough to know its sender and reference in most cases.
 */
function leadingCells(raw: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < raw.length; index++) {
    const char = raw.charAt(index);
    if (quoted) {
      if (char !== '"') cell += char;
      else if (raw[index + 1] === '"') {
        cell += '"';
        index++;
      } else quoted = false;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') break;
    else cell += char;
  }
  return cells;
}
