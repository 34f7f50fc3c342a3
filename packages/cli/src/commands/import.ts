/**
 * `anticipa import declarations FILE.csv` and `anticipa import manifests FILE.csv`: bulk intake
 * of a CSV file (layouts in docs/csv-formats.md) into the configured database, through the same
 * intake services as the API. Shows progress on stderr (a bar on a terminal, a line every two
 * seconds or 10% elsewhere), then a summary and the rejected rows by line on stdout.
 *
 * Exit code: 0 when every row was stored or already present, 1 when some were rejected (or the
 * file could not be read to its end), 2 on a usage or file error (nothing was imported).
 */
import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Option, type Command } from 'commander';
import { locales, type Locale } from '@anticipa/core';
import { createProgress, type ProgressWords } from '../progress.ts';
import {
  importDeclarations,
  importManifests,
  loadConfig,
  openAnticipa,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
} from '@anticipa/server';
import { cliMessages, describeLines, type CliMessages } from '../cli-messages.ts';

/** Problems printed on screen at most; the report file (--report) holds them all. */
const shownProblems = 50;

interface ImportCommandOptions {
  readonly lang?: Locale;
  readonly report?: string;
}

/** Usage errors (unknown option, missing file argument, bad --lang) exit with 2, help with 0. */
export function exitOnUsageError(command: Command): Command {
  return command.exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });
}

export function registerImportCommand(program: Command): void {
  const command = exitOnUsageError(
    program
      .command('import')
      .description(
        'Import documents from a CSV file / Importer des documents depuis un fichier CSV (docs/csv-formats.md)',
      ),
  );
  const kinds = [
    {
      name: 'declarations',
      kind: 'declaration',
      description:
        'Import goods declarations, one row per item / Importer des déclarations, une ligne par article',
    },
    {
      name: 'manifests',
      kind: 'manifest',
      description:
        'Import cargo manifests, one row per B/L / Importer des manifestes, une ligne par connaissement',
    },
  ] as const;
  for (const { name, kind, description } of kinds) {
    exitOnUsageError(
      command
        .command(`${name} <file>`)
        .description(description)
        .addOption(
          new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales),
        )
        .option('--report <file>', 'write the full report as JSON / écrire le rapport complet en JSON')
        .action(async (file: string, options: ImportCommandOptions) => {
          process.exitCode = await runImport(kind, file, options);
        }),
    );
  }
}

async function runImport(
  kind: ImportReport['kind'],
  file: string,
  options: ImportCommandOptions,
): Promise<number> {
  // `anticipa import ... | head`: once the reader has gone there is nobody to tell; the import still ends normally.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const config = loadConfig();
  const locale = options.lang ?? config.defaultLocale;
  const m = cliMessages(locale);
  const path = resolve(file);
  const problem = await checkInputFile(path, m);
  if (problem) {
    console.error(problem);
    return 2;
  }
  const reportPath = options.report === undefined ? undefined : resolve(options.report);
  if (reportPath !== undefined && !(await isFolder(dirname(reportPath)))) {
    console.error(m.reportFolderMissing(reportPath));
    return 2;
  }

  const anticipa = await openAnticipa(config);
  const display = createImportDisplay(m);
  const started = performance.now();
  let report: ImportReport;
  try {
    const importOptions: ImportOptions = {
      locale,
      onProgress: (progress) => {
        display.update(progress);
      },
      // Documents lodged together are stored together (the intake's batches): 16 at a time stored
      // the 3,993 declarations of the import bench in 3.3-4.1 s on PGlite (18 s one at a time) and
      // 2.2 s on a server (4.4 s four at a time).
      concurrency: 16,
    };
    report =
      kind === 'declaration'
        ? await importDeclarations(anticipa, path, importOptions)
        : await importManifests(anticipa, path, importOptions);
  } catch (error) {
    display.stop();
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) {
      // The file system refused (removed meanwhile, unreadable): what was stored before stays stored.
      console.error(m.cannotRead(path, error instanceof Error ? error.message : String(error)));
      return 2;
    }
    throw error;
  } finally {
    display.stop();
    await anticipa.close();
  }
  const seconds = (performance.now() - started) / 1000;

  printSummary(report, { path, seconds, m, locale, hasReport: reportPath !== undefined });
  if (reportPath !== undefined) {
    const full = {
      file: path,
      durationSeconds: Number(seconds.toFixed(3)),
      rowsPerSecond: Math.round(report.rows / Math.max(seconds, 0.001)),
      ...report,
    };
    try {
      await writeFile(reportPath, JSON.stringify(full, null, 2) + '\n');
      console.log(m.reportWritten(reportPath));
    } catch (error) {
      console.error(m.cannotWriteReport(reportPath, error instanceof Error ? error.message : String(error)));
      return 2;
    }
  }
  return report.rejected.length > 0 || report.stoppedAt ? 1 : 0;
}

/** Why the file cannot be imported, in the user's language; undefined when it is a readable file. */
async function checkInputFile(path: string, m: CliMessages): Promise<string | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? undefined : m.notAFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return m.fileNotFound(path);
    return m.cannotRead(path, error instanceof Error ? error.message : String(error));
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function printSummary(
  report: ImportReport,
  context: { path: string; seconds: number; m: CliMessages; locale: Locale; hasReport: boolean },
): void {
  const { m, locale } = context;
  const lines: string[] = [
    m.summaryTitle(
      report.kind,
      context.path,
      context.seconds,
      report.rows / Math.max(context.seconds, 0.001),
    ),
    ...m.summaryLines({ ...report, rejected: report.rejected.length }),
  ];
  if (report.stoppedAt) lines.push(m.stopped(report.stoppedAt.line, report.stoppedAt.reason));
  const total = report.rejected.reduce(
    (sum, entry) => sum + ('problems' in entry ? entry.problems.length : 1),
    0,
  );
  if (total === 0) lines.push(m.allStored);
  else {
    lines.push(m.rejectedTitle(Math.min(total, shownProblems), total));
    let shown = 0;
    for (const entry of report.rejected) {
      if (shown >= shownProblems) break;
      // The header, or a row whose document is unknown, is no document to name: its problems say all.
      if (entry.sender !== '' || entry.reference !== '') {
        lines.push(m.rejectedDocument(entry.sender, entry.reference, describeLines(entry.lines, locale)));
      }
      const messages =
        'problems' in entry ? entry.problems.map((problem) => problem.message) : [entry.error.message];
      for (const message of messages.slice(0, shownProblems - shown)) lines.push(`    ${message}`);
      shown += Math.min(messages.length, shownProblems - shown);
    }
    if (total > shown) lines.push(m.moreProblems(total - shown, context.hasReport));
  }
  console.log(lines.join('\n'));
}

/** The shared progress display, worded for an import: bytes of the file read, and counts so far. */
function createImportDisplay(m: CliMessages): { update(progress: ImportProgress): void; stop(): void } {
  const words: ProgressWords = {
    bar: () => m.progressBar,
    line: (_stage, _done, _total, percent) =>
      `${m.progressLabel}: ${m.progressLine(percent, currentProgress ?? emptyProgress)}`,
  };
  let currentProgress: ImportProgress | undefined;
  const progress = createProgress(words);
  return {
    update(next) {
      currentProgress = next;
      progress.update('bytes', next.bytesRead, next.totalBytes, {
        rows: m.number(next.rows),
        created: m.number(next.created),
        replayed: m.number(next.replayed),
        rejected: m.number(next.rejected),
      });
    },
    stop() {
      progress.stop();
    },
  };
}

const emptyProgress: ImportProgress = {
  rows: 0,
  documents: 0,
  created: 0,
  replayed: 0,
  rejected: 0,
  bytesRead: 0,
  totalBytes: undefined,
};
