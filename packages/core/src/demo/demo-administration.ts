/**
 * A demo administration (Senegal: the port of Dakar, Blaise Diagne airport and the Kidira
 * border post) with the cargo manifests, goods declarations and Time Release Study events of
 * the last 90 days, for demonstrations and load tests. Pure: the clock and the random source
 * are passed in, so one seed always gives the same administration.
 */
import type { GoodsDeclarationInput } from '../declaration/goods-declaration.ts';
import type { EventType } from '../event/file-event.ts';
import type { CargoManifestInput } from '../manifest/cargo-manifest.ts';
import { containerCheckDigit, imoCheckDigit } from '../reference/codes.ts';
import {
  airlines,
  declarantForms,
  defaultSellerStyle,
  demoOffices,
  demoOrigins,
  demoProducts,
  euroCountries,
  fuelImporters,
  hauliers,
  importerForms,
  places,
  roadOrigins,
  roadPorts,
  seaPorts,
  sellerStyles,
  shippingLines,
  surnames,
  tankerPorts,
  waemuCountries,
  type DemoMode,
  type DemoOffice,
  type DemoProduct,
} from './demo-catalogue.ts';
import { at, createDraw, weightedPicker, type Draw } from './demo-random.ts';

export type { DemoOffice } from './demo-catalogue.ts';

export interface DemoOptions {
  /** Uniform on [0, 1); the server passes a seeded generator. */
  readonly random: () => number;
  /** "Today": the data spans the `days` before it. */
  readonly now: Date;
  /** HS 2022 six-digit subheadings (`Nomenclature.subheadings()`); only these are used. */
  readonly subheadings: readonly string[];
  readonly declarations?: number;
  readonly days?: number;
}

export interface DemoManifest {
  readonly document: CargoManifestInput;
  readonly lodgedAt: string;
  /** Present once the means of transport has arrived and customs registered the manifest. */
  readonly arrival?: { readonly meansArrivedAt: string; readonly registeredAt: string };
}

export interface DemoEvent {
  readonly type: EventType;
  readonly occurredAt: string;
  /** The lane of `lane_assigned`; the inspection result of `control_finished`. */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface DemoDeclaration {
  readonly document: GoodsDeclarationInput;
  readonly lodgedAt: string;
  /** Time Release Study events after lodging, oldest first (lodging itself is recorded by intake). */
  readonly events: readonly DemoEvent[];
}

export interface DemoAdministration {
  readonly offices: readonly DemoOffice[];
  /** In order of lodging. */
  readonly manifests: readonly DemoManifest[];
  /** In order of lodging. */
  readonly declarations: readonly DemoDeclaration[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The fixed parity of the CFA franc (XOF per euro). */
const EUR_XOF = 655.957;
const modes = ['sea', 'air', 'road'] as const;

/**
 * Per mode: share of declarations (percent), B/Ls per manifest, how long before arrival the
 * manifest is lodged, how far past `now` arrivals may lie, the pace of clearance (1 = sea), and
 * the chance that an arrived manifest carries a B/L nobody declared.
 */
const profiles: Readonly<
  Record<
    DemoMode,
    {
      share: number;
      bills: [number, number];
      lead: [number, number];
      ahead: number;
      pace: number;
      undeclared: number;
    }
  >
> = {
  sea: { share: 75, bills: [10, 45], lead: [2 * DAY, 6 * DAY], ahead: 3 * DAY, pace: 1, undeclared: 0.3 },
  air: {
    share: 15,
    bills: [3, 14],
    lead: [4 * HOUR, 20 * HOUR],
    ahead: 12 * HOUR,
    pace: 0.4,
    undeclared: 0.15,
  },
  road: { share: 10, bills: [1, 3], lead: [6 * HOUR, 2 * DAY], ahead: DAY, pace: 0.6, undeclared: 0.08 },
};

type Good = DemoProduct & { readonly tariffLine: string };
type Consignment = CargoManifestInput['billsOfLading'][number];
type Item = GoodsDeclarationInput['items'][number];
interface Party {
  readonly code: string;
  readonly name: string;
}
interface Importer extends Party {
  readonly favourites: readonly Good[];
  readonly broker: Party;
}
interface Voyage {
  readonly mode: DemoMode;
  readonly tanker: boolean;
  readonly sender: string;
  readonly document: Omit<CargoManifestInput, 'reference' | 'billsOfLading' | 'expectedArrival'>;
  readonly expectedArrival: number;
  readonly arrivedAt: number;
  /** Undefined while the manifest is not registered at `now`. */
  readonly registeredAt: number | undefined;
  readonly lodgedAt: number;
  readonly billNumber: () => string;
  readonly containerOwners: readonly string[];
  readonly bills: Consignment[];
}
interface DeclarationDraft {
  readonly document: GoodsDeclarationInput;
  readonly lodgedAt: number;
  readonly events: readonly DemoEvent[];
}

/**
 * Generates a demo administration: three offices, about `declarations` (default 2,000) goods
 * declarations over the last `days` (default 90) before `now` (75% sea at the port, 15% air,
 * 10% road), the manifests carrying their B/Ls (plus a few B/Ls nobody declared) and the
 * clearance events of files whose goods have arrived. Every document passes the intake schemas
 * with the generated offices and XOF as national currency; every time lies in
 * [now - days, now), except manifests' expected arrival, which may be ahead. Deterministic:
 * the same random sequence and `now` give the same output.
 * Throws a RangeError on unusable options (fewer than 10 days, no subheadings): a programming error.
 * @example
 * const demo = generateDemoAdministration({ random: seededRandom(42), now, subheadings: nomenclature.subheadings() });
 */
export function generateDemoAdministration(options: DemoOptions): DemoAdministration {
  const total = options.declarations ?? 2000;
  const days = options.days ?? 90;
  const now = options.now.getTime();
  if (
    !Number.isFinite(now) ||
    !(days >= 10) ||
    !Number.isInteger(total) ||
    total < 0 ||
    options.subheadings.length === 0
  ) {
    throw new RangeError(
      'generateDemoAdministration needs a valid now, days >= 10, a whole number of declarations and subheadings',
    );
  }
  const draw = createDraw(options.random);
  const start = now - days * DAY;
  const used = new Set<string>();
  /** Draws identifiers until one is new: B/L, container and party numbers are unique. */
  const unique = (make: () => string): string => {
    let value = make();
    while (used.has(value)) value = make();
    used.add(value);
    return value;
  };

  // Goods: the table's lines present in the nomenclature, plus a tail of other subheadings.
  const present = new Set(options.subheadings);
  const tail = Array.from({ length: 30 }, (): DemoProduct => {
    const hs6 = draw.pick(options.subheadings);
    const description = `Autres marchandises, SH ${hs6.slice(0, 4)}.${hs6.slice(4)}`;
    const origins = demoOrigins;
    return {
      hs6,
      description,
      eurPerKg: draw.logNormal(4, 0.8),
      kg: 3000,
      packageKind: 'PK',
      kgPerPackage: 25,
      modes: 'sar',
      weight: 0.15,
      origins,
    };
  });
  const goods: Good[] = [...demoProducts.filter((product) => present.has(product.hs6)), ...tail].map(
    (product) => ({
      ...product,
      // ECOWAS CET lines: the HS subheading and four national digits, mostly "0000".
      tariffLine: product.hs6 + (draw.chance(0.85) ? '0000' : draw.pick(['1000', '9000', '1090', '0010'])),
    }),
  );
  const isFuel = (good: Good) => good.packageKind === 'VL';
  const fits = (good: Good, mode: DemoMode, tanker: boolean) =>
    good.modes.includes(mode.charAt(0)) && isFuel(good) === tanker;
  const goodsPicker = (mode: DemoMode, tanker: boolean) =>
    weightedPicker(
      draw,
      goods.filter((good) => fits(good, mode, tanker)).map((good) => [good, good.weight] as const),
    );
  const pickGood = {
    sea: goodsPicker('sea', false),
    air: goodsPicker('air', false),
    road: goodsPicker('road', false),
  };
  const hasFuel = goods.some(isFuel);
  const pickFuel = hasFuel ? goodsPicker('sea', true) : pickGood.sea;
  const pickAnyGood = weightedPicker(
    draw,
    goods.filter((good) => !isFuel(good)).map((good) => [good, good.weight] as const),
  );

  // Parties: about 40 brokers and 300 importers, a few of them very active (Zipf-like weights).
  const fill = (form: string) =>
    form
      .replace('{s}', draw.pick(surnames))
      .replace('{t}', draw.pick(surnames))
      .replace('{p}', draw.pick(places));
  const uniqueName = (forms: readonly string[]) => unique(() => fill(draw.pick(forms)));
  const ninea = () =>
    unique(() => `00${draw.digits(7)}${draw.int(1, 3)}${draw.pick(['A', 'C', 'G', 'V'])}${draw.int(1, 3)}`);
  const brokers: Party[] = Array.from({ length: 40 }, () => ({
    code: unique(() => `CD${draw.digits(4)}`),
    name: uniqueName(declarantForms),
  }));
  const pickBroker = weightedPicker(
    draw,
    brokers.map((broker, rank) => [broker, 1 / (rank + 1) ** 0.6] as const),
  );
  const importers: Importer[] = Array.from({ length: 300 }, () => ({
    code: ninea(),
    name: uniqueName(importerForms),
    favourites: Array.from({ length: draw.int(1, 3) }, pickAnyGood),
    broker: pickBroker(),
  }));
  const pickImporter = weightedPicker(
    draw,
    importers.map((importer, rank) => [importer, 1 / (rank + 1) ** 0.7] as const),
  );
  const fuelCompanies: Importer[] = fuelImporters.map((name) => ({
    code: ninea(),
    name,
    favourites: [],
    broker: pickBroker(),
  }));
  const imoNumbers = new Map<string, string>();
  for (const vessel of shippingLines.flatMap((line) => line.vessels)) {
    const firstSix = `9${draw.digits(5)}`;
    imoNumbers.set(vessel, `${firstSix}${imoCheckDigit(firstSix)}`);
  }

  const pickMode = weightedPicker(
    draw,
    modes.map((mode) => [mode, profiles[mode].share] as const),
  );
  const pickLine = weightedPicker(
    draw,
    shippingLines.filter((line) => !line.tanker).map((line) => [line, line.weight] as const),
  );
  const tankerLine = shippingLines.find((line) => line.tanker);
  const pickSeaPort = weightedPicker(draw, seaPorts);
  const pickRoadPort = weightedPicker(draw, roadPorts);
  const pickAirline = weightedPicker(
    draw,
    airlines.map((airline) => [airline, airline.weight] as const),
  );
  const pickItemCount = weightedPicker(
    draw,
    [1, 2, 3, 4, 5, 6].map((count, index) => [count, [45, 22, 13, 9, 6, 5][index] ?? 0] as const),
  );
  const pickProcedure = weightedPicker(draw, [
    ['4000', 85],
    ['4071', 10],
    ['4051', 5],
  ] as const);
  const pickLane = weightedPicker(draw, [
    ['green', 55],
    ['yellow', 25],
    ['red', 20],
  ] as const);
  const pickSuspectLane = weightedPicker(draw, [
    ['green', 30],
    ['yellow', 30],
    ['red', 40],
  ] as const);
  const originPickers = new Map<string, () => string>();
  const pickOrigin = (good: Good, mode: DemoMode): string => {
    const key = `${good.hs6}/${mode === 'road' ? 'road' : 'other'}`;
    let picker = originPickers.get(key);
    if (!picker) {
      const origins =
        mode === 'road' ? good.origins.filter(([country]) => roadOrigins.has(country)) : good.origins;
      picker = weightedPicker(draw, origins.length > 0 ? origins : [['CI', 1]]);
      originPickers.set(key, picker);
    }
    return picker();
  };

  function newVoyage(mode: DemoMode, tanker: boolean): Voyage {
    const profile = profiles[mode];
    // Lodged `lead` before arrival, but inside the window and before now.
    const arrivedAt = draw.between(start + profile.lead[0] + HOUR, now + profile.ahead);
    const lodgedAt = Math.min(
      Math.max(arrivedAt - draw.between(...profile.lead), start + draw.between(MINUTE, 30 * MINUTE)),
      now - draw.between(HOUR, 6 * HOUR),
    );
    const registeredAt = arrivedAt + draw.between(30 * MINUTE, 2 * HOUR);
    // Ships run late more often than early.
    const expectedArrival = arrivedAt - draw.between(-6 * HOUR, 18 * HOUR) * profile.pace;
    const dayMonth = iso(arrivedAt).slice(5, 10).replace('-', '');
    const common = {
      expectedArrival,
      arrivedAt,
      lodgedAt,
      registeredAt: registeredAt < now ? registeredAt : undefined,
      bills: [],
    };
    const office = demoOffices[mode].code;
    if (mode === 'sea') {
      const line = tanker && tankerLine ? tankerLine : pickLine();
      const vessel = draw.pick(line.vessels);
      const conveyance = { name: vessel, imoNumber: imoNumbers.get(vessel) ?? '' };
      const voyageNumber = `${draw.letters(2)}${draw.int(100, 999)}${draw.pick(['A', 'E', 'N', 'R', 'S', 'W'])}`;
      const portOfLoading = tanker ? draw.pick(tankerPorts) : pickSeaPort();
      const carrier = { code: line.code, name: line.name };
      const digits = line.code === 'MAEU' ? 9 : 8;
      const billNumber = () => unique(() => `${line.blPrefix}${draw.digits(digits)}`);
      const document = {
        sender: `${line.code}-EDI`,
        carrier,
        conveyance,
        voyageNumber,
        portOfLoading,
        office,
      };
      return {
        ...common,
        mode,
        tanker,
        sender: document.sender,
        document,
        billNumber,
        containerOwners: line.containerOwners,
      };
    }
    if (mode === 'air') {
      const airline = pickAirline();
      const flight = `${airline.code}${draw.int(500, 999)}`;
      const carrier = { code: airline.code, name: airline.name };
      const document = {
        sender: `${airline.code}-CARGO`,
        carrier,
        conveyance: { name: `${airline.name} ${flight}` },
        voyageNumber: `${flight}-${dayMonth}`,
        portOfLoading: airline.airport,
        office,
      };
      // IATA air waybill: airline prefix, seven-digit serial and its check digit (serial modulo 7).
      const billNumber = () =>
        unique(() => {
          const serial = draw.digits(7);
          return `${airline.awbPrefix}-${serial}${Number(serial) % 7}`;
        });
      return { ...common, mode, tanker, sender: document.sender, document, billNumber, containerOwners: [] };
    }
    const index = draw.int(0, hauliers.length - 1);
    const carrier = { code: `TRML${String(index + 1).padStart(3, '0')}`, name: at(hauliers, index) };
    const plate = `${draw.letters(2)}${draw.digits(4)}`;
    const document = {
      sender: carrier.code,
      carrier,
      conveyance: { name: `Camion ${plate} (ML)` },
      voyageNumber: `${plate}-${dayMonth}`,
      portOfLoading: pickRoadPort(),
      office,
    };
    const billNumber = () => unique(() => `LV/ML/${draw.digits(7)}`);
    return { ...common, mode, tanker, sender: carrier.code, document, billNumber, containerOwners: [] };
  }

  /** Adds one B/L to the voyage; returns the declaration covering it, unless `declared` is false. */
  function addBill(voyage: Voyage, declared: boolean): DeclarationDraft | undefined {
    const { mode, tanker } = voyage;
    const importer = tanker ? draw.pick(fuelCompanies) : pickImporter();
    const departureCountry = voyage.document.portOfLoading.slice(0, 2);
    const items: { readonly item: Omit<Item, 'customsValue'>; readonly valueXof: number }[] = [];
    let grossMass = 0;
    let packages = 0;
    let containerMass = 0;
    const kinds = new Set<string>();
    const undervalued = draw.chance(0.04);
    let hiddenXof = 0;
    let declaredXof = 0;
    const count = tanker ? 1 : mode === 'road' ? draw.int(1, 2) : pickItemCount();
    let firstOrigin = '';
    for (let index = 0; index < count; index++) {
      const favourites = importer.favourites.filter((good) => fits(good, mode, tanker));
      const good = tanker
        ? pickFuel()
        : favourites.length > 0 && draw.chance(0.7)
          ? draw.pick(favourites)
          : pickGood[mode]();
      const origin =
        good.origins.some(([country]) => country === departureCountry) && draw.chance(0.6)
          ? departureCountry
          : pickOrigin(good, mode);
      firstOrigin ||= origin;
      const median = Math.min(good.kg, mode === 'air' ? 400 : mode === 'road' ? 12_000 : Infinity);
      const perUnit = good.unit?.kgPerUnit ?? 1;
      const units =
        good.unit?.code === 'U' ? Math.max(1, Math.round(draw.logNormal(median / perUnit, 0.6))) : undefined;
      const mass =
        units === undefined
          ? Math.max(0.5, draw.logNormal(median, 0.55))
          : units * perUnit * draw.between(0.9, 1.1);
      const itemPackages = isFuel(good)
        ? 1
        : units !== undefined && perUnit === good.kgPerPackage
          ? units
          : Math.max(1, Math.round(mass / good.kgPerPackage));
      const fairXof = mass * good.eurPerKg * EUR_XOF * draw.logNormal(1, 0.3);
      const valueXof = fairXof * (undervalued ? draw.between(0.3, 0.6) : 1);
      hiddenXof += fairXof - valueXof;
      declaredXof += valueXof;
      const supplementary = good.unit && {
        supplementaryQuantity: String(Math.max(1, units ?? Math.round(mass / perUnit))),
        supplementaryUnit: good.unit.code,
      };
      const netMass = mass >= 1000 ? String(Math.round(mass)) : mass.toFixed(3).replace(/\.?0+$/, '');
      const item = {
        tariffLine: good.tariffLine,
        description: good.description,
        origin,
        netMass,
        packages: itemPackages,
      };
      items.push({ item: { ...item, ...supplementary }, valueXof });
      grossMass += mass * (tanker ? 1 : draw.between(1.02, 1.1));
      packages += itemPackages;
      kinds.add(good.packageKind);
      if (good.packageKind !== 'VN' && good.packageKind !== 'VL') containerMass += mass;
    }
    const sellerCountry = draw.chance(0.8) ? firstOrigin : departureCountry;
    const [towns, words, suffix] = sellerStyles[sellerCountry] ?? defaultSellerStyle;
    const seller = {
      name: `${draw.pick(towns.split(' '))} ${draw.pick(words.split(' '))} ${suffix}`,
      country: sellerCountry,
    };
    const containers =
      mode === 'sea' && containerMass > 0 && voyage.containerOwners.length > 0
        ? Array.from({ length: Math.min(40, Math.ceil(containerMass / 26_000)) }, () =>
            unique(() => {
              const firstTen = `${draw.pick(voyage.containerOwners)}${draw.digits(6)}`;
              return `${firstTen}${containerCheckDigit(firstTen)}`;
            }),
          )
        : [];
    const number = voyage.billNumber();
    const first = at(items, 0).item;
    voyage.bills.push({
      number,
      shipper: { name: seller.name },
      consignee: { name: importer.name, taxId: importer.code },
      description: count > 1 ? `${first.description} et autres marchandises` : first.description,
      ...(draw.chance(0.7) ? { hsCode: first.tariffLine.slice(0, 6) } : {}),
      // A few manifests announce more packages than were declared: a write-off shortage to find.
      packages:
        declared && draw.chance(0.03)
          ? packages + draw.int(1, Math.max(1, Math.ceil(packages / 10)))
          : packages,
      packageKind: kinds.size === 1 ? [...kinds].join('') : 'PK',
      grossMass: grossMass.toFixed(3),
      containers,
    });
    if (!declared) return undefined;

    const atArrival = draw.chance(0.2);
    const arrivedLodging =
      voyage.registeredAt === undefined
        ? now
        : voyage.registeredAt + draw.between(HOUR, 36 * HOUR) * profiles[mode].pace;
    const isAtArrival = atArrival && arrivedLodging < now - 5 * MINUTE;
    const lodgedAt = isAtArrival
      ? arrivedLodging
      : draw.between(voyage.lodgedAt + 10 * MINUTE, Math.min(voyage.arrivedAt, now) - 30 * MINUTE);
    const currency = pickCurrency(draw, seller.country);
    const exchangeRate = rateOfDay(currency, lodgedAt);
    const broker = draw.chance(0.85) ? importer.broker : pickBroker();
    const document: GoodsDeclarationInput = {
      sender: broker.code,
      reference: '',
      kind: isAtArrival ? 'at_arrival' : 'pre_arrival',
      office: voyage.document.office,
      procedure: pickProcedure(),
      declarant: { code: broker.code, name: broker.name },
      importer: { taxId: importer.code, name: importer.name },
      seller,
      departureCountry,
      transportMode: mode,
      billsOfLading: [number],
      invoice: { currency, exchangeRate },
      items: items.map(({ item, valueXof }) => ({
        ...item,
        customsValue: Math.max(0.01, valueXof / Number(exchangeRate)).toFixed(2),
      })),
    };
    return {
      document,
      lodgedAt,
      events: clearanceEvents(lodgedAt, voyage, { undervalued, hiddenXof, declaredXof }),
    };
  }

  /**
   * The Time Release Study segments after lodging, cut at `now`: lane, control, payment, release,
   * exit. Past officers targeted under-valued files more often than others; a control finds an
   * under-valuation most of the time (a physical examination more often than a documentary
   * check) and recovers the duties on the hidden value, and finds another discrepancy in a few
   * other files.
   */
  function clearanceEvents(
    lodgedAt: number,
    voyage: Voyage,
    fraud: { readonly undervalued: boolean; readonly hiddenXof: number; readonly declaredXof: number },
  ): DemoEvent[] {
    const events: DemoEvent[] = [];
    const hours = (min: number, max: number) => draw.between(min, max) * HOUR * profiles[voyage.mode].pace;
    const lane = fraud.undervalued ? pickSuspectLane() : pickLane();
    const found = fraud.undervalued ? draw.chance(lane === 'red' ? 0.9 : 0.6) : draw.chance(0.04);
    // Duties and taxes recovered: about 45% of the value found (customs duty up to 20%, statistical
    // and community levies about 2%, VAT 18% on the duty-paid value; the example SN tariff).
    const recovered = found
      ? (fraud.undervalued ? fraud.hiddenXof : fraud.declaredXof * draw.between(0.02, 0.2)) * 0.45
      : 0;
    const result = {
      outcome: found ? 'non_compliant' : 'compliant',
      revenueRecovered: recovered.toFixed(2),
    };
    const control: [EventType, number][] =
      lane === 'red'
        ? [
            ['control_started', hours(12, 60)],
            ['control_finished', hours(2, 8)],
            ['paid', hours(4, 36)],
            ['released', hours(1, 6)],
          ]
        : lane === 'yellow'
          ? [
              ['control_started', hours(2, 20)],
              ['control_finished', hours(0.5, 4)],
              ['paid', hours(1, 20)],
              ['released', hours(0.5, 4)],
            ]
          : [
              ['paid', hours(0.5, 5)],
              ['released', hours(0.3, 3)],
            ];
    const steps: [EventType, number][] = [...control, ['exited', hours(3, 72)]];
    let time = lodgedAt + draw.between(2 * MINUTE, 40 * MINUTE); // the risk engine answers within minutes
    if (time >= now) return events;
    events.push({ type: 'lane_assigned', occurredAt: iso(time), data: { lane } });
    if (voyage.registeredAt === undefined) return events;
    time = Math.max(time, voyage.registeredAt);
    for (const [type, delay] of steps) {
      time += delay;
      if (time >= now) break;
      events.push({ type, occurredAt: iso(time), ...(type === 'control_finished' ? { data: result } : {}) });
    }
    return events;
  }

  const voyages: Voyage[] = [];
  const drafts: DeclarationDraft[] = [];
  const counts: Record<DemoMode, number> = { sea: 0, air: 0, road: 0 };
  for (let index = 0; index < total; index++) counts[pickMode()] += 1;
  for (const mode of modes) {
    let remaining = counts[mode];
    while (remaining > 0) {
      const tanker = mode === 'sea' && hasFuel && draw.chance(0.08);
      const voyage = newVoyage(mode, tanker);
      const size = Math.min(remaining, tanker ? draw.int(1, 3) : draw.int(...profiles[mode].bills));
      for (let index = 0; index < size; index++) {
        const draft = addBill(voyage, true);
        if (draft) drafts.push(draft);
      }
      remaining -= size;
      if (voyage.registeredAt !== undefined && draw.chance(profiles[mode].undeclared)) addBill(voyage, false);
      voyages.push(voyage);
    }
  }

  // References are numbered per sender in order of lodging, as the senders' systems would.
  const sequences = new Map<string, number>();
  const nextReference = (sender: string) => {
    const next = (sequences.get(sender) ?? 0) + 1;
    sequences.set(sender, next);
    return next;
  };
  const manifests = voyages
    .sort((a, b) => a.lodgedAt - b.lodgedAt)
    .map((voyage): DemoManifest => {
      const day = iso(voyage.lodgedAt).slice(0, 10).replaceAll('-', '');
      const reference = `M${day}-${String(nextReference(voyage.sender)).padStart(5, '0')}`;
      const document = {
        ...voyage.document,
        reference,
        expectedArrival: iso(voyage.expectedArrival),
        billsOfLading: voyage.bills,
      };
      const manifest = { document, lodgedAt: iso(voyage.lodgedAt) };
      return voyage.registeredAt === undefined
        ? manifest
        : {
            ...manifest,
            arrival: { meansArrivedAt: iso(voyage.arrivedAt), registeredAt: iso(voyage.registeredAt) },
          };
    });
  const declarations = drafts
    .sort((a, b) => a.lodgedAt - b.lodgedAt)
    .map((draft): DemoDeclaration => {
      const year = iso(draft.lodgedAt).slice(0, 4);
      const reference = `DPI-${year}-${String(nextReference(draft.document.sender)).padStart(6, '0')}`;
      return {
        document: { ...draft.document, reference },
        lodgedAt: iso(draft.lodgedAt),
        events: draft.events,
      };
    });
  return { offices: modes.map((mode) => demoOffices[mode]), manifests, declarations };
}

/** Invoice currency by the seller's country: the euro and the CFA franc in their zones, else mostly USD. */
function pickCurrency(draw: Draw, country: string): string {
  const roll = draw.between(0, 1);
  if (waemuCountries.has(country)) return roll < 0.85 ? 'XOF' : 'EUR';
  if (euroCountries.has(country)) return roll < 0.9 ? 'EUR' : 'USD';
  if (country === 'CN') return roll < 0.55 ? 'USD' : roll < 0.9 ? 'CNY' : 'EUR';
  if (country === 'MA') return roll < 0.7 ? 'EUR' : 'USD';
  return roll < 0.6 ? 'USD' : 'EUR';
}

/** XOF per unit of `currency` on the day of `time`: the euro parity is fixed; USD and CNY drift smoothly. */
function rateOfDay(currency: string, time: number): string {
  const day = Math.floor(time / DAY);
  if (currency === 'EUR') return '655.957';
  if (currency === 'XOF') return '1';
  if (currency === 'CNY') return (83.6 + 1.2 * Math.sin(day / 13)).toFixed(4);
  return (605.5 + 9 * Math.sin(day / 11) + 3 * Math.sin(day / 3.7)).toFixed(2);
}

/** ISO 8601 UTC, to the second. */
function iso(time: number): string {
  return new Date(Math.floor(time / 1000) * 1000).toISOString();
}
