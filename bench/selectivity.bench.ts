/**
 * Benchmark of the selectivity engine: 1,000 criteria in the ASYCUDA style (tariff prefix AND
 * origin AND unit-value threshold, some with watchlists), 100 watchlists of 1,000 entries, and
 * one million generated declarations with tariff lines from the HS 2022 subheadings, each fully
 * assessed on one core (subject built from the declaration, criteria, lane allocation with draws,
 * reasons, counters). The same criteria then run in json-rules-engine and in @gorules/zen-engine
 * (as a decision table, hit policy "collect") on a smaller sample, and the three engines must
 * agree on which criteria hit. Figures only, no timing assertion; exits 1 if the engines disagree.
 *
 * It re-runs itself with --single-threaded, so that V8 runs no background thread: all of the
 * engine's work, its garbage collection and its compilation included, happens on the one thread
 * measured, and the process's CPU time is that thread's. It times CPU (not wall clock, which on
 * a shared machine also counts other processes); with --single-threaded-gc alone, compiler
 * threads would add their CPU to the figure while the wall clock ran shorter.
 *
 *   node --import tsx bench/selectivity.bench.ts [--declarations 1000000] [--zen 20000] [--jre 2000]
 *
 * Its last line: `selectivity: <ours>/s, json-rules-engine <a>/s, zen-engine <b>/s`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ZenEngine } from '@gorules/zen-engine';
import { Engine } from 'json-rules-engine';
import {
  compileRuleSet,
  emptyCounters,
  prefetchDeclarations,
  seededRandom,
  subjectFromDeclaration,
  type Condition,
  type Criterion,
  type GoodsDeclaration,
  type GovernmentAgencyGoodsItem,
  type Lane,
  type LaneParameters,
  type ListKind,
  type OfficeCounters,
  type Predicate,
  type Profile,
  type RuleSet,
  type SelectivitySubject,
  type Watchlist,
  type WatchlistEntry,
} from '@anticipa/core';

const oneCoreFlags = ['--single-threaded', '--expose-gc'];
if (!oneCoreFlags.every((flag) => process.execArgv.includes(flag))) {
  const script = process.argv[1] ?? 'bench/selectivity.bench.ts';
  const run = spawnSync(
    process.execPath,
    [...oneCoreFlags, ...process.execArgv, script, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(run.status ?? 1);
}

const { values: args } = parseArgs({
  options: {
    declarations: { type: 'string', default: '1000000' },
    zen: { type: 'string', default: '20000' },
    jre: { type: 'string', default: '2000' },
  },
});
const declarationCount = Number(args.declarations);
const zenCount = Number(args.zen);
const jreCount = Number(args.jre);
const agreementCount = Math.min(2_000, zenCount, jreCount);
/** Declarations are generated, then assessed, this many at a time (generation is not timed). */
const batchSize = 100_000;
/** The instant lists and criteria are judged at by json-rules-engine, zen-engine and the agreement check. */
const at = new Date('2026-03-15T09:00:00Z');
const atMs = at.getTime();
/**
 * Each declaration is assessed at its own instant (the server's clock when the declaration
 * arrives), two seconds apart from 2026-03-01: no validity boundary falls in March.
 */
const streamStart = Date.parse('2026-03-01T00:00:00Z');
const instantOf = (declaration: GoodsDeclaration): number =>
  streamStart + Number(declaration.reference.slice(4)) * 2_000;
/**
 * Garbage collections before each timed batch, so that the timed loop pays for the garbage it
 * makes and for nothing the generator left. A full collection (`gc()`: on Node 20,
 * `gc({ type: 'major' })` runs a minor one) frees the generator's texts and the batches before,
 * so that no marking of them falls in the timed loop (it made some batches three to four times
 * slower); the minor one after it promotes the batch just generated (else the first collection
 * of the timed loop did, at some 10 ms a batch). The caller then assesses the warm-up
 * declarations again, untimed (`rewarm`): after a full collection V8 compiles the engine's
 * functions anew (`--trace-opt` shows them optimised again), and that compiling is not the
 * engine's work.
 */
const collectGarbage = (): void => {
  const { gc } = globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void };
  gc?.();
  gc?.({ type: 'minor' });
};

/** CPU time of this process in milliseconds (with --single-threaded, all of it on the main thread). */
const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1_000;
};

// ---------------------------------------------------------------------------------------------
// Reference data and a seeded generator
// ---------------------------------------------------------------------------------------------

const random = seededRandom('anticipa-selectivity-bench');
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
function pick<T>(values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new RangeError('pick from an empty list');
  return value;
}
function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
function weighted<T>(entries: readonly (readonly [T, number])[]): () => T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let target = random() * total;
    for (const [value, weight] of entries) {
      target -= weight;
      if (target < 0) return value;
    }
    return (entries[0] as readonly [T, number])[0];
  };
}

/** The HS 2022 subheadings (6 digits) and their descriptions, from the shipped nomenclature. */
function readSubheadings(): { code: string; description: string }[] {
  const file = join(import.meta.dirname, '..', 'packages', 'server', 'reference', 'harmonized-system.csv');
  const rows: { code: string; description: string }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let index = 0; index < line.length; index += 1) {
      const character = line.charAt(index);
      if (quoted) {
        if (character === '"' && line[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else if (character === '"') quoted = false;
        else cell += character;
      } else if (character === '"') quoted = true;
      else if (character === ',') {
        cells.push(cell);
        cell = '';
      } else cell += character;
    }
    cells.push(cell.trim());
    const [, code, description, , level] = cells;
    if (level === '6' && code !== undefined && description !== undefined && /^\d{6}$/.test(code)) {
      rows.push({ code, description });
    }
  }
  return rows;
}

const subheadings = readSubheadings();
interface Goods {
  readonly code: string;
  readonly description: string;
  readonly usedDescription: string;
  /** Median unit value in FCFA, and kilograms per unit. */
  readonly unitValue: number;
  readonly kgPerUnit: number;
}
const goods: Goods[] = subheadings.map(({ code, description }) => ({
  code,
  description,
  usedDescription: `Used: ${description}`,
  unitValue: Math.exp(Math.log(500) + random() * (Math.log(5_000_000) - Math.log(500))),
  kgPerUnit: Math.exp(Math.log(0.1) + random() * (Math.log(500) - Math.log(0.1))),
}));
/** The subheadings targeted by criteria, which declarations also favour (as real traffic does). */
const hotGoods = Array.from({ length: 400 }, () => pick(goods));
const nationalSuffixes = ['0000', '1000', '9000'] as const;

const offices = ['SNDKR1', 'SNDSS1', 'CIABJ1', 'CIABJ2', 'GHTMA1', 'NGAPP1', 'BJCOO1', 'TGLFW1'] as const;
const pickOrigin = weighted<string>(
  (
    [
      ['CN', 25],
      ['FR', 8],
      ['IN', 7],
      ['TR', 6],
      ['US', 5],
      ['DE', 5],
      ['NL', 4],
      ['BE', 4],
      ['ES', 4],
      ['IT', 4],
      ['JP', 3],
      ['KR', 3],
      ['AE', 3],
      ['BR', 3],
      ['TH', 3],
      ['VN', 3],
      ['MY', 2],
      ['ID', 2],
      ['GB', 2],
      ['NG', 2],
      ['GH', 2],
      ['CI', 2],
      ['SN', 2],
      ['MA', 2],
      ['ZA', 2],
      ['EG', 1],
      ['PK', 1],
      ['BD', 1],
      ['RU', 1],
      ['UA', 1],
    ] as const
  ).map(([code, weight]) => [code, weight] as const),
);
const pickItemCount = weighted([
  [1, 55],
  [2, 25],
  [3, 12],
  [4, 4],
  [5, 2],
  [6, 2],
] as const);
const pickCurrency = weighted([
  [['XOF', '1', 1] as const, 60],
  [['EUR', '655.957', 655.957] as const, 30],
  [['USD', '605.5', 605.5] as const, 10],
] as const);

const importerId = (n: number) => `IMP${String(n).padStart(6, '0')}`;
const declarantId = (n: number) => `DEC${String(n).padStart(5, '0')}`;
const sellerName = (n: number) => `Seller ${n} Trading Co.`;
const sellerListed = (n: number) => `SELLER ${n} TRADING CO`;
const billNumber = (n: number) => `MEDU${String(n).padStart(7, '0')}`;
const importers = 200_000;
const declarants = 5_000;
const sellers = 100_000;
const bills = 2_000_000;

// ---------------------------------------------------------------------------------------------
// Watchlists: 100 lists of 1,000 entries, some expired or not yet valid at the bench date
// ---------------------------------------------------------------------------------------------

function entry(value: string): WatchlistEntry {
  const roll = random();
  const validity =
    roll < 0.8
      ? { validFrom: '2025-01-01T00:00:00.000Z' }
      : roll < 0.9
        ? { validFrom: '2025-01-01T00:00:00.000Z', validTo: '2026-01-01T00:00:00.000Z' }
        : { validFrom: '2026-06-01T00:00:00.000Z' };
  return { value, ...validity, addedBy: 'analyst.bench', addedAt: '2024-12-15T08:00:00.000Z' };
}

const listPlan: readonly (readonly [ListKind, number, () => string])[] = [
  ['importer', 45, () => importerId(int(1, importers))],
  ['declarant', 20, () => declarantId(int(1, declarants))],
  // National lines (8 digits): the sensitive lines an administration watches.
  ['tariff_line', 15, () => `${pick(goods).code}${pick(nationalSuffixes).slice(0, 2)}`],
  ['bill_of_lading', 10, () => billNumber(int(1, bills))],
  ['seller', 10, () => sellerListed(int(1, sellers))],
];
const lists: Watchlist[] = [];
const listsByKind = new Map<ListKind, string[]>();
for (const [kind, count, value] of listPlan) {
  for (let number = 1; number <= count; number += 1) {
    const id = `L-${kind}-${number}`;
    lists.push({
      id,
      name: `${kind} watchlist ${number}`,
      kind,
      entries: Array.from({ length: 1_000 }, () => entry(value())),
    });
    listsByKind.set(kind, [...(listsByKind.get(kind) ?? []), id]);
  }
}
const listsOf = (kind: ListKind): string[] => listsByKind.get(kind) ?? [];

// ---------------------------------------------------------------------------------------------
// 1,000 criteria in the ASYCUDA style, in 10 profiles
// ---------------------------------------------------------------------------------------------

const wordsChoices = [['used'], ['frozen'], ['second hand', 'used'], ['parts'], ['cigarettes', 'tobacco']];

function tariffPredicate(target: Goods): Predicate {
  const roll = random();
  if (roll < 0.4) return { field: 'tariffLine', op: 'prefix', value: target.code };
  if (roll < 0.75) return { field: 'tariffLine', op: 'prefix', value: target.code.slice(0, 4) };
  if (roll < 0.85)
    return {
      field: 'tariffLine',
      op: 'prefix',
      value: `${target.code}${pick(nationalSuffixes).slice(0, 2)}`,
    };
  if (roll < 0.95) {
    return { field: 'tariffLine', op: 'prefix', value: [target.code, pick(hotGoods).code.slice(0, 4)] };
  }
  return { field: 'tariffLine', op: 'inList', list: pick(listsOf('tariff_line')) };
}

function aBenchCriterion(number: number): Criterion {
  const id = `K${String(number).padStart(4, '0')}`;
  const target = pick(hotGoods);
  const origins = [...new Set(Array.from({ length: int(1, 3) }, () => pickOrigin()))];
  const conditions: Predicate[] = [];
  if (random() < 0.01) {
    // A few file-level criteria: a watched importer using a watched declarant.
    conditions.push({ field: 'importer', op: 'inList', list: pick(listsOf('importer')) });
    conditions.push({ field: 'declarant', op: 'inList', list: pick(listsOf('declarant')) });
  } else {
    conditions.push(tariffPredicate(target));
    conditions.push({ field: 'origin', op: 'in', value: origins });
    const factor = 0.3 + random() * 0.4;
    conditions.push(
      random() < 0.8
        ? { field: 'unitValue', op: 'lt', value: Math.round(target.unitValue * factor * 100) / 100 }
        : {
            field: 'valuePerKg',
            op: 'lt',
            value: Math.round((target.unitValue / target.kgPerUnit) * factor * 100) / 100,
          },
    );
    const roll = random();
    if (roll < 0.15) conditions.push({ field: 'importer', op: 'inList', list: pick(listsOf('importer')) });
    else if (roll < 0.2)
      conditions.push({ field: 'declarant', op: 'inList', list: pick(listsOf('declarant')) });
    else if (roll < 0.23) conditions.push({ field: 'seller', op: 'inList', list: pick(listsOf('seller')) });
    else if (roll < 0.26)
      conditions.push({ field: 'billOfLading', op: 'inList', list: pick(listsOf('bill_of_lading')) });
    else if (roll < 0.29) conditions.push({ field: 'description', op: 'words', value: pick(wordsChoices) });
  }
  const validity = random();
  return {
    id,
    name: `Criterion ${id}`,
    condition: { all: conditions },
    effect: {
      lane: weighted<'red' | 'yellow' | 'blue'>([
        ['red', 30],
        ['yellow', 50],
        ['blue', 20],
      ])(),
      percentage: pick([100, 100, 50, 25, 10]),
    },
    weight: int(1, 20),
    validFrom: validity < 0.02 ? '2026-06-01T00:00:00.000Z' : '2025-01-01T00:00:00.000Z',
    ...(validity > 0.97 ? { validTo: '2026-01-01T00:00:00.000Z' } : {}),
    ...(random() < 0.2
      ? { offices: [...new Set(Array.from({ length: int(1, 3) }, () => pick(offices)))] }
      : {}),
    reason: {
      fr: `Valeur unitaire basse pour ${target.code} de ces origines`,
      en: `Low unit value for ${target.code} from these origins`,
    },
    rationale: 'Bench criterion: confidential analysis of past seizures.',
  };
}

const criteria = Array.from({ length: 1_000 }, (_, index) => aBenchCriterion(index + 1));
const profiles: Profile[] = Array.from({ length: 10 }, (_, index) => ({
  id: `P${index + 1}`,
  name: `Profile ${index + 1}`,
  active: true,
  criteria: criteria.slice(index * 100, index * 100 + 100),
}));
const defaultParameters: LaneParameters = {
  expectedRate: { red: 5, yellow: 10, blue: 10 },
  minimumRandomRate: { red: 1, yellow: 1, blue: 1 },
  maxHitsWithoutSelection: 3,
  yellowToBlueDays: 3,
  greenDelayMinutes: 30,
};
const ruleSet: RuleSet = {
  version: 1,
  name: 'Bench rule set',
  profiles,
  lists,
  laneParameters: {
    default: defaultParameters,
    offices: [{ office: 'CIABJ1', ...defaultParameters, expectedRate: { red: 8, yellow: 10, blue: 10 } }],
  },
};

// ---------------------------------------------------------------------------------------------
// Declarations, generated in batches (generation is not timed)
// ---------------------------------------------------------------------------------------------

let declarationNumber = 0;

function anItem(): GovernmentAgencyGoodsItem {
  const kind = random() < 0.4 ? pick(hotGoods) : pick(goods);
  const quantity = int(1, 500);
  const unitValue = kind.unitValue * Math.exp(0.6 * normal());
  const netMass = Math.max(0.001, quantity * kind.kgPerUnit * Math.exp(0.3 * normal()));
  return {
    tariffLine: `${kind.code}${pick(nationalSuffixes)}`,
    description: random() < 0.05 ? kind.usedDescription : kind.description,
    origin: pickOrigin(),
    customsValue: String(Math.max(1, Math.round(quantity * unitValue))),
    netMass: netMass.toFixed(3),
    supplementaryQuantity: String(quantity),
    supplementaryUnit: 'NMB',
    packages: int(1, 100),
  };
}

function aDeclaration(): GoodsDeclaration {
  declarationNumber += 1;
  const items = Array.from({ length: pickItemCount() }, anItem);
  const [currency, exchangeRate, rate] = pickCurrency();
  if (rate !== 1) {
    for (const item of items) item.customsValue = (Number(item.customsValue) / rate).toFixed(2);
  }
  return {
    sender: 'BROKER01',
    reference: `DPI-${String(declarationNumber).padStart(7, '0')}`,
    kind: 'pre_arrival',
    office: pick(offices),
    procedure: '4000',
    declarant: { code: declarantId(int(1, declarants)) },
    importer: { taxId: importerId(int(1, importers)), name: 'Importer' },
    seller: { name: sellerName(int(1, sellers)) },
    departureCountry: items[0]?.origin ?? 'CN',
    transportMode: 'sea',
    billsOfLading: [billNumber(int(1, bills))],
    invoice: { currency, exchangeRate },
    items,
  };
}

/**
 * Generates declarations and passes them through JSON, as they reach the engine from intake or
 * from the database: strings built by concatenation would otherwise be ropes, which V8 must
 * flatten on first read, a cost no real input has.
 */
const generate = (count: number): GoodsDeclaration[] =>
  JSON.parse(JSON.stringify(Array.from({ length: count }, aDeclaration))) as GoodsDeclaration[];

// ---------------------------------------------------------------------------------------------
// Our engine: compile once, then assess one million declarations
// ---------------------------------------------------------------------------------------------

console.log(
  `setup: ${subheadings.length} HS 2022 subheadings; ${criteria.length} criteria in ${profiles.length} profiles; ` +
    `${lists.length} lists x 1,000 entries; offices ${offices.join(', ')}`,
);
let started = performance.now();
const compiled = compileRuleSet(ruleSet);
if (!compiled.ok) {
  console.error(JSON.stringify(compiled.error.slice(0, 10), null, 2));
  throw new Error(`The bench rule set is invalid (${compiled.error.length} problems)`);
}
const evaluator = compiled.value;
console.log(`compile: rule set validated and compiled in ${(performance.now() - started).toFixed(0)} ms`);

function assessAll(
  declarations: readonly GoodsDeclaration[],
  instants: readonly number[],
  counters: Map<string, OfficeCounters>,
) {
  const tally = { files: 0, items: 0, hitFiles: 0, hits: 0, random: 0, topUp: 0, maxHits: 0 };
  const lanes: Record<Lane, number> = { red: 0, yellow: 0, blue: 0, green: 0 };
  for (let index = 0; index < declarations.length; index += 1) {
    // As the backtest does over each page of past files: the next declarations' parts are
    // fetched from memory together, ahead of use.
    prefetchDeclarations(declarations, index);
    const declaration = declarations[index] as GoodsDeclaration;
    const subject = subjectFromDeclaration(declaration, { fileId: declaration.reference });
    const office = declaration.office;
    const outcome = evaluator.assess(subject, {
      at: new Date(instants[index] as number), // as the server's clock gives it
      sequence: 1,
      counters: counters.get(office) ?? emptyCounters(),
    });
    counters.set(office, outcome.counters);
    const assessment = outcome.assessment;
    lanes[assessment.lane] += 1;
    tally.files += 1;
    tally.items += subject.items.length;
    tally.hits += assessment.hits.length;
    if (assessment.hits.length > 0) tally.hitFiles += 1;
    if (assessment.random) tally.random += 1;
    if (assessment.topUp) tally.topUp += 1;
    if (assessment.maxHitsExceeded) tally.maxHits += 1;
  }
  return { tally, lanes };
}

// Warm-up on declarations of their own (the JIT compiles the hot path), not counted.
const warmUp = generate(20_000);
const warmUpInstants = warmUp.map(instantOf);
const rewarm = (): void => void assessAll(warmUp, warmUpInstants, new Map());
rewarm();

const sample = generate(Math.max(zenCount, jreCount));
const counters = new Map<string, OfficeCounters>();
const totals = { files: 0, items: 0, hitFiles: 0, hits: 0, random: 0, topUp: 0, maxHits: 0 };
const laneTotals: Record<Lane, number> = { red: 0, yellow: 0, blue: 0, green: 0 };
let oursSeconds = 0;
let oursWallSeconds = 0;
const batchRates: number[] = [];
for (let done = 0; done < declarationCount; done += batchSize) {
  const batch = generate(Math.min(batchSize, declarationCount - done));
  const instants = batch.map(instantOf);
  collectGarbage();
  rewarm();
  started = performance.now();
  const cpuStarted = cpuMs();
  const { tally, lanes } = assessAll(batch, instants, counters);
  const seconds = (cpuMs() - cpuStarted) / 1000;
  oursSeconds += seconds;
  oursWallSeconds += (performance.now() - started) / 1000;
  batchRates.push(batch.length / seconds);
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += tally[key];
  for (const lane of Object.keys(laneTotals) as Lane[]) laneTotals[lane] += lanes[lane];
}
const oursRate = totals.files / oursSeconds;
const sortedRates = [...batchRates].sort((a, b) => a - b);
const rateAt = (fraction: number): string =>
  Math.round(sortedRates[Math.floor(fraction * (sortedRates.length - 1))] ?? 0).toLocaleString('en');
const share = (count: number) => `${((100 * count) / totals.files).toFixed(2)}%`;
console.log(
  `ours: ${totals.files.toLocaleString('en')} declarations (${totals.items.toLocaleString('en')} items) fully assessed ` +
    `in ${oursSeconds.toFixed(2)} s of CPU on one thread = ` +
    `${Math.round(oursRate).toLocaleString('en')} assessments/s (${((oursSeconds * 1e9) / totals.files).toFixed(0)} ns each; ` +
    `wall clock ${oursWallSeconds.toFixed(2)} s = ${Math.round(totals.files / oursWallSeconds).toLocaleString('en')}/s)`,
);
console.log(
  `  per batch of ${batchSize.toLocaleString('en')}: slowest ${rateAt(0)}/s, median ${rateAt(0.5)}/s, ` +
    `fastest ${rateAt(1)}/s (the spread is the machine's load: other processes share its cores and caches)`,
);
console.log(
  `  lanes: red ${share(laneTotals.red)}, yellow ${share(laneTotals.yellow)}, blue ${share(laneTotals.blue)}, ` +
    `green ${share(laneTotals.green)}; files hitting a criterion ${share(totals.hitFiles)} ` +
    `(${totals.hits.toLocaleString('en')} hits); random sample ${share(totals.random)}; top-up ${share(totals.topUp)}; ` +
    `over the maximum of hits ${share(totals.maxHits)}`,
);

// ---------------------------------------------------------------------------------------------
// The same criteria in json-rules-engine and zen-engine (criteria valid at the bench date;
// lists resolved at the bench date with the bench's own sets, not the engine's)
// ---------------------------------------------------------------------------------------------

/** The bench's own normalisation of words (independent of the engine's, to cross-check it). */
function words(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const listValues = new Map<string, { kind: ListKind; values: Set<string> }>();
for (const list of lists) {
  const valid = list.entries.filter(
    (listed) =>
      Date.parse(listed.validFrom) <= atMs &&
      (listed.validTo === undefined || atMs < Date.parse(listed.validTo)),
  );
  const key = list.kind === 'seller' ? words : (value: string) => value;
  listValues.set(list.id, { kind: list.kind, values: new Set(valid.map((listed) => key(listed.value))) });
}

function isListed(listId: string, value: string): boolean {
  const list = listValues.get(listId);
  if (list === undefined) return false;
  if (list.kind === 'seller') return list.values.has(words(value));
  if (list.kind !== 'tariff_line') return list.values.has(value);
  for (let length = 2; length <= value.length; length += 1) {
    if (list.values.has(value.slice(0, length))) return true;
  }
  return false;
}

/** Reverse index value → ids of the lists holding it at the bench date, for zen's inputs. */
const listsHolding = new Map<ListKind, Map<string, string[]>>();
for (const [id, { kind, values }] of listValues) {
  const byValue = listsHolding.get(kind) ?? new Map<string, string[]>();
  for (const value of values) byValue.set(value, [...(byValue.get(value) ?? []), id]);
  listsHolding.set(kind, byValue);
}
const holding = (kind: ListKind, value: string | undefined): string[] =>
  value === undefined ? [] : (listsHolding.get(kind)?.get(value) ?? []);
function tariffListsHolding(line: string | undefined): string[] {
  if (line === undefined) return [];
  const ids: string[] = [];
  const byPrefix = listsHolding.get('tariff_line');
  for (let length = 2; length <= line.length; length += 1)
    ids.push(...(byPrefix?.get(line.slice(0, length)) ?? []));
  return ids;
}

const activeCriteria = criteria.filter(
  (criterion) =>
    Date.parse(criterion.validFrom) <= atMs &&
    (criterion.validTo === undefined || atMs < Date.parse(criterion.validTo)),
);

function predicates(condition: Condition): Predicate[] {
  if ('all' in condition) return condition.all.flatMap(predicates);
  if ('field' in condition) return [condition];
  throw new Error('The bench criteria are conjunctions of predicates');
}

// json-rules-engine: one rule per criterion, custom operators for prefixes, lists and words.
interface JreLeaf {
  fact: string;
  operator: string;
  value: unknown;
}
type JreCondition = JreLeaf | { all: JreCondition[] };

function jreLeaf(predicate: Predicate): JreLeaf {
  const fact = predicate.field === 'billOfLading' ? 'billsOfLading' : predicate.field;
  switch (predicate.op) {
    case 'eq':
      return { fact, operator: 'equal', value: predicate.value };
    case 'in':
      return { fact, operator: 'in', value: predicate.value };
    case 'prefix':
      return {
        fact,
        operator: 'startsWithAny',
        value: typeof predicate.value === 'string' ? [predicate.value] : predicate.value,
      };
    case 'lt':
      return { fact, operator: 'lessThan', value: predicate.value };
    case 'lte':
      return { fact, operator: 'lessThanInclusive', value: predicate.value };
    case 'gt':
      return { fact, operator: 'greaterThan', value: predicate.value };
    case 'gte':
      return { fact, operator: 'greaterThanInclusive', value: predicate.value };
    case 'words':
      return { fact, operator: 'hasWords', value: predicate.value.map((phrase) => ` ${words(phrase)} `) };
    case 'inList':
      return { fact, operator: 'inWatchlist', value: predicate.list };
    case 'between':
      throw new Error('between is not used by the bench criteria');
  }
}

const jre = new Engine([], { allowUndefinedFacts: true });
jre.addOperator<unknown, string[]>(
  'startsWithAny',
  (value, prefixes) => typeof value === 'string' && prefixes.some((prefix) => value.startsWith(prefix)),
);
jre.addOperator<unknown, string>('inWatchlist', (value, listId) =>
  Array.isArray(value)
    ? value.some((one) => typeof one === 'string' && isListed(listId, one))
    : typeof value === 'string' && isListed(listId, value),
);
jre.addOperator<unknown, string[]>('hasWords', (value, phrases) => {
  if (typeof value !== 'string') return false;
  const key = ` ${words(value)} `;
  return phrases.some((phrase) => key.includes(phrase));
});
for (const criterion of activeCriteria) {
  const all: JreCondition[] = predicates(criterion.condition).map(jreLeaf);
  if (criterion.offices !== undefined) all.push({ fact: 'office', operator: 'in', value: criterion.offices });
  jre.addRule({
    conditions: { all },
    event: { type: 'hit', params: { id: criterion.id } },
  });
}

function itemFacts(subject: SelectivitySubject): Record<string, unknown>[] {
  const file = {
    office: subject.office,
    importer: subject.importer,
    declarant: subject.declarant,
    seller: subject.seller,
    billsOfLading: subject.billsOfLading,
  };
  return subject.items.map((item) => ({
    ...file,
    tariffLine: item.tariffLine,
    origin: item.origin,
    unitValue: item.unitValue,
    valuePerKg: item.valuePerKg,
    description: item.description,
  }));
}

async function jreHits(declaration: GoodsDeclaration): Promise<string[]> {
  const subject = subjectFromDeclaration(declaration, { fileId: declaration.reference });
  const ids = new Set<string>();
  for (const facts of itemFacts(subject)) {
    const { events } = await jre.run(facts);
    for (const event of events) ids.add(String(event.params?.id));
  }
  return [...ids].sort();
}

// zen-engine: one decision table, hit policy "collect", looping over the items; one column per
// field, one row per criterion. JDM has no watchlists: each item carries the ids of the lists
// that hold its values (resolved with the bench's sets), and a row tests `contains($, id)`.
const zenColumns = [
  'office',
  'tariffLine',
  'origin',
  'unitValue',
  'valuePerKg',
  'importerLists',
  'declarantLists',
  'sellerLists',
  'billLists',
  'tariffLists',
  'description',
] as const;
type ZenColumn = (typeof zenColumns)[number];
const quote = (value: string) => JSON.stringify(value);

function zenCell(predicate: Predicate): [ZenColumn, string] {
  const { field } = predicate;
  switch (predicate.op) {
    case 'prefix': {
      const prefixes = typeof predicate.value === 'string' ? [predicate.value] : predicate.value;
      return ['tariffLine', prefixes.map((prefix) => `startsWith($, ${quote(prefix)})`).join(' or ')];
    }
    case 'in':
      if (field !== 'origin') break;
      return ['origin', predicate.value.map(quote).join(', ')];
    case 'lt':
      if (field !== 'unitValue' && field !== 'valuePerKg') break;
      return [field, `< ${predicate.value}`];
    case 'inList': {
      const columns: Partial<Record<string, ZenColumn>> = {
        importer: 'importerLists',
        declarant: 'declarantLists',
        seller: 'sellerLists',
        billOfLading: 'billLists',
        tariffLine: 'tariffLists',
      };
      const column = columns[field];
      if (column === undefined) break;
      return [column, `contains($, ${quote(predicate.list)})`];
    }
    case 'words':
      return [
        'description',
        predicate.value.map((phrase) => `contains($, ${quote(` ${words(phrase)} `)})`).join(' or '),
      ];
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lte':
    case 'between':
      break;
  }
  throw new Error(`No decision-table cell for ${JSON.stringify(predicate)}`);
}

const zenRules = activeCriteria.map((criterion) => {
  const row: Record<string, string> = { _id: criterion.id, id: quote(criterion.id) };
  for (const column of zenColumns) row[column] = '';
  for (const predicate of predicates(criterion.condition)) {
    const [column, cell] = zenCell(predicate);
    if (row[column] !== '') throw new Error(`${criterion.id}: two predicates on ${column}`);
    row[column] = cell;
  }
  if (criterion.offices !== undefined) row.office = criterion.offices.map(quote).join(', ');
  return row;
});
const zenDecision = new ZenEngine().createDecision({
  nodes: [
    { id: 'request', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
    {
      id: 'criteria',
      type: 'decisionTableNode',
      name: 'Selectivity criteria',
      position: { x: 300, y: 0 },
      content: {
        hitPolicy: 'collect',
        inputField: 'items',
        outputPath: 'hits',
        executionMode: 'loop',
        inputs: zenColumns.map((column) => ({ id: column, name: column, field: column })),
        outputs: [{ id: 'id', name: 'Criterion', field: 'id' }],
        rules: zenRules,
      },
    },
    { id: 'response', type: 'outputNode', name: 'Response', position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'in', sourceId: 'request', targetId: 'criteria', type: 'edge' },
    { id: 'out', sourceId: 'criteria', targetId: 'response', type: 'edge' },
  ],
});

async function zenHits(declaration: GoodsDeclaration): Promise<string[]> {
  const subject = subjectFromDeclaration(declaration, { fileId: declaration.reference });
  const importerLists = holding('importer', subject.importer);
  const declarantLists = holding('declarant', subject.declarant);
  const sellerLists = holding('seller', subject.seller === undefined ? undefined : words(subject.seller));
  const billLists = subject.billsOfLading.flatMap((bill) => holding('bill_of_lading', bill));
  const items = subject.items.map((item) => ({
    office: subject.office,
    tariffLine: item.tariffLine,
    origin: item.origin,
    unitValue: item.unitValue,
    valuePerKg: item.valuePerKg,
    importerLists,
    declarantLists,
    sellerLists,
    billLists,
    tariffLists: tariffListsHolding(item.tariffLine),
    description: item.description === undefined ? '' : ` ${words(item.description)} `,
  }));
  const response = await zenDecision.evaluate({ items });
  const result = response.result as { hits?: { id: string }[][] };
  const ids = new Set<string>();
  for (const perItem of result.hits ?? []) for (const hit of perItem) ids.add(hit.id);
  return [...ids].sort();
}

// Warm-up, then timed runs.
for (const declaration of sample.slice(0, 200)) {
  await jreHits(declaration);
  await zenHits(declaration);
}

const jreResults: string[][] = [];
started = performance.now();
let cpuStarted = cpuMs();
for (const declaration of sample.slice(0, jreCount)) jreResults.push(await jreHits(declaration));
const jreRate = jreCount / ((cpuMs() - cpuStarted) / 1000);
const jreWallRate = jreCount / ((performance.now() - started) / 1000);
console.log(
  `json-rules-engine: ${jreCount.toLocaleString('en')} declarations (criteria matching only, ${activeCriteria.length} rules valid at the date, ` +
    `run per item) = ${Math.round(jreRate).toLocaleString('en')}/s of CPU (wall clock ${Math.round(jreWallRate).toLocaleString('en')}/s)`,
);

const zenResults: string[][] = [];
started = performance.now();
cpuStarted = cpuMs();
for (const declaration of sample.slice(0, zenCount)) zenResults.push(await zenHits(declaration));
const zenRate = zenCount / ((cpuMs() - cpuStarted) / 1000);
const zenWallRate = zenCount / ((performance.now() - started) / 1000);
console.log(
  `zen-engine: ${zenCount.toLocaleString('en')} declarations (criteria matching only, one decision table of ${zenRules.length} rows, ` +
    `hit policy collect, loop over items) = ${Math.round(zenRate).toLocaleString('en')}/s of CPU (wall clock ${Math.round(zenWallRate).toLocaleString('en')}/s)`,
);

// ---------------------------------------------------------------------------------------------
// Agreement on which criteria hit
// ---------------------------------------------------------------------------------------------

let agreeJre = 0;
let agreeZen = 0;
let withHits = 0;
let hitCount = 0;
const disagreements: string[] = [];
for (let index = 0; index < agreementCount; index += 1) {
  const declaration = sample[index] as GoodsDeclaration;
  const ours = evaluator
    .matchCriteria(subjectFromDeclaration(declaration, { fileId: declaration.reference }), at)
    .sort();
  const theirs = [jreResults[index] ?? [], zenResults[index] ?? []] as const;
  if (ours.length > 0) withHits += 1;
  hitCount += ours.length;
  if (ours.join() === theirs[0].join()) agreeJre += 1;
  else
    disagreements.push(
      `${declaration.reference} ours [${ours.join()}] json-rules-engine [${theirs[0].join()}]`,
    );
  if (ours.join() === theirs[1].join()) agreeZen += 1;
  else disagreements.push(`${declaration.reference} ours [${ours.join()}] zen-engine [${theirs[1].join()}]`);
}
console.log(
  `agreement on ${agreementCount.toLocaleString('en')} declarations (${withHits} with a hit, ${hitCount} hits): ` +
    `json-rules-engine ${agreeJre}/${agreementCount}, zen-engine ${agreeZen}/${agreementCount}`,
);
for (const line of disagreements.slice(0, 10)) console.log(`  disagreement: ${line}`);
if (disagreements.length > 0) process.exitCode = 1;
console.log(
  `ratios: ours / json-rules-engine = ${Math.round(oursRate / jreRate).toLocaleString('en')}x, ` +
    `ours / zen-engine = ${Math.round(oursRate / zenRate).toLocaleString('en')}x ` +
    `(theirs match criteria only; ours also allocates lanes, draws and reasons)`,
);
console.log(
  `selectivity: ${Math.round(oursRate)}/s, json-rules-engine ${Math.round(jreRate)}/s, zen-engine ${Math.round(zenRate)}/s`,
);
