/**
 * Seeded randomness for everything that must be reproducible from a seed (learner folds and
 * subsampling, bootstrap resamples, fault injection, the demo CRM, benchmarks). One
 * implementation, so a seed means the same sequence everywhere.
 */

/** mulberry32: 32-bit state, uniform floats in [0, 1). Small and fast; not for cryptography. */
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

/** FNV-1a 32-bit hash of a string: a stable seed from an id. */
export function fnv1a(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
