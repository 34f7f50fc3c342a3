/**
 * A reproducible random source for the core (which has none of its own): the same seed always
 * gives the same sequence, so demo data and replayed assessments come out identical.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Uniform numbers in [0, 1) from xoroshiro128+ seeded with `seed`. */
export function seededRandom(seed: number): () => number {
  const generator = xoroshiro128plus(seed);
  return () => uniformFloat64(generator);
}
