import { dot, type Embedding } from './auc.js';

/**
 * Near-duplicate covers (the same album in another edition): two albums are
 * linked when they share the same artwork, or when their vectors pass every
 * similarity criterion; groups are the connected components (union-find with
 * path halving). Exact over all pairs, O(n² d).
 */
export interface DuplicateCriterion {
  /** Unit rows, one per album. */
  readonly embedding: Embedding;
  /** Cosine at or above which the pair may be one picture. */
  readonly threshold: number;
}

export interface DuplicateOptions {
  /** Albums with the same key share identical artwork (e.g. the artwork id or the file's hash). */
  readonly artworkKeys?: ArrayLike<string | number>;
  /** All must hold for a pair to be linked; none given links by artwork only. */
  readonly criteria?: readonly DuplicateCriterion[];
}

/**
 * Thresholds read off the covers-dev pairs: other editions of one album (a
 * re-scan, a sticker, a changed logo) keep GIST cosines of 0.96 and above and
 * tiny (grey 16×16 pixel correlation) of 0.8 and above, while different
 * covers of the same layout (plain vinyl labels) stop near GIST 0.95. Without
 * GIST, a tiny correlation of 0.95 alone is demanded.
 */
export const DUPLICATE_RULES = {
  withGist: { tiny: 0.75, gist: 0.96 },
  tinyOnly: { tiny: 0.95 },
} as const;

/** Each album's group, named by the lowest album index in it. */
export function nearDuplicateGroups(count: number, options: DuplicateOptions): Int32Array {
  const parent = Int32Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (i: number, j: number): void => {
    const a = find(i);
    const b = find(j);
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  };

  if (options.artworkKeys) {
    const firstWithKey = new Map<string | number, number>();
    for (let i = 0; i < count; i++) {
      const key = options.artworkKeys[i];
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, i);
      else union(first, i);
    }
  }
  const criteria = options.criteria ?? [];
  if (criteria.length > 0) {
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        let linked = true;
        for (let c = 0; c < criteria.length && linked; c++) {
          const { embedding, threshold } = criteria[c];
          linked = dot(embedding.rows, embedding.dim, i, j) >= threshold;
        }
        if (linked) union(i, j);
      }
    }
  }
  const groups = new Int32Array(count);
  for (let i = 0; i < count; i++) groups[i] = find(i);
  return groups;
}

/** How many albums sit in a group with at least one other. */
export function duplicatedAlbums(groups: Int32Array): number {
  const sizes = new Map<number, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  let n = 0;
  for (const size of sizes.values()) if (size > 1) n += size;
  return n;
}
