/**
 * Seeded pseudo-random numbers so that the same inputs and --random-seed give
 * the same playlist. mulberry32 (Tommy Ettinger, 2017): a 32-bit state advanced
 * by a Weyl sequence and mixed by xor-shift-multiply; plenty for shuffling.
 */
export type Random = () => number;

const WEYL_INCREMENT = 0x6d2b79f5;
const UINT32_RANGE = 4294967296;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + WEYL_INCREMENT) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / UINT32_RANGE;
  };
}

/** A fresh seed for runs without --random-seed (reported so they can be repeated). */
export function freshSeed(): number {
  return Math.floor(Math.random() * UINT32_RANGE) >>> 0;
}

/** A uniformly random order of 0..n-1 (Fisher–Yates, Durstenfeld's in-place form). */
export function permutation(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/**
 * k distinct indices of 0..n-1 chosen uniformly, in increasing order (a
 * partial Fisher–Yates shuffle of the first k places, then sorted).
 */
export function sampleIndices(n: number, k: number, random: Random): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (n - i));
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, take).sort((a, b) => a - b);
}
