/** `anticipa serve`: runs the API (and, when built, the web UI) on the configured port. */
import type { Command } from 'commander';
import { loadConfig, startServer } from '@anticipa/server';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Start Anticipa: migrate the database, load demo data on an empty one, serve the API / Démarrer Anticipa',
    )
    .action(async () => {
      const config = loadConfig();
      await startServer(config);
    });
}
