/**
 * `anticipa indicators [--office X] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--group-by
 * office,lane,profile,period] [--period day|month] [--lang fr|en]`: the clearance indicators
 * per group (files per lane, hit rates of targeted and random controls, revenue recovered,
 * seizures, shares lodged before arrival and released on arrival, median and P90 release time
 * per lane), then the hit rate of each criterion that selected inspected files. Calls the same
 * service as GET /api/indicators.
 *
 * Exit code: 0 when done, 2 on a usage error.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { lanes, locales, type ClearanceIndicators, type HitRate, type Locale } from '@anticipa/core';
import { loadConfig, openAnticipa } from '@anticipa/server';
import { exitOnUsageError } from './import.ts';
import { textTable } from '../text-table.ts';

const dimensions = ['office', 'lane', 'profile', 'period'] as const;
type Dimension = (typeof dimensions)[number];

interface Words {
  readonly title: (files: number, office: string | null, from: string | null, to: string | null) => string;
  readonly header: readonly string[];
  readonly releaseTitle: string;
  readonly releaseHeader: readonly string[];
  readonly criteriaTitle: string;
  readonly criteriaHeader: readonly string[];
  readonly all: string;
  readonly none: string;
}

const en: Words = {
  title: (files, office, from, to) =>
    `Clearance indicators: ${String(files)} file(s)${office ? ` at office ${office}` : ''}${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`,
  header: [
    'group',
    'files',
    'red',
    'yellow',
    'blue',
    'green',
    'targeted hits',
    'random hits',
    'revenue recovered',
    'seizures',
    'lodged before arrival',
    'released on arrival',
  ],
  releaseTitle: 'Hours from arrival to release (median / P90):',
  releaseHeader: ['group', 'red', 'yellow', 'blue', 'green'],
  criteriaTitle: 'Hit rate of the criteria that selected files:',
  criteriaHeader: ['profile', 'criterion', 'selected', 'inspected', 'hits', 'hit rate', 'revenue recovered'],
  all: 'all',
  none: '(none)',
};

const fr: Words = {
  title: (files, office, from, to) =>
    `Indicateurs de dédouanement : ${String(files)} dossier(s)${office ? `, bureau ${office}` : ''}${from ? ` du ${from}` : ''}${to ? ` au ${to}` : ''}`,
  header: [
    'groupe',
    'dossiers',
    'rouge',
    'jaune',
    'bleu',
    'vert',
    'résultats ciblés',
    'résultats aléatoires',
    'recettes récupérées',
    'saisies',
    'déposés avant arrivée',
    'mainlevée à l’arrivée',
  ],
  releaseTitle: 'Heures de l’arrivée à la mainlevée (médiane / P90) :',
  releaseHeader: ['groupe', 'rouge', 'jaune', 'bleu', 'vert'],
  criteriaTitle: 'Taux de résultat des critères qui ont sélectionné des dossiers :',
  criteriaHeader: [
    'profil',
    'critère',
    'sélectionnés',
    'contrôlés',
    'résultats',
    'taux',
    'recettes récupérées',
  ],
  all: 'tous',
  none: '(aucun)',
};

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)} %`);
const hitRate = (rate: HitRate) =>
  rate.inspections === 0 ? '-' : `${String(rate.hits)}/${String(rate.inspections)} ${percent(rate.rate)}`;
const hours = (seconds: number | null) => (seconds === null ? '-' : (seconds / 3600).toFixed(1));

function groupLabel(group: ClearanceIndicators, words: Words): string {
  const parts = Object.values(group.key).map((value) => (value === null ? words.none : String(value)));
  return parts.length === 0 ? words.all : parts.join(' / ');
}

function day(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new InvalidArgumentError('expected a date YYYY-MM-DD / une date AAAA-MM-JJ');
  return value;
}

function groupBy(value: string): Dimension[] {
  const parts = value.split(',').map((part) => part.trim());
  const wrong = parts.filter((part) => !(dimensions as readonly string[]).includes(part));
  if (wrong.length > 0) throw new InvalidArgumentError(`expected some of: ${dimensions.join(', ')}`);
  return [...new Set(parts as Dimension[])];
}

export function registerIndicatorsCommand(program: Command): void {
  exitOnUsageError(
    program
      .command('indicators')
      .description(
        'Clearance indicators per office, lane, profile and period / Indicateurs de dédouanement par bureau, circuit, profil et période',
      )
      .option('--office <code>', 'one office / un bureau')
      .option('--from <date>', 'first day, YYYY-MM-DD / premier jour', day)
      .option('--to <date>', 'last day, YYYY-MM-DD / dernier jour', day)
      .option('--group-by <dimensions>', 'office, lane, profile, period (comma-separated)', groupBy, [
        'office',
        'lane',
      ] as Dimension[])
      .addOption(new Option('--period <period>', 'day or month / jour ou mois').choices(['day', 'month']))
      .addOption(new Option('--lang <lang>', 'language of the output / langue de la sortie').choices(locales))
      .action(
        async (options: {
          office?: string;
          from?: string;
          to?: string;
          groupBy: Dimension[];
          period?: 'day' | 'month';
          lang?: Locale;
        }) => {
          const config = loadConfig();
          const locale = options.lang ?? config.defaultLocale;
          const words = locale === 'fr' ? fr : en;
          const anticipa = await openAnticipa(config);
          try {
            const report = await anticipa.clearance.indicators({
              office: options.office,
              from: options.from === undefined ? undefined : new Date(`${options.from}T00:00:00Z`),
              to:
                options.to === undefined
                  ? undefined
                  : new Date(Date.parse(`${options.to}T00:00:00Z`) + 86_400_000),
              groupBy: options.groupBy,
              period: options.period,
            });
            const lines = [
              words.title(report.files, options.office ?? null, options.from ?? null, options.to ?? null),
              '',
              ...textTable([
                words.header,
                ...report.groups.map((group) => [
                  groupLabel(group, words),
                  String(group.files),
                  ...lanes.map((lane) => String(group.filesPerLane[lane])),
                  hitRate(group.hitRate.targeted),
                  hitRate(group.hitRate.random),
                  group.revenueRecovered,
                  String(group.seizures),
                  percent(group.shareLodgedBeforeArrival),
                  percent(group.shareReleasedOnArrival),
                ]),
              ]),
              '',
              words.releaseTitle,
              ...textTable([
                words.releaseHeader,
                ...report.groups.map((group) => [
                  groupLabel(group, words),
                  ...lanes.map(
                    (lane) =>
                      `${hours(group.releaseTime[lane].medianSeconds)} / ${hours(group.releaseTime[lane].p90Seconds)}`,
                  ),
                ]),
              ]),
            ];
            if (report.criteria.length > 0) {
              lines.push(
                '',
                words.criteriaTitle,
                ...textTable(
                  [
                    words.criteriaHeader,
                    ...report.criteria.map((entry) => [
                      entry.profileId,
                      `${entry.criterionId} ${entry.name}`,
                      String(entry.selected),
                      String(entry.inspections),
                      String(entry.hits),
                      percent(entry.rate),
                      entry.revenueRecovered,
                    ]),
                  ],
                  2,
                ),
              );
            }
            console.log(lines.join('\n'));
          } finally {
            await anticipa.close();
          }
        },
      ),
  );
}
