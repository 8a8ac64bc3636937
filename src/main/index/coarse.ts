import { exactSearch as usearchExactSearch, MetricKind } from 'usearch';
import { dotRow } from './exact.js';
import { TopK, type SearchHit } from './top-k.js';

/**
 * Exact search in two passes, for the large libraries searched exactly while
 * their index file is rebuilt. A pass over float32 vectors is bound by
 * memory (100,000 gist covers, 384 MB, in 53 ms); the same pass over 8-bit
 * codes reads a quarter of it (13 ms). The codes only choose candidates:
 * COARSE_WIDTH times as many as asked, scored again in float32, so the
 * answers are exactSearch's unless a true answer ranked past them by the
 * codes' rounding (none in 300 queries at 10 per cluster; the test compares).
 *
 * Codes are scalar-quantised, as usearch's own i8 storage is: c = round(v ×
 * 127 / m), m the largest |component| of the matrix, so the inner product of
 * two codes is the vectors' own scaled by (127 / m)², up to rounding.
 */

/** Candidates read from the codes per answer asked. */
export const COARSE_WIDTH = 4;
const CODE_MAX = 127;
/** CODE_MAX + ½: added before truncation so that it rounds, half up. */
const ROUNDING_OFFSET = CODE_MAX + 0.5;

export interface CoarseCodes {
  readonly codes: Int8Array;
  /** 127 / the largest |component|. */
  readonly scale: number;
}

export function quantiseRows(vectors: Float32Array): CoarseCodes {
  let largest = 0;
  for (let i = 0; i < vectors.length; i++) {
    const magnitude = Math.abs(vectors[i]);
    if (magnitude > largest) largest = magnitude;
  }
  const scale = largest > 0 ? CODE_MAX / largest : 1;
  const codes = new Int8Array(vectors.length);
  // |value × scale| ≤ 127 by the choice of scale, so v × scale + 127.5 is
  // positive and truncating it rounds: no clamp, no Math.round, no branch on
  // the sign (each mispredicts on real descriptors: 1.1–1.5 s for 100,000 ×
  // 960, against 0.4–0.9 s).
  for (let i = 0; i < vectors.length; i++) codes[i] = ((vectors[i] * scale + ROUNDING_OFFSET) | 0) - CODE_MAX;
  return { codes, scale };
}

function quantise(value: number, scale: number): number {
  return Math.max(-CODE_MAX, Math.min(CODE_MAX, Math.round(value * scale)));
}

/**
 * The k rows most similar to a unit-length `query`, as simdExactSearch
 * answers: candidates from the codes, scored in float32; ids for which
 * `leftOut` is true are skipped (`leftOutHint` of them expected).
 */
export function coarseExactSearch(
  vectors: Float32Array,
  coarse: CoarseCodes,
  ids: ArrayLike<number>,
  query: Float32Array,
  k: number,
  leftOut?: (id: number) => boolean,
  leftOutHint = 0,
): SearchHit[] {
  const count = ids.length;
  const dim = query.length;
  if (count === 0 || k === 0) return [];
  const code = new Int8Array(dim);
  for (let d = 0; d < dim; d++) code[d] = quantise(query[d], coarse.scale);
  let wanted = Math.min(count, COARSE_WIDTH * k + leftOutHint);
  for (;;) {
    const found = usearchExactSearch(coarse.codes, code, dim, wanted, MetricKind.IP, 1);
    const top = new TopK(k);
    let kept = 0;
    for (let i = 0; i < found.keys.length; i++) {
      const row = Number(found.keys[i]);
      const id = ids[row];
      if (leftOut?.(id)) continue;
      top.offer(id, dotRow(vectors, row, query));
      kept++;
    }
    if (kept >= COARSE_WIDTH * k || wanted >= count) return top.hits();
    wanted = Math.min(count, 2 * wanted);
  }
}
