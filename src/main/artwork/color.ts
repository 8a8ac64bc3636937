/**
 * A perceptual colour descriptor: what colours a cover uses, and where.
 *
 * Colour space: CIELAB (CIE 15:2004), from 8-bit sRGB as in B. Lindbloom's
 * reference formulas (brucelindbloom.com):
 *   sRGB → linear: c ≤ 0.04045 ? c/12.92 : ((c + 0.055)/1.055)^2.4  (IEC 61966-2-1)
 *   linear → XYZ with the sRGB primaries, white D65;
 *   L* = 116·f(Y/Yn) − 16, a* = 500·(f(X/Xn) − f(Y/Yn)), b* = 200·(f(Y/Yn) − f(Z/Zn)),
 *   f(t) = t > ε ? ∛t : (κ·t + 16)/116, ε = 216/24389, κ = 24389/27.
 * Euclidean distance in Lab roughly follows perceived colour difference,
 * which RGB does not.
 *
 * Design (dimension 245 + 9·48 = 677):
 * - palette: a soft histogram of the whole cover over a 5 × 7 × 7 grid of
 *   Lab bin centres (L* 0..100 step 25, a*, b* −96..96 step 32). Each pixel
 *   spreads its weight over the 8 surrounding centres (trilinear tent
 *   weights; values beyond the outer centres count for the outer ones), so
 *   nearby colours share bins instead of flipping between them;
 * - layout: the same kind of soft histogram, on a coarser 3 × 4 × 4 grid
 *   (L* 0, 50, 100; a*, b* −60..60 step 40), for each cell of a 3×3 grid over
 *   the cover: where the colours are.
 * Each histogram is normalised to sum 1 and square-rooted (the Hellinger
 * embedding), which makes it a unit vector whose dot product with another is
 * the Bhattacharyya coefficient Σ√(p·q) ∈ [0, 1]. The palette part is
 * weighted by √0.6 and each cell by √(0.4/9), so the whole vector has unit
 * length and its cosine similarity with another cover's is
 *   0.6 · BC(palettes) + 0.4 · mean over cells BC(cell palettes).
 * Two covers with the same palette score at least 0.6 however the colours
 * are arranged; arrangement decides the rest.
 */

/** Weight of the global palette in the cosine; the 3×3 layout gets the rest. */
const PALETTE_WEIGHT = 0.6;
const GRID = 3;

/** A regular grid of bin centres on one Lab axis. */
interface Axis {
  readonly first: number;
  readonly step: number;
  readonly count: number;
}

interface BinGrid {
  readonly l: Axis;
  readonly a: Axis;
  readonly b: Axis;
  readonly size: number;
}

function grid(l: Axis, a: Axis, b: Axis): BinGrid {
  return { l, a, b, size: l.count * a.count * b.count };
}

const PALETTE_BINS = grid(
  { first: 0, step: 25, count: 5 },
  { first: -96, step: 32, count: 7 },
  { first: -96, step: 32, count: 7 },
);
const CELL_BINS = grid(
  { first: 0, step: 50, count: 3 },
  { first: -60, step: 40, count: 4 },
  { first: -60, step: 40, count: 4 },
);

export const COLOR_DIM = PALETTE_BINS.size + GRID * GRID * CELL_BINS.size;

// D65 reference white (Lindbloom), sRGB → XYZ matrix (IEC 61966-2-1).
const WHITE_X = 0.95047;
const WHITE_Y = 1.0;
const WHITE_Z = 1.08883;
const M = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
] as const;
const LAB_EPSILON = 216 / 24389;
const LAB_KAPPA = 24389 / 27;

/** 8-bit sRGB sample → linear light. */
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function labF(t: number): number {
  return t > LAB_EPSILON ? Math.cbrt(t) : (LAB_KAPPA * t + 16) / 116;
}

/** CIELAB of one 8-bit sRGB colour, written to out[0..2]. */
export function srgbToLab(r: number, g: number, b: number, out: Float64Array): void {
  const lr = LINEAR[r], lg = LINEAR[g], lb = LINEAR[b];
  const fx = labF((M[0][0] * lr + M[0][1] * lg + M[0][2] * lb) / WHITE_X);
  const fy = labF((M[1][0] * lr + M[1][1] * lg + M[1][2] * lb) / WHITE_Y);
  const fz = labF((M[2][0] * lr + M[2][1] * lg + M[2][2] * lb) / WHITE_Z);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (fx - fy);
  out[2] = 200 * (fy - fz);
}

/**
 * Tent weights of value v on an axis: the lower centre's index and the
 * upper centre's share, in `slot` (index, share).
 */
function tent(v: number, axis: Axis, slot: Float64Array, at: number): void {
  const x = (v - axis.first) / axis.step;
  if (x <= 0) {
    slot[at] = 0;
    slot[at + 1] = 0;
  } else if (x >= axis.count - 1) {
    slot[at] = axis.count - 2;
    slot[at + 1] = 1;
  } else {
    const lower = Math.floor(x);
    slot[at] = lower;
    slot[at + 1] = x - lower;
  }
}

/** Adds one Lab colour with trilinear weights to hist[offset .. offset + bins.size). */
function addSoft(hist: Float64Array, offset: number, bins: BinGrid, lab: Float64Array, slot: Float64Array): void {
  tent(lab[0], bins.l, slot, 0);
  tent(lab[1], bins.a, slot, 2);
  tent(lab[2], bins.b, slot, 4);
  const na = bins.a.count, nb = bins.b.count;
  for (let dl = 0; dl < 2; dl++) {
    const wl = dl === 0 ? 1 - slot[1] : slot[1];
    if (wl === 0) continue;
    for (let da = 0; da < 2; da++) {
      const wa = da === 0 ? 1 - slot[3] : slot[3];
      if (wa === 0) continue;
      const row = offset + ((slot[0] + dl) * na + slot[2] + da) * nb + slot[4];
      hist[row] += wl * wa * (1 - slot[5]);
      hist[row + 1] += wl * wa * slot[5];
    }
  }
}

/** Normalises hist[offset .. offset + length) to sum 1, takes square roots and scales by `weight`. */
function hellinger(hist: Float64Array, offset: number, length: number, weight: number, out: Float32Array): void {
  let total = 0;
  for (let i = offset; i < offset + length; i++) total += hist[i];
  for (let i = offset; i < offset + length; i++) out[i] = total > 0 ? weight * Math.sqrt(hist[i] / total) : 0;
}

/** The colour descriptor of an interleaved 8-bit sRGB picture (unit length, COLOR_DIM values). */
export function colorDescriptor(rgb: Uint8Array, width: number, height: number): Float32Array {
  if (width < GRID || height < GRID) throw new RangeError(`color: picture ${width}x${height} is smaller than ${GRID} px on a side`);
  if (rgb.length < width * height * 3) throw new RangeError('color: RGB buffer smaller than width×height×3');
  const hist = new Float64Array(COLOR_DIM);
  const lab = new Float64Array(3);
  const slot = new Float64Array(6);
  for (let y = 0; y < height; y++) {
    const cellRow = Math.floor((y * GRID) / height);
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      srgbToLab(rgb[p], rgb[p + 1], rgb[p + 2], lab);
      addSoft(hist, 0, PALETTE_BINS, lab, slot);
      const cell = cellRow * GRID + Math.floor((x * GRID) / width);
      addSoft(hist, PALETTE_BINS.size + cell * CELL_BINS.size, CELL_BINS, lab, slot);
    }
  }
  const out = new Float32Array(COLOR_DIM);
  hellinger(hist, 0, PALETTE_BINS.size, Math.sqrt(PALETTE_WEIGHT), out);
  const cellWeight = Math.sqrt((1 - PALETTE_WEIGHT) / (GRID * GRID));
  for (let cell = 0; cell < GRID * GRID; cell++) {
    hellinger(hist, PALETTE_BINS.size + cell * CELL_BINS.size, CELL_BINS.size, cellWeight, out);
  }
  return out;
}
