/**
 * The evaluator (flat condition program, typed-array index and watchlist tables, reusable lane
 * allocator) against a reference written the plain way from the rules of condition.ts,
 * watchlist.ts and lane-allocation.ts: recursion over the condition JSON, arrays of entries
 * scanned, a fresh random source per file. Random rule sets using every field and operator,
 * random files (plain and from declarations), random instants across validity boundaries: every
 * assessment must be identical, field by field.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GoodsDeclaration } from '../declaration/goods-declaration.ts';
import { isContainerNumber } from '../reference/codes.ts';
import type { Assessment, CriterionHit } from './assessment.ts';
import type { Condition, Predicate } from './condition.ts';
import type { Criterion } from './criterion.ts';
import { lanes, laneRank, type Lane, type SelectionLane } from './lane.ts';
import { emptyCounters, type OfficeCounters, type SelectionStep } from './lane-allocation.ts';
import type { LaneParameters, RuleSet } from './rule-set.ts';
import { assessmentSeed, seededRandom } from './seeded-random.ts';
import { compileOrThrow } from './selectivity-factories.ts';
import { fieldDefinition } from './selectivity-fields.ts';
import { subjectFromDeclaration, type SelectivitySubject, type SubjectItem } from './selectivity-subject.ts';
import type { Watchlist } from './watchlist.ts';
import { normalizeWords } from './word-match.ts';

// ---------------------------------------------------------------------------------------------
// The reference
// ---------------------------------------------------------------------------------------------

function listed(list: Watchlist, value: string, at: number): boolean {
  return list.entries.some((entry) => {
    const valid =
      Date.parse(entry.validFrom) <= at && (entry.validTo === undefined || at < Date.parse(entry.validTo));
    if (!valid) return false;
    if (list.kind === 'seller') return normalizeWords(entry.value) === normalizeWords(value);
    if (list.kind === 'tariff_line') return value.startsWith(entry.value);
    return entry.value === value;
  });
}

function textOf(predicate: Predicate, subject: SelectivitySubject, item: SubjectItem | undefined) {
  const values: Partial<Record<string, string | undefined>> = {
    office: subject.office,
    procedure: subject.procedure,
    transportMode: subject.transportMode,
    importer: subject.importer,
    declarant: subject.declarant,
    seller: subject.seller,
    departureCountry: subject.departureCountry,
    tariffLine: item?.tariffLine,
    origin: item?.origin,
  };
  return values[predicate.field];
}

function numberOf(predicate: Predicate, subject: SelectivitySubject, item: SubjectItem | undefined) {
  const values: Partial<Record<string, number | undefined>> = {
    importerHitRate: subject.importerHitRate,
    modelScore: subject.modelScore,
    customsValue: item?.customsValue,
    unitValue: item?.unitValue,
    valuePerKg: item?.valuePerKg,
    quantity: item?.quantity,
    netMass: item?.netMass,
    unitValueBelowReference: item?.unitValueBelowReference,
  };
  return values[predicate.field];
}

function predicateHolds(
  predicate: Predicate,
  subject: SelectivitySubject,
  item: SubjectItem | undefined,
  at: number,
  lists: ReadonlyMap<string, Watchlist>,
): boolean {
  const definition = fieldDefinition(predicate.field);
  if (definition.kind === 'boolean') {
    return subject.billOnNoManifest === (predicate.op === 'eq' && predicate.value === true);
  }
  if (definition.kind === 'words') {
    if (predicate.op !== 'words' || item?.description === undefined) return false;
    const words = ` ${normalizeWords(item.description)} `;
    return predicate.value.some((phrase) => words.includes(` ${normalizeWords(phrase)} `));
  }
  if (definition.kind === 'number') {
    const value = numberOf(predicate, subject, item);
    if (value === undefined) return false;
    switch (predicate.op) {
      case 'gt':
        return value > predicate.value;
      case 'gte':
        return value >= predicate.value;
      case 'lt':
        return value < predicate.value;
      case 'lte':
        return value <= predicate.value;
      case 'between':
        return value >= predicate.value[0] && value <= predicate.value[1];
      case 'eq':
      case 'in':
      case 'prefix':
      case 'words':
      case 'inList':
        throw new Error(`not a number operator: ${predicate.op}`);
    }
  }
  const name = (value: string) => (definition.name === true ? normalizeWords(value) : value);
  const passes = (value: string): boolean => {
    switch (predicate.op) {
      case 'eq':
        return name(value) === name(String(predicate.value));
      case 'in':
        return predicate.value.some((candidate) => name(candidate) === name(value));
      case 'prefix':
        return (typeof predicate.value === 'string' ? [predicate.value] : predicate.value).some((prefix) =>
          value.startsWith(prefix),
        );
      case 'inList': {
        const list = lists.get(predicate.list);
        assert.ok(list);
        return listed(list, value, at);
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
      case 'between':
      case 'words':
        throw new Error(`not a code operator: ${predicate.op}`);
    }
  };
  if (definition.multiple === true) {
    return (predicate.field === 'billOfLading' ? subject.billsOfLading : subject.containers).some(passes);
  }
  const value = textOf(predicate, subject, item);
  return value !== undefined && passes(value);
}

function holds(
  condition: Condition,
  subject: SelectivitySubject,
  item: SubjectItem | undefined,
  at: number,
  lists: ReadonlyMap<string, Watchlist>,
): boolean {
  if ('all' in condition) return condition.all.every((part) => holds(part, subject, item, at, lists));
  if ('any' in condition) return condition.any.some((part) => holds(part, subject, item, at, lists));
  if ('not' in condition) return !holds(condition.not, subject, item, at, lists);
  return predicateHolds(condition, subject, item, at, lists);
}

function readsItem(condition: Condition): boolean {
  if ('all' in condition) return condition.all.some(readsItem);
  if ('any' in condition) return condition.any.some(readsItem);
  if ('not' in condition) return readsItem(condition.not);
  return fieldDefinition(condition.field).level === 'item';
}

function criterionHits(
  criterion: Criterion,
  subject: SelectivitySubject,
  at: number,
  lists: ReadonlyMap<string, Watchlist>,
) {
  if (at < Date.parse(criterion.validFrom)) return false;
  if (criterion.validTo !== undefined && at >= Date.parse(criterion.validTo)) return false;
  if (criterion.offices !== undefined && !criterion.offices.includes(subject.office)) return false;
  return readsItem(criterion.condition)
    ? subject.items.some((item) => holds(criterion.condition, subject, item, at, lists))
    : holds(criterion.condition, subject, undefined, at, lists);
}

/** Lane allocation as lane-allocation.ts describes it, with one random source per file. */
function referenceAssessment(
  ruleSet: RuleSet,
  subject: SelectivitySubject,
  at: Date,
  sequence: number,
  counters: OfficeCounters,
  salt: string,
): { assessment: Assessment; counters: OfficeCounters } {
  const lists = new Map(ruleSet.lists.map((list) => [list.id, list]));
  const hitCriteria = ruleSet.profiles
    .filter((profile) => profile.active)
    .flatMap((profile) => profile.criteria.map((criterion) => ({ profile, criterion })))
    .filter(({ criterion }) => criterionHits(criterion, subject, at.getTime(), lists));
  const parameters: LaneParameters =
    ruleSet.laneParameters.offices.find((office) => office.office === subject.office) ??
    ruleSet.laneParameters.default;
  const random = seededRandom(salt + assessmentSeed(subject.fileId, ruleSet.version, sequence));
  const draws: number[] = [];
  const draw = () => {
    const value = random();
    draws.push(value);
    return value;
  };
  const sample = draw() * 100;
  const quota = parameters.minimumRandomRate;
  const randomLane: SelectionLane | null =
    sample < quota.red
      ? 'red'
      : sample < quota.red + quota.yellow
        ? 'yellow'
        : sample < quota.red + quota.yellow + quota.blue
          ? 'blue'
          : null;
  const stricter = (a: Lane, b: Lane): Lane => (laneRank(a) >= laneRank(b) ? a : b);
  let lane: Lane = 'green';
  let strictest: Lane = 'green';
  let unselected = 0;
  const hits: CriterionHit[] = [];
  for (const { profile, criterion } of hitCriteria) {
    const value = draw();
    const selected = value * 100 < criterion.effect.percentage;
    if (selected) lane = stricter(lane, criterion.effect.lane);
    else unselected += 1;
    strictest = stricter(strictest, criterion.effect.lane);
    hits.push({
      criterionId: criterion.id,
      profileId: profile.id,
      name: criterion.name,
      lane: criterion.effect.lane,
      percentage: criterion.effect.percentage,
      weight: criterion.weight,
      reason: { fr: criterion.reason.fr, en: criterion.reason.en },
      draw: value,
      selected,
    });
  }
  let selectedBy: SelectionStep = lane === 'green' ? 'none' : 'criteria';
  const maxHits = parameters.maxHitsWithoutSelection;
  const maxHitsExceeded = maxHits !== undefined && unselected > maxHits;
  if (maxHitsExceeded && laneRank(strictest) > laneRank(lane)) {
    lane = strictest;
    selectedBy = 'max_hits';
  }
  if (randomLane !== null && laneRank(randomLane) > laneRank(lane)) {
    lane = randomLane;
    selectedBy = 'random';
  }
  let topUp = false;
  if (lane === 'green') {
    const files = counters.assessed + 1;
    for (const candidate of ['red', 'yellow', 'blue'] as const) {
      const shortfall = (parameters.expectedRate[candidate] / 100) * files - counters[candidate];
      if (shortfall > 0 && draw() < shortfall) {
        lane = candidate;
        topUp = true;
        selectedBy = 'top_up';
        break;
      }
    }
  }
  const after = { ...counters, assessed: counters.assessed + 1 };
  for (const name of lanes) if (name === lane) after[name] += 1;
  return {
    assessment: {
      fileId: subject.fileId,
      office: subject.office,
      at: at.toISOString(),
      sequence,
      ruleSetVersion: ruleSet.version,
      lane,
      selectedBy,
      score: hits.reduce((sum, hit) => sum + hit.weight, 0),
      hits,
      random: randomLane !== null,
      randomLane,
      topUp,
      maxHitsExceeded,
      draws,
      countersBefore: counters,
      yellowToBlueDays: parameters.yellowToBlueDays ?? null,
      greenDelayMinutes: parameters.greenDelayMinutes,
    },
    counters: after,
  };
}

// ---------------------------------------------------------------------------------------------
// Random rule sets and files
// ---------------------------------------------------------------------------------------------

const random = seededRandom('assessment-equivalence');
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const some = <T>(values: readonly T[], max = 3): T[] => [
  ...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(values))),
];
const amount = (max: number) => Math.round(random() * max * 100) / 100;

function container(prefix: string, serial: number): string {
  for (let digit = 0; digit < 10; digit += 1) {
    const number = `${prefix}${String(serial).padStart(6, '0')}${digit}`;
    if (isContainerNumber(number)) return number;
  }
  throw new Error('no check digit');
}

const offices = ['SNDKR1', 'SNDSS1', 'CIABJ1', 'GHTMA1'];
const procedures = ['4000', '4071', '1000', '7100'];
const modes = ['sea', 'road', 'air', 'rail'] as const;
const importers = ['IMP1', 'IMP2', 'IMP3', 'IMP4', '0045123', 'A-LONG-IMPORTER-CODE-42'];
const declarants = ['DEC1', 'DEC2', 'DEC3'];
const sellers = [
  'Ningbo Trading Co',
  'NINGBO TRADING CO.',
  "Société Générale d'Import",
  'Œufs & Co',
  'oeufs co',
];
const countries = ['CN', 'JP', 'NG', 'FR', 'TR', 'SN'];
const bills = ['MEDU1234567', 'MSCU7654321', 'BL-001', 'BL/002'];
const containers = [container('CSQU', 305438), container('MSCU', 123456), container('TGHU', 765432)];
const lines = [
  '8703231900',
  '8703241000',
  '8704210000',
  '0303890000',
  '2402200000',
  '1006300000',
  '87032319',
];
const itemLines = [...lines, '8703', '870323', '87O3231900', '100630000099'];
const descriptions = [
  'Véhicule de tourisme, OCCASION',
  'used cars',
  'Frozen fish',
  'CIGARETTE',
  'Spare parts, second-hand',
];
const phrases = ['occasion', 'used', 'frozen', 'second hand', 'cigarette', 'véhicule'];
const day = 86_400_000;
const start = Date.parse('2026-03-15T10:00:00Z');
const iso = (days: number) => new Date(start + days * day).toISOString();

function validity(): { validFrom: string; validTo?: string } {
  const roll = random();
  if (roll < 0.6) return { validFrom: iso(-100) };
  if (roll < 0.8) return { validFrom: iso(-100), validTo: iso(Math.floor(random() * 20) - 10) };
  return { validFrom: iso(Math.floor(random() * 20) - 10) };
}

const entry = (value: string) => ({ value, ...validity(), addedBy: 'analyst', addedAt: iso(-200) });
const watchlists: Watchlist[] = [
  {
    id: 'L-IMP',
    name: 'i',
    kind: 'importer',
    entries: [...some(importers, 4), ...some(importers, 2)].map(entry),
  },
  { id: 'L-DEC', name: 'd', kind: 'declarant', entries: some(declarants, 2).map(entry) },
  { id: 'L-SEL', name: 's', kind: 'seller', entries: some(sellers, 3).map(entry) },
  { id: 'L-CTRY', name: 'c', kind: 'country', entries: some(countries, 3).map(entry) },
  {
    id: 'L-HS',
    name: 'h',
    kind: 'tariff_line',
    entries: ['8704', '240220', '870323190', '87', '1006300000', '0303', '8704'].map(entry),
  },
  {
    // Long enough that the index files the criteria testing it apart from the others.
    id: 'L-HS-LONG',
    name: 'h',
    kind: 'tariff_line',
    entries: [
      ...lines.map((line) => line.slice(0, 6)),
      ...lines.map((line) => line.slice(0, 8)),
      ...Array.from({ length: 90 }, (_, index) => String(10_000_000 + index * 7_919)),
    ].map(entry),
  },
  { id: 'L-BL', name: 'b', kind: 'bill_of_lading', entries: some(bills, 2).map(entry) },
  { id: 'L-CT', name: 'k', kind: 'container', entries: some(containers, 2).map(entry) },
];

function predicate(): Condition {
  switch (Math.floor(random() * 24)) {
    case 0:
      return { field: 'office', op: 'in', value: some(offices) };
    case 1:
      return { field: 'procedure', op: 'prefix', value: pick(['4', '40', '4071', '1']) };
    case 2:
      return { field: 'transportMode', op: 'in', value: some(modes) };
    case 3:
      return { field: 'importer', op: 'eq', value: pick(importers) };
    case 4:
      return { field: 'importer', op: 'inList', list: 'L-IMP' };
    case 5:
      return { field: 'declarant', op: 'inList', list: 'L-DEC' };
    case 6:
      return random() < 0.5
        ? { field: 'seller', op: 'eq', value: pick(sellers) }
        : { field: 'seller', op: 'in', value: some(sellers) };
    case 7:
      return { field: 'seller', op: 'inList', list: 'L-SEL' };
    case 8:
      return { field: 'departureCountry', op: 'inList', list: 'L-CTRY' };
    case 9:
      return random() < 0.5
        ? { field: 'billOfLading', op: 'in', value: some(bills) }
        : { field: 'billOfLading', op: 'inList', list: 'L-BL' };
    case 10:
      return { field: 'container', op: 'prefix', value: pick(['CSQU', 'MSCU12', 'TG']) };
    case 11:
      return { field: 'container', op: 'inList', list: 'L-CT' };
    case 12:
      return { field: 'billOnNoManifest', op: 'eq', value: random() < 0.5 };
    case 13:
      return {
        field: pick(['importerHitRate', 'modelScore'] as const),
        op: pick(['gt', 'gte', 'lt', 'lte'] as const),
        value: pick([0, 0.25, 0.5, 1]),
      };
    case 14: {
      const [low, high] = [amount(1000), amount(1000)].sort((a, b) => a - b) as [number, number];
      return {
        field: pick(['customsValue', 'unitValue', 'valuePerKg', 'quantity', 'netMass'] as const),
        op: 'between',
        value: [low, high],
      };
    }
    case 15:
      return {
        field: pick([
          'customsValue',
          'unitValue',
          'valuePerKg',
          'quantity',
          'netMass',
          'unitValueBelowReference',
        ] as const),
        op: pick(['gt', 'gte', 'lt', 'lte'] as const),
        value: pick([0, 1, 10, 50, 100]),
      };
    case 16:
    case 17:
      return {
        field: 'tariffLine',
        op: 'prefix',
        value:
          random() < 0.5
            ? pick(lines).slice(0, pick([2, 4, 6, 7, 8, 9, 10]))
            : some(lines).map((line) => line.slice(0, pick([2, 4, 6, 8]))),
      };
    case 18:
      return random() < 0.5
        ? { field: 'tariffLine', op: 'in', value: some(lines.filter((line) => line.length >= 8)) }
        : { field: 'tariffLine', op: 'eq', value: pick(lines) };
    case 19:
      return { field: 'tariffLine', op: 'inList', list: 'L-HS' };
    case 20:
      return {
        field: 'origin',
        op: 'in',
        value: random() < 0.2 ? [...countries, 'US', 'DE', 'IT', 'ES'] : some(countries),
      };
    case 21:
      return { field: 'origin', op: 'inList', list: 'L-CTRY' };
    case 22:
      return { field: 'description', op: 'words', value: some(phrases) };
    default:
      return { field: 'container', op: 'in', value: some(containers) };
  }
}

function condition(depth: number): Condition {
  const roll = random();
  if (depth > 3 || roll < 0.4) return predicate();
  const children = Array.from({ length: 1 + Math.floor(random() * 3) }, () => condition(depth + 1));
  if (roll < 0.75) return { all: children };
  if (roll < 0.92) return { any: children };
  return { not: condition(depth + 1) };
}

function aCriterion(index: number, criterionCondition: Condition): Criterion {
  return {
    id: `K${index}`,
    name: `Criterion ${index}`,
    condition: criterionCondition,
    effect: { lane: pick(['red', 'yellow', 'blue'] as const), percentage: pick([100, 100, 50, 10, 0]) },
    weight: 1 + Math.floor(random() * 20),
    ...validity(),
    ...(random() < 0.25 ? { offices: some(offices, 2) } : {}),
    reason: { fr: `Raison ${index}`, en: `Reason ${index}` },
    rationale: 'Confidential.',
  };
}

const aPrefix = (): string => pick(lines).slice(0, pick([2, 4, 6, 8]));

/**
 * A condition of the ASYCUDA form (tariff prefixes AND origins AND more), often with a second
 * prefix or origin predicate that agrees with the first or not, flat or nested: the evaluator
 * leaves out the predicates its index proves for an item, and must leave out no other.
 */
function anIndexedCondition(): Condition {
  const parts: Condition[] = [
    random() < 0.2
      ? { field: 'tariffLine', op: 'inList', list: 'L-HS-LONG' }
      : { field: 'tariffLine', op: 'prefix', value: random() < 0.5 ? aPrefix() : [aPrefix(), aPrefix()] },
    random() < 0.8
      ? { field: 'origin', op: 'in', value: some(countries) }
      : { field: 'origin', op: 'eq', value: pick(countries) },
  ];
  if (random() < 0.5) parts.push({ field: 'origin', op: 'in', value: some(countries, 4) });
  if (random() < 0.3) parts.push({ field: 'origin', op: 'eq', value: pick(countries) });
  if (random() < 0.4) parts.push({ field: 'tariffLine', op: 'prefix', value: aPrefix() });
  if (random() < 0.6) parts.push(predicate());
  return random() < 0.5 ? { all: parts } : { all: [parts[0] as Condition, { all: parts.slice(1) }] };
}

function aRuleSet(): RuleSet {
  const criteria: Criterion[] = Array.from({ length: 160 }, (_, index) =>
    aCriterion(index, random() < 0.6 ? { all: [predicate(), predicate(), condition(1)] } : condition(0)),
  );
  const indexed = Array.from({ length: 60 }, (_, index) => aCriterion(160 + index, anIndexedCondition()));
  const parameters = (red: number): LaneParameters => ({
    expectedRate: { red, yellow: 10, blue: 10 },
    minimumRandomRate: { red: 2, yellow: 2, blue: 3 },
    maxHitsWithoutSelection: 2,
    yellowToBlueDays: 3,
    greenDelayMinutes: 30,
  });
  return {
    version: 7,
    name: 'Equivalence',
    profiles: [
      { id: 'P1', name: 'One', active: true, criteria: criteria.slice(0, 100) },
      { id: 'P2', name: 'Two', active: false, criteria: criteria.slice(100, 120) },
      { id: 'P3', name: 'Three', active: true, criteria: [...criteria.slice(120), ...indexed] },
    ],
    lists: watchlists,
    laneParameters: {
      default: parameters(5),
      offices: [
        {
          office: 'CIABJ1',
          expectedRate: { red: 8, yellow: 10, blue: 10 },
          minimumRandomRate: { red: 1, yellow: 1, blue: 1 },
          greenDelayMinutes: 0,
        },
      ],
    },
  };
}

function aPlainSubject(file: number): SelectivitySubject {
  const optional = <T>(value: T): T | undefined => (random() < 0.1 ? undefined : value);
  const items = Array.from({ length: Math.floor(random() * 4) }, (): SubjectItem => {
    const item: Record<string, unknown> = {
      tariffLine: optional(pick(itemLines)),
      origin: optional(pick([...countries, 'cn', 'CHN'])),
      description: optional(pick(descriptions)),
    };
    for (const field of [
      'customsValue',
      'netMass',
      'quantity',
      'unitValue',
      'valuePerKg',
      'unitValueBelowReference',
    ]) {
      if (random() < 0.85) item[field] = amount(1200);
    }
    return item;
  });
  return {
    fileId: `F-${file}`,
    office: pick([...offices, 'XXDKR9']),
    procedure: optional(pick(procedures)),
    transportMode: optional(pick(modes)),
    importer: optional(pick(importers)),
    declarant: optional(pick(declarants)),
    seller: optional(pick(sellers)),
    departureCountry: optional(pick(countries)),
    billsOfLading: random() < 0.2 ? [] : some(bills, 2),
    containers: random() < 0.3 ? [] : some(containers, 2),
    billOnNoManifest: optional(random() < 0.5),
    importerHitRate: optional(pick([0, 0.25, 0.5, 1])),
    modelScore: optional(amount(1)),
    items,
  };
}

function aDeclarationSubject(file: number): SelectivitySubject {
  const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
    tariffLine: pick(lines.filter((line) => line.length >= 8)),
    description: pick(descriptions),
    origin: pick(countries),
    customsValue: String(amount(100_000)),
    netMass: String(amount(500)),
    ...(random() < 0.8 ? { supplementaryQuantity: String(1 + Math.floor(random() * 50)) } : {}),
    packages: 1,
  }));
  const declaration = {
    sender: 'BROKER01',
    reference: `D-${file}`,
    kind: 'pre_arrival',
    office: pick(offices),
    procedure: pick(procedures),
    declarant: { code: pick(declarants) },
    importer: { taxId: pick(importers), name: 'Importer' },
    seller: { name: pick(sellers) },
    departureCountry: pick(countries),
    transportMode: pick(modes),
    billsOfLading: some(bills, 2),
    invoice: { currency: 'EUR', exchangeRate: pick(['1', '655.957', '605.5']) },
    items,
  } as unknown as GoodsDeclaration;
  return subjectFromDeclaration(declaration, {
    fileId: declaration.reference,
    ...(random() < 0.5 ? { containers: some(containers, 2) } : {}),
    indicators: {
      modelScore: amount(1),
      billOnNoManifest: random() < 0.5,
      unitValueBelowReference: [amount(100)],
    },
  });
}

describe('the evaluator against a plain reference', () => {
  it('gives the same assessment for every file: hits, draws, lanes, reasons and counters', () => {
    const ruleSet = aRuleSet();
    const salt = 'secret:';
    const plain = compileOrThrow(ruleSet);
    const salted = compileOrThrow(ruleSet, { randomFactory: (seed) => seededRandom(salt + seed) });
    const counters = new Map<string, OfficeCounters>();
    let hits = 0;
    for (let file = 0; file < 1_500; file += 1) {
      const subject = file % 3 === 2 ? aDeclarationSubject(file) : aPlainSubject(file);
      // One file in five exactly at a validity boundary (every boundary falls at `start` + whole days).
      const days = Math.floor((random() - 0.5) * 25);
      const at = new Date(start + days * day + (random() < 0.2 ? 0 : Math.floor(random() * day)));
      const isSalted = file % 4 === 3;
      const key = `${subject.office}:${isSalted}`;
      const before = counters.get(key) ?? emptyCounters();
      const sequence = 1 + (file % 3);
      const outcome = (isSalted ? salted : plain).assess(subject, { at, sequence, counters: before });
      const expected = referenceAssessment(ruleSet, subject, at, sequence, before, isSalted ? salt : '');
      assert.deepEqual(outcome, expected, `file ${file}`);
      assert.deepEqual(
        plain.matchCriteria(subject, at),
        expected.assessment.hits.map((hit) => hit.criterionId),
      );
      counters.set(key, outcome.counters);
      hits += outcome.assessment.hits.length;
    }
    assert.ok(hits > 3_000, `the sample should hit often (${hits} hits)`);
  });
});
