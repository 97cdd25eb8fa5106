/**
 * A tiny seeded PRNG: fits must be reproducible from a seed, and Math.random is not.
 */

/** Mulberry32: 32-bit state, uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle driven by `rnd`. */
export function shuffleInPlace(xs: Int32Array, rnd: () => number): Int32Array {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const tmp = xs[i] as number;
    xs[i] = xs[j] as number;
    xs[j] = tmp;
  }
  return xs;
}
