/**
 * Random draws for the demo data generator, every one taken from a single injected uniform
 * source, so that a seeded source always yields the same administration (the core has no
 * random source of its own).
 */

export interface Draw {
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  /** One element, uniformly; throws on an empty list (a programming error). */
  pick<T>(items: readonly T[]): T;
  /** Log-normal with the given median; `sigma` is the spread of its logarithm. */
  logNormal(median: number, sigma: number): number;
  /** `count` decimal digits, leading zeros included. */
  digits(count: number): string;
  /** `count` capital letters A-Z. */
  letters(count: number): string;
}

/** Wraps a uniform source on [0, 1) into the draws the generator needs. */
export function createDraw(random: () => number): Draw {
  const between = (min: number, max: number): number => min + (max - min) * random();
  const int = (min: number, max: number): number => Math.min(max, Math.floor(between(min, max + 1)));
  return {
    between,
    int,
    chance: (probability) => random() < probability,
    pick: (items) => at(items, int(0, items.length - 1)),
    logNormal: (median, sigma) => {
      // Box-Muller; 1 - u keeps the logarithm finite, since u may be 0 but never 1.
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return median * Math.exp(sigma * normal);
    },
    digits: (count) => Array.from({ length: count }, () => String(int(0, 9))).join(''),
    letters: (count) => Array.from({ length: count }, () => String.fromCharCode(65 + int(0, 25))).join(''),
  };
}

/**
 * Builds a weighted picker once (cumulative weights, binary search) for many draws.
 * Entries of weight zero are never drawn; throws when no weight is positive.
 */
export function weightedPicker<T>(draw: Draw, entries: readonly (readonly [T, number])[]): () => T {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    if (weight <= 0) continue;
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  if (items.length === 0) throw new RangeError('weightedPicker needs at least one positive weight');
  return () => {
    const target = draw.between(0, total);
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (at(cumulative, middle) > target) high = middle;
      else low = middle + 1;
    }
    return at(items, low);
  };
}

/** The element at `index`; throws when there is none (a programming error, never bad input). */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`No element at index ${index} of a list of ${items.length}`);
  return item;
}
