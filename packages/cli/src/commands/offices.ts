/**
 * `anticipa offices add CODE --name NAME --kind port|airport|land_border|inland --country SN`
 * and `anticipa offices list`: the customs offices the administration has configured. Every
 * declaration and manifest names one of them, so a new installation adds its offices first
 * (the demo data brings the Dakar ones). Adding an office whose code exists changes nothing.
 *
 * Exit code: 0 when done, 2 on a usage error (a bad code, kind or country).
 */
import { Option, type Command } from 'commander';
import { isCountryCode, locales, type Locale } from '@anticipa/core';
import { loadConfig, officeKinds, openAnticipa, type OfficeKind } from '@anticipa/server';
import { cliMessages } from '../cli-messages.ts';
import { exitOnUsageError } from './import.ts';

interface AddOptions {
  readonly name: string;
  readonly kind: OfficeKind;
  readonly country: string;
  readonly lang?: Locale;
}

const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);

export function registerOfficesCommand(program: Command): void {
  const command = exitOnUsageError(
    program
      .command('offices')
      .description('Customs offices of the administration / Bureaux de douane de l’administration'),
  );

  exitOnUsageError(
    command
      .command('add <code>')
      .description('Add a customs office / Ajouter un bureau de douane')
      .requiredOption('--name <name>', 'name of the office / nom du bureau')
      .addOption(
        new Option('--kind <kind>', 'kind of office / type de bureau')
          .choices(officeKinds)
          .makeOptionMandatory(),
      )
      .requiredOption('--country <country>', 'ISO 3166-1 alpha-2 country code / code pays, e.g. SN')
      .addOption(langOption())
      .action(async (code: string, options: AddOptions) => {
        const config = loadConfig();
        const m = cliMessages(options.lang ?? config.defaultLocale);
        const name = options.name.trim();
        // Same rule as the office code of intake documents (core shared/fields.ts).
        const problem = !/^[A-Z0-9]{2,10}$/.test(code)
          ? m.officeCodeInvalid(code)
          : name.length < 1 || name.length > 140
            ? m.officeNameInvalid
            : !isCountryCode(options.country)
              ? m.officeCountryInvalid(options.country)
              : undefined;
        if (problem) {
          console.error(problem);
          process.exitCode = 2;
          return;
        }
        const anticipa = await openAnticipa(config);
        try {
          const existed = anticipa.offices.isOffice(code);
          if (!existed)
            await anticipa.offices.add([{ code, name, kind: options.kind, country: options.country }]);
          console.log(existed ? m.officeExists(code) : m.officeAdded(code));
        } finally {
          await anticipa.close();
        }
      }),
  );

  exitOnUsageError(
    command
      .command('list')
      .description('List the customs offices / Lister les bureaux de douane')
      .addOption(langOption())
      .action(async (options: { lang?: Locale }) => {
        const config = loadConfig();
        const m = cliMessages(options.lang ?? config.defaultLocale);
        const anticipa = await openAnticipa(config);
        try {
          const offices = anticipa.offices.list();
          if (offices.length === 0) {
            console.log(m.noOffices);
            return;
          }
          const rows = [
            m.officesHeader,
            ...offices.map((office) => [office.code, office.kind, office.country, office.name] as const),
          ];
          const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
          for (const row of rows) {
            console.log(
              row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
            );
          }
        } finally {
          await anticipa.close();
        }
      }),
  );
}
