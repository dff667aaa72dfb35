/** A deterministic pseudo-random stream; every algorithm draws from one of these, never Math.random. */
export interface SeededRandom {
  /** The seed this stream was created from. */
  readonly seed: number;
  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** An independent stream determined by this stream's seed and the label only (not by draws made so far). */
  fork(label: string): SeededRandom;
  /** A non-negative 31-bit integer to seed a tf.random* op. */
  tfSeed(): number;
}

/** splitmix32 step (Steele, Lea & Flood 2014, 32-bit variant): scrambles a counter into a well-mixed word. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** FNV-1a 32-bit hash of a label, mixed into fork seeds. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** xoshiro128** (Blackman & Vigna 2018), state seeded through splitmix32 so any integer seed is valid. */
export function createRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) throw new Error(`Random seed must be a finite number, got ${seed}`);
  const seedWord = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) | 0;
  let counter = seedWord;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const [c, word] = splitmix32(counter);
    counter = c;
    s[i] = word;
  }
  let spareNormal: number | undefined;

  const nextWord = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };

  const next = (): number => nextWord() / 4294967296;

  return {
    seed,
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new Error(`int(n) needs a positive integer n, got ${n}`);
      return Math.floor(next() * n);
    },
    normal(): number {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork(label: string): SeededRandom {
      return createRandom((Math.imul(seedWord ^ 0x5bd1e995, 0x27d4eb2d) ^ hashLabel(label)) >>> 0);
    },
    tfSeed(): number {
      return nextWord() >>> 1;
    },
  };
}
