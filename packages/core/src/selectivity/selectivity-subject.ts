/**
 * What the selectivity engine assesses: a file (a declaration with the manifest consignments it
 * cites, or a manifest consignment alone before any declaration, as EU ICS2 layers them),
 * reduced to the fields criteria test, with amounts converted to numbers in the national
 * currency and the derived indicators other services computed passed in beside them.
 *
 * Floating point is fine here: these numbers are compared with risk thresholds, never used to
 * compute what is owed (the tariff engine does that with exact decimals).
 *
 * Building a subject touches the texts an assessment reads first, and an item reads the amount
 * texts of a figure together: the declaration is usually not in the processor's cache, and
 * fetches started together overlap where fetches started one after another wait in turn.
 */
import type {
  GoodsDeclaration,
  GovernmentAgencyGoodsItem,
  TransportMode,
} from '../declaration/goods-declaration.ts';
import type { CargoManifest, Consignment } from '../manifest/cargo-manifest.ts';

/** One goods item as criteria see it. A field the documents do not give is absent. */
export interface SubjectItem {
  /** The national tariff line (8 to 10 digits), or the manifest's HS code (4 or 6). */
  readonly tariffLine?: string | undefined;
  readonly origin?: string | undefined;
  readonly description?: string | undefined;
  /** Customs value in the national currency. */
  readonly customsValue?: number | undefined;
  /** Net mass in kilograms. */
  readonly netMass?: number | undefined;
  /** Quantity in the supplementary unit. */
  readonly quantity?: number | undefined;
  /** Customs value per supplementary unit, in the national currency. */
  readonly unitValue?: number | undefined;
  /** Customs value per kilogram of net mass, in the national currency. */
  readonly valuePerKg?: number | undefined;
  /**
   * How far the unit value falls below the P10 of its reference band, in percent (0 when not
   * below), from the valuation service. Absent when the item has no reference band.
   */
  readonly unitValueBelowReference?: number | undefined;
}

/** A file as criteria see it. */
export interface SelectivitySubject {
  /** The file's id (declaration or consignment), part of the seed of its draws. */
  readonly fileId: string;
  readonly office: string;
  readonly procedure?: string | undefined;
  readonly transportMode?: TransportMode | undefined;
  /** The importer's tax id (the consignee's on a manifest). */
  readonly importer?: string | undefined;
  readonly declarant?: string | undefined;
  /** The seller's name (the shipper's on a manifest). */
  readonly seller?: string | undefined;
  readonly departureCountry?: string | undefined;
  readonly billsOfLading: readonly string[];
  readonly containers: readonly string[];
  /** Whether a B/L the declaration cites is on no manifest (from the write-off service). */
  readonly billOnNoManifest?: boolean | undefined;
  /** The importer's past hit rate (inspections that found non-compliance / inspections), 0 to 1. */
  readonly importerHitRate?: number | undefined;
  /** The risk model's score of the file, 0 to 1. */
  readonly modelScore?: number | undefined;
  readonly items: readonly SubjectItem[];
}

/** Indicators computed by other services, passed in with the documents. */
export interface SubjectIndicators {
  /** Per item, in declaration order: percent below the P10 of the reference band (see SubjectItem). */
  readonly unitValueBelowReference?: readonly (number | undefined)[] | undefined;
  readonly billOnNoManifest?: boolean | undefined;
  readonly importerHitRate?: number | undefined;
  readonly modelScore?: number | undefined;
}

type Invoice = GoodsDeclaration['invoice'];

const powersOfTen = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The number a normalised decimal string denotes ("12500.5", as the intake schemas return
 * them), without the general string-to-number conversion, which is slow on the hot path. With
 * at most 15 significant digits the digits form an exact integer and one division by an exact
 * power of ten rounds correctly, so the result is exactly `Number(text)`; anything else falls
 * back to `Number(text)`.
 */
export function decimalToNumber(text: string): number {
  let digits = 0;
  let count = 0;
  let scale = -1;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9 || count === 15) return Number(text);
    digits = digits * 10 + digit;
    if (digits > 0) count += 1;
    if (scale >= 0) scale += 1;
  }
  if (text.length === 0 || scale === 0 || scale >= powersOfTen.length) return Number(text);
  return scale > 0 ? digits / (powersOfTen[scale] as number) : digits;
}

/** The containers of a file that cites none (most declarations): shared, since never changed. */
const noContainers: readonly string[] = Object.freeze([]);

/**
 * The summed lengths of the texts touched last (scratch, never read): a text is fetched from
 * memory with its length, and reading the lengths of the texts a step needs before working on
 * any has them fetched together (a declaration assessed is usually not in the processor's cache).
 */
const fetched = { textLengths: 0 };

function positiveOrUndefined(value: number): number | undefined {
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * A declaration item as criteria see it. Its amounts are converted on first read: most items
 * meet no criterion that reads them (the index filters on tariff line and origin first), so
 * converting every decimal of every item up front would be most of the cost of an assessment.
 */
class DeclarationItemSubject implements SubjectItem {
  // Declared, not defined, and set in the constructor only: a class field definition makes V8
  // run an initialiser on each of the many items made.
  declare readonly tariffLine: string;
  declare readonly origin: string;
  declare readonly description: string;
  declare readonly unitValueBelowReference: number | undefined;
  declare private readonly item: GovernmentAgencyGoodsItem;
  /**
   * The declaration's invoice, whose exchange rate is read with the first amount: most files
   * read no amount, and a rate kept as a number would be one more object made per item.
   */
  declare private readonly invoice: Invoice;
  /**
   * Converted amounts; undefined until read. Not NaN: a field holding a number from the start
   * gets a box of its own on every item, read or not.
   */
  declare private convertedValue: number | undefined;
  declare private convertedMass: number | undefined;
  declare private convertedQuantity: number | undefined;

  constructor(
    item: GovernmentAgencyGoodsItem,
    invoice: Invoice,
    unitValueBelowReference: number | undefined,
  ) {
    this.tariffLine = item.tariffLine;
    this.origin = item.origin;
    this.description = item.description;
    this.unitValueBelowReference = unitValueBelowReference;
    this.item = item;
    this.invoice = invoice;
    this.convertedValue = undefined;
    this.convertedMass = undefined;
    this.convertedQuantity = undefined;
  }

  get customsValue(): number {
    this.convertedValue ??=
      decimalToNumber(this.item.customsValue) * decimalToNumber(this.invoice.exchangeRate);
    return this.convertedValue;
  }

  get netMass(): number {
    this.convertedMass ??= decimalToNumber(this.item.netMass);
    return this.convertedMass;
  }

  get quantity(): number | undefined {
    const quantity = this.item.supplementaryQuantity;
    if (quantity === undefined) return undefined;
    this.convertedQuantity ??= decimalToNumber(quantity);
    return this.convertedQuantity;
  }

  get unitValue(): number | undefined {
    // Both texts read before either is converted, so that they are fetched from memory together.
    const item = this.item;
    if (item.supplementaryQuantity === undefined) return undefined;
    fetched.textLengths = item.supplementaryQuantity.length + item.customsValue.length;
    const quantity = this.quantity as number;
    return positiveOrUndefined(this.customsValue / quantity);
  }

  get valuePerKg(): number | undefined {
    const item = this.item;
    fetched.textLengths = item.netMass.length + item.customsValue.length;
    return positiveOrUndefined(this.customsValue / this.netMass);
  }

  /** The item as plain data (for logs and tests): every field, amounts converted. */
  toJSON(): SubjectItem {
    return {
      tariffLine: this.tariffLine,
      origin: this.origin,
      description: this.description,
      customsValue: this.customsValue,
      netMass: this.netMass,
      quantity: this.quantity,
      unitValue: this.unitValue,
      valuePerKg: this.valuePerKg,
      unitValueBelowReference: this.unitValueBelowReference,
    };
  }
}

/**
 * The subject of a declaration: its fields, the containers of the consignments it cites
 * (pass those of its B/Ls found on manifests), and the indicators. Amounts are converted to the
 * national currency at the declaration's exchange rate, on first read. The subject reads the
 * declaration it was built from: do not change the declaration while assessing it. Never
 * throws on a validated declaration.
 *
 * @example
 *   subjectFromDeclaration(declaration, { fileId: 'd-42', consignments, indicators: { modelScore: 0.91 } })
 */
export function subjectFromDeclaration(
  declaration: GoodsDeclaration,
  options: {
    readonly fileId: string;
    readonly consignments?: readonly Consignment[] | undefined;
    /** Containers known otherwise (as stored with a past assessment), added to the consignments'. */
    readonly containers?: readonly string[] | undefined;
    readonly indicators?: SubjectIndicators | undefined;
  },
): SelectivitySubject {
  // The parts of the declaration read first, each independently of the others: a declaration
  // assessed is usually not in the processor's cache, and reads that do not wait on one another
  // are fetched from memory together, where reading and converting each part in turn would
  // wait for each in turn.
  const declared = declaration.items;
  const importer = declaration.importer.taxId;
  const declarant = declaration.declarant.code;
  const seller = declaration.seller.name;
  // The texts the assessment reads first (the tariff lines and the seed's file id; importer and
  // declarant above), touched now so that their fetches overlap with building the subject.
  let lengths = options.fileId.length + importer.length + declarant.length;
  for (let index = 0; index < declared.length; index += 1) lengths += declared[index]?.tariffLine.length ?? 0;
  fetched.textLengths = lengths;
  const invoice = declaration.invoice;
  const below = options.indicators?.unitValueBelowReference;
  // Sized up front: a list grown by push reserves room for seventeen items.
  const items = new Array<SubjectItem>(declared.length);
  let count = 0;
  for (let index = 0; index < declared.length; index += 1) {
    const item = declared[index];
    if (item !== undefined) {
      items[count] = new DeclarationItemSubject(item, invoice, below?.[index]);
      count += 1;
    }
  }
  // Setting the length is a call into the runtime: only when an item was missing.
  if (count !== items.length) items.length = count;
  // Plain loops, no closure: this runs once per assessment, and a closure made per call costs
  // (the TypeScript loader names each function it creates).
  let containers: readonly string[] = noContainers;
  if (options.consignments !== undefined || options.containers !== undefined) {
    const found: string[] = [];
    for (const consignment of options.consignments ?? []) {
      for (const container of consignment.containers) {
        if (!found.includes(container)) found.push(container);
      }
    }
    for (const container of options.containers ?? []) {
      if (!found.includes(container)) found.push(container);
    }
    containers = found;
  }
  return {
    fileId: options.fileId,
    office: declaration.office,
    procedure: declaration.procedure,
    transportMode: declaration.transportMode,
    importer,
    declarant,
    seller,
    departureCountry: declaration.departureCountry,
    billsOfLading: declaration.billsOfLading,
    containers,
    billOnNoManifest: options.indicators?.billOnNoManifest,
    importerHitRate: options.indicators?.importerHitRate,
    modelScore: options.indicators?.modelScore,
    items,
  };
}

/** How many declarations `prefetchDeclarations` reads ahead at a time. */
export const prefetchGroup = 8;

/**
 * For a caller that assesses a list of declarations in turn (a backtest over past files, the
 * selectivity bench): call it before building the subject of `declarations[index]`. Every
 * `prefetchGroup` declarations it reads the parts of the next group that building a subject
 * and assessing it read first (at index 0, of the first two groups). Changes nothing.
 *
 * A declaration read from storage is usually not in the processor's cache, and its parts are
 * found one through another (declaration, then its items, then each item, then each text):
 * assessing it alone waits for each of those steps in turn. Here each pass reads one step for
 * the whole group, so that its reads do not wait on one another and are fetched together; the
 * group's assessments then find their data in the cache. Measured: an assessment takes about
 * 7 % less time in pages of 500 declarations just parsed from JSON, as the backtest reads them,
 * and about 10 % less in the bench's batches of 100,000 declarations held in memory.
 */
export function prefetchDeclarations(declarations: readonly GoodsDeclaration[], index: number): void {
  if (index % prefetchGroup !== 0) return;
  const from = index === 0 ? 0 : index + prefetchGroup;
  const to = Math.min(index + 2 * prefetchGroup, declarations.length);
  let lengths = 0;
  for (let at = from; at < to; at += 1) lengths += declarations[at]?.items.length ?? 0;
  for (let at = from; at < to; at += 1) {
    const declaration = declarations[at];
    if (declaration === undefined) continue;
    lengths +=
      declaration.reference.length +
      declaration.office.length +
      declaration.importer.taxId.length +
      declaration.declarant.code.length +
      declaration.seller.name.length +
      declaration.invoice.exchangeRate.length +
      (declaration.items[0]?.packages ?? 0);
  }
  for (let at = from; at < to; at += 1) {
    const items = declarations[at]?.items;
    if (items === undefined) continue;
    for (let position = 0; position < items.length; position += 1) {
      const item = items[position];
      if (item === undefined) continue;
      lengths +=
        item.tariffLine.length +
        item.origin.length +
        item.customsValue.length +
        item.netMass.length +
        (item.supplementaryQuantity?.length ?? 0);
    }
  }
  fetched.textLengths = lengths;
}

/**
 * The subject of one manifest consignment (B/L) before any declaration covers it: the
 * consignee stands for the importer, the shipper for the seller, the country of the port of
 * loading for the country of departure, and the B/L's HS code (4 or 6 digits, when given) for
 * the tariff line of a single item, so that prefix criteria of that length or shorter apply.
 * Values, masses per item, origin and declarant are unknown at this stage: predicates on them
 * do not hold.
 */
export function subjectFromConsignment(
  manifest: CargoManifest,
  consignment: Consignment,
  options: {
    readonly fileId: string;
    readonly transportMode?: TransportMode | undefined;
    readonly indicators?: SubjectIndicators | undefined;
  },
): SelectivitySubject {
  return {
    fileId: options.fileId,
    office: manifest.office,
    transportMode: options.transportMode,
    importer: consignment.consignee.taxId,
    seller: consignment.shipper.name,
    departureCountry: manifest.portOfLoading.slice(0, 2),
    billsOfLading: [consignment.number],
    containers: consignment.containers,
    billOnNoManifest: false,
    importerHitRate: options.indicators?.importerHitRate,
    modelScore: options.indicators?.modelScore,
    items: [{ tariffLine: consignment.hsCode, description: consignment.description }],
  };
}
