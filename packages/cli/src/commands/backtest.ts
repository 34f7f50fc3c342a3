/**
 * `anticipa backtest RULESET [--from DATE] [--to DATE] [--office CODE] [--capacity
 * OFFICE=N,...] [--json] [--lang fr|en]`: runs a candidate rule set (a JSON file, or the
 * version number of a stored rule set) over the stored files with known inspection results,
 * beside the active rule set, with a progress display, and prints the report: lane shares, hit
 * rate, revenue caught, workload per office and day against capacity, and the files newly
 * selected or released. `--json` prints the report itself, for a spreadsheet or a script.
 *
 * `anticipa rule-sets list|show VERSION|save FILE --by NAME|activate VERSION --by NAME`: the
 * rule sets, as the API manages them.
 *
 * Exit code: 0 when done, 1 when the rule set is refused (its problems are listed by JSON
 * Pointer), 2 on a usage error (unreadable file, bad option, unknown version).
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import {
  laneShares,
  lanes,
  locales,
  type BacktestReport,
  type Lane,
  type Locale,
  type RuleSetBacktest,
} from '@anticipa/core';
import { loadConfig, openAnticipa, type RuleSetSummary } from '@anticipa/server';
import { countingWords, createProgress } from '../progress.ts';
import { errorLines } from '../text-output.ts';
import { textTable } from '../text-table.ts';
import { exitOnUsageError } from './import.ts';

interface Words {
  readonly filesStage: string;
  readonly cannotRead: (path: string, reason: string) => string;
  readonly notJson: (path: string, reason: string) => string;
  readonly badDate: (option: string, value: string) => string;
  readonly badCapacity: (value: string) => string;
  readonly title: (candidate: string, baseline: string | null) => string;
  readonly ruleSetName: (name: string, version: number) => string;
  readonly period: (from: string, to: string, files: number) => string;
  readonly known: (withOutcome: number, nonCompliant: number, revenue: string) => string;
  readonly noKnown: string;
  readonly columns: (hasBaseline: boolean) => readonly string[];
  readonly lane: Readonly<Record<Lane, string>>;
  readonly selected: string;
  readonly random: string;
  readonly hitRate: string;
  readonly found: string;
  readonly revenueCaught: string;
  readonly workloadTitle: string;
  readonly workloadColumns: readonly string[];
  readonly inForce: string;
  readonly candidate: string;
  readonly changed: (
    kind: 'selected' | 'released',
    count: number,
    nonCompliant: number,
    revenue: string,
  ) => string;
  readonly examples: (ids: string) => string;
  readonly noBands: string;
  readonly ruleSetsColumns: readonly string[];
  readonly noRuleSets: string;
  readonly active: string;
  readonly saved: (version: number) => string;
  readonly activated: (version: number) => string;
  readonly refused: (count: number) => string;
}

const percent = (value: number | null, locale: Locale) =>
  value === null
    ? '–'
    : `${new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(100 * value)} %`;

const amount = (value: number, locale: Locale) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 0 }).format(value);

const decimal = (value: number, locale: Locale) =>
  new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 }).format(value);

const en: Words = {
  filesStage: 'files',
  cannotRead: (path, reason) => `Cannot read ${path}: ${reason}`,
  notJson: (path, reason) => `${path} is not JSON: ${reason}`,
  badDate: (option, value) => `${option} ${JSON.stringify(value)}: expected a date such as 2026-09-01`,
  badCapacity: (value) =>
    `--capacity ${JSON.stringify(value)}: expected office codes with controls per day, such as SNDKR1=40,SNDSS1=12`,
  title: (candidate, baseline) =>
    `Backtest of ${candidate}${baseline ? `, beside ${baseline} (in force)` : ' (no rule set in force)'}`,
  ruleSetName: (name, version) => `“${name}” (version ${version})`,
  period: (from, to, files) => `Files lodged from ${from} to ${to}: ${files}`,
  known: (withOutcome, nonCompliant, revenue) =>
    `With a known inspection result: ${withOutcome}, of them non-compliant: ${nonCompliant}, revenue recovered: ${revenue}`,
  noKnown: 'No file has a recorded inspection result: hit rates and revenue cannot be measured.',
  columns: (hasBaseline) => (hasBaseline ? ['', 'in force', 'candidate'] : ['', 'candidate']),
  lane: {
    red: 'red (examination)',
    yellow: 'yellow (documents)',
    blue: 'blue (after release)',
    green: 'green',
  },
  selected: 'controlled (red + yellow)',
  random: '  of them in the random sample',
  hitRate: 'hit rate (known results)',
  found: 'non-compliant files found',
  revenueCaught: 'revenue caught',
  workloadTitle: 'Controls per office and day',
  workloadColumns: ['office', 'rule set', 'days', 'mean', 'peak', 'capacity', 'days over'],
  inForce: 'in force',
  candidate: 'candidate',
  changed: (kind, count, nonCompliant, revenue) =>
    `${kind === 'selected' ? 'Newly controlled' : 'Newly released'}: ${count} file(s), ${nonCompliant} known non-compliant, revenue ${revenue}`,
  examples: (ids) => `  for example ${ids}`,
  noBands:
    'No valuation bands yet: criteria on reference values hit nothing. Run `anticipa valuation rebuild` first.',
  ruleSetsColumns: ['version', 'name', 'profiles', 'criteria', 'lists', 'saved by', 'activated', ''],
  noRuleSets: 'No rule set saved yet.',
  active: 'IN FORCE',
  saved: (version) => `Saved as version ${version} (not active until activated).`,
  activated: (version) => `Version ${version} is now in force.`,
  refused: (count) => `Rule set refused: ${count} problem(s); nothing was saved.`,
};

const fr: Words = {
  filesStage: 'dossiers',
  cannotRead: (path, reason) => `Impossible de lire ${path} : ${reason}`,
  notJson: (path, reason) => `${path} n’est pas du JSON : ${reason}`,
  badDate: (option, value) =>
    `${option} ${JSON.stringify(value)} : une date est attendue, par exemple 2026-09-01`,
  badCapacity: (value) =>
    `--capacity ${JSON.stringify(value)} : des codes de bureau avec les contrôles par jour sont attendus, par exemple SNDKR1=40,SNDSS1=12`,
  title: (candidate, baseline) =>
    `Simulation rétrospective de ${candidate}${baseline ? `, à côté de ${baseline} (en vigueur)` : ' (aucun jeu de règles en vigueur)'}`,
  ruleSetName: (name, version) => `« ${name} » (version ${version})`,
  period: (from, to, files) => `Dossiers déposés du ${from} au ${to} : ${files}`,
  known: (withOutcome, nonCompliant, revenue) =>
    `Avec un résultat de contrôle connu : ${withOutcome}, dont non conformes : ${nonCompliant}, recettes redressées : ${revenue}`,
  noKnown:
    'Aucun dossier n’a de résultat de contrôle enregistré : taux de réussite et recettes ne peuvent être mesurés.',
  columns: (hasBaseline) => (hasBaseline ? ['', 'en vigueur', 'candidat'] : ['', 'candidat']),
  lane: {
    red: 'rouge (visite)',
    yellow: 'jaune (documents)',
    blue: 'bleu (après mainlevée)',
    green: 'vert',
  },
  selected: 'contrôlés (rouge + jaune)',
  random: '  dont tirés au hasard',
  hitRate: 'taux de réussite (résultats connus)',
  found: 'dossiers non conformes trouvés',
  revenueCaught: 'recettes redressées',
  workloadTitle: 'Contrôles par bureau et par jour',
  workloadColumns: ['bureau', 'jeu de règles', 'jours', 'moyenne', 'pointe', 'capacité', 'jours au-delà'],
  inForce: 'en vigueur',
  candidate: 'candidat',
  changed: (kind, count, nonCompliant, revenue) =>
    `${kind === 'selected' ? 'Nouvellement contrôlés' : 'Nouvellement libérés'} : ${count} dossier(s), ${nonCompliant} non conforme(s) connu(s), recettes ${revenue}`,
  examples: (ids) => `  par exemple ${ids}`,
  noBands:
    'Aucune fourchette de valeur pour l’instant : les critères sur les valeurs de référence ne touchent rien. Lancez d’abord `anticipa valuation rebuild`.',
  ruleSetsColumns: ['version', 'nom', 'profils', 'critères', 'listes', 'enregistré par', 'activé', ''],
  noRuleSets: 'Aucun jeu de règles enregistré.',
  active: 'EN VIGUEUR',
  saved: (version) => `Enregistré en version ${version} (inactif tant qu’il n’est pas activé).`,
  activated: (version) => `La version ${version} est désormais en vigueur.`,
  refused: (count) => `Jeu de règles refusé : ${count} problème(s) ; rien n’a été enregistré.`,
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);

class UsageError extends Error {}

/** A JSON file's content; a UsageError naming the file when it cannot be read or parsed. */
async function readJson(path: string, words: Words): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(words.cannotRead(path, (error as Error).message));
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(words.notJson(path, (error as Error).message));
  }
}

/** A date option (YYYY-MM-DD, midnight UTC, or an ISO 8601 instant). */
function dateOption(option: string, value: string | undefined, words: Words): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
    throw new UsageError(words.badDate(option, value));
  return at;
}

/** `SNDKR1=40,SNDSS1=12` as controls per day per office. */
function capacityOption(value: string | undefined, words: Words): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const capacity: Record<string, number> = {};
  for (const entry of value.split(',')) {
    const match = /^([A-Z0-9]{2,17})=(\d+(?:\.\d+)?)$/.exec(entry.trim());
    if (!match?.[1] || match[2] === undefined) throw new UsageError(words.badCapacity(value));
    capacity[match[1]] = Number(match[2]);
  }
  return capacity;
}

/** The report as text, in the user's language. */
export function backtestText(report: BacktestReport, currency: string, locale: Locale): string[] {
  const words = catalogues[locale];
  const money = (value: number) => `${amount(value, locale)} ${currency}`;
  const sets: RuleSetBacktest[] = report.baseline ? [report.baseline, report.candidate] : [report.candidate];
  const name = (set: RuleSetBacktest) => words.ruleSetName(set.name, set.version);
  const lines = [
    words.title(name(report.candidate), report.baseline && name(report.baseline)),
    words.period(report.from?.slice(0, 10) ?? '–', report.to?.slice(0, 10) ?? '–', report.files),
    report.withOutcome > 0
      ? words.known(report.withOutcome, report.nonCompliant, money(report.revenueRecovered))
      : words.noKnown,
    '',
  ];
  const shares = sets.map((set) => laneShares(set.lanes));
  lines.push(
    ...textTable([
      words.columns(report.baseline !== null),
      ...lanes.map((lane) => [
        words.lane[lane],
        ...sets.map(
          (set, index) => `${String(set.lanes[lane])} (${decimal(shares[index]?.[lane] ?? 0, locale)} %)`,
        ),
      ]),
      [words.selected, ...sets.map((set) => String(set.selected))],
      [words.random, ...sets.map((set) => String(set.random))],
      [
        words.hitRate,
        ...sets.map((set) => `${percent(set.hitRate, locale)} (${set.hits}/${set.selectedWithOutcome})`),
      ],
      [words.found, ...sets.map((set) => `${set.hits} (${percent(set.recall, locale)})`)],
      [
        words.revenueCaught,
        ...sets.map((set) => `${money(set.revenueCaught)} (${percent(set.revenueShare, locale)})`),
      ],
    ]),
    '',
    words.workloadTitle,
  );
  const workloadRows = sets.flatMap((set, index) =>
    set.workload.map((office) => [
      office.office,
      report.baseline && index === 0 ? words.inForce : words.candidate,
      String(office.days),
      decimal(office.meanControls, locale),
      String(office.peakControls),
      decimal(office.meanCapacity, locale),
      String(office.daysOverCapacity),
    ]),
  );
  workloadRows.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  lines.push(...textTable([words.workloadColumns, ...workloadRows], 2));
  for (const [kind, changed] of [
    ['selected', report.newlySelected],
    ['released', report.newlyReleased],
  ] as const) {
    if (!changed) continue;
    lines.push('', words.changed(kind, changed.count, changed.nonCompliant, money(changed.revenue)));
    if (changed.sample.length > 0) lines.push(words.examples(changed.sample.slice(0, 5).join(', ')));
  }
  return lines;
}

/** Rule sets as a table, the one in force marked. */
export function ruleSetsText(ruleSets: readonly RuleSetSummary[], locale: Locale): string[] {
  const words = catalogues[locale];
  if (ruleSets.length === 0) return [words.noRuleSets];
  return textTable(
    [
      words.ruleSetsColumns,
      ...ruleSets.map((set) => [
        String(set.version),
        set.name,
        String(set.profiles),
        String(set.criteria),
        String(set.lists),
        set.createdBy,
        set.activatedAt ? `${set.activatedAt.toISOString().slice(0, 16)} ${set.activatedBy ?? ''}` : '',
        set.active ? words.active : '',
      ]),
    ],
    2,
  );
}

/** Runs an action with the config, the language and the services; usage errors exit 2. */
async function withAnticipa(
  lang: Locale | undefined,
  action: (context: {
    anticipa: Awaited<ReturnType<typeof openAnticipa>>;
    locale: Locale;
    words: Words;
  }) => Promise<number | undefined>,
): Promise<void> {
  const config = loadConfig();
  const locale = lang ?? config.defaultLocale;
  const anticipa = await openAnticipa(config);
  try {
    process.exitCode = (await action({ anticipa, locale, words: catalogues[locale] })) ?? 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  } finally {
    await anticipa.close();
  }
}

const versionOf = (text: string): number | undefined => (/^\d{1,9}$/.test(text) ? Number(text) : undefined);

export function registerBacktestCommand(program: Command): void {
  exitOnUsageError(
    program
      .command('backtest <ruleSet>')
      .description(
        'Run a candidate rule set (JSON file or stored version) over past files beside the one in force / Simuler un jeu de règles candidat (fichier JSON ou version enregistrée) sur les dossiers passés, à côté de celui en vigueur',
      )
      .option(
        '--from <date>',
        'files lodged from this date (default: 365 days before --to) / dossiers déposés depuis',
      )
      .option('--to <date>', 'files lodged before this date (default: now) / dossiers déposés avant')
      .option('--office <code>', 'only the files of this office / seulement ce bureau')
      .option(
        '--capacity <list>',
        'controls per day, e.g. SNDKR1=40,SNDSS1=12 (default: the expected rates) / contrôles par jour',
      )
      .option('--json', 'print the report as JSON / afficher le rapport en JSON')
      .addOption(langOption())
      .action(
        async (
          ruleSet: string,
          options: {
            from?: string;
            to?: string;
            office?: string;
            capacity?: string;
            json?: boolean;
            lang?: Locale;
          },
        ) => {
          await withAnticipa(options.lang, async ({ anticipa, locale, words }) => {
            const version = versionOf(ruleSet);
            const candidate = version ?? (await readJson(ruleSet, words));
            const request = {
              candidate,
              from: dateOption('--from', options.from, words),
              to: dateOption('--to', options.to, words),
              office: options.office,
              capacity: capacityOption(options.capacity, words),
            };
            const progress = createProgress(countingWords);
            const result = await anticipa.backtest(request, ({ done, total }) => {
              progress.update(words.filesStage, done, total);
            });
            progress.stop();
            if (!result.ok) {
              console.error(errorLines(result.error, locale).join('\n'));
              return result.error.code === 'VALIDATION_FAILED' ? 1 : 2;
            }
            if (options.json) {
              console.log(JSON.stringify(result.value, null, 2));
              return 0;
            }
            const stored = version === undefined ? undefined : await anticipa.selectivity.ruleSet(version);
            const readsReferences = JSON.stringify(stored?.ok ? stored.value.document : candidate).includes(
              '"unitValueBelowReference"',
            );
            if (readsReferences && !(await anticipa.valuation.hasBands())) console.log(words.noBands);
            console.log(backtestText(result.value, anticipa.nationalCurrency, locale).join('\n'));
            return 0;
          });
        },
      ),
  );

  const ruleSets = exitOnUsageError(
    program.command('rule-sets').description('Selectivity rule sets / Jeux de règles de sélectivité'),
  );
  exitOnUsageError(
    ruleSets
      .command('list')
      .description('Every saved rule set / Tous les jeux de règles enregistrés')
      .addOption(langOption())
      .action(async (options: { lang?: Locale }) => {
        await withAnticipa(options.lang, async ({ anticipa, locale }) => {
          console.log(ruleSetsText(await anticipa.selectivity.listRuleSets(), locale).join('\n'));
          return 0;
        });
      }),
  );
  exitOnUsageError(
    ruleSets
      .command('show <version>')
      .description('A rule set as JSON / Un jeu de règles en JSON')
      .addOption(langOption())
      .action(async (text: string, options: { lang?: Locale }) => {
        await withAnticipa(options.lang, async ({ anticipa, locale }) => {
          const found = await anticipa.selectivity.ruleSet(versionOf(text) ?? 0);
          if (!found.ok) {
            console.error(errorLines(found.error, locale).join('\n'));
            return 2;
          }
          console.log(JSON.stringify(found.value.document, null, 2));
          return 0;
        });
      }),
  );
  exitOnUsageError(
    ruleSets
      .command('save <file>')
      .description('Save a rule set under the next version / Enregistrer un jeu de règles')
      .requiredOption('--by <name>', 'who saves it / qui l’enregistre')
      .addOption(langOption())
      .action(async (file: string, options: { by: string; lang?: Locale }) => {
        await withAnticipa(options.lang, async ({ anticipa, locale, words }) => {
          const saved = await anticipa.selectivity.saveRuleSet(await readJson(file, words), options.by);
          if (!saved.ok) {
            console.error(
              [words.refused(saved.error.problems?.length ?? 1), ...errorLines(saved.error, locale)].join(
                '\n',
              ),
            );
            return 1;
          }
          console.log(words.saved(saved.value.version));
          return 0;
        });
      }),
  );
  exitOnUsageError(
    ruleSets
      .command('activate <version>')
      .description('Put a saved rule set in force / Mettre en vigueur un jeu de règles')
      .requiredOption('--by <name>', 'who activates it / qui l’active')
      .addOption(langOption())
      .action(async (text: string, options: { by: string; lang?: Locale }) => {
        await withAnticipa(options.lang, async ({ anticipa, locale, words }) => {
          const activated = await anticipa.selectivity.activate(versionOf(text) ?? 0, options.by);
          if (!activated.ok) {
            console.error(errorLines(activated.error, locale).join('\n'));
            return 2;
          }
          console.log(words.activated(activated.value.version));
          return 0;
        });
      }),
  );
}
