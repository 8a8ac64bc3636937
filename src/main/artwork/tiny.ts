/**
 * The "tiny" descriptor from Erik Bernhardsson's *Music recommendations using
 * cover images* (2014): the cover as a 16×16 grey thumbnail, standardised.
 *
 * 1. grey = 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601 luma), float64;
 * 2. exact area averaging to 16×16: output cell (u, v) is the mean of the
 *    source over x ∈ [u·W/16, (u+1)·W/16), y ∈ [v·H/16, (v+1)·H/16), each
 *    pixel weighted by its overlap with that rectangle;
 * 3. subtract the mean of the 256 cells and divide by their population
 *    standard deviation (all zeros for a flat picture);
 * 4. row-major order, index = y·16 + x.
 * See test/fixtures/gist/README.md for the reference data.
 */

const TINY_SIDE = 16;
export const TINY_DIM = TINY_SIDE * TINY_SIDE;
/** Below this standard deviation the thumbnail counts as flat. */
const FLAT_STD = 1e-6;

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;

/**
 * Overlap weights of `length` source pixels with TINY_SIDE equal cells:
 * cell u covers [u·length/16, (u+1)·length/16). Returned as, per cell, the
 * first pixel index and its weights (pixel i covers [i, i+1)).
 */
function cellWeights(length: number): { first: Int32Array; weights: Float64Array[] } {
  const first = new Int32Array(TINY_SIDE);
  const weights: Float64Array[] = [];
  for (let u = 0; u < TINY_SIDE; u++) {
    const lo = (u * length) / TINY_SIDE;
    const hi = ((u + 1) * length) / TINY_SIDE;
    const start = Math.floor(lo);
    const end = Math.ceil(hi);
    const w = new Float64Array(end - start);
    for (let i = start; i < end; i++) w[i - start] = Math.min(i + 1, hi) - Math.max(i, lo);
    first[u] = start;
    weights.push(w);
  }
  return { first, weights };
}

/** Tiny descriptor of an interleaved 8-bit RGB picture (256 float64 values). */
export function tinyDescriptor(rgb: Uint8Array, width: number, height: number): Float64Array {
  if (rgb.length < width * height * 3) throw new RangeError('tiny: RGB buffer smaller than width×height×3');
  const cols = cellWeights(width);
  const rows = cellWeights(height);

  // Horizontal pass: every source row reduced to 16 column-cell sums.
  const rowSums = new Float64Array(height * TINY_SIDE);
  for (let y = 0; y < height; y++) {
    const rowBase = y * width * 3;
    for (let u = 0; u < TINY_SIDE; u++) {
      const w = cols.weights[u];
      let p = rowBase + cols.first[u] * 3;
      let sum = 0;
      for (let i = 0; i < w.length; i++, p += 3) {
        sum += w[i] * (LUMA_R * rgb[p] + LUMA_G * rgb[p + 1] + LUMA_B * rgb[p + 2]);
      }
      rowSums[y * TINY_SIDE + u] = sum;
    }
  }

  const cellArea = (width / TINY_SIDE) * (height / TINY_SIDE);
  const out = new Float64Array(TINY_DIM);
  for (let v = 0; v < TINY_SIDE; v++) {
    const w = rows.weights[v];
    const y0 = rows.first[v];
    for (let u = 0; u < TINY_SIDE; u++) {
      let sum = 0;
      for (let i = 0; i < w.length; i++) sum += w[i] * rowSums[(y0 + i) * TINY_SIDE + u];
      out[v * TINY_SIDE + u] = sum / cellArea;
    }
  }

  let mean = 0;
  for (let i = 0; i < TINY_DIM; i++) mean += out[i];
  mean /= TINY_DIM;
  let variance = 0;
  for (let i = 0; i < TINY_DIM; i++) variance += (out[i] - mean) ** 2;
  const std = Math.sqrt(variance / TINY_DIM);
  if (std < FLAT_STD) return out.fill(0);
  for (let i = 0; i < TINY_DIM; i++) out[i] = (out[i] - mean) / std;
  return out;
}
