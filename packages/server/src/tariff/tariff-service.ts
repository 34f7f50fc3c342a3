/**
 * The national tariff and liquidation: import tariff data (JSON, or lines from CSV), validated
 * whole and stored in one transaction (nothing partial); read what is in force for a line at a
 * date; liquidate a declaration (the duties and taxes it owes, computed on read by the core with
 * the rates in force on its registration date); and the `TaxRates` port other services use to
 * estimate duties at stake. Routes and CLI commands call this service; it knows no HTTP.
 *
 * Liquidation is computed on each read, not stored as an event: it is a pure function of the
 * declaration's version, its registration date and tariff data whose history is kept, so the
 * same question always gets the same answer, and a correction of the tariff shows at once.
 */
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import {
  appError,
  canonicalJson,
  err,
  liquidate,
  locateTariffCsvProblems,
  ok,
  parseTariffDocument,
  planTariffVersion,
  tariffCodesFor,
  tariffDateOf,
  tariffInputFromCsv,
  viewTariffLine,
  type AppError,
  type CsvProblem,
  type GoodsDeclaration,
  type IncomingRange,
  type Liquidation,
  type LiquidationInput,
  type Nomenclature,
  type Result,
  type StoredRange,
  type Tariff,
  type TariffCsvRows,
  type TariffDocument,
  type TariffLine,
  type TariffLineView,
  type TaxRule,
} from '@anticipa/core';
import type { AuditTrail } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import type { DocumentIntake } from '../intake/document-intake.ts';
import type { Transaction } from '../intake/document-store.ts';
import { sha256 } from '../shared/content-hash.ts';
import { tariffImports, tariffLines, tariffTaxes } from './tariff-tables.ts';
import type { TaxRates } from './tax-rates.ts';

export interface ChangeCounts {
  /** Entries in the document. */
  readonly received: number;
  /** Entries stored as new ranges. */
  readonly added: number;
  /** Stored ranges closed at a new rate's first day. */
  readonly closed: number;
  /** Stored entries replaced from their first day (kept, marked superseded). */
  readonly superseded: number;
  /** Entries already stored as they are. */
  readonly unchanged: number;
}

export interface TariffImportReport {
  readonly importId: string;
  readonly country: string;
  readonly currency: string;
  readonly example: boolean;
  readonly importedAt: Date;
  readonly lines: ChangeCounts;
  readonly taxes: ChangeCounts;
}

/** A CSV import that failed: the error, and each problem placed at its line and column. */
export interface TariffCsvFailure {
  readonly error: AppError;
  readonly csvProblems: readonly CsvProblem[];
}

export interface DeclarationLiquidation extends Liquidation {
  readonly declarationId: string;
  readonly reference: string;
  readonly version: number;
}

export interface TariffService extends TaxRates {
  /** The country whose tariff applies to declarations (ANTICIPA_COUNTRY). */
  readonly country: string;
  /** Imports a tariff document (format anticipa-tariff/1), validated whole, in one transaction. */
  importDocument(input: unknown): Promise<Result<TariffImportReport, AppError>>;
  /**
   * Imports tariff lines from CSV text (docs/tariff-format.md) into the tariff of `country`,
   * whose currency and legal time come from its tariff already loaded (the JSON sets them).
   */
  importCsv(
    text: string,
    options: { readonly country: string; readonly example?: boolean },
  ): Promise<Result<TariffImportReport, TariffCsvFailure>>;
  /** True when a tariff has been imported for the country (the configured one by default). */
  hasTariff(country?: string): Promise<boolean>;
  /** What is in force for a declared line at an instant (now by default), in the configured country. */
  lineInForce(line: string, at?: Date): Promise<Result<TariffLineView, AppError>>;
  /**
   * The duties and taxes a declaration owes (its current version, or `version`), with the
   * rates in force on its registration date (its head's `lodgedAt`).
   */
  liquidate(declarationId: string, version?: number): Promise<Result<DeclarationLiquidation, AppError>>;
  /**
   * The duties and taxes of a document that is not stored as a version: a declaration as an
   * inspection corrected it, liquidated with the rates in force at `registeredAt` (the file's).
   */
  liquidateDocument(document: LiquidationInput, registeredAt: Date): Promise<Result<Liquidation, AppError>>;
}

export interface TariffServiceDeps {
  readonly db: Database;
  readonly nomenclature: Nomenclature;
  readonly declarations: Pick<DocumentIntake<GoodsDeclaration>, 'get' | 'getVersion'>;
  readonly country: string;
  readonly nationalCurrency: string;
  readonly clock: () => Date;
  readonly newId: () => string;
  /** Where imports are recorded for audit, in the import's transaction (none: not recorded). */
  readonly audit?: AuditTrail;
}

const insertChunk = 1000;

type Executor = Database | Transaction;

interface LineContent {
  readonly description: string | undefined;
  readonly dutyRate: string;
  readonly exciseRate: string | undefined;
}

interface TaxContent {
  readonly nameFr: string;
  readonly nameEn: string;
  readonly rate: string | undefined;
  readonly rateFrom: string | undefined;
  readonly base: readonly string[];
  readonly appliesTo: readonly string[] | undefined;
  readonly exempt: readonly string[] | undefined;
  readonly order: number;
}

/** A rate as stored (numeric "18.0000") or given ("18"), in one normal form. */
function normalRate(value: string | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : new Decimal(value).toFixed();
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  (a ?? []).join('\u0000') === (b ?? []).join('\u0000') && (a === undefined) === (b === undefined);

const sameLine = (a: LineContent, b: LineContent) =>
  a.description === b.description && a.dutyRate === b.dutyRate && a.exciseRate === b.exciseRate;

const sameTax = (a: TaxContent, b: TaxContent) =>
  a.nameFr === b.nameFr &&
  a.nameEn === b.nameEn &&
  a.rate === b.rate &&
  a.rateFrom === b.rateFrom &&
  a.order === b.order &&
  sameList(a.base, b.base) &&
  sameList(a.appliesTo, b.appliesTo) &&
  sameList(a.exempt, b.exempt);

/**
 * Wires the tariff service over the database. Its methods return Results and never throw on
 * bad input; they throw only when the database fails (then nothing partial is stored).
 */
export function createTariffService(deps: TariffServiceDeps): TariffService {
  const { db } = deps;

  const latestImport = async (executor: Executor, country: string) => {
    const [row] = await executor
      .select({ currency: tariffImports.currency, utcOffset: tariffImports.utcOffset })
      .from(tariffImports)
      .where(eq(tariffImports.country, country))
      .orderBy(desc(tariffImports.importedAt))
      .limit(1);
    return row;
  };

  const storedTaxOrders = async (executor: Executor, country: string): Promise<Map<string, number>> => {
    const rows = await executor
      .select({ code: tariffTaxes.code, order: tariffTaxes.computationOrder })
      .from(tariffTaxes)
      .where(and(eq(tariffTaxes.country, country), isNull(tariffTaxes.supersededAt)));
    const orders = new Map<string, number>();
    for (const row of rows) orders.set(row.code, Math.max(orders.get(row.code) ?? 0, row.order));
    return orders;
  };

  /**
   * The tariff of a country as liquidation reads it, with every date range (the core picks the
   * date): every current line and tax. Undefined when no tariff was ever imported for it.
   */
  const readTariff = async (executor: Executor, country: string): Promise<Tariff | undefined> => {
    const settings = await latestImport(executor, country);
    if (!settings) return undefined;
    const lineRows = await executor
      .select({
        line: tariffLines.line,
        description: tariffLines.description,
        dutyRate: tariffLines.dutyRate,
        exciseRate: tariffLines.exciseRate,
        validFrom: tariffLines.validFrom,
        validTo: tariffLines.validTo,
        example: tariffImports.example,
      })
      .from(tariffLines)
      .innerJoin(tariffImports, eq(tariffImports.id, tariffLines.importId))
      .where(and(eq(tariffLines.country, country), isNull(tariffLines.supersededAt)));
    const taxRows = await executor
      .select({ tax: tariffTaxes, example: tariffImports.example })
      .from(tariffTaxes)
      .innerJoin(tariffImports, eq(tariffImports.id, tariffTaxes.importId))
      .where(and(eq(tariffTaxes.country, country), isNull(tariffTaxes.supersededAt)));
    return {
      country,
      currency: settings.currency,
      utcOffset: settings.utcOffset,
      lines: lineRows.map((row): TariffLine => ({
        line: row.line,
        description: row.description ?? undefined,
        dutyRate: normalRate(row.dutyRate) ?? '0',
        exciseRate: normalRate(row.exciseRate),
        validFrom: row.validFrom,
        validTo: row.validTo ?? undefined,
        example: row.example,
      })),
      taxes: taxRows.map(({ tax, example }): TaxRule => ({
        code: tax.code,
        name: { fr: tax.nameFr, en: tax.nameEn },
        rate: normalRate(tax.rate),
        rateFrom: tax.rateFrom === 'duty' || tax.rateFrom === 'excise' ? tax.rateFrom : undefined,
        base: tax.base,
        appliesTo: tax.appliesTo ?? undefined,
        exempt: tax.exempt ?? undefined,
        order: tax.computationOrder,
        validFrom: tax.validFrom,
        validTo: tax.validTo ?? undefined,
        example,
      })),
    };
  };

  /**
   * The tariff is read whole once per import and kept in memory, indexed by code: every import
   * (of any process: the CLI beside a running server) adds a row to tariff_imports, and only
   * imports change tariff rows, so the number of imports of a country is its generation. Each
   * read costs one small query; a liquidation or an effective rate then looks up in memory.
   */
  const cache = new Map<string, { generation: number; tariff: Tariff; byCode: Map<string, TariffLine[]> }>();
  const generationOf = async (executor: Executor, country: string): Promise<number> => {
    const [row] = await executor
      .select({ imports: count() })
      .from(tariffImports)
      .where(eq(tariffImports.country, country));
    return row?.imports ?? 0;
  };
  const tariffFor = async (country: string, codes: readonly string[]): Promise<Tariff | undefined> => {
    const generation = await generationOf(db, country);
    if (generation === 0) return undefined;
    let cached = cache.get(country);
    if (cached?.generation !== generation) {
      // One snapshot: the generation and the rows it holds, even if an import commits meanwhile.
      const loaded = await db.transaction(
        async (tx) => ({
          generation: await generationOf(tx, country),
          tariff: await readTariff(tx, country),
        }),
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
      if (!loaded.tariff) return undefined;
      const byCode = new Map<string, TariffLine[]>();
      for (const line of loaded.tariff.lines) byCode.set(line.line, [...(byCode.get(line.line) ?? []), line]);
      cached = { generation: loaded.generation, tariff: loaded.tariff, byCode };
      cache.set(country, cached);
    }
    const { tariff, byCode } = cached;
    return { ...tariff, lines: codes.flatMap((code) => byCode.get(code) ?? []) };
  };

  /** Validates and stores a document, under a per-country lock so two imports never interleave. */
  const store = (input: unknown, countryHint: string | undefined) =>
    db.transaction(async (tx): Promise<Result<TariffImportReport, AppError>> => {
      if (countryHint !== undefined) {
        // Imports of one country serialise: each plans against what the previous one stored.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`anticipa:tariff:${countryHint}`}))`);
      }
      const parsed = parseTariffDocument(input, {
        nomenclature: deps.nomenclature,
        storedTaxOrders: countryHint === undefined ? new Map() : await storedTaxOrders(tx, countryHint),
      });
      if (!parsed.ok) return err(appError('VALIDATION_FAILED', { count: parsed.error.length }, parsed.error));
      const previous = await tx
        .select({ importId: tariffImports.id, importedAt: tariffImports.importedAt })
        .from(tariffImports)
        .where(eq(tariffImports.country, parsed.value.country))
        .orderBy(desc(tariffImports.importedAt))
        .limit(1);
      const report = await apply(tx, parsed.value);
      await deps.audit?.append(
        {
          actor: 'system',
          action: 'tariff.imported',
          subject: { type: 'tariff', id: report.country },
          before: previous[0] ? { lastImport: previous[0] } : null,
          after: report,
        },
        tx,
      );
      return ok(report);
    });

  const apply = async (tx: Transaction, document: TariffDocument): Promise<TariffImportReport> => {
    const { country } = document;
    const importId = deps.newId();
    const importedAt = deps.clock();

    const storedLines = await tx
      .select()
      .from(tariffLines)
      .where(and(eq(tariffLines.country, country), isNull(tariffLines.supersededAt)));
    const linePlan = planTariffVersion<LineContent, number>(
      storedLines.map((row): StoredRange<LineContent, number> => ({
        id: row.id,
        key: row.line,
        validFrom: row.validFrom,
        validTo: row.validTo ?? undefined,
        content: {
          description: row.description ?? undefined,
          dutyRate: normalRate(row.dutyRate) ?? '0',
          exciseRate: normalRate(row.exciseRate),
        },
      })),
      document.lines.map((entry): IncomingRange<LineContent> => ({
        key: entry.line,
        validFrom: entry.validFrom,
        validTo: entry.validTo,
        content: {
          description: entry.description,
          dutyRate: normalRate(entry.dutyRate) ?? '0',
          exciseRate: normalRate(entry.exciseRate),
        },
      })),
      sameLine,
    );

    const storedTaxes = await tx
      .select()
      .from(tariffTaxes)
      .where(and(eq(tariffTaxes.country, country), isNull(tariffTaxes.supersededAt)));
    const taxPlan = planTariffVersion<TaxContent, number>(
      storedTaxes.map((row): StoredRange<TaxContent, number> => ({
        id: row.id,
        key: row.code,
        validFrom: row.validFrom,
        validTo: row.validTo ?? undefined,
        content: {
          nameFr: row.nameFr,
          nameEn: row.nameEn,
          rate: normalRate(row.rate),
          rateFrom: row.rateFrom ?? undefined,
          base: row.base,
          appliesTo: row.appliesTo ?? undefined,
          exempt: row.exempt ?? undefined,
          order: row.computationOrder,
        },
      })),
      document.taxes.map((entry): IncomingRange<TaxContent> => ({
        key: entry.code,
        validFrom: entry.validFrom,
        validTo: entry.validTo,
        content: {
          nameFr: entry.name.fr,
          nameEn: entry.name.en,
          rate: normalRate(entry.rate),
          rateFrom: entry.rateFrom,
          base: entry.base,
          appliesTo: entry.appliesTo,
          exempt: entry.exempt,
          order: entry.order,
        },
      })),
      sameTax,
    );

    const summary = {
      lines: countsOf(document.lines.length, linePlan),
      taxes: countsOf(document.taxes.length, taxPlan),
    };
    await tx.insert(tariffImports).values({
      id: importId,
      country,
      currency: document.currency,
      utcOffset: document.utcOffset,
      example: document.example,
      source: document.source ?? null,
      contentHash: sha256(canonicalJson(document)),
      document,
      summary,
      importedAt,
    });

    // Superseded first: the new entry may start on the same day (one current entry per start date).
    for (const ids of chunks(linePlan.supersede, insertChunk)) {
      await tx
        .update(tariffLines)
        .set({ supersededAt: importedAt, supersededBy: importId })
        .where(inArray(tariffLines.id, ids));
    }
    for (const ids of chunks(taxPlan.supersede, insertChunk)) {
      await tx
        .update(tariffTaxes)
        .set({ supersededAt: importedAt, supersededBy: importId })
        .where(inArray(tariffTaxes.id, ids));
    }
    for (const [validTo, ids] of groupClosings(linePlan.close)) {
      for (const chunk of chunks(ids, insertChunk)) {
        await tx
          .update(tariffLines)
          .set({ validTo, closedBy: importId })
          .where(inArray(tariffLines.id, chunk));
      }
    }
    for (const [validTo, ids] of groupClosings(taxPlan.close)) {
      for (const chunk of chunks(ids, insertChunk)) {
        await tx
          .update(tariffTaxes)
          .set({ validTo, closedBy: importId })
          .where(inArray(tariffTaxes.id, chunk));
      }
    }
    for (const chunk of chunks(linePlan.insert, insertChunk)) {
      await tx.insert(tariffLines).values(
        chunk.map((entry) => ({
          country,
          line: entry.key,
          description: entry.content.description ?? null,
          dutyRate: entry.content.dutyRate,
          exciseRate: entry.content.exciseRate ?? null,
          validFrom: entry.validFrom,
          validTo: entry.validTo ?? null,
          importId,
        })),
      );
    }
    for (const chunk of chunks(taxPlan.insert, insertChunk)) {
      await tx.insert(tariffTaxes).values(
        chunk.map((entry) => ({
          country,
          code: entry.key,
          nameFr: entry.content.nameFr,
          nameEn: entry.content.nameEn,
          rate: entry.content.rate ?? null,
          rateFrom: entry.content.rateFrom ?? null,
          base: [...entry.content.base],
          appliesTo: entry.content.appliesTo ? [...entry.content.appliesTo] : null,
          exempt: entry.content.exempt ? [...entry.content.exempt] : null,
          computationOrder: entry.content.order,
          validFrom: entry.validFrom,
          validTo: entry.validTo ?? null,
          importId,
        })),
      );
    }
    return {
      importId,
      country,
      currency: document.currency,
      example: document.example,
      importedAt,
      ...summary,
    };
  };

  const countryOf = (input: unknown): string | undefined => {
    if (typeof input !== 'object' || input === null) return undefined;
    const country = (input as Record<string, unknown>)['country'];
    return typeof country === 'string' && /^[A-Z]{2}$/.test(country) ? country : undefined;
  };

  const liquidateDocument = async (
    document: LiquidationInput,
    registeredAt: Date,
  ): Promise<Result<Liquidation, AppError>> => {
    const codes = [...new Set(document.items.flatMap((item) => tariffCodesFor(item.tariffLine)))];
    const tariff = await tariffFor(deps.country, codes);
    if (!tariff) {
      return err(
        appError('TARIFF_NOT_LOADED', {
          country: deps.country,
          date: tariffDateOf(registeredAt, '+00:00'),
        }),
      );
    }
    if (tariff.currency !== deps.nationalCurrency) {
      return err(
        appError('TARIFF_CURRENCY_MISMATCH', {
          country: deps.country,
          tariffCurrency: tariff.currency,
          nationalCurrency: deps.nationalCurrency,
        }),
      );
    }
    return liquidate(document, tariff, { registeredAt });
  };

  return {
    country: deps.country,

    importDocument: (input) => store(input, countryOf(input)),

    async importCsv(text, options) {
      let csv: TariffCsvRows;
      try {
        csv = readCsv(text);
      } catch (error) {
        if (!(error instanceof CsvError)) throw error;
        const line = typeof error.lines === 'number' ? error.lines : 0;
        const problem: CsvProblem = {
          line,
          column: '',
          value: '',
          code: 'csv_unreadable',
          params: { reason: unreadableReason(error.code) },
        };
        return err({ error: appError('VALIDATION_FAILED', { count: 1 }), csvProblems: [problem] });
      }
      const settings = await latestImport(db, options.country);
      if (!settings) {
        const date = tariffDateOf(deps.clock(), '+00:00');
        return err({
          error: appError('TARIFF_NOT_LOADED', { country: options.country, date }),
          csvProblems: [],
        });
      }
      const built = tariffInputFromCsv(csv, {
        country: options.country,
        currency: settings.currency,
        utcOffset: settings.utcOffset,
        example: options.example ?? false,
      });
      if (!built.ok) {
        return err({
          error: appError('VALIDATION_FAILED', { count: built.problems.length }),
          csvProblems: built.problems,
        });
      }
      const stored = await store(built.input, options.country);
      if (stored.ok) return stored;
      return err({
        error: stored.error,
        csvProblems: locateTariffCsvProblems(csv, stored.error.problems ?? []),
      });
    },

    async hasTariff(country = deps.country) {
      return (await latestImport(db, country)) !== undefined;
    },

    async lineInForce(line, at = deps.clock()) {
      const tariff = await tariffFor(deps.country, tariffCodesFor(line));
      const date = tariffDateOf(at, tariff?.utcOffset ?? '+00:00');
      if (!tariff) return err(appError('TARIFF_NOT_LOADED', { country: deps.country, date }));
      const view = viewTariffLine(tariff, line, at);
      if (!view) return err(appError('TARIFF_LINE_NOT_FOUND', { country: deps.country, line, date }));
      return ok(view);
    },

    async effectiveRate(tariffLine, at) {
      const tariff = await tariffFor(deps.country, tariffCodesFor(tariffLine));
      return tariff ? viewTariffLine(tariff, tariffLine, at)?.effectiveRate : undefined;
    },

    liquidateDocument,

    async liquidate(declarationId, version) {
      const view = await deps.declarations.get(declarationId);
      if (!view.ok) return view;
      let document = view.value.document;
      let documentVersion = view.value.head.currentVersion;
      if (version !== undefined && version !== documentVersion) {
        const stored = await deps.declarations.getVersion(declarationId, version);
        if (!stored.ok) return stored;
        document = stored.value.document;
        documentVersion = version;
      }
      const liquidation = await liquidateDocument(document, view.value.head.lodgedAt);
      if (!liquidation.ok) return liquidation;
      return ok({
        declarationId,
        reference: document.reference,
        version: documentVersion,
        ...liquidation.value,
      });
    },
  };
}

function countsOf(
  received: number,
  plan: {
    insert: readonly unknown[];
    close: readonly unknown[];
    supersede: readonly unknown[];
    unchanged: number;
  },
): ChangeCounts {
  return {
    received,
    added: plan.insert.length,
    closed: plan.close.length,
    superseded: plan.supersede.length,
    unchanged: plan.unchanged,
  };
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < list.length; start += size) result.push(list.slice(start, start + size));
  return result;
}

function groupClosings<Id>(closings: readonly { id: Id; validTo: string }[]): Map<string, Id[]> {
  const groups = new Map<string, Id[]>();
  for (const { id, validTo } of closings) groups.set(validTo, [...(groups.get(validTo) ?? []), id]);
  return groups;
}

/** Reads CSV text into a header and rows with their line numbers. Throws CsvError on bad CSV. */
function readCsv(text: string): TariffCsvRows {
  const records = parseCsv(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    trim: true,
  }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const [first, ...rest] = records;
  const header = (first?.record ?? []).map((name) => name.trim().toLowerCase());
  const rows = rest
    .map((entry) => ({
      line: entry.info.lines,
      cells: Object.fromEntries(header.map((name, index) => [name, entry.record[index] ?? ''])),
    }))
    .filter((row) => Object.values(row.cells).some((value) => value !== ''));
  return { header, rows };
}

function unreadableReason(code: string): string {
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'quote_not_closed';
  if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'invalid_closing_quote';
  if (code === 'CSV_MAX_RECORD_SIZE') return 'record_too_long';
  return 'other';
}
