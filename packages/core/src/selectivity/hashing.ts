/**
 * 32-bit hashes for the engine's own hash tables (criterion-index.ts, value-periods.ts), which
 * keep their keys in typed arrays so that a lookup reads one or two memory lines where a `Map`
 * of strings or arrays reads four to six. Fixed functions, not seeded: the keys are the
 * analysts' own (criteria and watchlists), never chosen by traders.
 */

/** A 32-bit hash of two integers (MurmurHash3's finaliser over their mix). */
export function hashPair(a: number, b: number): number {
  let hash = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 13);
}

/** A 32-bit hash of a string (FNV-1a on its UTF-16 code units), computed without allocating. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash ^ (hash >>> 15);
}

/** The smallest power of two, at least 8, above which `count` keys fill at most half the slots. */
export function tableCapacity(count: number): number {
  let capacity = 8;
  while (capacity < count * 2) capacity *= 2;
  return capacity;
}
