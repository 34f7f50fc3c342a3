/**
 * `anticipa users` and `anticipa api-keys`: the accounts of an installation, from the machine it
 * runs on. This is how an IT department creates the first administrator (who then manages the
 * others on the web or the API) and the keys of the systems that send documents.
 *
 * - `users add NAME --role ROLE [--display-name TEXT] [--office CODE]... [--sender ID] [--officer ID]`
 *   reads the password from standard input (one line), so that it stays out of the shell's
 *   history and the process list;
 * - `users list`; `users set NAME [--role] [--office]... [--active true|false] [--password]`;
 * - `api-keys create --name TEXT --role ROLE [--sender ID] [--office CODE]` prints the key once;
 *   `api-keys list`; `api-keys revoke ID`.
 *
 * Changes are recorded in the audit trail under `--by` (the operating-system user by default).
 * Exit code: 0 when done, 1 when refused (each problem printed), 2 on a usage error.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { locales, roles, type Locale } from '@anticipa/core';
import { loadConfig, openAnticipa, type Anticipa } from '@anticipa/server';
import { textTable } from '../text-table.ts';
import { errorLines } from '../text-output.ts';
import { exitOnUsageError } from './import.ts';

interface Common {
  readonly by?: string;
  readonly lang?: Locale;
}

const words = {
  en: {
    password: 'Password (12 characters or more), then Enter:',
    created: (name: string) => `User ${name} created.`,
    updated: (name: string) => `User ${name} updated.`,
    keyCreated: 'API key created. It is shown this once: keep it in the sending system’s secrets.',
    revoked: (id: string) => `API key ${id} revoked.`,
    none: 'None yet.',
  },
  fr: {
    password: 'Mot de passe (12 caractères ou plus), puis Entrée :',
    created: (name: string) => `Utilisateur ${name} créé.`,
    updated: (name: string) => `Utilisateur ${name} modifié.`,
    keyCreated:
      'Clé d’API créée. Elle n’est montrée qu’une fois : gardez-la dans les secrets du système émetteur.',
    revoked: (id: string) => `Clé d’API ${id} révoquée.`,
    none: 'Aucun pour l’instant.',
  },
} as const;

/** One line of standard input: the password, typed or piped. */
async function readPassword(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`${prompt} `);
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);
const byOption = () =>
  new Option('--by <name>', 'who makes the change, for the audit trail / l’auteur, pour la piste d’audit');
const roleOption = () => new Option('--role <role>', 'role / rôle').choices(roles);

async function withAnticipa(
  options: Common,
  work: (anticipa: Anticipa, locale: Locale, by: string) => Promise<void>,
) {
  const config = loadConfig();
  const anticipa = await openAnticipa(config);
  try {
    await work(anticipa, options.lang ?? config.defaultLocale, options.by ?? `cli:${userInfo().username}`);
  } finally {
    await anticipa.close();
  }
}

function refused(lines: readonly string[]): void {
  for (const line of lines) console.error(line);
  process.exitCode = 1;
}

export function registerUsersCommand(program: Command): void {
  const users = exitOnUsageError(
    program.command('users').description('Users, roles and offices / Utilisateurs, rôles et bureaux'),
  );

  exitOnUsageError(
    users
      .command('add <username>')
      .description('Create a user; the password is read from standard input / Créer un utilisateur')
      .addOption(roleOption().makeOptionMandatory())
      .option('--display-name <text>', 'name shown / nom affiché')
      .option('--office <code>', 'an office the user works in (repeat) / un bureau (répéter)', collect)
      .option('--sender <id>', 'declarants and carriers: the sender of their documents / l’émetteur')
      .option('--officer <id>', 'inspectors: their roster id / leur identifiant au tableau de service')
      .addOption(byOption())
      .addOption(langOption())
      .action(
        async (
          username: string,
          options: Common & {
            role: string;
            displayName?: string;
            office?: string[];
            sender?: string;
            officer?: string;
          },
        ) =>
          withAnticipa(options, async (anticipa, locale, by) => {
            const password = await readPassword(words[locale].password);
            const created = await anticipa.identity.createUser(
              {
                username,
                displayName: options.displayName ?? username,
                role: options.role,
                offices: options.office ?? null,
                sender: options.sender ?? null,
                officerId: options.officer ?? null,
                password,
              },
              by,
            );
            if (!created.ok) {
              refused(errorLines(created.error, locale));
              return;
            }
            console.log(words[locale].created(created.value.username));
          }),
      ),
  );

  exitOnUsageError(
    users
      .command('set <username>')
      .description('Change a user / Modifier un utilisateur')
      .addOption(roleOption())
      .option('--display-name <text>', 'name shown / nom affiché')
      .option('--office <code>', 'the offices, replacing the previous ones (repeat) / les bureaux', collect)
      .option('--all-offices', 'every office / tous les bureaux')
      .addOption(new Option('--active <yes>', 'enabled or not / actif ou non').choices(['true', 'false']))
      .option('--password', 'set a new password, read from standard input / nouveau mot de passe')
      .addOption(byOption())
      .addOption(langOption())
      .action(
        async (
          username: string,
          options: Common & {
            role?: string;
            displayName?: string;
            office?: string[];
            allOffices?: boolean;
            active?: 'true' | 'false';
            password?: boolean;
          },
        ) =>
          withAnticipa(options, async (anticipa, locale, by) => {
            const password = options.password ? await readPassword(words[locale].password) : undefined;
            const updated = await anticipa.identity.updateUser(
              username,
              {
                ...(options.role === undefined ? {} : { role: options.role }),
                ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
                ...(options.allOffices
                  ? { offices: null }
                  : options.office
                    ? { offices: options.office }
                    : {}),
                ...(options.active === undefined ? {} : { active: options.active === 'true' }),
                ...(password === undefined ? {} : { password }),
              },
              by,
            );
            if (!updated.ok) {
              refused(errorLines(updated.error, locale));
              return;
            }
            console.log(words[locale].updated(updated.value.username));
          }),
      ),
  );

  exitOnUsageError(
    users
      .command('list')
      .description('The users / Les utilisateurs')
      .addOption(langOption())
      .action(async (options: Common) =>
        withAnticipa(options, async (anticipa, locale) => {
          const rows = (await anticipa.identity.listUsers()).map((user) => [
            user.username,
            user.role,
            user.offices?.join(' ') ?? '*',
            user.sender ?? user.officerId ?? '',
            user.active ? 'yes' : 'no',
            user.displayName,
          ]);
          if (rows.length === 0) {
            console.log(words[locale].none);
            return;
          }
          for (const line of textTable(
            [['user', 'role', 'offices', 'sender/officer', 'active', 'name'], ...rows],
            6,
          ))
            console.log(line);
        }),
      ),
  );

  const keys = exitOnUsageError(
    program
      .command('api-keys')
      .description('API keys of sending systems / Clés d’API des systèmes émetteurs'),
  );

  exitOnUsageError(
    keys
      .command('create')
      .description('Create an API key, printed once / Créer une clé d’API, affichée une fois')
      .requiredOption('--name <text>', 'which system it is for / pour quel système')
      .addOption(roleOption().makeOptionMandatory())
      .option('--sender <id>', 'the sender its documents carry / l’émetteur de ses documents')
      .option('--office <code>', 'the one office it may send for / le seul bureau permis')
      .addOption(byOption())
      .addOption(langOption())
      .action(async (options: Common & { name: string; role: string; sender?: string; office?: string }) =>
        withAnticipa(options, async (anticipa, locale, by) => {
          const created = await anticipa.identity.createApiKey(
            {
              name: options.name,
              role: options.role,
              sender: options.sender ?? null,
              office: options.office ?? null,
            },
            by,
          );
          if (!created.ok) {
            refused(errorLines(created.error, locale));
            return;
          }
          console.error(words[locale].keyCreated);
          console.log(created.value.key);
        }),
      ),
  );

  exitOnUsageError(
    keys
      .command('list')
      .description('The API keys (never the keys themselves) / Les clés d’API')
      .addOption(langOption())
      .action(async (options: Common) =>
        withAnticipa(options, async (anticipa, locale) => {
          const rows = (await anticipa.identity.listApiKeys()).map((key) => [
            key.id,
            key.name,
            key.role,
            key.sender ?? '',
            key.office ?? '*',
            key.revokedAt ? key.revokedAt.toISOString().slice(0, 16) : '',
          ]);
          if (rows.length === 0) {
            console.log(words[locale].none);
            return;
          }
          for (const line of textTable([['id', 'name', 'role', 'sender', 'office', 'revoked'], ...rows], 6))
            console.log(line);
        }),
      ),
  );

  exitOnUsageError(
    keys
      .command('revoke <id>')
      .description('Revoke an API key / Révoquer une clé d’API')
      .addOption(byOption())
      .addOption(langOption())
      .action(async (id: string, options: Common) =>
        withAnticipa(options, async (anticipa, locale, by) => {
          const revoked = await anticipa.identity.revokeApiKey(id, by);
          if (!revoked.ok) {
            refused(errorLines(revoked.error, locale));
            return;
          }
          console.log(words[locale].revoked(id));
        }),
      ),
  );
}
