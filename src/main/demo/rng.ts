import { mulberry32, type Random } from '../../shared/random.js';

/**
 * Small seeded pseudo-random generator so generated libraries are identical
 * from run to run. Mulberry32 (Tommy Ettinger, public domain): a 32-bit state
 * advanced by a Weyl constant and mixed with two multiply-xorshift rounds.
 */
export class Rng {
  /** Uniform in [0, 1). */
  readonly next: Random;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer uniform in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** Derives an independent seed for a named sub-stream (FNV-1a over the label). */
export function subSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
