/**
 * The head of the audit trail, exported so that it can be kept elsewhere (printed, mailed,
 * filed with another administration): a chain rewritten from some entry to its end is
 * self-consistent, but no longer holds a head exported before the rewrite. The server exports
 * it daily into a file per day; `anticipa audit export-head` does it on demand, and
 * `anticipa audit verify --head FILE` checks the chain against kept heads.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { genesisHash, type AuditHead } from '@anticipa/core';
import { repeatTask } from '../shared/repeated-task.ts';
import type { AuditLog } from './audit-log.ts';

export const auditHeadFormat = 'anticipa-audit-head/1';

/** What an export file holds. An empty trail exports sequence 0 and the genesis hash. */
export interface AuditHeadExport {
  readonly format: typeof auditHeadFormat;
  readonly sequence: number;
  readonly hash: string;
  /** When the head entry was appended (null for an empty trail). */
  readonly at: string | null;
  readonly exportedAt: string;
}

/** The head as an export document, at `now`. */
export async function auditHeadExport(audit: Pick<AuditLog, 'head'>, now: Date): Promise<AuditHeadExport> {
  const head: AuditHead | null = await audit.head();
  return {
    format: auditHeadFormat,
    sequence: head?.sequence ?? 0,
    hash: head?.hash ?? genesisHash,
    at: head?.at ?? null,
    exportedAt: now.toISOString(),
  };
}

/** The text of an export file: one JSON document and a new line. */
export function auditHeadText(exported: AuditHeadExport): string {
  return `${JSON.stringify(exported, null, 2)}\n`;
}

/**
 * Writes today's head into `folder` as `audit-head-YYYY-MM-DD.json` (UTC date; a second export
 * the same day replaces the first). Returns the file written.
 */
export async function exportAuditHeadToFolder(
  audit: Pick<AuditLog, 'head'>,
  folder: string,
  now: Date,
): Promise<{ readonly file: string; readonly exported: AuditHeadExport }> {
  const exported = await auditHeadExport(audit, now);
  await mkdir(folder, { recursive: true });
  const file = join(folder, `audit-head-${now.toISOString().slice(0, 10)}.json`);
  await writeFile(file, auditHeadText(exported), 'utf8');
  return { file, exported };
}

/**
 * Reads a kept head back. Returns undefined when the file is not an export (wrong format, or a
 * sequence or hash of the wrong shape); throws when it cannot be read.
 */
export async function readAuditHead(file: string): Promise<Pick<AuditHead, 'sequence' | 'hash'> | undefined> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const { format, sequence, hash } = document as Record<string, unknown>;
  if (format !== auditHeadFormat) return undefined;
  if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 0) return undefined;
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) return undefined;
  return { sequence, hash };
}

export interface AuditHeadSchedule {
  /** Settles when the start-up export is written (or has failed, and been logged). */
  readonly started: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Exports the head at start, then every `everyHours` hours (0: at start only), into `folder`.
 * The timer is unref'd; a failed export is logged, never fatal. Never throws.
 */
export function scheduleAuditHeadExports(
  audit: Pick<AuditLog, 'head'>,
  options: {
    readonly folder: string;
    readonly everyHours: number;
    readonly log: (line: string) => void;
    readonly clock?: () => Date;
  },
): AuditHeadSchedule {
  const clock = options.clock ?? (() => new Date());
  const exports = repeatTask(
    () =>
      exportAuditHeadToFolder(audit, options.folder, clock()).then(
        ({ file, exported: head }) => {
          options.log(`Anticipa: audit head ${head.sequence} ${head.hash} exported to ${file}`);
        },
        (error: unknown) => {
          options.log(`Anticipa: audit head export failed: ${String(error)}`);
        },
      ),
    Math.round(options.everyHours * 3_600_000),
  );
  const started = exports.run('at start');
  return { started, stop: () => exports.stop() };
}
