/**
 * The write-off ledger of bills of lading (DOMAIN.md "Manifest write-off"): the packages and
 * gross mass each B/L carries, as its manifest's current version states them, are written off
 * by the declarations that cite it, partially or wholly, in any order; excess (more declared
 * than manifested) and shortage (less) are recorded. A B/L that is never written off is goods
 * that may have left without paying. Pure: the server reads the facts and passes them in.
 *
 * The allocation rule. A declaration item names neither its B/L (when the declaration cites
 * several) nor its gross mass (it declares packages and net mass), so the ledger decides:
 *
 * 1. Packages are what is written off, as manifest write-off counts them in ASYCUDA-style
 *    systems (the manifest's and the declaration's only common quantity). A declaration
 *    citing one B/L writes off the sum of its items' packages against it.
 * 2. A declaration citing several B/Ls fills them in the order it cites them, each up to the
 *    packages its manifest carries; the last one takes what is left, so that an excess shows
 *    there. A B/L that no manifest carries (yet) has nothing to fill. The fill counts the
 *    manifested packages, not what other declarations left: each declaration's write-off
 *    depends on itself and the manifests only, never on the other declarations or on the order
 *    they came in. That makes the ledger order-independent, and each figure explainable by one
 *    document.
 * 3. Gross mass follows the packages: written-off mass = manifested gross mass × packages
 *    written off ÷ packages manifested, rounded half-even to the gram. Declared net mass is not
 *    compared with gross mass: the gap is packaging, and every B/L would show a false shortage.
 *    The B/L's totals are computed from its total packages, then rounded once, so a B/L whose
 *    packages are all written off has no mass left either.
 * 4. Only each declaration's current version counts, and no cancelled declaration: an
 *    amendment that lowers a quantity, or a cancellation, gives back what it wrote off.
 *
 * Known limit: a declaration whose items declare 0 packages (goods not packed) writes off
 * nothing; its B/L stays "not written off" and lists the declaration with 0.
 */
import { Decimal } from 'decimal.js';

/** decimal.js with room for exact products of masses and counts; half-even where a result is rounded. */
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

/** Decimal places of a mass in kilograms: the gram, as the manifest states gross mass. */
export const writeOffMassScale = 3;

/** A B/L's place in write-off. `not_manifested`: cited by a declaration, carried by no current manifest. */
export const writeOffStatuses = [
  'not_written_off',
  'partial',
  'written_off',
  'excess',
  'not_manifested',
] as const;
export type WriteOffStatus = (typeof writeOffStatuses)[number];

/** One line of a manifest's current version (WCO DM Consignment): what write-off counts. */
export interface ManifestedBill {
  readonly billNumber: string;
  readonly manifestId: string;
  readonly packages: number;
  /** Kilograms, a decimal string. */
  readonly grossMass: string;
}

/** What one version of a declaration says that write-off needs. */
export interface DeclarationWriteOffFacts {
  readonly declarationId: string;
  readonly version: number;
  /** The head's status is `cancelled`: the file writes off nothing. */
  readonly cancelled: boolean;
  /** The B/Ls it cites, in the order the declaration gives them. */
  readonly billsOfLading: readonly string[];
  /** The sum of its items' packages. */
  readonly packages: number;
}

export interface WriteOffQuantities {
  readonly packages: number;
  /** Kilograms, a decimal string. */
  readonly grossMass: string;
}

/** How much one declaration writes off one B/L. */
export interface DeclarationShare {
  readonly declarationId: string;
  readonly version: number;
  readonly packages: number;
  /** Null when the B/L is not manifested: its gross mass is unknown. */
  readonly grossMass: string | null;
}

/** The ledger of one B/L. */
export interface BillWriteOff {
  readonly billNumber: string;
  /** The current manifests carrying it (two when a consignment is split over two voyages). */
  readonly manifestIds: readonly string[];
  readonly status: WriteOffStatus;
  /** Null when no current manifest carries the B/L. */
  readonly manifested: WriteOffQuantities | null;
  readonly writtenOff: { readonly packages: number; readonly grossMass: string | null };
  /** What is left to write off (never negative); null when not manifested. */
  readonly remaining: WriteOffQuantities | null;
  /** Declared beyond the manifest; null unless the status is `excess`. */
  readonly excess: WriteOffQuantities | null;
  /** Manifested beyond what the declarations citing it declare; null unless the status is `partial`. */
  readonly shortage: WriteOffQuantities | null;
  /** The declarations citing it, by id, with what each writes off (0 is possible). */
  readonly declarations: readonly DeclarationShare[];
}

/**
 * The facts of a declaration version from its document: the B/Ls it cites and the sum of its
 * items' packages. Never throws.
 * @example declarationFactsOf('d1', 2, { billsOfLading: ['B1'], items: [{ packages: 3 }, { packages: 4 }] }, false)
 *   // { declarationId: 'd1', version: 2, cancelled: false, billsOfLading: ['B1'], packages: 7 }
 */
export function declarationFactsOf(
  declarationId: string,
  version: number,
  document: {
    readonly billsOfLading: readonly string[];
    readonly items: readonly { readonly packages: number }[];
  },
  cancelled: boolean,
): DeclarationWriteOffFacts {
  return {
    declarationId,
    version,
    cancelled,
    billsOfLading: [...document.billsOfLading],
    packages: document.items.reduce((sum, item) => sum + item.packages, 0),
  };
}

/**
 * The facts that count: each declaration's latest version, without the cancelled files (a
 * declaration is cancelled when any of its facts says so), ordered by id. The input may hold
 * every version of every declaration, in any order. Never throws.
 */
export function currentDeclarations(facts: readonly DeclarationWriteOffFacts[]): DeclarationWriteOffFacts[] {
  const latest = new Map<string, DeclarationWriteOffFacts>();
  const cancelled = new Set<string>();
  for (const fact of facts) {
    if (fact.cancelled) cancelled.add(fact.declarationId);
    const known = latest.get(fact.declarationId);
    if (known === undefined || fact.version > known.version) latest.set(fact.declarationId, fact);
  }
  return [...latest.values()]
    .filter((fact) => !cancelled.has(fact.declarationId))
    .sort((a, b) => compareText(a.declarationId, b.declarationId));
}

/**
 * How a declaration's packages are allocated to the B/Ls it cites (rule 2 of this module):
 * in the order cited, each filled up to its manifested packages (`manifestedPackages` returns
 * undefined for a B/L no manifest carries: it fills with nothing), the last taking the rest.
 * A B/L cited twice counts once. Depends on nothing but the declaration and the manifests.
 * Never throws.
 * @example allocatePackages({ billsOfLading: ['A', 'B'], packages: 130, ... }, (b) => (b === 'A' ? 100 : 50))
 *   // [{ billNumber: 'A', packages: 100 }, { billNumber: 'B', packages: 30 }]
 */
export function allocatePackages(
  declaration: Pick<DeclarationWriteOffFacts, 'billsOfLading' | 'packages'>,
  manifestedPackages: (billNumber: string) => number | undefined,
): { readonly billNumber: string; readonly packages: number }[] {
  const bills = [...new Set(declaration.billsOfLading)];
  let left = Math.max(0, declaration.packages);
  return bills.map((billNumber, index) => {
    const isLast = index === bills.length - 1;
    const taken = isLast ? left : Math.min(left, Math.max(0, manifestedPackages(billNumber) ?? 0));
    left -= taken;
    return { billNumber, packages: taken };
  });
}

interface MergedBill {
  readonly manifestIds: string[];
  packages: number;
  grossMass: Decimal;
}

/**
 * The write-off ledger of the manifested B/Ls, and of the B/Ls the declarations cite that no
 * manifest carries. `manifested` holds the lines of the manifests' current versions (a number
 * on two manifests is one B/L whose quantities add up); `declarations` may hold every version
 * of every declaration, in any order (only the current versions of files not cancelled count).
 * Manifested B/Ls come first, in the order of `manifested`, then the others by number.
 * Deterministic: the same sets, in any order, give the same ledger. Never throws.
 */
export function writeOffLedger(
  manifested: readonly ManifestedBill[],
  declarations: readonly DeclarationWriteOffFacts[],
): BillWriteOff[] {
  const bills = new Map<string, MergedBill>();
  for (const line of manifested) {
    const bill = bills.get(line.billNumber);
    if (bill === undefined) {
      bills.set(line.billNumber, {
        manifestIds: [line.manifestId],
        packages: line.packages,
        grossMass: new Exact(line.grossMass),
      });
    } else {
      if (!bill.manifestIds.includes(line.manifestId)) bill.manifestIds.push(line.manifestId);
      bill.packages += line.packages;
      bill.grossMass = bill.grossMass.plus(line.grossMass);
    }
  }

  const shares = new Map<string, { declarationId: string; version: number; packages: number }[]>();
  for (const declaration of currentDeclarations(declarations)) {
    const allocation = allocatePackages(declaration, (number) => bills.get(number)?.packages);
    for (const { billNumber, packages } of allocation) {
      const list = shares.get(billNumber) ?? [];
      list.push({ declarationId: declaration.declarationId, version: declaration.version, packages });
      shares.set(billNumber, list);
    }
  }

  const ledger: BillWriteOff[] = [];
  for (const [billNumber, bill] of bills) {
    ledger.push(manifestedBillLedger(billNumber, bill, shares.get(billNumber) ?? []));
  }
  const unmanifested = [...shares.keys()].filter((number) => !bills.has(number)).sort(compareText);
  for (const billNumber of unmanifested) {
    const list = shares.get(billNumber) ?? [];
    ledger.push({
      billNumber,
      manifestIds: [],
      status: 'not_manifested',
      manifested: null,
      writtenOff: { packages: sumPackages(list), grossMass: null },
      remaining: null,
      excess: null,
      shortage: null,
      declarations: list.map((share) => ({ ...share, grossMass: null })),
    });
  }
  return ledger;
}

function manifestedBillLedger(
  billNumber: string,
  bill: MergedBill,
  shares: readonly { declarationId: string; version: number; packages: number }[],
): BillWriteOff {
  const manifested = { packages: bill.packages, grossMass: bill.grossMass };
  const written = sumPackages(shares);
  const writtenMass = massFor(written, manifested);
  const status: WriteOffStatus =
    written === 0
      ? 'not_written_off'
      : written < manifested.packages
        ? 'partial'
        : written === manifested.packages
          ? 'written_off'
          : 'excess';
  const remaining = {
    packages: Math.max(0, manifested.packages - written),
    grossMass: Exact.max(0, manifested.grossMass.minus(writtenMass)),
  };
  return {
    billNumber,
    manifestIds: [...bill.manifestIds],
    status,
    manifested: { packages: manifested.packages, grossMass: massText(manifested.grossMass) },
    writtenOff: { packages: written, grossMass: massText(writtenMass) },
    remaining: { packages: remaining.packages, grossMass: massText(remaining.grossMass) },
    excess:
      status === 'excess'
        ? {
            packages: written - manifested.packages,
            grossMass: massText(writtenMass.minus(manifested.grossMass)),
          }
        : null,
    shortage:
      status === 'partial'
        ? { packages: remaining.packages, grossMass: massText(remaining.grossMass) }
        : null,
    declarations: shares.map((share) => ({
      ...share,
      grossMass: massText(massFor(share.packages, manifested)),
    })),
  };
}

/** Rule 3: the gross mass of `packages` of a B/L, in proportion to its manifested packages. */
function massFor(packages: number, manifested: { packages: number; grossMass: Decimal }): Decimal {
  if (packages === 0) return new Exact(0);
  // A B/L of no package (not possible through intake, which asks for at least one) is all mass.
  if (manifested.packages <= 0) return manifested.grossMass;
  return manifested.grossMass
    .times(packages)
    .dividedBy(manifested.packages)
    .toDecimalPlaces(writeOffMassScale, Decimal.ROUND_HALF_EVEN);
}

function massText(value: Decimal): string {
  return value.toDecimalPlaces(writeOffMassScale, Decimal.ROUND_HALF_EVEN).toFixed();
}

function sumPackages(shares: readonly { packages: number }[]): number {
  return shares.reduce((sum, share) => sum + share.packages, 0);
}

/** Code-point order, the same in every locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
