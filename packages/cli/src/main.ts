/**
 * The `anticipa` command line: one program whose commands parse their arguments, call the same
 * services as the HTTP API, and print the result. `anticipa --help` lists the commands.
 */
import { Command } from 'commander';
import { ConfigError } from '@anticipa/server';
import { registerSeedCommand } from './commands/seed.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerOfficesCommand } from './commands/offices.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerWriteOffCommand } from './commands/write-off.ts';
import { registerValuationCommand } from './commands/valuation.ts';
import { registerTariffCommand } from './commands/tariff.ts';
import { registerBacktestCommand } from './commands/backtest.ts';
import { registerTargetingCommand } from './commands/targeting.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerIndicatorsCommand } from './commands/indicators.ts';
import { registerUsersCommand } from './commands/users.ts';

const program = new Command()
  .name('anticipa')
  .description('Anticipa: anticipated customs inspections / inspections anticipées en douane')
  .version('0.1.0')
  .showHelpAfterError();

registerServeCommand(program);
registerImportCommand(program);
registerOfficesCommand(program);
registerSeedCommand(program);
registerWriteOffCommand(program);
registerValuationCommand(program);
registerTariffCommand(program);
registerBacktestCommand(program);
registerSimulateCommand(program);
registerTargetingCommand(program);
registerIndicatorsCommand(program);
registerAuditCommand(program);
registerUsersCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
