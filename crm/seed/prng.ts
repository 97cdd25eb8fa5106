/**
 * A small seeded PRNG (mulberry32) so the demo CRM is the same on every machine: the same
 * seed and day give the same rows, which makes seeding idempotent by id.
 */
import { mulberry32 } from "../../core/random.ts";
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Roughly normal (sum of uniforms), for usage noise. */
  normal(mean: number, sd: number): number;
}

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  const r: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    chance: (p) => next() < p,
    normal: (mean, sd) => mean + sd * ((next() + next() + next() + next() - 2) / 0.5774),
  };
  return r;
}
