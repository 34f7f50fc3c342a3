/**
 * `anticipa valuation rebuild [--lang fr|en]`: rebuilds the valuation reference bands from past
 * released declarations, with a progress display and a summary (cells per level, sample
 * sizes); `anticipa valuation show DECLARATION_ID [--lang fr|en]`: each item's valuation
 * indicator, its flag and the decisions and appeals on it. Both call the valuation service, as
 * the HTTP API does. The bands are a risk indicator only (WCO guidance): the output says so.
 *
 * Exit code: 0 when done, 2 on a usage error (an unknown declaration).
 */
import { Option, type Command } from 'commander';
import { cellLevels, describeError, locales, type CellLevel, type Locale } from '@anticipa/core';
import {
  loadConfig,
  openAnticipa,
  type DeclarationValuation,
  type RebuildReport,
  type StoredDecision,
} from '@anticipa/server';
import { countingWords, createProgress } from '../progress.ts';
import { textTable } from '../text-table.ts';
import { exitOnUsageError } from './import.ts';

interface Words {
  readonly itemsStage: string;
  readonly rebuilt: (seconds: string, bands: number, items: number, declarations: number) => string;
  readonly window: (from: string, to: string, generation: string, pruned: number) => string;
  readonly levelHeader: readonly string[];
  readonly level: Readonly<Record<CellLevel, string>>;
  readonly policy: (minimumSample: number, margin: string) => string;
  readonly skipped: (count: number) => string;
  readonly riskOnly: string;
  readonly declarationTitle: (id: string, version: number, status: string) => string;
  readonly noBands: string;
  readonly bandsOf: (builtAt: string, minimumSample: number) => string;
  readonly verdict: (flagged: boolean, needsDecision: number, revenue: string, currency: string) => string;
  readonly unknown: string;
  readonly itemHeader: readonly string[];
  readonly noBand: string;
  readonly flag: string;
  readonly decisionLine: (decision: StoredDecision, inForce: boolean) => string;
  readonly appealLine: (status: string, lodgedBy: string, reason: string | undefined) => string;
}

const en: Words = {
  itemsStage: 'items',
  rebuilt: (seconds, bands, items, declarations) =>
    `Valuation bands rebuilt in ${seconds} s: ${bands} bands from ${items} items of ${declarations} released declarations.`,
  window: (from, to, generation, pruned) =>
    `Declarations lodged from ${from} to ${to}; generation ${generation}${pruned > 0 ? ` (${pruned} older generation(s) pruned)` : ''}.`,
  levelHeader: ['cell', 'bands', 'items', 'trimmed', 'sample min', 'median', 'max'],
  level: { line_origin: 'tariff line + origin', hs6_origin: 'HS6 + origin', hs6: 'HS6, any origin' },
  policy: (minimumSample, margin) =>
    `A cell needs ${minimumSample} past items for a band; an item is flagged below P10${margin === '0' ? '' : ` by more than ${margin} %`}.`,
  skipped: (count) => `${count} item(s) skipped: their exchange rate could not be read.`,
  riskOnly:
    'A risk indicator only: a band never sets a minimum value nor replaces the declared value; a flag asks for an officer’s decision.',
  declarationTitle: (id, version, status) => `Declaration ${id}, version ${version}, status ${status}`,
  noBands: 'No valuation bands yet: run `anticipa valuation rebuild`.',
  bandsOf: (builtAt, minimumSample) => `Bands of ${builtAt} (minimum sample ${minimumSample}).`,
  verdict: (flagged, needsDecision, revenue, currency) =>
    `${flagged ? 'Flagged' : 'Not flagged'}; ${needsDecision} item(s) awaiting an officer’s decision; revenue at risk: ${revenue}${revenue === 'unknown' ? '' : ` ${currency}`}.`,
  unknown: 'unknown',
  itemHeader: [
    'item',
    'line',
    'origin',
    'quantity',
    'unit value',
    'cell',
    'n',
    'P10',
    'median',
    'P90',
    '% below P10',
    'at risk',
    'flag',
  ],
  noBand: 'no band',
  flag: 'FLAG',
  decisionLine: (d, inForce) =>
    `      ${inForce ? 'in force' : 'superseded'}: ${d.decision}${d.adjustedValue ? ` ${d.adjustedValue} ${d.currency}` : ''}, basis ${d.basis}${d.basisReference ? ` (${d.basisReference})` : ''}, by ${d.officer} on ${d.decidedAt.toISOString()}: ${d.reason}`,
  appealLine: (status, lodgedBy, reason) =>
    `        appeal by ${lodgedBy}: ${status}${reason ? `: ${reason}` : ''}`,
};

const fr: Words = {
  itemsStage: 'articles',
  rebuilt: (seconds, bands, items, declarations) =>
    `Fourchettes de valeur recalculées en ${seconds} s : ${bands} fourchettes à partir de ${items} articles de ${declarations} déclarations en mainlevée.`,
  window: (from, to, generation, pruned) =>
    `Déclarations déposées du ${from} au ${to} ; génération ${generation}${pruned > 0 ? ` (${pruned} génération(s) plus ancienne(s) supprimée(s))` : ''}.`,
  levelHeader: ['cellule', 'fourchettes', 'articles', 'écartés', 'échantillon min', 'médian', 'max'],
  level: { line_origin: 'ligne tarifaire + origine', hs6_origin: 'SH6 + origine', hs6: 'SH6, toute origine' },
  policy: (minimumSample, margin) =>
    `Une cellule a besoin de ${minimumSample} articles passés pour une fourchette ; un article est signalé sous le P10${margin === '0' ? '' : ` de plus de ${margin} %`}.`,
  skipped: (count) => `${count} article(s) ignoré(s) : leur taux de change est illisible.`,
  riskOnly:
    'Un indicateur de risque seulement : une fourchette ne fixe jamais de valeur minimale ni ne remplace la valeur déclarée ; un signalement appelle la décision d’un agent.',
  declarationTitle: (id, version, status) => `Déclaration ${id}, version ${version}, statut ${status}`,
  noBands: 'Aucune fourchette de valeur pour l’instant : lancez `anticipa valuation rebuild`.',
  bandsOf: (builtAt, minimumSample) => `Fourchettes du ${builtAt} (échantillon minimal ${minimumSample}).`,
  verdict: (flagged, needsDecision, revenue, currency) =>
    `${flagged ? 'Signalée' : 'Non signalée'} ; ${needsDecision} article(s) en attente de la décision d’un agent ; recettes en jeu : ${revenue}${revenue === 'inconnues' ? '' : ` ${currency}`}.`,
  unknown: 'inconnues',
  itemHeader: [
    'article',
    'ligne',
    'origine',
    'quantité',
    'valeur unitaire',
    'cellule',
    'n',
    'P10',
    'médiane',
    'P90',
    '% sous P10',
    'en jeu',
    'signal',
  ],
  noBand: 'sans fourchette',
  flag: 'SIGNAL',
  decisionLine: (d, inForce) =>
    `      ${inForce ? 'en vigueur' : 'remplacée'} : ${d.decision}${d.adjustedValue ? ` ${d.adjustedValue} ${d.currency}` : ''}, fondement ${d.basis}${d.basisReference ? ` (${d.basisReference})` : ''}, par ${d.officer} le ${d.decidedAt.toISOString()} : ${d.reason}`,
  appealLine: (status, lodgedBy, reason) =>
    `        recours de ${lodgedBy} : ${status}${reason ? ` : ${reason}` : ''}`,
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);

export function registerValuationCommand(program: Command): void {
  const command = exitOnUsageError(
    program
      .command('valuation')
      .description(
        'Valuation reference bands, a risk indicator / Fourchettes de valeur de référence, un indicateur de risque',
      ),
  );

  exitOnUsageError(
    command
      .command('rebuild')
      .description(
        'Rebuild the bands from past released declarations / Recalculer les fourchettes à partir des déclarations en mainlevée',
      )
      .addOption(langOption())
      .action(async (options: { lang?: Locale }) => {
        const config = loadConfig();
        const locale = options.lang ?? config.defaultLocale;
        const words = catalogues[locale];
        const anticipa = await openAnticipa(config);
        const progress = createProgress(countingWords);
        try {
          const started = Date.now();
          const report = await anticipa.valuation.rebuild({
            onProgress: (step) => {
              if (step.stage === 'items') progress.update(words.itemsStage, step.done, step.total);
            },
          });
          progress.stop();
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          console.log(rebuildSummary(report, seconds, locale).join('\n'));
        } finally {
          progress.stop();
          await anticipa.close();
        }
      }),
  );

  exitOnUsageError(
    command
      .command('show <declarationId>')
      .description(
        'Each item against the bands, with decisions and appeals / Chaque article face aux fourchettes, avec décisions et recours',
      )
      .addOption(langOption())
      .action(async (declarationId: string, options: { lang?: Locale }) => {
        const config = loadConfig();
        const locale = options.lang ?? config.defaultLocale;
        const anticipa = await openAnticipa(config);
        try {
          const assessed = await anticipa.valuation.assess(declarationId);
          if (!assessed.ok) {
            console.error(describeError(assessed.error, locale));
            process.exitCode = 2;
            return;
          }
          console.log(valuationTable(assessed.value, anticipa.nationalCurrency, locale).join('\n'));
        } finally {
          await anticipa.close();
        }
      }),
  );
}

/** The summary of a rebuild: counts, window, and per level the cells and their sample sizes. */
export function rebuildSummary(report: RebuildReport, seconds: string, locale: Locale): string[] {
  const words = catalogues[locale];
  const rows = cellLevels.map((level) => {
    const summary = report.byLevel[level];
    return [
      words.level[level],
      String(summary.cells),
      String(summary.observations),
      String(summary.trimmed),
      String(summary.minSample),
      String(summary.medianSample),
      String(summary.maxSample),
    ];
  });
  return [
    words.rebuilt(seconds, report.bands, report.items, report.declarations),
    words.window(
      report.windowFrom.toISOString().slice(0, 10),
      report.windowTo.toISOString().slice(0, 10),
      report.generationId,
      report.pruned,
    ),
    ...textTable([words.levelHeader, ...rows]),
    ...(report.skipped > 0 ? [words.skipped(report.skipped)] : []),
    words.policy(report.policy.minimumSample, report.policy.flagMarginPercent),
    words.riskOnly,
  ];
}

/** A declaration's valuation as text: the verdict, one row per item, then its decisions and appeals. */
export function valuationTable(valuation: DeclarationValuation, currency: string, locale: Locale): string[] {
  const words = catalogues[locale];
  const lines = [words.declarationTitle(valuation.declarationId, valuation.version, valuation.status)];
  lines.push(
    valuation.generation
      ? words.bandsOf(valuation.generation.builtAt.toISOString(), valuation.generation.minimumSample)
      : words.noBands,
  );
  lines.push(
    words.verdict(
      valuation.flagged,
      valuation.needsDecision,
      valuation.revenueAtRisk ?? words.unknown,
      currency,
    ),
  );
  const rows = valuation.items.map((item) => {
    const { indicator } = item;
    const band = indicator.band;
    return [
      String(item.itemNumber),
      item.tariffLine,
      item.origin,
      `${indicator.quantity} ${indicator.unit}`,
      indicator.unitValue,
      band ? words.level[band.level] : words.noBand,
      band ? String(band.sampleSize) : '',
      band?.p10 ?? '',
      band?.median ?? '',
      band?.p90 ?? '',
      indicator.belowP10Percent ?? '',
      band ? (indicator.revenueAtRisk ?? words.unknown) : '',
      indicator.flagged ? words.flag : '',
    ];
  });
  lines.push(...textTable([words.itemHeader, ...rows]));
  for (const item of valuation.items) {
    if (item.decisions.length === 0) continue;
    lines.push(`  ${words.itemHeader[0] ?? ''} ${item.itemNumber}:`);
    for (const decision of item.decisions) {
      lines.push(words.decisionLine(decision, decision.supersededBy === null));
      if (decision.appeal) {
        lines.push(
          words.appealLine(decision.appeal.status, decision.appeal.lodgedBy, decision.appeal.outcome?.reason),
        );
      }
    }
  }
  lines.push(words.riskOnly);
  return lines;
}
