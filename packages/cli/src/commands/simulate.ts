/**
 * `anticipa simulate [--days N] [--pre-arrival-share 0.2,0.5,0.9] [--seed TEXT] [--lang fr|en]`:
 * runs the core's discrete-event simulation of an office once per pre-arrival share and prints,
 * for each, the median and P90 time from arrival to release per lane, so that the effect of
 * anticipation shows in numbers. The command only parses, calls `simulateClearance` and
 * prints; it needs no database. The simulation starts on a fixed date, so the same seed prints
 * the same table.
 *
 * Exit code: 0 when done, 2 on a usage error (days or shares out of range).
 */
import { Option, type Command } from 'commander';
import {
  lanes,
  locales,
  simulateClearance,
  defaultSimulatedOffice,
  type Lane,
  type Locale,
  type ShareResult,
} from '@anticipa/core';
import { loadConfig } from '@anticipa/server';
import { countingWords, createProgress } from '../progress.ts';
import { textTable } from '../text-table.ts';
import { exitOnUsageError } from './import.ts';

/** The simulation's first day: fixed, so that a seed always gives the same table. */
const simulationStart = new Date('2026-01-05T00:00:00Z');
const maxDays = 366;

interface Words {
  readonly badDays: (value: string) => string;
  readonly badShares: (value: string) => string;
  readonly progressStage: (share: string) => string;
  readonly title: (office: string, days: number, seed: string, files: number, shipsPerDay: number) => string;
  readonly caption: string;
  readonly header: readonly string[];
  readonly lane: Readonly<Record<Lane, string>>;
  readonly shareHeader: readonly string[];
  readonly share: (share: number) => string;
  readonly percent: (value: number | null) => string;
  readonly hours: (seconds: number | null) => string;
  readonly took: (seconds: string) => string;
  readonly assumptions: string;
}

const en: Words = {
  badDays: (value) => `Invalid --days "${value}": expected a whole number from 1 to ${maxDays}`,
  badShares: (value) =>
    `Invalid --pre-arrival-share "${value}": expected shares from 0 to 1 separated by commas, such as 0.2,0.5,0.9`,
  progressStage: (share) => `share ${share}`,
  title: (office, days, seed, files, shipsPerDay) =>
    `Simulation of office ${office} over ${days} days (seed ${seed}): ${files} files, ${shipsPerDay} ship calls a day on average.`,
  caption: 'Time from arrival to release, in seconds of elapsed time (hours alongside):',
  header: ['pre-arrival share', 'lane', 'released', 'median (s)', 'P90 (s)', 'median (h)', 'P90 (h)'],
  lane: { red: 'red', yellow: 'yellow', blue: 'blue', green: 'green' },
  shareHeader: ['pre-arrival share', 'lodged before arrival', 'released within 1 h of arrival'],
  share: (share) => `${Math.round(share * 1000) / 10} %`,
  percent: (value) => (value === null ? '-' : `${(value * 100).toFixed(1)} %`),
  hours: (seconds) => (seconds === null ? '-' : (seconds / 3600).toFixed(1)),
  took: (seconds) => `Simulated in ${seconds} s.`,
  assumptions:
    'Assumptions (packages/core/src/clearance/clearance-simulation.ts): lanes red 15 %, yellow 25 %, blue 5 %, green 55 %; lodged 12 to 96 h before arrival, or 24 h after on average; paid 6 h after assessment on average; containers positioned 4 h after arrival; documentary checks may start before arrival.',
};

const fr: Words = {
  badDays: (value) => `--days invalide « ${value} » : attendu un nombre entier de 1 à ${maxDays}`,
  badShares: (value) =>
    `--pre-arrival-share invalide « ${value} » : attendu des parts de 0 à 1 séparées par des virgules, par exemple 0.2,0.5,0.9`,
  progressStage: (share) => `part ${share}`,
  title: (office, days, seed, files, shipsPerDay) =>
    `Simulation du bureau ${office} sur ${days} jours (graine ${seed}) : ${files} dossiers, ${shipsPerDay} escales de navire par jour en moyenne.`,
  caption: 'Délai de l’arrivée à la mainlevée, en secondes de temps écoulé (en heures à côté) :',
  header: ['part avant arrivée', 'circuit', 'mainlevées', 'médiane (s)', 'P90 (s)', 'médiane (h)', 'P90 (h)'],
  lane: { red: 'rouge', yellow: 'jaune', blue: 'bleu', green: 'vert' },
  shareHeader: ['part avant arrivée', 'déposés avant l’arrivée', 'mainlevée dans l’heure de l’arrivée'],
  share: (share) => `${String(Math.round(share * 1000) / 10).replace('.', ',')} %`,
  percent: (value) => (value === null ? '-' : `${(value * 100).toFixed(1).replace('.', ',')} %`),
  hours: (seconds) => (seconds === null ? '-' : (seconds / 3600).toFixed(1).replace('.', ',')),
  took: (seconds) => `Simulé en ${seconds.replace('.', ',')} s.`,
  assumptions:
    'Hypothèses (packages/core/src/clearance/clearance-simulation.ts) : circuits rouge 15 %, jaune 25 %, bleu 5 %, vert 55 % ; dépôt 12 à 96 h avant l’arrivée, ou 24 h après en moyenne ; paiement 6 h après l’évaluation en moyenne ; conteneurs positionnés 4 h après l’arrivée ; le contrôle documentaire peut commencer avant l’arrivée.',
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

/** The shares of a comma-separated list, each in [0, 1]; null when any is not. */
export function parseShares(value: string): number[] | null {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(part))) return null;
  return parts.map(Number);
}

export function registerSimulateCommand(program: Command): void {
  exitOnUsageError(
    program
      .command('simulate')
      .description(
        'Simulate an office to show what lodging before arrival does to release times / Simuler un bureau pour montrer l’effet du dépôt avant arrivée sur les délais de mainlevée',
      )
      .option('--days <days>', 'days of arrivals to simulate / jours d’arrivées à simuler', '30')
      .option(
        '--pre-arrival-share <shares>',
        'shares of declarations lodged before arrival, comma-separated / parts de déclarations déposées avant l’arrivée, séparées par des virgules',
        '0.2,0.5,0.9',
      )
      .option('--seed <seed>', 'seed of the random draws / graine des tirages', 'anticipa')
      .addOption(
        new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales),
      )
      .action((options: { days: string; preArrivalShare: string; seed: string; lang?: Locale }) => {
        const locale = options.lang ?? loadConfig().defaultLocale;
        const words = catalogues[locale];
        const days = /^\d+$/.test(options.days) ? Number(options.days) : Number.NaN;
        if (!(days >= 1 && days <= maxDays)) {
          console.error(words.badDays(options.days));
          process.exitCode = 2;
          return;
        }
        const shares = parseShares(options.preArrivalShare);
        if (shares === null) {
          console.error(words.badShares(options.preArrivalShare));
          process.exitCode = 2;
          return;
        }
        const progress = createProgress(countingWords);
        const started = Date.now();
        let results: ShareResult[];
        try {
          results = simulateClearance({
            days,
            preArrivalShares: shares,
            seed: options.seed,
            start: simulationStart,
            onProgress: (sharesDone, simulated, horizon) => {
              progress.update(
                words.progressStage(String(shares[sharesDone] ?? '')),
                Math.round(simulated / 86_400),
                Math.round(horizon / 86_400),
              );
            },
          });
        } finally {
          progress.stop();
        }
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(simulationReport(results, { days, seed: options.seed, seconds }, locale).join('\n'));
      }),
  );
}

/** The simulation's tables: per share and lane, the median and P90 from arrival to release. */
export function simulationReport(
  results: readonly ShareResult[],
  run: { readonly days: number; readonly seed: string; readonly seconds: string },
  locale: Locale,
): string[] {
  const words = catalogues[locale];
  const office = defaultSimulatedOffice;
  const rows = results.flatMap((result) =>
    lanes.map((lane) => {
      const time = result.releaseTime[lane];
      return [
        words.share(result.preArrivalShare),
        words.lane[lane],
        String(time.released),
        time.medianSeconds === null ? '-' : String(Math.round(time.medianSeconds)),
        time.p90Seconds === null ? '-' : String(Math.round(time.p90Seconds)),
        words.hours(time.medianSeconds),
        words.hours(time.p90Seconds),
      ];
    }),
  );
  const shareRows = results.map((result) => [
    words.share(result.preArrivalShare),
    words.percent(result.shareLodgedBeforeArrival),
    words.percent(result.shareReleasedOnArrival),
  ]);
  return [
    words.title(office.office, run.days, run.seed, results[0]?.files ?? 0, office.shipsPerDay),
    words.caption,
    ...textTable([words.header, ...rows], 2),
    '',
    ...textTable([words.shareHeader, ...shareRows], 1),
    '',
    words.assumptions,
    words.took(run.seconds),
  ];
}
