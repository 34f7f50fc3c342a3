/**
 * `anticipa audit verify [--head FILE...]`, `anticipa audit list [filters] [--json]` and
 * `anticipa audit export-head [--out FILE]`: the audit trail as an auditor uses it. `verify`
 * walks the hash chain and names the first edited, inserted, deleted or reordered entry; the
 * heads given with `--head` (files of `export-head` or of the server's daily export, kept
 * elsewhere) must still be in the chain. `export-head` prints or writes the head (sequence,
 * hash, date) so that it can be kept away from the database.
 *
 * Exit code: 0 when done (verify: the trail is intact), 1 when verify finds it tampered with,
 * 2 on a usage error (a bad option, an unreadable or foreign head file).
 */
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { describeChainVerification, locales, type AuditEntry, type Locale } from '@anticipa/core';
import {
  auditHeadExport,
  auditHeadText,
  loadConfig,
  openAnticipa,
  readAuditHead,
  type AuditFilters,
} from '@anticipa/server';
import { textTable } from '../text-table.ts';
import { exitOnUsageError } from './import.ts';

interface Words {
  readonly cannotRead: (path: string, reason: string) => string;
  readonly notHead: (path: string) => string;
  readonly cannotWrite: (path: string, reason: string) => string;
  readonly badDate: (option: string, value: string) => string;
  readonly badLimit: (value: string) => string;
  readonly badBefore: (value: string) => string;
  readonly columns: readonly string[];
  readonly noEntries: string;
  readonly more: (shown: number, total: number, before: number) => string;
  readonly exported: (sequence: number, hash: string, path: string) => string;
}

const en: Words = {
  cannotRead: (path, reason) => `Cannot read ${path}: ${reason}`,
  notHead: (path) => `${path} is not an audit head export (format anticipa-audit-head/1)`,
  cannotWrite: (path, reason) => `Cannot write ${path}: ${reason}`,
  badDate: (option, value) =>
    `${option} ${JSON.stringify(value)}: expected a date, YYYY-MM-DD, or an ISO 8601 instant`,
  badLimit: (value) => `--limit ${JSON.stringify(value)}: expected a whole number from 1 to 500`,
  badBefore: (value) => `--before ${JSON.stringify(value)}: expected the sequence number of an entry`,
  columns: ['#', 'at', 'actor', 'action', 'subject', 'hash'],
  noEntries: 'No audit entries.',
  more: (shown, total, before) => `${shown} of ${total} entries shown; next page: --before ${before}`,
  exported: (sequence, hash, path) => `Audit head ${sequence} ${hash} written to ${path}`,
};

const fr: Words = {
  cannotRead: (path, reason) => `Impossible de lire ${path} : ${reason}`,
  notHead: (path) => `${path} n’est pas un export de tête d’audit (format anticipa-audit-head/1)`,
  cannotWrite: (path, reason) => `Impossible d’écrire ${path} : ${reason}`,
  badDate: (option, value) =>
    `${option} ${JSON.stringify(value)} : attendu une date AAAA-MM-JJ ou un instant ISO 8601`,
  badLimit: (value) => `--limit ${JSON.stringify(value)} : attendu un nombre entier de 1 à 500`,
  badBefore: (value) => `--before ${JSON.stringify(value)} : attendu le numéro d’une entrée`,
  columns: ['n°', 'date', 'auteur', 'action', 'objet', 'empreinte'],
  noEntries: 'Aucune entrée d’audit.',
  more: (shown, total, before) =>
    `${shown} entrées affichées sur ${total} ; page suivante : --before ${before}`,
  exported: (sequence, hash, path) => `Tête d’audit ${sequence} ${hash} écrite dans ${path}`,
};

const catalogues: Readonly<Record<Locale, Words>> = { en, fr };

const langOption = () =>
  new Option('--lang <lang>', 'language of the messages / langue des messages').choices(locales);

class UsageError extends Error {}

function dateOption(option: string, value: string | undefined, words: Words): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
    throw new UsageError(words.badDate(option, value));
  return at;
}

function wholeOption(value: string | undefined, words: Words): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 500)
    throw new UsageError(words.badLimit(value));
  return Number(value);
}

/** The entries as a table, oldest of the page last as the API gives them (newest first). */
export function auditEntryLines(entries: readonly AuditEntry[], locale: Locale): string[] {
  const words = catalogues[locale];
  return textTable(
    [
      words.columns,
      ...entries.map((entry) => [
        String(entry.sequence),
        entry.at.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'),
        entry.actor,
        entry.action,
        `${entry.subject.type} ${entry.subject.id}`,
        entry.hash.slice(0, 12),
      ]),
    ],
    6,
  );
}

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
  const words = catalogues[locale];
  let anticipa: Awaited<ReturnType<typeof openAnticipa>> | undefined;
  try {
    anticipa = await openAnticipa(config);
    process.exitCode = (await action({ anticipa, locale, words })) ?? 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  } finally {
    await anticipa?.close();
  }
}

interface ListOptions {
  readonly subjectType?: string;
  readonly subject?: string;
  readonly action?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
  readonly before?: string;
  readonly limit?: string;
  readonly json?: boolean;
  readonly lang?: Locale;
}

export function registerAuditCommand(program: Command): void {
  const command = exitOnUsageError(
    program
      .command('audit')
      .description(
        'The audit trail, a hash chain of every change / Le journal d’audit, chaîne d’empreintes de chaque modification',
      ),
  );

  exitOnUsageError(
    command
      .command('verify')
      .description(
        'Verify the chain: exit 0 when intact, 1 when an entry was edited, inserted, deleted or reordered / Vérifier la chaîne : 0 si intacte, 1 si une entrée a été modifiée, insérée, supprimée ou déplacée',
      )
      .option(
        '--head <file...>',
        'heads exported earlier, which must still be in the chain / têtes exportées auparavant, qui doivent figurer dans la chaîne',
      )
      .addOption(langOption())
      .action(async (options: { head?: string[]; lang?: Locale }) => {
        await withAnticipa(options.lang, async ({ anticipa, locale, words }) => {
          const anchors = [];
          for (const file of options.head ?? []) {
            let head;
            try {
              head = await readAuditHead(file);
            } catch (error) {
              throw new UsageError(words.cannotRead(file, (error as Error).message));
            }
            if (!head) throw new UsageError(words.notHead(file));
            if (head.sequence > 0) anchors.push(head);
          }
          const verification = await anticipa.audit.verify(anchors);
          const line = describeChainVerification(verification, locale);
          if (verification.intact) {
            console.log(line);
            return 0;
          }
          console.error(line);
          return 1;
        });
      }),
  );

  exitOnUsageError(
    command
      .command('list')
      .description('List audit entries, newest first / Lister les entrées d’audit, les plus récentes d’abord')
      .option('--subject-type <type>', 'declaration, office, tariff, valuation_decision...')
      .option('--subject <id>', 'the id of the subject / l’identifiant de l’objet')
      .option('--action <action>', 'valuation.decided, tariff.imported...')
      .option('--actor <actor>', 'who made the change / l’auteur de la modification')
      .option('--from <date>', 'entries at or after / entrées à partir de')
      .option('--to <date>', 'entries at or before / entrées jusqu’à')
      .option('--before <sequence>', 'entries before this sequence (next page) / entrées avant ce numéro')
      .option('--limit <n>', 'entries per page, 1 to 500 (50) / entrées par page')
      .option('--json', 'print the entries as JSON, with before and after / en JSON, avec avant et après')
      .addOption(langOption())
      .action(async (options: ListOptions) => {
        await withAnticipa(options.lang, async ({ anticipa, locale, words }) => {
          const before =
            options.before === undefined
              ? undefined
              : /^\d{1,15}$/.test(options.before)
                ? Number(options.before)
                : undefined;
          if (options.before !== undefined && before === undefined)
            throw new UsageError(words.badBefore(options.before));
          const filters: AuditFilters = {
            subjectType: options.subjectType,
            subjectId: options.subject,
            action: options.action,
            actor: options.actor,
            from: dateOption('--from', options.from, words),
            to: dateOption('--to', options.to, words),
            before,
            limit: wholeOption(options.limit, words),
          };
          const page = await anticipa.audit.list(filters);
          if (options.json) {
            console.log(JSON.stringify(page, null, 2));
            return 0;
          }
          if (page.entries.length === 0) {
            console.log(words.noEntries);
            return 0;
          }
          for (const line of auditEntryLines(page.entries, locale)) console.log(line);
          if (page.nextBefore !== undefined)
            console.log(words.more(page.entries.length, page.total, page.nextBefore));
          return 0;
        });
      }),
  );

  exitOnUsageError(
    command
      .command('export-head')
      .description(
        'Print or write the head of the chain (sequence, hash, date) to keep it elsewhere / Afficher ou écrire la tête de la chaîne pour la conserver ailleurs',
      )
      .option('--out <file>', 'write it to this file instead of printing it / l’écrire dans ce fichier')
      .addOption(langOption())
      .action(async (options: { out?: string; lang?: Locale }) => {
        await withAnticipa(options.lang, async ({ anticipa, words }) => {
          const exported = await auditHeadExport(anticipa.audit, new Date());
          if (options.out === undefined) {
            process.stdout.write(auditHeadText(exported));
            return 0;
          }
          try {
            await writeFile(options.out, auditHeadText(exported), 'utf8');
          } catch (error) {
            throw new UsageError(words.cannotWrite(options.out, (error as Error).message));
          }
          console.log(words.exported(exported.sequence, exported.hash, options.out));
          return 0;
        });
      }),
  );
}
