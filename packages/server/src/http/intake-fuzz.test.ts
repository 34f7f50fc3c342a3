// Bad input never gives a 5xx and never stores part of a document: property-based tests
// (fast-check, seeded, bounded runs) of every intake schema through the HTTP API and of the CSV
// import. Each case sends arbitrary JSON, or a valid document with one value replaced or
// removed somewhere, and checks that a refusal is a problem document naming the field, the
// value and what was expected, and that no table grew.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import {
  csvLine,
  csvRowsOf,
  declarationCsvColumns,
  declarationCsvFormat,
  manifestCsvColumns,
  manifestCsvFormat,
} from '@anticipa/core';
import { aDeclaration, aManifest } from '@anticipa/core/testing';
import { importDeclarations, importManifests } from '../bulk/bulk-import.ts';
import { readExampleTariff } from '../tariff/example-tariffs.ts';
import { createTestApp, type TestApp } from '../test-support/test-app.ts';

const runs = (numRuns: number, seed: number) => ({ numRuns, seed, endOnFailure: true });

/** Every table intake writes to, with its row count. */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = [
    'declarations',
    'manifests',
    'document_versions',
    'declaration_items',
    'declaration_bills',
    'consignments',
    'events',
    'idempotency_keys',
    'rule_sets',
    'tariff_imports',
    'tariff_lines',
    'tariff_taxes',
    'valuation_decisions',
    'audit_entries',
  ];
  // node-postgres and PGlite both answer with `rows`.
  const result: unknown = await t.anticipa.db.execute(
    sql.raw(`SELECT ${tables.map((table) => `(SELECT count(*) FROM ${table}) AS ${table}`).join(', ')}`),
  );
  const { rows } = result as { rows: Record<string, string | number>[] };
  const row = rows[0] ?? {};
  return Object.fromEntries(tables.map((table) => [table, Number(row[table])]));
}

/** Every JSON Pointer of a document (objects and arrays), the root included. */
function pointersOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, index) => String(index)) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => pointersOf((value as Record<string, unknown>)[key], `${prefix}/${key}`)),
  ];
}

/** A copy of `document` with the value at `pointer` replaced, or removed when `replacement` is undefined. */
function mutate(document: unknown, pointer: string, replacement: unknown): unknown {
  if (pointer === '') return replacement;
  const copy = structuredClone(document) as Record<string, unknown>;
  const keys = pointer.slice(1).split('/');
  let parent: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = keys.at(-1) as string;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else Reflect.deleteProperty(parent, last);
  } else {
    parent[last] = replacement;
  }
  return copy;
}

/** Values that break a field: wrong types, edge strings and numbers, anything JSON. */
const badValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'é'.repeat(3000), '-1', '1e309', 'NaN', '0x10', '2026-02-30'),
  fc.constantFrom(-1, 0, 1e300, -0.001, 2 ** 53, 1.5),
  fc.boolean(),
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }),
);

interface Problem {
  status: number;
  code: string;
  errors?: { path: string; value?: unknown; expected: string }[];
}

/** A refusal as RFC 9457 wants it; for bad input, each problem names field, value and expectation. */
function assertProblem(response: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}): void {
  assert.ok(response.statusCode < 500, `${response.statusCode}: ${response.body}`);
  if (response.statusCode < 400) return;
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  const problem = JSON.parse(response.body) as Problem;
  assert.equal(problem.status, response.statusCode);
  if (problem.code === 'VALIDATION_FAILED') {
    assert.ok(problem.errors && problem.errors.length > 0, response.body);
    for (const error of problem.errors) {
      assert.equal(typeof error.path, 'string');
      assert.ok('value' in error, response.body);
      assert.ok(typeof error.expected === 'string' && error.expected.length > 0, response.body);
    }
  }
}

describe('bad input through the HTTP API: never a 5xx, never a partial write', { timeout: 600_000 }, () => {
  let t: TestApp;
  let declarationId = '';
  let manifestId = '';
  let tariff: unknown;
  let ruleSet: unknown;
  before(async () => {
    t = await createTestApp();
    const lodged = await t.app.inject({ method: 'POST', url: '/api/declarations', payload: aDeclaration() });
    declarationId = lodged.json<{ id: string }>().id;
    const manifest = await t.app.inject({ method: 'POST', url: '/api/manifests', payload: aManifest() });
    manifestId = manifest.json<{ id: string }>().id;
    tariff = await readExampleTariff('SN');
    ruleSet = JSON.parse(
      await readFile(new URL('../../reference/rule-sets/demo.json', import.meta.url), 'utf8'),
    ) as unknown;
  });
  after(() => t.close());

  const valuationDecision = {
    decision: 'value_adjusted',
    adjustedValue: '65000',
    basis: 'method_2_identical_goods',
    reason: 'Identical goods cleared in January.',
    officer: 'AGT-2',
  };

  const targets: readonly {
    readonly name: string;
    readonly method: 'POST' | 'PUT';
    readonly url: () => string;
    readonly valid: () => unknown;
  }[] = [
    { name: 'a declaration', method: 'POST', url: () => '/api/declarations', valid: () => aDeclaration() },
    { name: 'a manifest', method: 'POST', url: () => '/api/manifests', valid: () => aManifest() },
    {
      name: 'a declaration amendment',
      method: 'PUT',
      url: () => `/api/declarations/${declarationId}`,
      valid: () => aDeclaration(),
    },
    {
      name: 'a manifest amendment',
      method: 'PUT',
      url: () => `/api/manifests/${manifestId}`,
      valid: () => aManifest(),
    },
    { name: 'a rule set', method: 'POST', url: () => '/api/rule-sets', valid: () => ruleSet },
    { name: 'a tariff import', method: 'POST', url: () => '/api/tariff/imports', valid: () => tariff },
    {
      name: 'a valuation decision',
      method: 'POST',
      url: () => `/api/declarations/${declarationId}/items/1/valuation-decisions`,
      valid: () => valuationDecision,
    },
  ];

  for (const target of targets) {
    it(`${target.name}: arbitrary JSON is refused with a problem, and nothing is stored`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
          const before = await rowCounts(t);
          const response = await t.app.inject({
            method: target.method,
            url: target.url(),
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          assertProblem(response);
          if (response.statusCode >= 400) assert.deepEqual(await rowCounts(t), before);
        }),
        runs(40, 4207),
      );
    });

    it(`${target.name}: one value replaced or removed anywhere is refused whole, or stored whole`, async () => {
      const valid = target.valid();
      const pointers = pointersOf(valid);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: pointers.length - 1 }), badValue, async (index, value) => {
          const body = mutate(valid, pointers[index] as string, value);
          const before = await rowCounts(t);
          const response = await t.app.inject({
            method: target.method,
            url: target.url(),
            headers: { 'content-type': 'application/json' },
            payload: body === undefined ? '' : JSON.stringify(body),
          });
          assertProblem(response);
          if (response.statusCode >= 400) assert.deepEqual(await rowCounts(t), before);
        }),
        runs(80, 4208),
      );
    });
  }

  it('bytes that are not JSON are refused with a problem', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/declarations',
          headers: { 'content-type': 'application/json' },
          payload: text,
        });
        assertProblem(response);
      }),
      runs(100, 4209),
    );
  });

  for (const kind of ['declarations', 'manifests'] as const) {
    it(`CSV import of ${kind}: mutated and arbitrary cells are reported at their line, and only whole documents are stored`, async () => {
      const format = kind === 'declarations' ? declarationCsvFormat : manifestCsvFormat;
      const columns = kind === 'declarations' ? declarationCsvColumns : manifestCsvColumns;
      const headerCells = [...columns];
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: columns.length - 1 }),
          fc.oneof(
            fc.string({ maxLength: 30 }),
            fc.constantFrom('', '"', '\n', ',', '\r\n"x', '-5', '1e999'),
          ),
          fc.boolean(),
          async (column, cell, breakRow) => {
            const document = kind === 'declarations' ? aDeclaration() : aManifest();
            const rows = csvRowsOf(format, document) as Record<string, string>[];
            const name = columns[column] as string;
            const mutated = rows.map((row, index) => (index === 0 ? { ...row, [name]: cell } : row));
            const lines = [
              csvLine(headerCells),
              ...mutated.map((row) => csvLine(headerCells.map((header) => row[header] ?? ''))),
              ...(breakRow ? ['a,"b\n'] : []),
            ];
            const before = await rowCounts(t);
            const importer = kind === 'declarations' ? importDeclarations : importManifests;
            const report = await importer(t.anticipa, Readable.from([lines.join('\n')]), { locale: 'en' });
            const after = await rowCounts(t);
            const heads = kind === 'declarations' ? 'declarations' : 'manifests';
            assert.equal(after[heads], (before[heads] ?? 0) + report.created);
            for (const rejected of report.rejected) {
              if ('problems' in rejected) {
                for (const problem of rejected.problems) {
                  assert.ok(problem.line >= 1);
                  assert.ok(problem.expected.length > 0);
                }
              }
            }
            if (report.created === 0) {
              assert.equal(after['document_versions'], before['document_versions']);
              assert.equal(after['declaration_items'], before['declaration_items']);
              assert.equal(after['consignments'], before['consignments']);
            }
          },
        ),
        runs(60, 4210),
      );
    });
  }
});
