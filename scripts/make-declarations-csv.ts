/**
 * Writes a CSV file of goods declarations in the bulk intake layout (core/bulk/declaration-csv.ts)
 * for trying and measuring `anticipa import declarations`: valid declarations of one to four
 * items, real HS 2022 subheadings from packages/server/reference/harmonized-system.csv, office
 * SNDKR1, and, on request, a few deliberately bad rows at known lines (printed at the end).
 * The same seed gives the same file, so importing it twice shows that nothing is stored twice.
 *
 *   npx tsx scripts/make-declarations-csv.ts --rows 10000 --bad 7 --out /tmp/decl.csv [--seed 1]
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import {
  csvLine,
  csvRowsOf,
  declarationCsvColumns,
  declarationCsvFormat,
  type CsvCells,
  type GoodsDeclarationInput,
} from '@anticipa/core';

export interface GenerationOptions {
  /** Data rows to write (the header is not counted). */
  readonly rows: number;
  /** Rows to make bad on purpose, spread through the file. */
  readonly bad: number;
  readonly out: string;
  readonly seed?: number;
}

/** A row made bad on purpose: where it is and what is wrong with it. */
export interface BadRow {
  readonly line: number;
  readonly reference: string;
  readonly column: string;
  readonly value: string;
}

export interface Generated {
  readonly rows: number;
  readonly declarations: number;
  /** Declarations holding at least one bad row: the import should reject exactly these. */
  readonly badDeclarations: number;
  readonly badRows: readonly BadRow[];
}

const hsFile = fileURLToPath(new URL('../packages/server/reference/harmonized-system.csv', import.meta.url));

/** The kinds of damage done to a bad row, in turn: each is a different validation rule. */
const damages: readonly { column: string; value: string }[] = [
  { column: 'origin', value: 'XX' },
  { column: 'tariff_line', value: '1234560000' },
  { column: 'description', value: '' },
  { column: 'packages', value: 'douze' },
  { column: 'customs_value', value: '-150' },
  { column: 'net_mass', value: '12,5 kg' },
  { column: 'supplementary_unit', value: 'kilograms' },
];

const origins = ['CN', 'FR', 'IN', 'TR', 'BR', 'US', 'TH', 'VN', 'ES', 'NL', 'CI', 'MA'] as const;
const invoices = [
  { currency: 'EUR', exchangeRate: '655.957' },
  { currency: 'USD', exchangeRate: '601.25' },
  { currency: 'CNY', exchangeRate: '83.41' },
  { currency: 'XOF', exchangeRate: '1' },
] as const;
const importers = [
  { taxId: '004512345', name: 'Sénégal Import SA' },
  { taxId: '005998877', name: 'Comptoir du Cap-Vert SARL' },
  { taxId: '006123450', name: 'Dakar Alimentation' },
  { taxId: '007654321', name: 'Thiès Matériaux' },
] as const;

/** A small deterministic random source (mulberry32): scripts may use Math.random, but a seed makes a file reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function loadSubheadings(): Promise<{ code: string; description: string }[]> {
  const rows = parse<Record<string, string>>(await readFile(hsFile, 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
  return rows
    .filter((row) => row['level'] === '6' && row['section'] !== 'TOTAL')
    .map((row) => ({ code: row['hscode'] ?? '', description: (row['description'] ?? '').slice(0, 200) }));
}

/**
 * Writes the file and returns what it holds, bad rows with their lines. Bad rows are spread
 * evenly; each damages one cell of one item, so each makes its declaration rejected whole.
 */
export async function writeDeclarationsCsv(options: GenerationOptions): Promise<Generated> {
  const seed = options.seed ?? 1;
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const subheadings = await loadSubheadings();
  const badAt = new Set(
    Array.from({ length: Math.min(options.bad, options.rows) }, (_, i) =>
      Math.floor(((i + 0.5) * options.rows) / options.bad),
    ),
  );
  const out = createWriteStream(options.out);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(csvLine(declarationCsvColumns) + '\n');

  const badRows: BadRow[] = [];
  const badReferences = new Set<string>();
  let written = 0;
  let declarations = 0;
  while (written < options.rows) {
    declarations += 1;
    const reference = `GEN-${seed}-${String(declarations).padStart(6, '0')}`;
    const itemCount = Math.min(1 + Math.floor(random() * 4), options.rows - written);
    const declaration: GoodsDeclarationInput = {
      sender: 'BROKER01',
      reference,
      kind: random() < 0.8 ? 'pre_arrival' : 'at_arrival',
      office: 'SNDKR1',
      procedure: pick(['4000', '4000000', '4071', '4500']),
      declarant: {
        code: `DECL${String(1 + Math.floor(random() * 40)).padStart(3, '0')}`,
        name: 'Transit Sahel SARL',
      },
      importer: pick(importers),
      seller: { name: 'Trading Co', country: pick(origins) },
      departureCountry: pick(origins),
      transportMode: 'sea',
      billsOfLading: [`MEDU${String(10_000_000 + declarations)}`],
      invoice: pick(invoices),
      items: Array.from({ length: itemCount }, () => {
        const subheading = pick(subheadings);
        const value = (500 + random() * 50_000).toFixed(2);
        const mass = (10 + random() * 20_000).toFixed(3);
        return {
          tariffLine: `${subheading.code}${String(Math.floor(random() * 100)).padStart(2, '0')}00`,
          description: subheading.description || 'Goods',
          origin: pick(origins),
          customsValue: value,
          netMass: mass,
          ...(random() < 0.5 ? { supplementaryQuantity: mass, supplementaryUnit: 'KG' } : {}),
          packages: 1 + Math.floor(random() * 900),
        };
      }),
    };
    const rows: CsvCells[] = csvRowsOf(declarationCsvFormat, declaration);
    for (const row of rows) {
      let cells = row;
      if (badAt.has(written)) {
        const damage = damages[badRows.length % damages.length] ?? { column: 'origin', value: 'XX' };
        cells = { ...row, [damage.column]: damage.value };
        badRows.push({ line: written + 2, reference, column: damage.column, value: damage.value });
        badReferences.add(reference);
      }
      await write(csvLine(declarationCsvColumns.map((column) => cells[column] ?? '')) + '\n');
      written += 1;
    }
  }
  out.end();
  await once(out, 'finish');
  return { rows: written, declarations, badDeclarations: badReferences.size, badRows };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '10000' },
      bad: { type: 'string', default: '0' },
      out: { type: 'string', default: 'declarations.csv' },
      seed: { type: 'string', default: '1' },
    },
  });
  const rows = Number(values.rows);
  const bad = Number(values.bad);
  const seed = Number(values.seed);
  if (![rows, bad, seed].every(Number.isInteger) || rows < 1 || bad < 0) {
    console.error(
      'Usage: npx tsx scripts/make-declarations-csv.ts --rows 10000 --bad 7 --out /tmp/decl.csv [--seed 1]',
    );
    process.exitCode = 2;
    return;
  }
  const generated = await writeDeclarationsCsv({ rows, bad, out: values.out, seed });
  console.log(
    `${values.out}: ${generated.rows} rows, ${generated.declarations} declarations, ${generated.badDeclarations} with a bad row`,
  );
  for (const row of generated.badRows) {
    console.log(`  bad: line ${row.line}, column ${row.column}, value "${row.value}" (${row.reference})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
