/**
 * `anticipa targeting retrain|models|activate`: the targeting model of the product itself,
 * trained from the inspection results recorded in its database (the API's
 * /api/targeting/models does the same):
 *
 * - `retrain --by NAME`: trains a candidate and prints its metrics on the hold-out (the latest
 *   fifth of the days) beside those of the model in force;
 * - `models`: every model trained, the one in force marked;
 * - `activate ID --by NAME`: puts a model in force; assessments carry its score from then on.
 *
 * Exit code: 0 when done, 1 when there are too few results to train, 2 on a usage error.
 */
import { Option, type Command } from 'commander';
import { locales, type Locale, type TargetingMetrics } from '@anticipa/core';
import { loadConfig, openAnticipa, type ModelSummary } from '@anticipa/server';
import { errorLines } from '../text-output.ts';
import { textTable } from '../text-table.ts';
import { exitOnUsageError } from './import.ts';

interface Words {
  readonly trained: (id: string, rows: number, frauds: number, from: string, to: string) => string;
  readonly holdout: (from: string, rows: number, frauds: number) => string;
  readonly columns: readonly string[];
  readonly candidate: string;
  readonly inForce: (sawHoldout: boolean) => string;
  readonly noneInForce: string;
  readonly activateHint: (id: string) => string;
  readonly listColumns: readonly string[];
  readonly noModels: string;
  readonly active: string;
  readonly activated: (id: string) => string;
}

const en: Words = {
  trained: (id, rows, frauds, from, to) =>
    `Candidate ${id}: trained on ${rows} inspected items (${frauds} non-compliant) lodged from ${from} to ${to}. Not in force until activated.`,
  holdout: (from, rows, frauds) =>
    `Held out: the ${rows} items lodged from ${from} (${frauds} non-compliant), scored by a model trained on the earlier days only.`,
  columns: ['model', 'P@1%', 'R@1%', 'P@2%', 'R@2%', 'P@5%', 'R@5%', 'Rev@5%', 'P@10%', 'R@10%'],
  candidate: 'candidate',
  inForce: (sawHoldout) => (sawHoldout ? 'in force (trained on these days)' : 'in force'),
  noneInForce: 'No model is in force yet.',
  activateHint: (id) => `To put it in force: anticipa targeting activate ${id} --by NAME`,
  listColumns: ['id', 'trained', 'by', 'items', 'non-compliant', 'hold-out P@5%', ''],
  noModels: 'No model trained yet: anticipa targeting retrain --by NAME',
  active: 'IN FORCE',
  activated: (id) => `Model ${id} is now in force: assessments carry its score.`,
};

const fr: Words = {
  trained: (id, rows, frauds, from, to) =>
    `Candidat ${id} : entraîné sur ${rows} articles contrôlés (${frauds} non conformes) déposés du ${from} au ${to}. Inactif tant qu’il n’est pas activé.`,
  holdout: (from, rows, frauds) =>
    `Mis de côté : les ${rows} articles déposés depuis le ${from} (${frauds} non conformes), notés par un modèle entraîné sur les jours antérieurs seulement.`,
  columns: ['modèle', 'P@1%', 'R@1%', 'P@2%', 'R@2%', 'P@5%', 'R@5%', 'Rec@5%', 'P@10%', 'R@10%'],
  candidate: 'candidat',
  inForce: (sawHoldout) => (sawHoldout ? 'en vigueur (entraîné sur ces jours)' : 'en vigueur'),
  noneInForce: 'Aucun modèle n’est encore en vigueur.',
  activateHint: (id) => `Pour le mettre en vigueur : anticipa targeting activate ${id} --by NOM`,
  listColumns: ['id', 'entraîné le', 'par', 'articles', 'non conformes', 'P@5% mis de côté', ''],
  noModels: 'Aucun modèle entraîné : anticipa targeting retrain --by NOM',
  active: 'EN VIGUEUR',
  activated: (id) => `Le modèle ${id} est désormais en vigueur : les évaluations portent son score.`,
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);

const figure = (value: number | undefined, locale: Locale) =>
  value === undefined
    ? '–'
    : value.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 3 });

/** One row of figures: precision and recall at 1, 2, 5 and 10 %, and revenue at 5 %. */
function metricsRow(label: string, metrics: readonly TargetingMetrics[], locale: Locale): string[] {
  const at = (share: number) => metrics.find((entry) => entry.share === share);
  return [
    label,
    figure(at(0.01)?.precision, locale),
    figure(at(0.01)?.recall, locale),
    figure(at(0.02)?.precision, locale),
    figure(at(0.02)?.recall, locale),
    figure(at(0.05)?.precision, locale),
    figure(at(0.05)?.recall, locale),
    figure(at(0.05)?.revenue, locale),
    figure(at(0.1)?.precision, locale),
    figure(at(0.1)?.recall, locale),
  ];
}

/** A trained candidate as text: what it learnt from, and its hold-out figures beside the model in force's. */
export function candidateText(model: ModelSummary, locale: Locale): string[] {
  const words = catalogues[locale];
  const { evaluation } = model;
  return [
    words.trained(model.id, model.rows, model.frauds, model.firstDate, model.lastDate),
    words.holdout(evaluation.holdoutFrom, evaluation.holdoutRows, evaluation.holdoutFrauds),
    '',
    ...textTable([
      words.columns,
      metricsRow(words.candidate, evaluation.candidate.score, locale),
      ...(evaluation.active
        ? [metricsRow(words.inForce(evaluation.active.sawHoldout), evaluation.active.score, locale)]
        : []),
    ]),
    ...(evaluation.active ? [] : [words.noneInForce]),
    '',
    words.activateHint(model.id),
  ];
}

/** Registers the product-model subcommands under `anticipa targeting`. */
export function registerProductModelCommands(targeting: Command): void {
  const run = async (
    lang: Locale | undefined,
    action: (context: {
      anticipa: Awaited<ReturnType<typeof openAnticipa>>;
      locale: Locale;
    }) => Promise<number>,
  ) => {
    const config = loadConfig();
    const anticipa = await openAnticipa(config);
    try {
      process.exitCode = await action({ anticipa, locale: lang ?? config.defaultLocale });
    } finally {
      await anticipa.close();
    }
  };

  exitOnUsageError(
    targeting
      .command('retrain')
      .description(
        'Train a candidate from the inspection results recorded here / Entraîner un candidat sur les résultats de contrôle enregistrés ici',
      )
      .requiredOption('--by <name>', 'who trains it / qui l’entraîne')
      .addOption(langOption())
      .action(async (options: { by: string; lang?: Locale }) => {
        await run(options.lang, async ({ anticipa, locale }) => {
          const trained = await anticipa.targeting.train(options.by);
          if (!trained.ok) {
            console.error(errorLines(trained.error, locale).join('\n'));
            return 1;
          }
          console.log(candidateText(trained.value, locale).join('\n'));
          return 0;
        });
      }),
  );

  exitOnUsageError(
    targeting
      .command('models')
      .description('The models trained here / Les modèles entraînés ici')
      .addOption(langOption())
      .action(async (options: { lang?: Locale }) => {
        await run(options.lang, async ({ anticipa, locale }) => {
          const words = catalogues[locale];
          const models = await anticipa.targeting.list();
          if (models.length === 0) {
            console.log(words.noModels);
            return 0;
          }
          const rows = models.map((model) => [
            model.id,
            model.trainedAt.toISOString().slice(0, 16),
            model.trainedBy,
            String(model.rows),
            String(model.frauds),
            figure(model.evaluation.candidate.score.find((entry) => entry.share === 0.05)?.precision, locale),
            model.active ? words.active : '',
          ]);
          console.log(textTable([words.listColumns, ...rows], 3).join('\n'));
          return 0;
        });
      }),
  );

  exitOnUsageError(
    targeting
      .command('activate <id>')
      .description('Put a model in force / Mettre un modèle en vigueur')
      .requiredOption('--by <name>', 'who activates it / qui l’active')
      .addOption(langOption())
      .action(async (id: string, options: { by: string; lang?: Locale }) => {
        await run(options.lang, async ({ anticipa, locale }) => {
          const activated = await anticipa.targeting.activate(id, options.by);
          if (!activated.ok) {
            console.error(errorLines(activated.error, locale).join('\n'));
            return 2;
          }
          console.log(catalogues[locale].activated(id));
          return 0;
        });
      }),
  );
}
