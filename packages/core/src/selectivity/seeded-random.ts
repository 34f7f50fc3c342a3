/**
 * The random source of selectivity, seeded per file so that an assessment can be replayed
 * exactly for an audit: the same file, rule-set version and assessment sequence give the same
 * draws, hence the same lane. This is deterministic arithmetic, not a source of randomness of
 * the core's own: the unpredictability comes from the seed, which the server may salt with a
 * secret of its own (wrap the factory: `(seed) => seededRandom(secret + seed)`), so that a
 * trader who knows a file id cannot foresee its draws.
 */

/** Makes a uniform source on [0, 1) from a seed. The same seed always gives the same sequence. */
export type RandomFactory = (seed: string) => () => number;

/**
 * The seed of a file's assessment: its id, the rule-set version and the assessment sequence
 * (1 for the first assessment, then one more for each re-assessment on an amendment).
 */
export function assessmentSeed(fileId: string, ruleSetVersion: number, sequence: number): string {
  return `${fileId}|v${ruleSetVersion}|#${sequence}`;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), 32-bit state words. */
class Sfc32 {
  constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {}

  reset(a: number, b: number, c: number, d: number): void {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
}

/** cyrb128, a 128-bit string hash, fed piece by piece (the same result as on the joined text). */
class Cyrb128 {
  private h1 = 0;
  private h2 = 0;
  private h3 = 0;
  private h4 = 0;

  constructor() {
    this.reset();
  }

  reset(): this {
    this.h1 = 1779033703;
    this.h2 = 3144134277;
    this.h3 = 1013904242;
    this.h4 = 2773480762;
    return this;
  }

  feed(text: string): this {
    let { h1, h2, h3, h4 } = this;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      h1 = h2 ^ Math.imul(h1 ^ code, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ code, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ code, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ code, 2716044179);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
    return this;
  }

  /** Seeds `generator` with the hash and moves it past its first outputs. */
  seed(generator: Sfc32): Sfc32 {
    const h1 = Math.imul(this.h3 ^ (this.h1 >>> 18), 597399067);
    const h2 = Math.imul(this.h4 ^ (this.h2 >>> 22), 2869860233);
    const h3 = Math.imul(h1 ^ (this.h3 >>> 17), 951274213);
    const h4 = Math.imul(h2 ^ (this.h4 >>> 19), 2716044179);
    generator.reset((h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0);
    // Discard the first outputs, as sfc32's author advises, so that close seeds diverge.
    for (let index = 0; index < 12; index += 1) generator.next();
    return generator;
  }
}

/**
 * A uniform source on [0, 1) from a string seed: the seed is hashed to 128 bits (cyrb128) and
 * drives sfc32, a small chaotic generator that passes PractRand; 32 bits per draw. Never throws.
 */
export function seededRandom(seed: string): () => number {
  const generator = new Cyrb128().feed(seed).seed(new Sfc32(0, 0, 0, 0));
  return () => generator.next();
}

/**
 * A reusable source for the assessments of one rule-set version, reseeded for each file
 * without allocating: `reseed(fileId, sequence)` makes `next` give the same draws as
 * `seededRandom(assessmentSeed(fileId, version, sequence))`, without building the seed text.
 */
export interface AssessmentRandom {
  reseed(fileId: string, sequence: number): void;
  readonly next: () => number;
}

/** Feeds a text to cyrb128's four 32-bit words, in place (as `Cyrb128.feed`). */
function feedText(hash: Int32Array, text: string): void {
  let h1 = hash[0] as number;
  let h2 = hash[1] as number;
  let h3 = hash[2] as number;
  let h4 = hash[3] as number;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = h2 ^ Math.imul(h1 ^ code, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ code, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ code, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ code, 2716044179);
  }
  hash[0] = h1;
  hash[1] = h2;
  hash[2] = h3;
  hash[3] = h4;
}

/**
 * Feeds the decimal digits of a whole number from 0 to 2^31 - 1, as `String(number)` writes
 * them, without writing them.
 */
function feedDigits(hash: Int32Array, number: number): void {
  let h1 = hash[0] as number;
  let h2 = hash[1] as number;
  let h3 = hash[2] as number;
  let h4 = hash[3] as number;
  let power = 1;
  while (power * 10 <= number) power *= 10;
  for (; power >= 1; power = Math.round(power / 10)) {
    const code = 48 + (Math.floor(number / power) % 10);
    h1 = h2 ^ Math.imul(h1 ^ code, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ code, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ code, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ code, 2716044179);
  }
  hash[0] = h1;
  hash[1] = h2;
  hash[2] = h3;
  hash[3] = h4;
}

/**
 * The reusable source of `assessmentRandom`: cyrb128 and sfc32 as above, their words kept in
 * typed arrays (32-bit integers, never boxed) and the seed text fed piece by piece.
 */
class ReseedableRandom implements AssessmentRandom {
  /** sfc32's state. */
  private readonly state = new Int32Array(4);
  /** cyrb128's words while hashing a seed. */
  private readonly hash = new Int32Array(4);
  /** The seed text between the file id and the sequence: `|v<version>|#`. */
  private readonly version: string;

  constructor(ruleSetVersion: number) {
    this.version = `|v${ruleSetVersion}|#`;
  }

  readonly next = (): number => {
    const state = this.state;
    const a = state[0] as number;
    const b = state[1] as number;
    const c = state[2] as number;
    const d = state[3] as number;
    const t = (((a + b) | 0) + d) | 0;
    state[3] = (d + 1) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = (c + (c << 3)) | 0;
    state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  };

  reseed(fileId: string, sequence: number): void {
    const hash = this.hash;
    hash[0] = 1779033703;
    hash[1] = 3144134277 | 0;
    hash[2] = 1013904242;
    hash[3] = 2773480762 | 0;
    feedText(hash, fileId);
    feedText(hash, this.version);
    if (Number.isInteger(sequence) && sequence >= 0 && sequence <= 0x7fffffff) feedDigits(hash, sequence);
    else feedText(hash, String(sequence));
    // cyrb128's finalisation and sfc32's seeding, as `Cyrb128.seed` does.
    const h1 = hash[0];
    const h2 = hash[1];
    const h3 = hash[2];
    const h4 = hash[3];
    const f1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    const f2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    const f3 = Math.imul(f1 ^ (h3 >>> 17), 951274213);
    const f4 = Math.imul(f2 ^ (h4 >>> 19), 2716044179);
    let a = f1 ^ f2 ^ f3 ^ f4;
    let b = f2 ^ f1;
    let c = f3 ^ f1;
    let d = f4 ^ f1;
    // Discard the first outputs, as sfc32's author advises, so that close seeds diverge.
    for (let index = 0; index < 12; index += 1) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
    }
    const state = this.state;
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
  }
}

/** Creates a reusable assessment source for one rule-set version (see `AssessmentRandom`). */
export function assessmentRandom(ruleSetVersion: number): AssessmentRandom {
  return new ReseedableRandom(ruleSetVersion);
}
