/**
 * Colour GIST (A. Oliva & A. Torralba, "Modeling the shape of the scene: a
 * holistic representation of the spatial envelope", IJCV 2001), numerically
 * the LEAR C library's `color_gist_scaletab(img, 4, 3, {8, 8, 4})` as wrapped
 * by pyleargist: 3 channels × 20 Gabor filters × 4×4 blocks = 960 values.
 * test/fixtures/gist/README.md states the algorithm step by step; the
 * comments below follow its numbering.
 *
 * Two details of the C code are reproduced on purpose:
 * - FFTW receives each H-row × W-column buffer declared as (W, H), so every
 *   DFT here transforms the flat buffer as a W-row × H-column matrix, while
 *   the frequency filters are built in the image layout (index y·W + x) and
 *   applied by flat index;
 * - grids are centred on the real W/2, H/2 and then fftshifted.
 *
 * Speed, compared with the C library which rebuilds everything per call:
 * the Gabor bank, the low-pass filter and the FFT plans are cached per size;
 * two real planes share one complex FFT (R + iG), split afterwards by
 * Hermitian symmetry; the 1/N of every inverse DFT is folded into the filters;
 * the transforms skip the spectrum rows where a filter vanishes (Fft2d.filter,
 * Fft2d.backwardSupported).
 */

import { fft2d, type Fft2d } from './fft.js';

export const GIST_BLOCKS = 4;
const GIST_ORIENTATIONS = [8, 8, 4] as const;
export const GIST_FILTERS = GIST_ORIENTATIONS.reduce((a, b) => a + b, 0);
export const GIST_DIM = 3 * GIST_FILTERS * GIST_BLOCKS * GIST_BLOCKS;
/** pyleargist refuses pictures smaller than this on either side. */
const GIST_MIN_SIDE = 8;

/** Symmetric padding of the prefilter, on every side. */
export const GIST_PAD = 5;
const PREFILTER_FC = 4;
/** s1² = (fc / sqrt(ln 2))² of the prefilter's Gaussian. */
const PREFILTER_S1_SQ = (PREFILTER_FC * PREFILTER_FC) / Math.LN2;
/**
 * Filter gains (low-pass and Gabor) below 2^−64 count as zero, so that the
 * FFT can skip spectrum rows where a filter vanishes. Dropping them changes a
 * filtered sample x by at most 2^−64 · Σ|X_k|/N ≤ 2^−64 · √N · max|x|
 * (max|x| < 31: M² in the prefilter; |P| ≤ 5.6/0.2 after it): under 1e−15
 * for a 500×500 picture, far below float32 noise.
 */
export const NEGLIGIBLE_GAIN = 2 ** -64;
/** Added to the local contrast before dividing by it. */
const CONTRAST_FLOOR = 0.2;
/** Peak frequency of scale s is GABOR_PEAK / GABOR_SCALE_STEP^s cycles per pixel. */
const GABOR_PEAK = 0.3;
const GABOR_SCALE_STEP = 1.85;
/** Radial bandwidth term: 10 × 0.35 in gist.c. */
const GABOR_RADIAL = 3.5;
/** Sizes whose plans are kept: a scan uses one; a plan for a 500×500 picture holds about 70 MB. */
const GIST_CACHE_LIMIT = 4;

const LOG1P_BYTE = Float64Array.from({ length: 256 }, (_, v) => Math.log(v + 1));

/** numpy fftshift source index: out[i] = in[(i − floor(n/2)) mod n]. */
function shiftSource(i: number, n: number): number {
  return (i - Math.floor(n / 2) + n) % n;
}

/** Symmetric padding with the edge repeated (numpy mode 'symmetric'). */
function mirror(i: number, n: number): number {
  if (i < 0) return -i - 1;
  if (i >= n) return 2 * n - i - 1;
  return i;
}

/**
 * The 20 Gabor transfer functions on a W×H grid (Step 2), each in image
 * layout (index y·W + x), fftshifted so DC is at index 0.
 */
export function gaborBank(width: number, height: number): Float64Array[] {
  const n = width * height;
  const radius = new Float64Array(n);
  const angle = new Float64Array(n);
  for (let y = 0; y < height; y++) {
    const fy = shiftSource(y, height) - height / 2;
    for (let x = 0; x < width; x++) {
      const fx = shiftSource(x, width) - width / 2;
      radius[y * width + x] = Math.sqrt(fx * fx + fy * fy);
      angle[y * width + x] = Math.atan2(fy, fx);
    }
  }
  const bank: Float64Array[] = [];
  GIST_ORIENTATIONS.forEach((orientations, scale) => {
    const peak = GABOR_PEAK / GABOR_SCALE_STEP ** scale;
    const angular = 2 * ((16 * orientations * orientations) / (32 * 32)) * Math.PI;
    for (let j = 0; j < orientations; j++) {
      const theta = (Math.PI * j) / orientations;
      const filter = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let t = angle[i] + theta;
        if (t < -Math.PI) t += 2 * Math.PI;
        else if (t > Math.PI) t -= 2 * Math.PI;
        const r = radius[i];
        filter[i] = Math.exp(-GABOR_RADIAL * (r / height / peak - 1) * (r / width / peak - 1) - angular * t * t);
      }
      bank.push(filter);
    }
  });
  return bank;
}

/**
 * The prefilter's Gaussian low-pass g on the padded grid (Step 1.3),
 * fftshifted. Values below NEGLIGIBLE_GAIN are set to zero, so that the
 * FFT can skip the spectrum rows beyond the pass band.
 */
export function lowPass(width: number, height: number): Float64Array {
  const g = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    const dy = shiftSource(y, height) - height / 2;
    for (let x = 0; x < width; x++) {
      const dx = shiftSource(x, width) - width / 2;
      const value = Math.exp(-(dx * dx + dy * dy) / PREFILTER_S1_SQ);
      g[y * width + x] = value < NEGLIGIBLE_GAIN ? 0 : value;
    }
  }
  return g;
}

/**
 * Flat index of −k for every flat index k of a rows×cols DFT. The DFT here is
 * the FFTW-quirk one: rows = picture width, cols = picture height.
 */
function negatedIndex(rows: number, cols: number): Int32Array {
  const neg = new Int32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) neg[r * cols + c] = ((rows - r) % rows) * cols + ((cols - c) % cols);
  }
  return neg;
}

/** Block of every position along a side of n pixels: block i spans [floor(i·n/4), floor((i+1)·n/4)). */
function blockNumbers(n: number): Uint8Array {
  const block = new Uint8Array(n);
  for (let i = 1; i < GIST_BLOCKS; i++) block.fill(i, Math.floor((i * n) / GIST_BLOCKS));
  return block;
}

/** Everything GIST needs for one picture size, built once. */
class GistPlan {
  readonly paddedWidth: number;
  readonly paddedHeight: number;
  private readonly paddedFft: Fft2d;
  private readonly fft: Fft2d;
  /** g/Np, and its Hermitian-symmetric part (g[k] + g[−k])/(2Np), whose IDFT is Re(IDFT(·g)). */
  private readonly lowPassScaled: Float64Array;
  private readonly lowPassSym: Float64Array;
  /** Gabor filters divided by N. */
  private readonly filters: Float64Array[];
  private readonly negated: Int32Array;
  /** Block column edges floor(i·W/4), block row of every row, and 1 / pixels per block (index bx·4 + by). */
  private readonly columnEdges = new Int32Array(GIST_BLOCKS + 1);
  private readonly rowBlock: Uint8Array;
  private readonly blockScale = new Float64Array(GIST_BLOCKS * GIST_BLOCKS);
  // Work buffers: padded planes, padded complex scratch, spectra, scratch.
  private readonly padded: Float64Array[];
  private readonly padRe: Float64Array;
  private readonly padIm: Float64Array;
  private readonly specRe: Float64Array[];
  private readonly specIm: Float64Array[];
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  private readonly blockSums = new Float64Array(GIST_BLOCKS * GIST_BLOCKS);

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    const n = width * height;
    this.paddedWidth = width + 2 * GIST_PAD;
    this.paddedHeight = height + 2 * GIST_PAD;
    const np = this.paddedWidth * this.paddedHeight;
    this.paddedFft = fft2d(this.paddedWidth, this.paddedHeight);
    this.fft = fft2d(width, height);

    const g = lowPass(this.paddedWidth, this.paddedHeight);
    const paddedNeg = negatedIndex(this.paddedWidth, this.paddedHeight);
    this.lowPassScaled = g.map((v) => v / np);
    this.lowPassSym = g.map((v, i) => (v + g[paddedNeg[i]]) / (2 * np));

    this.filters = gaborBank(width, height).map((f) => f.map((v) => (v < NEGLIGIBLE_GAIN ? 0 : v / n)));
    this.negated = negatedIndex(width, height);

    for (let i = 0; i <= GIST_BLOCKS; i++) this.columnEdges[i] = Math.floor((i * width) / GIST_BLOCKS);
    this.rowBlock = blockNumbers(height);
    const counts = new Float64Array(GIST_BLOCKS * GIST_BLOCKS);
    for (let y = 0; y < height; y++) {
      for (let bx = 0; bx < GIST_BLOCKS; bx++) {
        counts[bx * GIST_BLOCKS + this.rowBlock[y]] += this.columnEdges[bx + 1] - this.columnEdges[bx];
      }
    }
    for (let b = 0; b < counts.length; b++) this.blockScale[b] = 1 / counts[b];

    this.padded = [0, 1, 2].map(() => new Float64Array(np));
    this.padRe = new Float64Array(np);
    this.padIm = new Float64Array(np);
    this.specRe = [0, 1, 2].map(() => new Float64Array(n));
    this.specIm = [0, 1, 2].map(() => new Float64Array(n));
    this.workRe = new Float64Array(n);
    this.workIm = new Float64Array(n);
  }

  /**
   * Step 1: log, symmetric padding, whitening and local contrast
   * normalisation. Writes the cropped W×H planes into `out`.
   */
  prefilter(rgb: Uint8Array, out: Float64Array[]): void {
    const { width, height, paddedWidth: wp, paddedHeight: hp, padded, padRe, padIm } = this;
    const np = wp * hp;
    for (let yp = 0; yp < hp; yp++) {
      const row = mirror(yp - GIST_PAD, height) * width;
      for (let xp = 0; xp < wp; xp++) {
        const src = (row + mirror(xp - GIST_PAD, width)) * 3;
        const dst = yp * wp + xp;
        padded[0][dst] = LOG1P_BYTE[rgb[src]];
        padded[1][dst] = LOG1P_BYTE[rgb[src + 1]];
        padded[2][dst] = LOG1P_BYTE[rgb[src + 2]];
      }
    }

    // P ← P − Re(IDFT(DFT(P)·g)); R and G share one transform, B takes another.
    padRe.set(padded[0]);
    padIm.set(padded[1]);
    this.lowPassFilter(this.lowPassSym);
    for (let i = 0; i < np; i++) {
      padded[0][i] -= padRe[i];
      padded[1][i] -= padIm[i];
    }
    padRe.set(padded[2]);
    padIm.fill(0);
    this.lowPassFilter(this.lowPassSym);
    for (let i = 0; i < np; i++) padded[2][i] -= padRe[i];

    // E = |IDFT(DFT(M²)·g)| with M the channel mean; P ← P / (0.2 + sqrt(E)).
    for (let i = 0; i < np; i++) {
      const mean = (padded[0][i] + padded[1][i] + padded[2][i]) / 3;
      padRe[i] = mean * mean;
    }
    padIm.fill(0);
    this.lowPassFilter(this.lowPassScaled);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y + GIST_PAD) * wp + x + GIST_PAD;
        const contrast = Math.sqrt(Math.sqrt(padRe[i] * padRe[i] + padIm[i] * padIm[i]));
        const scale = 1 / (CONTRAST_FLOOR + contrast);
        for (let c = 0; c < 3; c++) out[c][y * width + x] = padded[c][i] * scale;
      }
    }
  }

  private lowPassFilter(filter: Float64Array): void {
    this.paddedFft.filter(this.padRe, this.padIm, filter);
  }

  /**
   * Means of |A| = |work| over the 4×4 blocks, written to out[base + bx·4 + by].
   * With a next filter G, each sample of work is then replaced by F·G for
   * the next inverse DFT: those products run alongside the square roots.
   */
  private pool(
    out: Float32Array,
    base: number,
    nextRe: Float64Array,
    nextIm: Float64Array,
    nextFilter: Float64Array | null,
  ): void {
    const { width, height, workRe, workIm, columnEdges, rowBlock, blockSums, blockScale } = this;
    blockSums.fill(0);
    for (let y = 0; y < height; y++) {
      const row = y * width;
      const by = rowBlock[y];
      for (let bx = 0; bx < GIST_BLOCKS; bx++) {
        let sum = 0;
        const start = row + columnEdges[bx], end = row + columnEdges[bx + 1];
        if (nextFilter === null) {
          for (let i = start; i < end; i++) sum += Math.sqrt(workRe[i] * workRe[i] + workIm[i] * workIm[i]);
        } else {
          for (let i = start; i < end; i++) {
            const ar = workRe[i], ai = workIm[i];
            sum += Math.sqrt(ar * ar + ai * ai);
            workRe[i] = nextRe[i] * nextFilter[i];
            workIm[i] = nextIm[i] * nextFilter[i];
          }
        }
        blockSums[bx * GIST_BLOCKS + by] += sum;
      }
    }
    for (let b = 0; b < blockSums.length; b++) out[base + b] = blockSums[b] * blockScale[b];
  }

  /** Steps 1–3 for one picture. */
  describe(rgb: Uint8Array): Float32Array {
    const { specRe, specIm, workRe, workIm, negated } = this;
    const n = this.width * this.height;
    // The spectra buffers first receive the prefiltered planes.
    this.prefilter(rgb, specRe);

    // DFT(R + iG), then R̂[k] = (Z[k] + conj Z[−k])/2 and Ĝ[k] = (Z[k] − conj Z[−k])/2i.
    workRe.set(specRe[0]);
    workIm.set(specRe[1]);
    this.fft.forward(workRe, workIm);
    for (let k = 0; k < n; k++) {
      const zr = workRe[k], zi = workIm[k];
      const nr = workRe[negated[k]], ni = workIm[negated[k]];
      specRe[0][k] = 0.5 * (zr + nr);
      specIm[0][k] = 0.5 * (zi - ni);
      specRe[1][k] = 0.5 * (zi + ni);
      specIm[1][k] = 0.5 * (nr - zr);
    }
    specIm[2].fill(0);
    this.fft.forward(specRe[2], specIm[2]);

    // Step 3: A = |IDFT(F·G_k)|, averaged over the 4×4 blocks.
    // Step c·20 + k is channel c with filter k; pooling a step also forms the next step's product.
    const out = new Float32Array(GIST_DIM);
    const { filters } = this;
    for (let i = 0; i < n; i++) {
      workRe[i] = specRe[0][i] * filters[0][i];
      workIm[i] = specIm[0][i] * filters[0][i];
    }
    for (let step = 0; step < 3 * GIST_FILTERS; step++) {
      this.fft.backwardSupported(workRe, workIm, filters[step % GIST_FILTERS]);
      const next = step + 1;
      const c = Math.floor(next / GIST_FILTERS) % 3;
      const nextFilter = next < 3 * GIST_FILTERS ? filters[next % GIST_FILTERS] : null;
      this.pool(out, step * GIST_BLOCKS * GIST_BLOCKS, specRe[c], specIm[c], nextFilter);
    }
    return out;
  }
}

const plans = new Map<string, GistPlan>();

function gistPlan(width: number, height: number): GistPlan {
  const key = `${width}x${height}`;
  let plan = plans.get(key);
  if (plan === undefined) {
    plan = new GistPlan(width, height);
    if (plans.size >= GIST_CACHE_LIMIT) plans.delete(plans.keys().next().value!);
  } else {
    plans.delete(key);
  }
  plans.set(key, plan);
  return plan;
}

export function checkGistInput(rgb: Uint8Array, width: number, height: number): void {
  if (width < GIST_MIN_SIDE || height < GIST_MIN_SIDE) {
    throw new RangeError(`gist: picture ${width}x${height} is smaller than ${GIST_MIN_SIDE} px on a side`);
  }
  if (rgb.length < width * height * 3) throw new RangeError('gist: RGB buffer smaller than width×height×3');
}

/**
 * The 960-value colour GIST of an interleaved 8-bit RGB picture at its own
 * size, in TypeScript (float64): the reference the WebAssembly path
 * (wasm/gist-wasm.ts) is tested against, and its fallback for sizes it
 * does not plan.
 */
export function colorGistReference(rgb: Uint8Array, width: number, height: number): Float32Array {
  checkGistInput(rgb, width, height);
  return gistPlan(width, height).describe(rgb);
}

/** Step 1 alone: the prefiltered R, G, B planes (image layout), for checking against the C code. */
export function gistPrefilter(rgb: Uint8Array, width: number, height: number): Float64Array[] {
  checkGistInput(rgb, width, height);
  const planes = [0, 1, 2].map(() => new Float64Array(width * height));
  gistPlan(width, height).prefilter(rgb, planes);
  return planes;
}
