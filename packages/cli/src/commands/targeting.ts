/**
 * `anticipa targeting train|score|evaluate`: the targeting model on CSV files in the columns of
 * the public customs-declarations data set (issue 8 fixes these interfaces, so that results can
 * be compared over time):
 *
 * - `train --data FILE.csv [--data FILE2.csv] --out MODEL.json`: learns from inspected items
 *   (the `Fraud` column), with a progress display;
 * - `score --model MODEL.json --data FILE.csv --out SCORES.csv`: writes `Declaration ID,score,
 *   expected_revenue`, one row per input row in input order (label columns are ignored);
 * - `evaluate --model MODEL.json --data FILE.csv`: Precision@k, Recall@k and Revenue@k for
 *   k = 1, 2, 5, 10%, ranking by score and by expected revenue.
 *
 * Exit code: 0 when done, 1 when a file has bad rows (nothing written), 2 on a usage or file error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Option, type Command } from 'commander';
import { registerProductModelCommands } from './targeting-models.ts';
import {
  dutyAtStake,
  locales,
  parseTargetingModel,
  scoreRows,
  targetingMetrics,
  trainModel,
  type InspectedRow,
  type Locale,
  type ModelProblem,
  type RowProblem,
  type TargetingMetrics,
  type TrainingProblem,
  type TrainingStage,
} from '@anticipa/core';
import { loadConfig, readTargetingFile, type TargetingFile, type TargetingFileError } from '@anticipa/server';
import { countingWords, createProgress } from '../progress.ts';
import { exitOnUsageError } from './import.ts';

/** Bad rows printed at most; the count of the others follows. */
const shownBadRows = 10;

interface Words {
  readonly stage: Readonly<Record<TrainingStage, string>>;
  readonly fileError: (path: string, error: TargetingFileError) => string;
  readonly badRows: (path: string, count: number) => string;
  readonly badRow: (line: number, problem: RowProblem) => string;
  readonly moreBadRows: (count: number) => string;
  readonly unlabelled: (path: string, count: number) => string;
  readonly trainingProblem: (problem: TrainingProblem) => string;
  readonly modelProblem: (path: string, problem: ModelProblem | { code: 'JSON_INVALID' }) => string;
  readonly trained: (seconds: string, rows: number, frauds: number, from: string, to: string) => string;
  readonly modelShape: (trees: number, features: number, path: string) => string;
  readonly scored: (rows: number, seconds: string, perSecond: string, path: string) => string;
  readonly evaluated: (path: string, rows: number, frauds: number) => string;
  readonly noOutcome: (path: string) => string;
  readonly header: readonly string[];
  readonly ranking: Readonly<Record<'score' | 'expectedRevenue', string>>;
  readonly revenueNote: string;
}

const expectedEn: Readonly<Record<RowProblem['expected'], string>> = {
  text: 'a code',
  date: 'a date YYYY-MM-DD',
  number: 'a number, 0 or more',
  fraud: '1 or 0',
};
const expectedFr: Readonly<Record<RowProblem['expected'], string>> = {
  text: 'un code',
  date: 'une date AAAA-MM-JJ',
  number: 'un nombre, 0 ou plus',
  fraud: '1 ou 0',
};

const en: Words = {
  stage: { features: 'history', trees: 'trees' },
  fileError: (path, error) =>
    error.code === 'FILE_UNREADABLE'
      ? `Cannot read ${path}: ${error.reason}`
      : `${path} is not valid CSV: ${error.reason}`,
  badRows: (path, count) => `${path}: ${count} row(s) could not be read; nothing was written.`,
  badRow: (line, problem) =>
    `  line ${line}, column "${problem.column}": "${problem.value}", expected ${expectedEn[problem.expected]}`,
  moreBadRows: (count) => `  ... and ${count} more`,
  unlabelled: (path, count) =>
    `${path}: ${count} row(s) have no outcome in the Fraud column (1 or 0); training needs inspected items only.`,
  trainingProblem: (problem) => {
    switch (problem.code) {
      case 'NO_ROWS':
        return 'No rows to train on.';
      case 'ONE_OUTCOME':
        return `Every row is ${problem.fraud ? 'a fraud' : 'clean'}: training needs both outcomes.`;
      case 'UNKNOWN_HISTORY':
        return `Unknown histories: ${problem.names.join(', ')}.`;
    }
  },
  modelProblem: (path, problem) => {
    switch (problem.code) {
      case 'JSON_INVALID':
      case 'NOT_A_MODEL':
        return `${path} is not a targeting model (written by \`anticipa targeting train\`).`;
      case 'UNSUPPORTED_VERSION':
        return `${path} is a targeting model of version ${String(problem.version)}, which this Anticipa cannot read.`;
      case 'UNKNOWN_HISTORY':
        return `${path} keeps histories this Anticipa does not know: ${problem.names.join(', ')}.`;
    }
  },
  trained: (seconds, rows, frauds, from, to) =>
    `Model trained in ${seconds} s on ${rows} inspected items (${frauds} frauds), lodged from ${from} to ${to}.`,
  modelShape: (trees, features, path) => `${trees} trees on ${features} features, written to ${path}.`,
  scored: (rows, seconds, perSecond, path) =>
    `${rows} items scored in ${seconds} s (${perSecond} items/s), written to ${path}.`,
  evaluated: (path, rows, frauds) => `${path}: ${rows} items, ${frauds} frauds.`,
  noOutcome: (path) =>
    `${path} has no outcome to evaluate against: it needs the Fraud column (1 or 0) on every row.`,
  header: ['ranking', 'top', 'inspected', 'frauds', 'precision', 'recall', 'revenue'],
  ranking: { score: 'score', expectedRevenue: 'expected revenue' },
  revenueNote:
    'Revenue: the share of all the frauds’ duty at stake (item price x tax rate / 100) found in the top k%. A few frauds can hold most of it: read it beside precision.',
};

const fr: Words = {
  stage: { features: 'historique', trees: 'arbres' },
  fileError: (path, error) =>
    error.code === 'FILE_UNREADABLE'
      ? `Impossible de lire ${path} : ${error.reason}`
      : `${path} n'est pas un CSV valide : ${error.reason}`,
  badRows: (path, count) => `${path} : ${count} ligne(s) illisible(s) ; rien n'a été écrit.`,
  badRow: (line, problem) =>
    `  ligne ${line}, colonne « ${problem.column} » : « ${problem.value} », attendu ${expectedFr[problem.expected]}`,
  moreBadRows: (count) => `  ... et ${count} autre(s)`,
  unlabelled: (path, count) =>
    `${path} : ${count} ligne(s) sans résultat dans la colonne Fraud (1 ou 0) ; l'apprentissage ne prend que des articles contrôlés.`,
  trainingProblem: (problem) => {
    switch (problem.code) {
      case 'NO_ROWS':
        return 'Aucune ligne pour apprendre.';
      case 'ONE_OUTCOME':
        return `Toutes les lignes sont ${problem.fraud ? 'des fraudes' : 'sans fraude'} : l'apprentissage a besoin des deux résultats.`;
      case 'UNKNOWN_HISTORY':
        return `Historiques inconnus : ${problem.names.join(', ')}.`;
    }
  },
  modelProblem: (path, problem) => {
    switch (problem.code) {
      case 'JSON_INVALID':
      case 'NOT_A_MODEL':
        return `${path} n'est pas un modèle de ciblage (écrit par \`anticipa targeting train\`).`;
      case 'UNSUPPORTED_VERSION':
        return `${path} est un modèle de ciblage de version ${String(problem.version)}, que cet Anticipa ne sait pas lire.`;
      case 'UNKNOWN_HISTORY':
        return `${path} garde des historiques que cet Anticipa ne connaît pas : ${problem.names.join(', ')}.`;
    }
  },
  trained: (seconds, rows, frauds, from, to) =>
    `Modèle appris en ${seconds} s sur ${rows} articles contrôlés (${frauds} fraudes), déposés du ${from} au ${to}.`,
  modelShape: (trees, features, path) =>
    `${trees} arbres sur ${features} caractéristiques, écrit dans ${path}.`,
  scored: (rows, seconds, perSecond, path) =>
    `${rows} articles notés en ${seconds} s (${perSecond} articles/s), écrits dans ${path}.`,
  evaluated: (path, rows, frauds) => `${path} : ${rows} articles, ${frauds} fraudes.`,
  noOutcome: (path) =>
    `${path} n'a pas de résultat pour l'évaluation : il faut la colonne Fraud (1 ou 0) sur chaque ligne.`,
  header: ['classement', 'tête', 'contrôlés', 'fraudes', 'précision', 'rappel', 'recettes'],
  ranking: { score: 'score', expectedRevenue: 'recettes espérées' },
  revenueNote:
    'Recettes : la part de tous les droits en jeu des fraudes (prix de l’article x taux / 100) trouvée dans les k % de tête. Quelques fraudes peuvent en porter l’essentiel : à lire avec la précision.',
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

/** Usage and file errors end the command with exit code 2, bad rows with 1. */
class CommandFailure extends Error {
  constructor(
    readonly lines: readonly string[],
    readonly exitCode: 1 | 2,
  ) {
    super(lines.join('\n'));
  }
}

async function readRows(path: string, words: Words): Promise<TargetingFile> {
  const read = await readTargetingFile(path);
  if (!read.ok) throw new CommandFailure([words.fileError(path, read.error)], 2);
  const { badRows } = read.value;
  if (badRows.length > 0) {
    const problems = badRows.flatMap(({ line, problems }) =>
      problems.map((problem) => words.badRow(line, problem)),
    );
    throw new CommandFailure(
      [
        words.badRows(path, badRows.length),
        ...problems.slice(0, shownBadRows),
        ...(problems.length > shownBadRows ? [words.moreBadRows(problems.length - shownBadRows)] : []),
      ],
      1,
    );
  }
  return read.value;
}

async function readModel(path: string, words: Words) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CommandFailure(
      [words.fileError(path, { code: 'FILE_UNREADABLE', reason: (error as Error).message })],
      2,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CommandFailure([words.modelProblem(path, { code: 'JSON_INVALID' })], 2);
  }
  const model = parseTargetingModel(json);
  if (!model.ok) throw new CommandFailure([words.modelProblem(path, model.error)], 2);
  return model.value;
}

async function writeOutput(path: string, text: string, words: Words): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new CommandFailure(
      [words.fileError(path, { code: 'FILE_UNREADABLE', reason: (error as Error).message })],
      2,
    );
  }
}

/** Runs a command's body, printing a failure in the user's language and setting the exit code. */
async function run(locale: Locale | undefined, body: (words: Words) => Promise<void>): Promise<void> {
  const words = catalogues[locale ?? loadConfig().defaultLocale];
  try {
    await body(words);
  } catch (error) {
    if (!(error instanceof CommandFailure)) throw error;
    console.error(error.lines.join('\n'));
    process.exitCode = error.exitCode;
  }
}

const seconds = (from: number): string => ((performance.now() - from) / 1000).toFixed(1);

export function registerTargetingCommand(program: Command): void {
  const command = exitOnUsageError(
    program
      .command('targeting')
      .description(
        'A model trained on inspection results ranks items by fraud and revenue at stake / Un modèle appris des contrôles classe les articles par fraude et recettes en jeu',
      ),
  );

  exitOnUsageError(
    command
      .command('train')
      .description('Train a model on inspected items / Apprendre un modèle sur des articles contrôlés')
      .requiredOption('--data <file.csv>', 'inspected items, with the Fraud column (repeatable)', collect, [])
      .requiredOption('--out <model.json>', 'where to write the model')
      .option('--seed <seed>', 'seed of the random draws of training', 'anticipa-targeting')
      .addOption(langOption())
      .action(async (options: { data: string[]; out: string; seed: string; lang?: Locale }) => {
        await run(options.lang, async (words) => {
          const started = performance.now();
          const rows: InspectedRow[] = [];
          for (const path of options.data) {
            const file = await readRows(path, words);
            const unlabelled = file.frauds.filter((fraud) => fraud === undefined).length;
            if (unlabelled > 0) throw new CommandFailure([words.unlabelled(path, unlabelled)], 1);
            file.rows.forEach((row, index) => rows.push({ ...row, fraud: file.frauds[index] === true }));
          }
          const progress = createProgress(countingWords);
          const model = (() => {
            try {
              return trainModel(rows, {
                boosting: { seed: options.seed },
                onProgress: (stage, done, total) => {
                  progress.update(words.stage[stage], done, total);
                },
              });
            } finally {
              progress.stop();
            }
          })();
          if (!model.ok) throw new CommandFailure([words.trainingProblem(model.error)], 1);
          await writeOutput(options.out, JSON.stringify(model.value), words);
          const { trainedOn } = model.value;
          console.log(
            words.trained(
              seconds(started),
              trainedOn.rows,
              trainedOn.frauds,
              trainedOn.firstDate,
              trainedOn.lastDate,
            ),
          );
          console.log(
            words.modelShape(model.value.trees.trees.length, model.value.features.length, options.out),
          );
        });
      }),
  );

  exitOnUsageError(
    command
      .command('score')
      .description('Score items with a model / Noter des articles avec un modèle')
      .requiredOption('--model <model.json>', 'a model written by `anticipa targeting train`')
      .requiredOption('--data <file.csv>', 'the items to score')
      .requiredOption('--out <scores.csv>', 'where to write Declaration ID,score,expected_revenue')
      .addOption(langOption())
      .action(async (options: { model: string; data: string; out: string; lang?: Locale }) => {
        await run(options.lang, async (words) => {
          const model = await readModel(options.model, words);
          const file = await readRows(options.data, words);
          const started = performance.now();
          const scores = scoreRows(model, file.rows);
          const elapsed = (performance.now() - started) / 1000;
          const lines = ['Declaration ID,score,expected_revenue'];
          file.rows.forEach((row, index) => {
            const scored = scores[index];
            if (scored)
              lines.push(
                `${csvCell(row.declarationId)},${scored.score.toFixed(6)},${scored.expectedRevenue.toFixed(2)}`,
              );
          });
          await writeOutput(options.out, `${lines.join('\n')}\n`, words);
          const perSecond = elapsed > 0 ? Math.round(file.rows.length / elapsed).toString() : '-';
          console.log(words.scored(file.rows.length, elapsed.toFixed(2), perSecond, options.out));
        });
      }),
  );

  exitOnUsageError(
    command
      .command('evaluate')
      .description(
        'Precision, recall and revenue at 1, 2, 5, 10% / Précision, rappel et recettes à 1, 2, 5, 10 %',
      )
      .requiredOption('--model <model.json>', 'a model written by `anticipa targeting train`')
      .requiredOption('--data <file.csv>', 'inspected items, with the Fraud column')
      .addOption(langOption())
      .action(async (options: { model: string; data: string; lang?: Locale }) => {
        await run(options.lang, async (words) => {
          const model = await readModel(options.model, words);
          const file = await readRows(options.data, words);
          if (!file.labelled || file.frauds.some((fraud) => fraud === undefined)) {
            throw new CommandFailure([words.noOutcome(options.data)], 1);
          }
          const scores = scoreRows(model, file.rows);
          const outcomes = (rank: 'score' | 'expectedRevenue') =>
            file.rows.map((row, index) => ({
              rank: scores[index]?.[rank] ?? 0,
              fraud: file.frauds[index] === true,
              dutyAtStake: dutyAtStake(row),
            }));
          const frauds = file.frauds.filter((fraud) => fraud === true).length;
          console.log(words.evaluated(options.data, file.rows.length, frauds));
          console.log(
            evaluationTable(
              {
                score: targetingMetrics(outcomes('score')),
                expectedRevenue: targetingMetrics(outcomes('expectedRevenue')),
              },
              words,
            ).join('\n'),
          );
          console.log(words.revenueNote);
        });
      }),
  );

  registerProductModelCommands(command);
}

/** A cell of the scores file: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function evaluationTable(
  metrics: Readonly<Record<'score' | 'expectedRevenue', readonly TargetingMetrics[]>>,
  words: Words,
): string[] {
  const rows = (['score', 'expectedRevenue'] as const).flatMap((ranking) =>
    metrics[ranking].map((metric) => [
      words.ranking[ranking],
      `${Math.round(metric.share * 100)}%`,
      String(metric.inspected),
      String(metric.frauds),
      metric.precision.toFixed(3),
      metric.recall.toFixed(3),
      metric.revenue.toFixed(3),
    ]),
  );
  const all = [words.header, ...rows];
  const widths = words.header.map((_, column) => Math.max(...all.map((row) => row[column]?.length ?? 0)));
  return all.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}
