import { dot } from './vector-math.js';

export interface MmrCandidate {
  readonly embedding: Float64Array;
  /** Relevance: similarity to the query. */
  readonly score: number;
}

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): the next pick is
 *   argmax_{d ∈ R \ S} [ λ·sim(d, q) − (1 − λ)·max_{s ∈ S} sim(d, s) ]
 * so λ = 1 ranks by similarity alone and lower λ favours covers unlike those
 * already chosen. Candidates can be added as the pool grows; the redundancy
 * term max_{s ∈ S} sim(d, s) is kept per candidate and updated on each pick.
 */
export class MmrSelector<T extends MmrCandidate> {
  private readonly pool: T[] = [];
  private readonly redundancy: number[] = [];
  private readonly selected: Float64Array[] = [];

  constructor(private readonly lambda: number) {}

  get remaining(): number {
    return this.pool.length;
  }

  add(candidates: readonly T[]): void {
    for (const candidate of candidates) {
      let worst = Number.NEGATIVE_INFINITY;
      for (const chosen of this.selected) worst = Math.max(worst, dot(candidate.embedding, chosen));
      this.pool.push(candidate);
      this.redundancy.push(worst);
    }
  }

  /** Removes and returns the candidate of highest marginal relevance (ties: the earlier added). */
  next(): T | undefined {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.pool.length; i++) {
      const redundancy = this.selected.length === 0 ? 0 : this.redundancy[i];
      const value = this.lambda * this.pool[i].score - (1 - this.lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) return undefined;
    this.redundancy.splice(best, 1);
    return this.pool.splice(best, 1)[0];
  }

  /** Records a pick as part of S, so later picks are penalised for resembling it. */
  select(candidate: T): void {
    this.selected.push(candidate.embedding);
    for (let i = 0; i < this.pool.length; i++) {
      this.redundancy[i] = Math.max(this.redundancy[i], dot(this.pool[i].embedding, candidate.embedding));
    }
  }
}
