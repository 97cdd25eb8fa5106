/**
 * A tiny seeded PRNG: fits must be reproducible from a seed, and Math.random is not.
 */
import { mulberry32 } from "../../core/random.ts";

/** Mulberry32 (core/random.ts): 32-bit state, uniform floats in [0, 1). */
export { mulberry32 };

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
