/**
 * Complex FFTs of any size on split real/imaginary Float64Arrays.
 *
 * Lengths whose prime factors are at most MAX_DIRECT_PRIME use a mixed-radix
 * (16, 8, 4, 2, 3, 5, then any odd prime as a direct DFT) Stockham autosort FFT,
 * decimation in frequency (C. Van Loan,
 * *Computational Frameworks for the Fast Fourier Transform*, SIAM 1992,
 * §1.7): a stage of radix p over a sub-length L = p·m reads
 * a_r = x[j + r·m], takes their p-point DFT b_t and writes b_t·ω_L^(j·t) to
 * y[p·j + t]. Ping-ponging between two buffers leaves the output in natural
 * order, so there is no bit-reversal pass. Lengths with a larger prime use Bluestein's
 * chirp-z algorithm (Bluestein 1970): with w_j = exp(−πi·j²/n),
 *   X_k = w_k · Σ_j (x_j·w_j)·conj(w_(k−j)),
 * a circular convolution done with 5-smooth FFTs of length ≥ 2n − 1.
 *
 * Memory access: a stage works on many sequences at once ("lanes") and its
 * innermost loop runs across lanes. Between stages the lanes are
 * interleaved (element e of lane q at e·lanes + q), so the column pass of a
 * row-major matrix is already in that layout; the row pass reads its first
 * stage from the rows and writes its last stage back to them, so no
 * separate transpose is needed.
 *
 * Conventions: `forward` is the unnormalised DFT with exponent −2πi;
 * `backward` is the unnormalised inverse (exponent +2πi, no 1/N), as FFTW's
 * FFTW_BACKWARD. The backward transform reuses the forward code by swapping
 * the real and imaginary arrays: swap(DFT(swap(x))) = N·IDFT(x).
 *
 * Plans (factorisations, twiddle tables, chirps, work buffers) are cached per
 * size, and a transform allocates nothing once its work buffers exist. Not
 * re-entrant: one thread, one call at a time.
 */

const TWO_PI = 2 * Math.PI;
const SIN_60 = Math.sqrt(3) / 2;
const COS_72 = Math.cos(TWO_PI / 5);
const COS_144 = Math.cos((2 * TWO_PI) / 5);
const SIN_72 = Math.sin(TWO_PI / 5);
const SIN_144 = Math.sin((2 * TWO_PI) / 5);
const SQRT1_2 = Math.SQRT1_2;
const COS_22_5 = Math.cos(Math.PI / 8);
const SIN_22_5 = Math.sin(Math.PI / 8);

/**
 * Largest prime factor done as a direct p-point DFT: its cost, about p/2
 * complex products per point, passes Bluestein's near 47 (measured on 2·p
 * sides); lengths with a larger prime factor use Bluestein.
 */
const MAX_DIRECT_PRIME = 47;

/**
 * A stage that reads or writes strided rows runs its lanes in tiles of this
 * many, so that the cache lines of a tile's rows are reused across the
 * butterflies; only from TILED_MIN_SIZE elements on (measured: about 7%
 * faster at 128×128, a little slower at 64×64 and 80×80).
 */
const ROW_PASS_TILE = 32;
const TILED_MIN_SIZE = 128 * 128;

/** How many 1-D and 2-D plans are kept; the app only ever needs a handful of sizes. */
const PLAN_CACHE_LIMIT = 16;

/** A batched in-place 1-D forward DFT of one length. */
interface Plan1d {
  readonly n: number;
  /** Transforms `lanes` interleaved sequences: element e of lane q at re/im[e·lanes + q]. */
  run(re: Float64Array, im: Float64Array, lanes: number): void;
}

/** One radix-p step of a length-n Stockham FFT: sub-length L = p·m. */
interface Stage {
  readonly radix: number;
  readonly m: number;
  /** ω_L^(j·t) for j < m, t = 1 .. p−1, at j·(p−1) + t − 1. */
  readonly twRe: Float64Array;
  readonly twIm: Float64Array;
  /**
   * For an odd prime radix p > 5 only (else empty): cos and sin of 2π·r·t/p
   * for r, t = 1 .. (p−1)/2, at (t−1)·(p−1)/2 + r − 1, and per-butterfly
   * scratch for the pair sums and differences (see radixOdd).
   */
  readonly dftCos: Float64Array;
  readonly dftSin: Float64Array;
  readonly sumRe: Float64Array;
  readonly sumIm: Float64Array;
  readonly diffRe: Float64Array;
  readonly diffIm: Float64Array;
}

/**
 * A stage applied to memory. Butterfly (j, a, b) reads input r at
 * j·inJ + a·inA + b·inB + r·inR and writes output t at
 * j·outJ + a·outA + b·outB + t·outT; b is the innermost loop.
 */
interface Pass {
  readonly stage: Stage;
  readonly aCount: number;
  readonly bCount: number;
  readonly inJ: number;
  readonly inA: number;
  readonly inB: number;
  readonly inR: number;
  readonly outJ: number;
  readonly outA: number;
  readonly outB: number;
  readonly outT: number;
  /** The b loop runs in tiles of this many lanes, innermost within each (j, a) (see ROW_PASS_TILE). */
  readonly tile: number;
}

/** Where element e of lane q of a set of sequences lives: q·lane + e·element. */
interface Layout {
  readonly lane: number;
  readonly element: number;
}

const interleaved = (lanes: number): Layout => ({ lane: 1, element: lanes });

/**
 * Radices of a Stockham FFT of length n: 16, 8, 4 or 2 for the powers of
 * two, and 3, 5 and any odd prime up to `maxPrime` (direct p-point DFTs);
 * null when a larger prime divides n. The odd radices go first when a radix
 * of 4 or more follows them: the last stage, free of twiddles, is then one of
 * the fast power-of-two kernels (80 = 5·16 beats 16·5 by about 5%).
 */
function factorize(n: number, maxPrime: number): number[] | null {
  let rest = n;
  let twos = 0;
  while (rest % 2 === 0) {
    twos++;
    rest /= 2;
  }
  // 2^k in the fewest passes of radix at most 16, split as evenly as possible (2^7 = 16·8, 2^6 = 8·8).
  const powers: number[] = [];
  for (let passes = Math.ceil(twos / 4); passes > 0; passes--) {
    const take = Math.ceil(twos / passes);
    powers.push(2 ** take);
    twos -= take;
  }
  const odd: number[] = [];
  for (let radix = 3; radix <= maxPrime && rest > 1; radix += 2) {
    while (rest % radix === 0) {
      odd.push(radix);
      rest /= radix;
    }
  }
  if (rest !== 1) return null;
  return powers.length > 0 && powers[powers.length - 1] >= 4 ? [...odd, ...powers] : [...powers, ...odd];
}

/**
 * The cheapest 5-smooth length ≥ n for a convolution, counting one unit per
 * element per Stockham pass: 160 = 8·4·5 (3 passes) beats 150 = 2·3·5·5 (4).
 */
function convolutionLength(n: number): number {
  let best = 0;
  let bestCost = Infinity;
  for (let candidate = n; candidate < 2 * n; candidate++) {
    const factors = factorize(candidate, 5);
    if (factors !== null && candidate * factors.length < bestCost) {
      best = candidate;
      bestCost = candidate * factors.length;
    }
  }
  return best;
}

function growTo(buffer: Float64Array, length: number): Float64Array {
  return buffer.length >= length ? buffer : new Float64Array(length);
}

function makeStages(n: number, factors: readonly number[]): Stage[] {
  const stages: Stage[] = [];
  let length = n;
  for (const radix of factors) {
    const m = length / radix;
    const twRe = new Float64Array(m * (radix - 1));
    const twIm = new Float64Array(m * (radix - 1));
    for (let j = 0; j < m; j++) {
      for (let t = 1; t < radix; t++) {
        const angle = (-TWO_PI * ((j * t) % length)) / length;
        twRe[j * (radix - 1) + t - 1] = Math.cos(angle);
        twIm[j * (radix - 1) + t - 1] = Math.sin(angle);
      }
    }
    const half = radix > 5 && radix % 2 === 1 ? (radix - 1) / 2 : 0;
    const dftCos = new Float64Array(half * half);
    const dftSin = new Float64Array(half * half);
    for (let t = 1; t <= half; t++) {
      for (let r = 1; r <= half; r++) {
        const angle = (TWO_PI * ((r * t) % radix)) / radix;
        dftCos[(t - 1) * half + r - 1] = Math.cos(angle);
        dftSin[(t - 1) * half + r - 1] = Math.sin(angle);
      }
    }
    stages.push({
      radix,
      m,
      twRe,
      twIm,
      dftCos,
      dftSin,
      sumRe: new Float64Array(half),
      sumIm: new Float64Array(half),
      diffRe: new Float64Array(half),
      diffIm: new Float64Array(half),
    });
    length = m;
  }
  return stages;
}

/**
 * The passes that run `stages` over `lanes` sequences read in layout `from`
 * and written in layout `to`; between stages the lanes are interleaved. A
 * stage with sub-stride σ (product of the radices before it) reads element
 * q' + σ(j + r·m) and writes q' + σ(p·j + t), q' < σ.
 */
function makePasses(stages: readonly Stage[], lanes: number, from: Layout, to: Layout): Pass[] {
  const between = interleaved(lanes);
  const length = stages.length === 0 ? 1 : stages[0].radix * stages[0].m;
  let sigma = 1;
  return stages.map((stage, k) => {
    const input = k === 0 ? from : between;
    const output = k === stages.length - 1 ? to : between;
    const { radix, m } = stage;
    // Interleaved in and out: lane q and sub-index q' merge into one contiguous index.
    const merged = input.lane === 1 && input.element === lanes && output.lane === 1 && output.element === lanes;
    const bCount = merged ? lanes * sigma : lanes;
    const pass: Pass = {
      stage,
      aCount: merged ? 1 : sigma,
      bCount,
      inA: input.element,
      inB: input.lane,
      inJ: input.element * sigma,
      inR: input.element * sigma * m,
      outA: output.element,
      outB: output.lane,
      outJ: output.element * sigma * radix,
      outT: output.element * sigma,
      tile: !merged && lanes * length >= TILED_MIN_SIZE ? ROW_PASS_TILE : bCount,
    };
    sigma *= radix;
    return pass;
  });
}

/** Runs passes ping-ponging between (re, im) and the work arrays; the result ends in (re, im). */
function runPasses(
  passes: readonly Pass[],
  re: Float64Array,
  im: Float64Array,
  workRe: Float64Array,
  workIm: Float64Array,
  size: number,
): void {
  let xr = re;
  let xi = im;
  let yr = workRe;
  let yi = workIm;
  for (const pass of passes) {
    // The last stage of an axis (m = 1) has no twiddles.
    const last = pass.stage.m === 1;
    switch (pass.stage.radix) {
      case 2:
        radix2(xr, xi, yr, yi, pass);
        break;
      case 3:
        radix3(xr, xi, yr, yi, pass);
        break;
      case 4:
        if (last) radix4Last(xr, xi, yr, yi, pass);
        else radix4(xr, xi, yr, yi, pass);
        break;
      case 5:
        if (last) radix5Last(xr, xi, yr, yi, pass);
        else radix5(xr, xi, yr, yi, pass);
        break;
      case 8:
        if (last) radix8Last(xr, xi, yr, yi, pass);
        else radix8(xr, xi, yr, yi, pass);
        break;
      case 16:
        if (last) radix16Last(xr, xi, yr, yi, pass);
        else radix16(xr, xi, yr, yi, pass);
        break;
      default:
        radixOdd(xr, xi, yr, yi, pass);
    }
    const swapRe = xr;
    const swapIm = xi;
    xr = yr;
    xi = yi;
    yr = swapRe;
    yi = swapIm;
  }
  if (xr !== re) {
    re.set(xr.subarray(0, size));
    im.set(xi.subarray(0, size));
  }
}

class StockhamPlan implements Plan1d {
  readonly stages: Stage[];
  private readonly passesByLanes = new Map<number, Pass[]>();
  private workRe: Float64Array = new Float64Array(0);
  private workIm: Float64Array = new Float64Array(0);

  constructor(
    readonly n: number,
    factors: readonly number[],
  ) {
    this.stages = makeStages(n, factors);
  }

  run(re: Float64Array, im: Float64Array, lanes: number): void {
    let passes = this.passesByLanes.get(lanes);
    if (passes === undefined) {
      passes = makePasses(this.stages, lanes, interleaved(lanes), interleaved(lanes));
      this.passesByLanes.set(lanes, passes);
    }
    const size = this.n * lanes;
    this.workRe = growTo(this.workRe, size);
    this.workIm = growTo(this.workIm, size);
    runPasses(passes, re, im, this.workRe, this.workIm, size);
  }
}

// One kernel per radix: the p-point DFT of the inputs, times the stage's
// twiddles ω_L^(j·t), written to the outputs (the Pass gives the addresses).

function radix2(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { stage, aCount, bCount, inJ, inA, inB, inR, outJ, outA, outB, outT, tile } = pass;
  const { m, twRe, twIm } = stage;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let j = 0; j < m; j++) {
      const w1r = twRe[j], w1i = twIm[j];
      for (let a = 0; a < aCount; a++) {
        let i0 = j * inJ + a * inA + b0 * inB;
        let o0 = j * outJ + a * outA + b0 * outB;
        for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
          const i1 = i0 + inR;
          const a0r = xr[i0], a0i = xi[i0];
          const a1r = xr[i1], a1i = xi[i1];
          yr[o0] = a0r + a1r;
          yi[o0] = a0i + a1i;
          const dr = a0r - a1r, di = a0i - a1i;
          yr[o0 + outT] = dr * w1r - di * w1i;
          yi[o0 + outT] = dr * w1i + di * w1r;
        }
      }
    }
  }
}

function radix3(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { stage, aCount, bCount, inJ, inA, inB, inR, outJ, outA, outB, outT, tile } = pass;
  const { m, twRe, twIm } = stage;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let j = 0; j < m; j++) {
      const w1r = twRe[2 * j], w1i = twIm[2 * j];
      const w2r = twRe[2 * j + 1], w2i = twIm[2 * j + 1];
      for (let a = 0; a < aCount; a++) {
        let i0 = j * inJ + a * inA + b0 * inB;
        let o0 = j * outJ + a * outA + b0 * outB;
        for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
          const a0r = xr[i0], a0i = xi[i0];
          const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
          const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
          const sr = a1r + a2r, si = a1i + a2i;
          const dr = SIN_60 * (a1r - a2r), di = SIN_60 * (a1i - a2i);
          const hr = a0r - 0.5 * sr, hi = a0i - 0.5 * si;
          const b1r = hr + di, b1i = hi - dr;
          const b2r = hr - di, b2i = hi + dr;
          yr[o0] = a0r + sr;
          yi[o0] = a0i + si;
          yr[o0 + outT] = b1r * w1r - b1i * w1i;
          yi[o0 + outT] = b1r * w1i + b1i * w1r;
          yr[o0 + 2 * outT] = b2r * w2r - b2i * w2i;
          yi[o0 + 2 * outT] = b2r * w2i + b2i * w2r;
        }
      }
    }
  }
}

function radix4(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { stage, aCount, bCount, inJ, inA, inB, inR, outJ, outA, outB, outT, tile } = pass;
  const { m, twRe, twIm } = stage;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let j = 0; j < m; j++) {
      const w1r = twRe[3 * j], w1i = twIm[3 * j];
      const w2r = twRe[3 * j + 1], w2i = twIm[3 * j + 1];
      const w3r = twRe[3 * j + 2], w3i = twIm[3 * j + 2];
      for (let a = 0; a < aCount; a++) {
        let i0 = j * inJ + a * inA + b0 * inB;
        let o0 = j * outJ + a * outA + b0 * outB;
        for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
          const a0r = xr[i0], a0i = xi[i0];
          const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
          const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
          const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
          const t0r = a0r + a2r, t0i = a0i + a2i;
          const t1r = a0r - a2r, t1i = a0i - a2i;
          const t2r = a1r + a3r, t2i = a1i + a3i;
          const t3r = a1r - a3r, t3i = a1i - a3i;
          // b1 = t1 − i·t3, b3 = t1 + i·t3 (ω_4 = −i).
          const b1r = t1r + t3i, b1i = t1i - t3r;
          const b2r = t0r - t2r, b2i = t0i - t2i;
          const b3r = t1r - t3i, b3i = t1i + t3r;
          yr[o0] = t0r + t2r;
          yi[o0] = t0i + t2i;
          yr[o0 + outT] = b1r * w1r - b1i * w1i;
          yi[o0 + outT] = b1r * w1i + b1i * w1r;
          yr[o0 + 2 * outT] = b2r * w2r - b2i * w2i;
          yi[o0 + 2 * outT] = b2r * w2i + b2i * w2r;
          yr[o0 + 3 * outT] = b3r * w3r - b3i * w3i;
          yi[o0 + 3 * outT] = b3r * w3i + b3i * w3r;
        }
      }
    }
  }
}

function radix5(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { stage, aCount, bCount, inJ, inA, inB, inR, outJ, outA, outB, outT, tile } = pass;
  const { m, twRe, twIm } = stage;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let j = 0; j < m; j++) {
      const w1r = twRe[4 * j], w1i = twIm[4 * j];
      const w2r = twRe[4 * j + 1], w2i = twIm[4 * j + 1];
      const w3r = twRe[4 * j + 2], w3i = twIm[4 * j + 2];
      const w4r = twRe[4 * j + 3], w4i = twIm[4 * j + 3];
      for (let a = 0; a < aCount; a++) {
        let i0 = j * inJ + a * inA + b0 * inB;
        let o0 = j * outJ + a * outA + b0 * outB;
        for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
          const a0r = xr[i0], a0i = xi[i0];
          const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
          const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
          const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
          const a4r = xr[i0 + 4 * inR], a4i = xi[i0 + 4 * inR];
          const s14r = a1r + a4r, s14i = a1i + a4i;
          const d14r = a1r - a4r, d14i = a1i - a4i;
          const s23r = a2r + a3r, s23i = a2i + a3i;
          const d23r = a2r - a3r, d23i = a2i - a3i;
          // b1,4 = a0 + cos72·s14 + cos144·s23 ∓ i(sin72·d14 + sin144·d23)
          // b2,3 = a0 + cos144·s14 + cos72·s23 ∓ i(sin144·d14 − sin72·d23)
          const c1r = a0r + COS_72 * s14r + COS_144 * s23r, c1i = a0i + COS_72 * s14i + COS_144 * s23i;
          const c2r = a0r + COS_144 * s14r + COS_72 * s23r, c2i = a0i + COS_144 * s14i + COS_72 * s23i;
          const e1r = SIN_72 * d14r + SIN_144 * d23r, e1i = SIN_72 * d14i + SIN_144 * d23i;
          const e2r = SIN_144 * d14r - SIN_72 * d23r, e2i = SIN_144 * d14i - SIN_72 * d23i;
          const b1r = c1r + e1i, b1i = c1i - e1r;
          const b4r = c1r - e1i, b4i = c1i + e1r;
          const b2r = c2r + e2i, b2i = c2i - e2r;
          const b3r = c2r - e2i, b3i = c2i + e2r;
          yr[o0] = a0r + s14r + s23r;
          yi[o0] = a0i + s14i + s23i;
          yr[o0 + outT] = b1r * w1r - b1i * w1i;
          yi[o0 + outT] = b1r * w1i + b1i * w1r;
          yr[o0 + 2 * outT] = b2r * w2r - b2i * w2i;
          yi[o0 + 2 * outT] = b2r * w2i + b2i * w2r;
          yr[o0 + 3 * outT] = b3r * w3r - b3i * w3i;
          yi[o0 + 3 * outT] = b3r * w3i + b3i * w3r;
          yr[o0 + 4 * outT] = b4r * w4r - b4i * w4i;
          yi[o0 + 4 * outT] = b4r * w4i + b4i * w4r;
        }
      }
    }
  }
}

/** Radix 8 as two radix-4 DFTs (even and odd inputs) joined by ω_8^t. */
function radix8(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { stage, aCount, bCount, inJ, inA, inB, inR, outJ, outA, outB, outT, tile } = pass;
  const { m, twRe, twIm } = stage;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let j = 0; j < m; j++) {
      const tw = 7 * j;
      const w1r = twRe[tw], w1i = twIm[tw];
      const w2r = twRe[tw + 1], w2i = twIm[tw + 1];
      const w3r = twRe[tw + 2], w3i = twIm[tw + 2];
      const w4r = twRe[tw + 3], w4i = twIm[tw + 3];
      const w5r = twRe[tw + 4], w5i = twIm[tw + 4];
      const w6r = twRe[tw + 5], w6i = twIm[tw + 5];
      const w7r = twRe[tw + 6], w7i = twIm[tw + 6];
      for (let a = 0; a < aCount; a++) {
        let i0 = j * inJ + a * inA + b0 * inB;
        let o0 = j * outJ + a * outA + b0 * outB;
        for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
          // Even inputs a0, a2, a4, a6 → E0..E3.
          const a0r = xr[i0], a0i = xi[i0];
          const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
          const a4r = xr[i0 + 4 * inR], a4i = xi[i0 + 4 * inR];
          const a6r = xr[i0 + 6 * inR], a6i = xi[i0 + 6 * inR];
          const p0r = a0r + a4r, p0i = a0i + a4i;
          const p1r = a0r - a4r, p1i = a0i - a4i;
          const p2r = a2r + a6r, p2i = a2i + a6i;
          const p3r = a2r - a6r, p3i = a2i - a6i;
          const e0r = p0r + p2r, e0i = p0i + p2i;
          const e2r = p0r - p2r, e2i = p0i - p2i;
          const e1r = p1r + p3i, e1i = p1i - p3r;
          const e3r = p1r - p3i, e3i = p1i + p3r;
          // Odd inputs a1, a3, a5, a7 → O0..O3.
          const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
          const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
          const a5r = xr[i0 + 5 * inR], a5i = xi[i0 + 5 * inR];
          const a7r = xr[i0 + 7 * inR], a7i = xi[i0 + 7 * inR];
          const q0r = a1r + a5r, q0i = a1i + a5i;
          const q1r = a1r - a5r, q1i = a1i - a5i;
          const q2r = a3r + a7r, q2i = a3i + a7i;
          const q3r = a3r - a7r, q3i = a3i - a7i;
          const o0r = q0r + q2r, o0i = q0i + q2i;
          const o2r = q0r - q2r, o2i = q0i - q2i;
          const o1r = q1r + q3i, o1i = q1i - q3r;
          const o3r = q1r - q3i, o3i = q1i + q3r;
          // ω_8·O1 = (1 − i)/√2·O1, ω_8²·O2 = −i·O2, ω_8³·O3 = −(1 + i)/√2·O3.
          const r1r = SQRT1_2 * (o1r + o1i), r1i = SQRT1_2 * (o1i - o1r);
          const r2r = o2i, r2i = -o2r;
          const r3r = SQRT1_2 * (o3i - o3r), r3i = -SQRT1_2 * (o3r + o3i);
          yr[o0] = e0r + o0r;
          yi[o0] = e0i + o0i;
          const b1r = e1r + r1r, b1i = e1i + r1i;
          yr[o0 + outT] = b1r * w1r - b1i * w1i;
          yi[o0 + outT] = b1r * w1i + b1i * w1r;
          const b2r = e2r + r2r, b2i = e2i + r2i;
          yr[o0 + 2 * outT] = b2r * w2r - b2i * w2i;
          yi[o0 + 2 * outT] = b2r * w2i + b2i * w2r;
          const b3r = e3r + r3r, b3i = e3i + r3i;
          yr[o0 + 3 * outT] = b3r * w3r - b3i * w3i;
          yi[o0 + 3 * outT] = b3r * w3i + b3i * w3r;
          const b4r = e0r - o0r, b4i = e0i - o0i;
          yr[o0 + 4 * outT] = b4r * w4r - b4i * w4i;
          yi[o0 + 4 * outT] = b4r * w4i + b4i * w4r;
          const b5r = e1r - r1r, b5i = e1i - r1i;
          yr[o0 + 5 * outT] = b5r * w5r - b5i * w5i;
          yi[o0 + 5 * outT] = b5r * w5i + b5i * w5r;
          const b6r = e2r - r2r, b6i = e2i - r2i;
          yr[o0 + 6 * outT] = b6r * w6r - b6i * w6i;
          yi[o0 + 6 * outT] = b6r * w6i + b6i * w6r;
          const b7r = e3r - r3r, b7i = e3i - r3i;
          yr[o0 + 7 * outT] = b7r * w7r - b7i * w7i;
          yi[o0 + 7 * outT] = b7r * w7i + b7i * w7r;
        }
      }
    }
  }
}

/** Radix 16 as four radix-4 DFTs (inputs r2, r2 + 4, r2 + 8, r2 + 12) times ω_16^(r2·t1), then four more over r2. */
function radix16(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { stage, aCount, bCount, inJ, inA, inB, inR, outJ, outA, outB, outT, tile } = pass;
  const { m, twRe, twIm } = stage;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let j = 0; j < m; j++) {
      const tw = 15 * j;
      for (let a = 0; a < aCount; a++) {
        let i0 = j * inJ + a * inA + b0 * inB;
        let o0 = j * outJ + a * outA + b0 * outB;
        for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
          // 4-point DFT of a0, a4, a8, a12, then times ω_16^(0·t1).
          const a0r = xr[i0], a0i = xi[i0];
          const a4r = xr[i0 + 4 * inR], a4i = xi[i0 + 4 * inR];
          const a8r = xr[i0 + 8 * inR], a8i = xi[i0 + 8 * inR];
          const a12r = xr[i0 + 12 * inR], a12i = xi[i0 + 12 * inR];
          const p0r = a0r + a8r, p0i = a0i + a8i;
          const q0r = a0r - a8r, q0i = a0i - a8i;
          const u0r = a4r + a12r, u0i = a4i + a12i;
          const v0r = a4r - a12r, v0i = a4i - a12i;
          const c00r = p0r + u0r, c00i = p0i + u0i;
          const c01r = q0r + v0i, c01i = q0i - v0r;
          const c02r = p0r - u0r, c02i = p0i - u0i;
          const c03r = q0r - v0i, c03i = q0i + v0r;
          // 4-point DFT of a1, a5, a9, a13, then times ω_16^(1·t1).
          const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
          const a5r = xr[i0 + 5 * inR], a5i = xi[i0 + 5 * inR];
          const a9r = xr[i0 + 9 * inR], a9i = xi[i0 + 9 * inR];
          const a13r = xr[i0 + 13 * inR], a13i = xi[i0 + 13 * inR];
          const p1r = a1r + a9r, p1i = a1i + a9i;
          const q1r = a1r - a9r, q1i = a1i - a9i;
          const u1r = a5r + a13r, u1i = a5i + a13i;
          const v1r = a5r - a13r, v1i = a5i - a13i;
          const c10r = p1r + u1r, c10i = p1i + u1i;
          const c11xr = q1r + v1i, c11xi = q1i - v1r;
          const c11r = c11xr * COS_22_5 + c11xi * SIN_22_5, c11i = -c11xr * SIN_22_5 + c11xi * COS_22_5;
          const c12xr = p1r - u1r, c12xi = p1i - u1i;
          const c12r = c12xr * SQRT1_2 + c12xi * SQRT1_2, c12i = -c12xr * SQRT1_2 + c12xi * SQRT1_2;
          const c13xr = q1r - v1i, c13xi = q1i + v1r;
          const c13r = c13xr * SIN_22_5 + c13xi * COS_22_5, c13i = -c13xr * COS_22_5 + c13xi * SIN_22_5;
          // 4-point DFT of a2, a6, a10, a14, then times ω_16^(2·t1).
          const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
          const a6r = xr[i0 + 6 * inR], a6i = xi[i0 + 6 * inR];
          const a10r = xr[i0 + 10 * inR], a10i = xi[i0 + 10 * inR];
          const a14r = xr[i0 + 14 * inR], a14i = xi[i0 + 14 * inR];
          const p2r = a2r + a10r, p2i = a2i + a10i;
          const q2r = a2r - a10r, q2i = a2i - a10i;
          const u2r = a6r + a14r, u2i = a6i + a14i;
          const v2r = a6r - a14r, v2i = a6i - a14i;
          const c20r = p2r + u2r, c20i = p2i + u2i;
          const c21xr = q2r + v2i, c21xi = q2i - v2r;
          const c21r = c21xr * SQRT1_2 + c21xi * SQRT1_2, c21i = -c21xr * SQRT1_2 + c21xi * SQRT1_2;
          const c22r = p2i - u2i, c22i = -(p2r - u2r);
          const c23xr = q2r - v2i, c23xi = q2i + v2r;
          const c23r = -c23xr * SQRT1_2 + c23xi * SQRT1_2, c23i = -c23xr * SQRT1_2 - c23xi * SQRT1_2;
          // 4-point DFT of a3, a7, a11, a15, then times ω_16^(3·t1).
          const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
          const a7r = xr[i0 + 7 * inR], a7i = xi[i0 + 7 * inR];
          const a11r = xr[i0 + 11 * inR], a11i = xi[i0 + 11 * inR];
          const a15r = xr[i0 + 15 * inR], a15i = xi[i0 + 15 * inR];
          const p3r = a3r + a11r, p3i = a3i + a11i;
          const q3r = a3r - a11r, q3i = a3i - a11i;
          const u3r = a7r + a15r, u3i = a7i + a15i;
          const v3r = a7r - a15r, v3i = a7i - a15i;
          const c30r = p3r + u3r, c30i = p3i + u3i;
          const c31xr = q3r + v3i, c31xi = q3i - v3r;
          const c31r = c31xr * SIN_22_5 + c31xi * COS_22_5, c31i = -c31xr * COS_22_5 + c31xi * SIN_22_5;
          const c32xr = p3r - u3r, c32xi = p3i - u3i;
          const c32r = -c32xr * SQRT1_2 + c32xi * SQRT1_2, c32i = -c32xr * SQRT1_2 - c32xi * SQRT1_2;
          const c33xr = q3r - v3i, c33xi = q3i + v3r;
          const c33r = -c33xr * COS_22_5 - c33xi * SIN_22_5, c33i = c33xr * SIN_22_5 - c33xi * COS_22_5;
          // For each t1, the 4-point DFT over r2 gives b_(t1 + 4·t2).
          const g0r = c00r + c20r, g0i = c00i + c20i;
          const h0r = c00r - c20r, h0i = c00i - c20i;
          const k0r = c10r + c30r, k0i = c10i + c30i;
          const l0r = c10r - c30r, l0i = c10i - c30i;
          yr[o0] = g0r + k0r;
          yi[o0] = g0i + k0i;
          const b4r = h0r + l0i, b4i = h0i - l0r;
          yr[o0 + 4 * outT] = b4r * twRe[tw + 3] - b4i * twIm[tw + 3];
          yi[o0 + 4 * outT] = b4r * twIm[tw + 3] + b4i * twRe[tw + 3];
          const b8r = g0r - k0r, b8i = g0i - k0i;
          yr[o0 + 8 * outT] = b8r * twRe[tw + 7] - b8i * twIm[tw + 7];
          yi[o0 + 8 * outT] = b8r * twIm[tw + 7] + b8i * twRe[tw + 7];
          const b12r = h0r - l0i, b12i = h0i + l0r;
          yr[o0 + 12 * outT] = b12r * twRe[tw + 11] - b12i * twIm[tw + 11];
          yi[o0 + 12 * outT] = b12r * twIm[tw + 11] + b12i * twRe[tw + 11];
          const g1r = c01r + c21r, g1i = c01i + c21i;
          const h1r = c01r - c21r, h1i = c01i - c21i;
          const k1r = c11r + c31r, k1i = c11i + c31i;
          const l1r = c11r - c31r, l1i = c11i - c31i;
          const b1r = g1r + k1r, b1i = g1i + k1i;
          yr[o0 + outT] = b1r * twRe[tw + 0] - b1i * twIm[tw + 0];
          yi[o0 + outT] = b1r * twIm[tw + 0] + b1i * twRe[tw + 0];
          const b5r = h1r + l1i, b5i = h1i - l1r;
          yr[o0 + 5 * outT] = b5r * twRe[tw + 4] - b5i * twIm[tw + 4];
          yi[o0 + 5 * outT] = b5r * twIm[tw + 4] + b5i * twRe[tw + 4];
          const b9r = g1r - k1r, b9i = g1i - k1i;
          yr[o0 + 9 * outT] = b9r * twRe[tw + 8] - b9i * twIm[tw + 8];
          yi[o0 + 9 * outT] = b9r * twIm[tw + 8] + b9i * twRe[tw + 8];
          const b13r = h1r - l1i, b13i = h1i + l1r;
          yr[o0 + 13 * outT] = b13r * twRe[tw + 12] - b13i * twIm[tw + 12];
          yi[o0 + 13 * outT] = b13r * twIm[tw + 12] + b13i * twRe[tw + 12];
          const g2r = c02r + c22r, g2i = c02i + c22i;
          const h2r = c02r - c22r, h2i = c02i - c22i;
          const k2r = c12r + c32r, k2i = c12i + c32i;
          const l2r = c12r - c32r, l2i = c12i - c32i;
          const b2r = g2r + k2r, b2i = g2i + k2i;
          yr[o0 + 2 * outT] = b2r * twRe[tw + 1] - b2i * twIm[tw + 1];
          yi[o0 + 2 * outT] = b2r * twIm[tw + 1] + b2i * twRe[tw + 1];
          const b6r = h2r + l2i, b6i = h2i - l2r;
          yr[o0 + 6 * outT] = b6r * twRe[tw + 5] - b6i * twIm[tw + 5];
          yi[o0 + 6 * outT] = b6r * twIm[tw + 5] + b6i * twRe[tw + 5];
          const b10r = g2r - k2r, b10i = g2i - k2i;
          yr[o0 + 10 * outT] = b10r * twRe[tw + 9] - b10i * twIm[tw + 9];
          yi[o0 + 10 * outT] = b10r * twIm[tw + 9] + b10i * twRe[tw + 9];
          const b14r = h2r - l2i, b14i = h2i + l2r;
          yr[o0 + 14 * outT] = b14r * twRe[tw + 13] - b14i * twIm[tw + 13];
          yi[o0 + 14 * outT] = b14r * twIm[tw + 13] + b14i * twRe[tw + 13];
          const g3r = c03r + c23r, g3i = c03i + c23i;
          const h3r = c03r - c23r, h3i = c03i - c23i;
          const k3r = c13r + c33r, k3i = c13i + c33i;
          const l3r = c13r - c33r, l3i = c13i - c33i;
          const b3r = g3r + k3r, b3i = g3i + k3i;
          yr[o0 + 3 * outT] = b3r * twRe[tw + 2] - b3i * twIm[tw + 2];
          yi[o0 + 3 * outT] = b3r * twIm[tw + 2] + b3i * twRe[tw + 2];
          const b7r = h3r + l3i, b7i = h3i - l3r;
          yr[o0 + 7 * outT] = b7r * twRe[tw + 6] - b7i * twIm[tw + 6];
          yi[o0 + 7 * outT] = b7r * twIm[tw + 6] + b7i * twRe[tw + 6];
          const b11r = g3r - k3r, b11i = g3i - k3i;
          yr[o0 + 11 * outT] = b11r * twRe[tw + 10] - b11i * twIm[tw + 10];
          yi[o0 + 11 * outT] = b11r * twIm[tw + 10] + b11i * twRe[tw + 10];
          const b15r = h3r - l3i, b15i = h3i + l3r;
          yr[o0 + 15 * outT] = b15r * twRe[tw + 14] - b15i * twIm[tw + 14];
          yi[o0 + 15 * outT] = b15r * twIm[tw + 14] + b15i * twRe[tw + 14];
  
        }
      }
    }
  }
}

// The last stage of each axis has m = 1, so all its twiddles are 1: these
// are the kernels above without the twiddle products.

function radix4Last(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { aCount, bCount, inA, inB, inR, outA, outB, outT, tile } = pass;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let a = 0; a < aCount; a++) {
      let i0 = a * inA + b0 * inB;
      let o0 = a * outA + b0 * outB;
      for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
        const a0r = xr[i0], a0i = xi[i0];
        const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
        const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
        const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
        const t0r = a0r + a2r, t0i = a0i + a2i;
        const t1r = a0r - a2r, t1i = a0i - a2i;
        const t2r = a1r + a3r, t2i = a1i + a3i;
        const t3r = a1r - a3r, t3i = a1i - a3i;
        // b1 = t1 − i·t3, b3 = t1 + i·t3 (ω_4 = −i).
        const b1r = t1r + t3i, b1i = t1i - t3r;
        const b2r = t0r - t2r, b2i = t0i - t2i;
        const b3r = t1r - t3i, b3i = t1i + t3r;
        yr[o0] = t0r + t2r;
        yi[o0] = t0i + t2i;
        yr[o0 + outT] = b1r;
        yi[o0 + outT] = b1i;
        yr[o0 + 2 * outT] = b2r;
        yi[o0 + 2 * outT] = b2i;
        yr[o0 + 3 * outT] = b3r;
        yi[o0 + 3 * outT] = b3i;
      }
    }
  }
}

function radix5Last(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { aCount, bCount, inA, inB, inR, outA, outB, outT, tile } = pass;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let a = 0; a < aCount; a++) {
      let i0 = a * inA + b0 * inB;
      let o0 = a * outA + b0 * outB;
      for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
        const a0r = xr[i0], a0i = xi[i0];
        const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
        const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
        const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
        const a4r = xr[i0 + 4 * inR], a4i = xi[i0 + 4 * inR];
        const s14r = a1r + a4r, s14i = a1i + a4i;
        const d14r = a1r - a4r, d14i = a1i - a4i;
        const s23r = a2r + a3r, s23i = a2i + a3i;
        const d23r = a2r - a3r, d23i = a2i - a3i;
        // b1,4 = a0 + cos72·s14 + cos144·s23 ∓ i(sin72·d14 + sin144·d23)
        // b2,3 = a0 + cos144·s14 + cos72·s23 ∓ i(sin144·d14 − sin72·d23)
        const c1r = a0r + COS_72 * s14r + COS_144 * s23r, c1i = a0i + COS_72 * s14i + COS_144 * s23i;
        const c2r = a0r + COS_144 * s14r + COS_72 * s23r, c2i = a0i + COS_144 * s14i + COS_72 * s23i;
        const e1r = SIN_72 * d14r + SIN_144 * d23r, e1i = SIN_72 * d14i + SIN_144 * d23i;
        const e2r = SIN_144 * d14r - SIN_72 * d23r, e2i = SIN_144 * d14i - SIN_72 * d23i;
        const b1r = c1r + e1i, b1i = c1i - e1r;
        const b4r = c1r - e1i, b4i = c1i + e1r;
        const b2r = c2r + e2i, b2i = c2i - e2r;
        const b3r = c2r - e2i, b3i = c2i + e2r;
        yr[o0] = a0r + s14r + s23r;
        yi[o0] = a0i + s14i + s23i;
        yr[o0 + outT] = b1r;
        yi[o0 + outT] = b1i;
        yr[o0 + 2 * outT] = b2r;
        yi[o0 + 2 * outT] = b2i;
        yr[o0 + 3 * outT] = b3r;
        yi[o0 + 3 * outT] = b3i;
        yr[o0 + 4 * outT] = b4r;
        yi[o0 + 4 * outT] = b4i;
      }
    }
  }
}

function radix8Last(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { aCount, bCount, inA, inB, inR, outA, outB, outT, tile } = pass;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let a = 0; a < aCount; a++) {
      let i0 = a * inA + b0 * inB;
      let o0 = a * outA + b0 * outB;
      for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
        // Even inputs a0, a2, a4, a6 → E0..E3.
        const a0r = xr[i0], a0i = xi[i0];
        const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
        const a4r = xr[i0 + 4 * inR], a4i = xi[i0 + 4 * inR];
        const a6r = xr[i0 + 6 * inR], a6i = xi[i0 + 6 * inR];
        const p0r = a0r + a4r, p0i = a0i + a4i;
        const p1r = a0r - a4r, p1i = a0i - a4i;
        const p2r = a2r + a6r, p2i = a2i + a6i;
        const p3r = a2r - a6r, p3i = a2i - a6i;
        const e0r = p0r + p2r, e0i = p0i + p2i;
        const e2r = p0r - p2r, e2i = p0i - p2i;
        const e1r = p1r + p3i, e1i = p1i - p3r;
        const e3r = p1r - p3i, e3i = p1i + p3r;
        // Odd inputs a1, a3, a5, a7 → O0..O3.
        const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
        const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
        const a5r = xr[i0 + 5 * inR], a5i = xi[i0 + 5 * inR];
        const a7r = xr[i0 + 7 * inR], a7i = xi[i0 + 7 * inR];
        const q0r = a1r + a5r, q0i = a1i + a5i;
        const q1r = a1r - a5r, q1i = a1i - a5i;
        const q2r = a3r + a7r, q2i = a3i + a7i;
        const q3r = a3r - a7r, q3i = a3i - a7i;
        const o0r = q0r + q2r, o0i = q0i + q2i;
        const o2r = q0r - q2r, o2i = q0i - q2i;
        const o1r = q1r + q3i, o1i = q1i - q3r;
        const o3r = q1r - q3i, o3i = q1i + q3r;
        // ω_8·O1 = (1 − i)/√2·O1, ω_8²·O2 = −i·O2, ω_8³·O3 = −(1 + i)/√2·O3.
        const r1r = SQRT1_2 * (o1r + o1i), r1i = SQRT1_2 * (o1i - o1r);
        const r2r = o2i, r2i = -o2r;
        const r3r = SQRT1_2 * (o3i - o3r), r3i = -SQRT1_2 * (o3r + o3i);
        yr[o0] = e0r + o0r;
        yi[o0] = e0i + o0i;
        const b1r = e1r + r1r, b1i = e1i + r1i;
        yr[o0 + outT] = b1r;
        yi[o0 + outT] = b1i;
        const b2r = e2r + r2r, b2i = e2i + r2i;
        yr[o0 + 2 * outT] = b2r;
        yi[o0 + 2 * outT] = b2i;
        const b3r = e3r + r3r, b3i = e3i + r3i;
        yr[o0 + 3 * outT] = b3r;
        yi[o0 + 3 * outT] = b3i;
        const b4r = e0r - o0r, b4i = e0i - o0i;
        yr[o0 + 4 * outT] = b4r;
        yi[o0 + 4 * outT] = b4i;
        const b5r = e1r - r1r, b5i = e1i - r1i;
        yr[o0 + 5 * outT] = b5r;
        yi[o0 + 5 * outT] = b5i;
        const b6r = e2r - r2r, b6i = e2i - r2i;
        yr[o0 + 6 * outT] = b6r;
        yi[o0 + 6 * outT] = b6i;
        const b7r = e3r - r3r, b7i = e3i - r3i;
        yr[o0 + 7 * outT] = b7r;
        yi[o0 + 7 * outT] = b7i;
      }
    }
  }
}

function radix16Last(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { aCount, bCount, inA, inB, inR, outA, outB, outT, tile } = pass;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let a = 0; a < aCount; a++) {
      let i0 = a * inA + b0 * inB;
      let o0 = a * outA + b0 * outB;
      for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
        // 4-point DFT of a0, a4, a8, a12, then times ω_16^(0·t1).
        const a0r = xr[i0], a0i = xi[i0];
        const a4r = xr[i0 + 4 * inR], a4i = xi[i0 + 4 * inR];
        const a8r = xr[i0 + 8 * inR], a8i = xi[i0 + 8 * inR];
        const a12r = xr[i0 + 12 * inR], a12i = xi[i0 + 12 * inR];
        const p0r = a0r + a8r, p0i = a0i + a8i;
        const q0r = a0r - a8r, q0i = a0i - a8i;
        const u0r = a4r + a12r, u0i = a4i + a12i;
        const v0r = a4r - a12r, v0i = a4i - a12i;
        const c00r = p0r + u0r, c00i = p0i + u0i;
        const c01r = q0r + v0i, c01i = q0i - v0r;
        const c02r = p0r - u0r, c02i = p0i - u0i;
        const c03r = q0r - v0i, c03i = q0i + v0r;
        // 4-point DFT of a1, a5, a9, a13, then times ω_16^(1·t1).
        const a1r = xr[i0 + inR], a1i = xi[i0 + inR];
        const a5r = xr[i0 + 5 * inR], a5i = xi[i0 + 5 * inR];
        const a9r = xr[i0 + 9 * inR], a9i = xi[i0 + 9 * inR];
        const a13r = xr[i0 + 13 * inR], a13i = xi[i0 + 13 * inR];
        const p1r = a1r + a9r, p1i = a1i + a9i;
        const q1r = a1r - a9r, q1i = a1i - a9i;
        const u1r = a5r + a13r, u1i = a5i + a13i;
        const v1r = a5r - a13r, v1i = a5i - a13i;
        const c10r = p1r + u1r, c10i = p1i + u1i;
        const c11xr = q1r + v1i, c11xi = q1i - v1r;
        const c11r = c11xr * COS_22_5 + c11xi * SIN_22_5, c11i = -c11xr * SIN_22_5 + c11xi * COS_22_5;
        const c12xr = p1r - u1r, c12xi = p1i - u1i;
        const c12r = c12xr * SQRT1_2 + c12xi * SQRT1_2, c12i = -c12xr * SQRT1_2 + c12xi * SQRT1_2;
        const c13xr = q1r - v1i, c13xi = q1i + v1r;
        const c13r = c13xr * SIN_22_5 + c13xi * COS_22_5, c13i = -c13xr * COS_22_5 + c13xi * SIN_22_5;
        // 4-point DFT of a2, a6, a10, a14, then times ω_16^(2·t1).
        const a2r = xr[i0 + 2 * inR], a2i = xi[i0 + 2 * inR];
        const a6r = xr[i0 + 6 * inR], a6i = xi[i0 + 6 * inR];
        const a10r = xr[i0 + 10 * inR], a10i = xi[i0 + 10 * inR];
        const a14r = xr[i0 + 14 * inR], a14i = xi[i0 + 14 * inR];
        const p2r = a2r + a10r, p2i = a2i + a10i;
        const q2r = a2r - a10r, q2i = a2i - a10i;
        const u2r = a6r + a14r, u2i = a6i + a14i;
        const v2r = a6r - a14r, v2i = a6i - a14i;
        const c20r = p2r + u2r, c20i = p2i + u2i;
        const c21xr = q2r + v2i, c21xi = q2i - v2r;
        const c21r = c21xr * SQRT1_2 + c21xi * SQRT1_2, c21i = -c21xr * SQRT1_2 + c21xi * SQRT1_2;
        const c22r = p2i - u2i, c22i = -(p2r - u2r);
        const c23xr = q2r - v2i, c23xi = q2i + v2r;
        const c23r = -c23xr * SQRT1_2 + c23xi * SQRT1_2, c23i = -c23xr * SQRT1_2 - c23xi * SQRT1_2;
        // 4-point DFT of a3, a7, a11, a15, then times ω_16^(3·t1).
        const a3r = xr[i0 + 3 * inR], a3i = xi[i0 + 3 * inR];
        const a7r = xr[i0 + 7 * inR], a7i = xi[i0 + 7 * inR];
        const a11r = xr[i0 + 11 * inR], a11i = xi[i0 + 11 * inR];
        const a15r = xr[i0 + 15 * inR], a15i = xi[i0 + 15 * inR];
        const p3r = a3r + a11r, p3i = a3i + a11i;
        const q3r = a3r - a11r, q3i = a3i - a11i;
        const u3r = a7r + a15r, u3i = a7i + a15i;
        const v3r = a7r - a15r, v3i = a7i - a15i;
        const c30r = p3r + u3r, c30i = p3i + u3i;
        const c31xr = q3r + v3i, c31xi = q3i - v3r;
        const c31r = c31xr * SIN_22_5 + c31xi * COS_22_5, c31i = -c31xr * COS_22_5 + c31xi * SIN_22_5;
        const c32xr = p3r - u3r, c32xi = p3i - u3i;
        const c32r = -c32xr * SQRT1_2 + c32xi * SQRT1_2, c32i = -c32xr * SQRT1_2 - c32xi * SQRT1_2;
        const c33xr = q3r - v3i, c33xi = q3i + v3r;
        const c33r = -c33xr * COS_22_5 - c33xi * SIN_22_5, c33i = c33xr * SIN_22_5 - c33xi * COS_22_5;
        // For each t1, the 4-point DFT over r2 gives b_(t1 + 4·t2).
        const g0r = c00r + c20r, g0i = c00i + c20i;
        const h0r = c00r - c20r, h0i = c00i - c20i;
        const k0r = c10r + c30r, k0i = c10i + c30i;
        const l0r = c10r - c30r, l0i = c10i - c30i;
        yr[o0] = g0r + k0r;
        yi[o0] = g0i + k0i;
        const b4r = h0r + l0i, b4i = h0i - l0r;
        yr[o0 + 4 * outT] = b4r;
        yi[o0 + 4 * outT] = b4i;
        const b8r = g0r - k0r, b8i = g0i - k0i;
        yr[o0 + 8 * outT] = b8r;
        yi[o0 + 8 * outT] = b8i;
        const b12r = h0r - l0i, b12i = h0i + l0r;
        yr[o0 + 12 * outT] = b12r;
        yi[o0 + 12 * outT] = b12i;
        const g1r = c01r + c21r, g1i = c01i + c21i;
        const h1r = c01r - c21r, h1i = c01i - c21i;
        const k1r = c11r + c31r, k1i = c11i + c31i;
        const l1r = c11r - c31r, l1i = c11i - c31i;
        const b1r = g1r + k1r, b1i = g1i + k1i;
        yr[o0 + outT] = b1r;
        yi[o0 + outT] = b1i;
        const b5r = h1r + l1i, b5i = h1i - l1r;
        yr[o0 + 5 * outT] = b5r;
        yi[o0 + 5 * outT] = b5i;
        const b9r = g1r - k1r, b9i = g1i - k1i;
        yr[o0 + 9 * outT] = b9r;
        yi[o0 + 9 * outT] = b9i;
        const b13r = h1r - l1i, b13i = h1i + l1r;
        yr[o0 + 13 * outT] = b13r;
        yi[o0 + 13 * outT] = b13i;
        const g2r = c02r + c22r, g2i = c02i + c22i;
        const h2r = c02r - c22r, h2i = c02i - c22i;
        const k2r = c12r + c32r, k2i = c12i + c32i;
        const l2r = c12r - c32r, l2i = c12i - c32i;
        const b2r = g2r + k2r, b2i = g2i + k2i;
        yr[o0 + 2 * outT] = b2r;
        yi[o0 + 2 * outT] = b2i;
        const b6r = h2r + l2i, b6i = h2i - l2r;
        yr[o0 + 6 * outT] = b6r;
        yi[o0 + 6 * outT] = b6i;
        const b10r = g2r - k2r, b10i = g2i - k2i;
        yr[o0 + 10 * outT] = b10r;
        yi[o0 + 10 * outT] = b10i;
        const b14r = h2r - l2i, b14i = h2i + l2r;
        yr[o0 + 14 * outT] = b14r;
        yi[o0 + 14 * outT] = b14i;
        const g3r = c03r + c23r, g3i = c03i + c23i;
        const h3r = c03r - c23r, h3i = c03i - c23i;
        const k3r = c13r + c33r, k3i = c13i + c33i;
        const l3r = c13r - c33r, l3i = c13i - c33i;
        const b3r = g3r + k3r, b3i = g3i + k3i;
        yr[o0 + 3 * outT] = b3r;
        yi[o0 + 3 * outT] = b3i;
        const b7r = h3r + l3i, b7i = h3i - l3r;
        yr[o0 + 7 * outT] = b7r;
        yi[o0 + 7 * outT] = b7i;
        const b11r = g3r - k3r, b11i = g3i - k3i;
        yr[o0 + 11 * outT] = b11r;
        yi[o0 + 11 * outT] = b11i;
        const b15r = h3r - l3i, b15i = h3i + l3r;
        yr[o0 + 15 * outT] = b15r;
        yi[o0 + 15 * outT] = b15i;
  
      }
    }
  }
}
/**
 * Any odd prime radix p, as a direct p-point DFT that pairs inputs r and p−r:
 * with s_r = a_r + a_(p−r), d_r = a_r − a_(p−r) and θ = 2π·r·t/p,
 *   b_t = a_0 + Σ_r cos θ·s_r − i·Σ_r sin θ·d_r,  b_(p−t) the same with +i,
 * for r, t = 1 .. (p−1)/2: (p−1)²/4 products of each kind instead of (p−1)².
 */
function radixOdd(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, pass: Pass): void {
  const { stage, aCount, bCount, inJ, inA, inB, inR, outJ, outA, outB, outT, tile } = pass;
  const { radix, m, twRe, twIm, dftCos, dftSin, sumRe, sumIm, diffRe, diffIm } = stage;
  const half = (radix - 1) >> 1;
  for (let b0 = 0; b0 < bCount; b0 += tile) {
    const b1 = Math.min(b0 + tile, bCount);
    for (let j = 0; j < m; j++) {
      const tw = j * (radix - 1) - 1;
      for (let a = 0; a < aCount; a++) {
        let i0 = j * inJ + a * inA + b0 * inB;
        let o0 = j * outJ + a * outA + b0 * outB;
        for (let b = b0; b < b1; b++, i0 += inB, o0 += outB) {
          const a0r = xr[i0], a0i = xi[i0];
          let dcr = a0r, dci = a0i;
          for (let r = 1; r <= half; r++) {
            const lo = i0 + r * inR, hi = i0 + (radix - r) * inR;
            const ur = xr[lo], ui = xi[lo], vr = xr[hi], vi = xi[hi];
            const sr = ur + vr, si = ui + vi;
            sumRe[r - 1] = sr;
            sumIm[r - 1] = si;
            diffRe[r - 1] = ur - vr;
            diffIm[r - 1] = ui - vi;
            dcr += sr;
            dci += si;
          }
          yr[o0] = dcr;
          yi[o0] = dci;
          // Outputs t and t + 1 together: 8 independent sums share the loads of s_r and d_r.
          for (let t = 1; t <= half; t += 2) {
            const second = t < half;
            let cr = a0r, ci = a0i, sr = 0, si = 0;
            let cr2 = a0r, ci2 = a0i, sr2 = 0, si2 = 0;
            const k0 = (t - 1) * half, k1 = second ? k0 + half : k0;
            for (let r = 0; r < half; r++) {
              const pr = sumRe[r], pi = sumIm[r], qr = diffRe[r], qi = diffIm[r];
              const cos = dftCos[k0 + r], sin = dftSin[k0 + r];
              const cos2 = dftCos[k1 + r], sin2 = dftSin[k1 + r];
              cr += cos * pr;
              ci += cos * pi;
              sr += sin * qr;
              si += sin * qi;
              cr2 += cos2 * pr;
              ci2 += cos2 * pi;
              sr2 += sin2 * qr;
              si2 += sin2 * qi;
            }
            writePair(yr, yi, o0, outT, radix, t, cr, ci, sr, si, twRe, twIm, tw);
            if (second) writePair(yr, yi, o0, outT, radix, t + 1, cr2, ci2, sr2, si2, twRe, twIm, tw);
          }
        }
      }
    }
  }
}

/** Writes b_t = C − i·S and b_(p−t) = C + i·S of radixOdd, times their twiddles. */
function writePair(
  yr: Float64Array,
  yi: Float64Array,
  o0: number,
  outT: number,
  radix: number,
  t: number,
  cr: number,
  ci: number,
  sr: number,
  si: number,
  twRe: Float64Array,
  twIm: Float64Array,
  tw: number,
): void {
  const btr = cr + si, bti = ci - sr;
  const bur = cr - si, bui = ci + sr;
  const wtr = twRe[tw + t], wti = twIm[tw + t];
  const wur = twRe[tw + radix - t], wui = twIm[tw + radix - t];
  const ot = o0 + t * outT, ou = o0 + (radix - t) * outT;
  yr[ot] = btr * wtr - bti * wti;
  yi[ot] = btr * wti + bti * wtr;
  yr[ou] = bur * wur - bui * wui;
  yi[ou] = bur * wui + bui * wur;
}

class BluesteinPlan implements Plan1d {
  private readonly inner: Plan1d;
  /** w_j = exp(−πi·j²/n). */
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  /** DFT of the kernel conj(w_|j|) wrapped around length M, pre-divided by M. */
  private readonly kernelRe: Float64Array;
  private readonly kernelIm: Float64Array;
  private workRe: Float64Array = new Float64Array(0);
  private workIm: Float64Array = new Float64Array(0);

  constructor(readonly n: number) {
    const m = convolutionLength(2 * n - 1);
    this.inner = plan1d(m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      // j² mod 2n keeps the angle small and exact.
      const angle = (-Math.PI * ((j * j) % (2 * n))) / n;
      this.chirpRe[j] = Math.cos(angle);
      this.chirpIm[j] = Math.sin(angle);
    }
    const kernelRe = new Float64Array(m);
    const kernelIm = new Float64Array(m);
    for (let j = 0; j < n; j++) {
      kernelRe[j] = this.chirpRe[j] / m;
      kernelIm[j] = -this.chirpIm[j] / m;
      if (j > 0) {
        kernelRe[m - j] = kernelRe[j];
        kernelIm[m - j] = kernelIm[j];
      }
    }
    this.inner.run(kernelRe, kernelIm, 1);
    this.kernelRe = kernelRe;
    this.kernelIm = kernelIm;
  }

  run(re: Float64Array, im: Float64Array, lanes: number): void {
    const { n, chirpRe, chirpIm, kernelRe, kernelIm } = this;
    const m = this.inner.n;
    this.workRe = growTo(this.workRe, m * lanes);
    this.workIm = growTo(this.workIm, m * lanes);
    const ar = this.workRe;
    const ai = this.workIm;
    for (let j = 0; j < n; j++) {
      const wr = chirpRe[j], wi = chirpIm[j];
      for (let q = j * lanes, end = q + lanes; q < end; q++) {
        const xr = re[q], xi = im[q];
        ar[q] = xr * wr - xi * wi;
        ai[q] = xr * wi + xi * wr;
      }
    }
    ar.fill(0, n * lanes, m * lanes);
    ai.fill(0, n * lanes, m * lanes);
    this.inner.run(ar, ai, lanes);
    for (let k = 0; k < m; k++) {
      const kr = kernelRe[k], ki = kernelIm[k];
      for (let q = k * lanes, end = q + lanes; q < end; q++) {
        const xr = ar[q], xi = ai[q];
        ar[q] = xr * kr - xi * ki;
        ai[q] = xr * ki + xi * kr;
      }
    }
    this.inner.run(ai, ar, lanes);
    for (let k = 0; k < n; k++) {
      const wr = chirpRe[k], wi = chirpIm[k];
      for (let q = k * lanes, end = q + lanes; q < end; q++) {
        const xr = ar[q], xi = ai[q];
        re[q] = xr * wr - xi * wi;
        im[q] = xr * wi + xi * wr;
      }
    }
  }
}

/** A Map used as a small least-recently-used cache. */
function cached<V>(cache: Map<string | number, V>, key: string | number, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= PLAN_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  } else {
    cache.delete(key);
  }
  cache.set(key, value);
  return value;
}

const plans1d = new Map<number, Plan1d>();

function plan1d(n: number): Plan1d {
  return cached(plans1d, n, () => {
    const factors = factorize(n, MAX_DIRECT_PRIME);
    return factors !== null ? new StockhamPlan(n, factors) : new BluesteinPlan(n);
  });
}

/** Transposes a rows×cols row-major matrix into a cols×rows one. */
function transpose(src: Float64Array, dst: Float64Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[base + c];
  }
}

/** Rows start .. end − 1 of a matrix, and the Stockham row passes over just those rows. */
interface RowBand {
  readonly start: number;
  readonly end: number;
  readonly passes: Pass[];
}

/**
 * In-place 2-D DFT of a rows×cols row-major complex matrix: a column pass
 * (rows-point DFTs, one lane per column) then a row pass (cols-point DFTs,
 * one lane per row). When both lengths are 5-smooth the two passes form one
 * sequence of Stockham stages; a Bluestein row pass goes through a transpose.
 */
export class Fft2d {
  private readonly columnPlan: Plan1d;
  private readonly rowPlan: Plan1d;
  /** Stockham passes of the column pass, the row pass and both in a row; null where Bluestein is used. */
  private readonly columnPasses: Pass[] | null;
  private readonly rowPasses: Pass[] | null;
  private readonly bothPasses: Pass[] | null;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;
  private readonly bandsByFilter = new WeakMap<Float64Array, RowBand[]>();

  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
      throw new RangeError(`FFT size must be positive integers, got ${rows}x${cols}`);
    }
    this.columnPlan = plan1d(rows);
    this.rowPlan = plan1d(cols);
    const byRows: Layout = { lane: cols, element: 1 };
    this.columnPasses =
      this.columnPlan instanceof StockhamPlan
        ? makePasses(this.columnPlan.stages, cols, interleaved(cols), interleaved(cols))
        : null;
    this.rowPasses =
      this.rowPlan instanceof StockhamPlan ? makePasses(this.rowPlan.stages, rows, byRows, byRows) : null;
    this.bothPasses =
      this.columnPasses !== null && this.rowPasses !== null ? this.columnPasses.concat(this.rowPasses) : null;
    this.workRe = new Float64Array(rows * cols);
    this.workIm = new Float64Array(rows * cols);
  }

  /** Unnormalised forward DFT (exponent −2πi), in place. */
  forward(re: Float64Array, im: Float64Array): void {
    this.transform(re, im);
  }

  /**
   * Circular filtering in place: x ← backward(forward(x) ⊙ filter), with a
   * real filter in this matrix's flat layout (unnormalised, like backward).
   * Spectrum rows where the filter is exactly zero are skipped: the forward
   * row pass does not compute them and the backward row pass, done first
   * (the two 1-D passes commute), leaves them zero. A low-pass filter thus
   * saves most of two of the four passes.
   */
  filter(re: Float64Array, im: Float64Array, filter: Float64Array): void {
    const { cols, columnPasses, workRe, workIm } = this;
    const size = this.rows * cols;
    if (filter.length !== size) throw new RangeError(`filter has ${filter.length} values, not ${size}`);
    if (this.rowPasses === null) {
      this.transform(re, im);
      for (let i = 0; i < size; i++) {
        re[i] *= filter[i];
        im[i] *= filter[i];
      }
      this.transform(im, re);
      return;
    }
    const bands = this.nonzeroRows(filter);
    if (columnPasses !== null) runPasses(columnPasses, re, im, workRe, workIm, size);
    else this.columnPlan.run(re, im, cols);
    let kept = 0;
    for (const band of bands) {
      const from = band.start * cols, to = band.end * cols;
      runPasses(band.passes, re.subarray(from, to), im.subarray(from, to), workRe, workIm, to - from);
      re.fill(0, kept, from);
      im.fill(0, kept, from);
      for (let i = from; i < to; i++) {
        re[i] *= filter[i];
        im[i] *= filter[i];
      }
      kept = to;
    }
    re.fill(0, kept, size);
    im.fill(0, kept, size);
    this.backwardBands(re, im, bands);
  }

  /**
   * backward of a spectrum that is zero on every row where `support` (a
   * filter it was multiplied by) is zero: those rows are skipped.
   */
  backwardSupported(re: Float64Array, im: Float64Array, support: Float64Array): void {
    const bands = this.rowPasses === null ? null : this.nonzeroRows(support);
    if (bands === null || (bands.length === 1 && bands[0].end - bands[0].start === this.rows)) this.transform(im, re);
    else this.backwardBands(re, im, bands);
  }

  /** backward by the swap trick, the row pass first and only on `bands` (all other rows are zero). */
  private backwardBands(re: Float64Array, im: Float64Array, bands: readonly RowBand[]): void {
    const { cols, columnPasses, workRe, workIm } = this;
    for (const band of bands) {
      const from = band.start * cols, to = band.end * cols;
      runPasses(band.passes, im.subarray(from, to), re.subarray(from, to), workRe, workIm, to - from);
    }
    if (columnPasses !== null) runPasses(columnPasses, im, re, workRe, workIm, this.rows * cols);
    else this.columnPlan.run(im, re, cols);
  }

  /** The runs of consecutive rows where `filter` has a nonzero value, with their row passes; cached per filter. */
  private nonzeroRows(filter: Float64Array): RowBand[] {
    let bands = this.bandsByFilter.get(filter);
    if (bands !== undefined) return bands;
    const { rows, cols, rowPlan } = this;
    bands = [];
    let start = -1;
    for (let r = 0; r <= rows; r++) {
      let nonzero = false;
      for (let i = r * cols, end = r < rows ? i + cols : i; i < end && !nonzero; i++) nonzero = filter[i] !== 0;
      if (nonzero && start < 0) start = r;
      if (!nonzero && start >= 0) {
        const byRows: Layout = { lane: cols, element: 1 };
        const passes = makePasses((rowPlan as StockhamPlan).stages, r - start, byRows, byRows);
        bands.push({ start, end: r, passes });
        start = -1;
      }
    }
    this.bandsByFilter.set(filter, bands);
    return bands;
  }

  /** Unnormalised inverse DFT (exponent +2πi, no division by rows·cols), in place. */
  backward(re: Float64Array, im: Float64Array): void {
    this.transform(im, re);
  }

  private transform(re: Float64Array, im: Float64Array): void {
    const { rows, cols, workRe, workIm, columnPasses, rowPasses, bothPasses } = this;
    const size = rows * cols;
    if (bothPasses !== null) {
      runPasses(bothPasses, re, im, workRe, workIm, size);
      return;
    }
    if (columnPasses !== null) runPasses(columnPasses, re, im, workRe, workIm, size);
    else this.columnPlan.run(re, im, cols);
    if (rowPasses !== null) {
      runPasses(rowPasses, re, im, workRe, workIm, size);
    } else {
      transpose(re, workRe, rows, cols);
      transpose(im, workIm, rows, cols);
      this.rowPlan.run(workRe, workIm, rows);
      transpose(workRe, re, cols, rows);
      transpose(workIm, im, cols, rows);
    }
  }
}

const plans2d = new Map<string, Fft2d>();

/** The cached 2-D plan for a rows×cols matrix. */
export function fft2d(rows: number, cols: number): Fft2d {
  return cached(plans2d, `${rows}x${cols}`, () => new Fft2d(rows, cols));
}
