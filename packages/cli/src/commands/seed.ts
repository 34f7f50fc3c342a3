/**
 * `anticipa seed --demo`: loads the demo administration (Dakar offices, some 2,000 pre-arrival
 * declarations and their manifests over the last 90 days) into the configured database, with a
 * progress display. Documents already there are recognised and not stored twice.
 */
import type { Command } from 'commander';
import { loadConfig, loadDemoAdministration, openAnticipa } from '@anticipa/server';
import { countingWords, createProgress } from '../progress.ts';

const stageWords = {
  fr: { manifests: 'manifestes', declarations: 'déclarations' },
  en: { manifests: 'manifests', declarations: 'declarations' },
} as const;

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('Load demo data into the database / Charger les données de démonstration')
    .requiredOption(
      '--demo',
      'the demo administration of Senegal (Dakar offices) / l’administration de démonstration',
    )
    .option('--seed <number>', 'random seed (same seed, same data) / graine aléatoire', (value) =>
      Number.parseInt(value, 10),
    )
    .action(async (options: { demo: boolean; seed?: number }) => {
      const config = loadConfig();
      const anticipa = await openAnticipa(config);
      const progress = createProgress(countingWords);
      const words = stageWords[config.defaultLocale];
      try {
        const started = Date.now();
        const report = await loadDemoAdministration(anticipa, {
          now: new Date(),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          onProgress: (step) => {
            progress.update(words[step.stage], step.done, step.total);
          },
        });
        progress.stop();
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          config.defaultLocale === 'fr'
            ? `Démonstration chargée en ${seconds} s : ${report.offices} bureaux, ${report.manifests} manifestes, ${report.declarations} déclarations.`
            : `Demo loaded in ${seconds} s: ${report.offices} offices, ${report.manifests} manifests, ${report.declarations} declarations.`,
        );
        for (const line of report.rejected) console.error(line);
        if (report.rejected.length > 0) process.exitCode = 1;
      } finally {
        progress.stop();
        await anticipa.close();
      }
    });
}
