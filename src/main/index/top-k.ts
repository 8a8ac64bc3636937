/** One answer of a similarity search: an artwork id and its cosine to the query. */
export interface SearchHit {
  readonly id: number;
  /** Cosine similarity in [-1, 1]; higher means more alike. */
  readonly score: number;
}

/**
 * Keeps the k best (id, score) pairs seen so far, best first: higher score,
 * then lower id, so equal scores come out in the same order from every path.
 * Storage is allocated once; `offer` does not allocate.
 */
export class TopK {
  private readonly ids: Float64Array;
  private readonly scores: Float64Array;
  private length = 0;

  constructor(readonly k: number) {
    this.ids = new Float64Array(k);
    this.scores = new Float64Array(k);
  }

  /** The score a candidate must beat to enter (−∞ while not full). */
  get threshold(): number {
    return this.length < this.k ? Number.NEGATIVE_INFINITY : this.scores[this.length - 1];
  }

  offer(id: number, score: number): void {
    if (this.k === 0) return;
    let at = this.length < this.k ? this.length : this.k - 1;
    if (this.length === this.k && !better(id, score, this.ids[at], this.scores[at])) return;
    while (at > 0 && better(id, score, this.ids[at - 1], this.scores[at - 1])) {
      this.ids[at] = this.ids[at - 1];
      this.scores[at] = this.scores[at - 1];
      at--;
    }
    this.ids[at] = id;
    this.scores[at] = score;
    if (this.length < this.k) this.length++;
  }

  hits(): SearchHit[] {
    const out: SearchHit[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = { id: this.ids[i], score: this.scores[i] };
    return out;
  }
}

function better(id: number, score: number, otherId: number, otherScore: number): boolean {
  return score > otherScore || (score === otherScore && id < otherId);
}
