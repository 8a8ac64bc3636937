/**
 * Complex FFTs of any size on split real/imaginary Float64Arrays.
 *
 * Lengths whose prime factors are 2, 3 and 5 use a mixed-radix (4, 2, 3, 5)
 * Stockham autosort FFT, decimation in frequency (C. Van Loan, *Computational
 * Frameworks for the Fast Fourier Transform*, SIAM 1992, §1.7): a stage of
 * radix p over a sub-length L = p·m reads a_r = x[j + r·m], takes their
 * p-point DFT b_t and writes b_t·ω_L^(j·t) to y[p·j + t]. Ping-ponging
 * between two buffers leaves the output in natural order, so there is no
 * bit-reversal pass. Other lengths use Bluestein's chirp-z algorithm
 * (Bluestein 1970): with w_j = exp(−πi·j²/n),
 *   X_k = w_k · Σ_j (x_j·w_j)·conj(w_(k−j)),
 * a circular convolution done with 5-smooth FFTs of length ≥ 2n − 1.
 *
 * Every 1-D transform is batched: `batch` interleaved sequences, element j of
 * sequence q at index j·batch + q. A column pass over a matrix is therefore
 * one call with batch = number of columns, and the innermost loops run along
 * memory. A 2-D transform is a column pass, a transpose, a second column
 * pass and a transpose back.
 *
 * Conventions: `forward` is the unnormalised DFT with exponent −2πi;
 * `backward` is the unnormalised inverse (exponent +2πi, no 1/N), as FFTW's
 * FFTW_BACKWARD. The backward transform reuses the forward code by swapping
 * the real and imaginary arrays: swap(DFT(swap(x))) = N·IDFT(x).
 *
 * Plans (factorisations, twiddle tables, chirps, work buffers) are cached per
 * size. The transforms allocate nothing once their work buffers have grown
 * to the largest batch seen. Not re-entrant: one thread, one call at a time.
 */

const TWO_PI = 2 * Math.PI;
const SIN_60 = Math.sqrt(3) / 2;
const COS_72 = Math.cos(TWO_PI / 5);
const COS_144 = Math.cos((2 * TWO_PI) / 5);
const SIN_72 = Math.sin(TWO_PI / 5);
const SIN_144 = Math.sin((2 * TWO_PI) / 5);

/** How many 1-D and 2-D plans are kept; the app only ever needs a handful of sizes. */
const PLAN_CACHE_LIMIT = 16;

/** A batched in-place 1-D forward DFT of one length. */
interface Plan1d {
  readonly n: number;
  /** Transforms `batch` interleaved sequences held in re/im[0 .. n·batch). */
  run(re: Float64Array, im: Float64Array, batch: number): void;
}

interface Stage {
  readonly radix: number;
  /** Sub-length L = radix·m handled by this stage. */
  readonly m: number;
  /** ω_L^(j·t) for j < m, t = 1 .. radix−1, at j·(radix−1) + t − 1. */
  readonly twRe: Float64Array;
  readonly twIm: Float64Array;
}

/** Radices in the order the stages use them; 4 first halves the number of passes over 2^k. */
const RADICES = [4, 2, 3, 5] as const;

function factorize(n: number): number[] | null {
  const factors: number[] = [];
  let rest = n;
  for (const radix of RADICES) {
    while (rest % radix === 0) {
      factors.push(radix);
      rest /= radix;
    }
  }
  return rest === 1 ? factors : null;
}

/** The smallest 5-smooth integer ≥ n. */
function nextSmooth(n: number): number {
  for (let candidate = n; ; candidate++) if (factorize(candidate) !== null) return candidate;
}

function growTo(buffer: Float64Array, length: number): Float64Array {
  return buffer.length >= length ? buffer : new Float64Array(length);
}

class StockhamPlan implements Plan1d {
  private readonly stages: Stage[] = [];
  private workRe: Float64Array = new Float64Array(0);
  private workIm: Float64Array = new Float64Array(0);

  constructor(
    readonly n: number,
    factors: readonly number[],
  ) {
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
      this.stages.push({ radix, m, twRe, twIm });
      length = m;
    }
  }

  run(re: Float64Array, im: Float64Array, batch: number): void {
    const size = this.n * batch;
    this.workRe = growTo(this.workRe, size);
    this.workIm = growTo(this.workIm, size);
    let xr = re;
    let xi = im;
    let yr = this.workRe;
    let yi = this.workIm;
    let stride = batch;
    for (const stage of this.stages) {
      switch (stage.radix) {
        case 2:
          radix2(xr, xi, yr, yi, stage, stride);
          break;
        case 3:
          radix3(xr, xi, yr, yi, stage, stride);
          break;
        case 4:
          radix4(xr, xi, yr, yi, stage, stride);
          break;
        default:
          radix5(xr, xi, yr, yi, stage, stride);
      }
      stride *= stage.radix;
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
}

// One Stockham stage per radix. `s` is the stride between consecutive
// elements of one sub-sequence (batch × radices already done); input a_r of
// butterfly (j, q) sits at s·(j + r·m) + q, output t at s·(p·j + t) + q.

function radix2(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, stage: Stage, s: number): void {
  const { m, twRe, twIm } = stage;
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[j];
    const w1i = twIm[j];
    const inBase = s * j;
    const outBase = 2 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const i1 = i0 + sm;
      const a0r = xr[i0], a0i = xi[i0];
      const a1r = xr[i1], a1i = xi[i1];
      const o = outBase + q;
      yr[o] = a0r + a1r;
      yi[o] = a0i + a1i;
      const dr = a0r - a1r, di = a0i - a1i;
      yr[o + s] = dr * w1r - di * w1i;
      yi[o + s] = dr * w1i + di * w1r;
    }
  }
}

function radix3(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, stage: Stage, s: number): void {
  const { m, twRe, twIm } = stage;
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[2 * j], w1i = twIm[2 * j];
    const w2r = twRe[2 * j + 1], w2i = twIm[2 * j + 1];
    const inBase = s * j;
    const outBase = 3 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0], a0i = xi[i0];
      const a1r = xr[i0 + sm], a1i = xi[i0 + sm];
      const a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
      const sr = a1r + a2r, si = a1i + a2i;
      const dr = SIN_60 * (a1r - a2r), di = SIN_60 * (a1i - a2i);
      const hr = a0r - 0.5 * sr, hi = a0i - 0.5 * si;
      const b1r = hr + di, b1i = hi - dr;
      const b2r = hr - di, b2i = hi + dr;
      const o = outBase + q;
      yr[o] = a0r + sr;
      yi[o] = a0i + si;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
    }
  }
}

function radix4(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, stage: Stage, s: number): void {
  const { m, twRe, twIm } = stage;
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[3 * j], w1i = twIm[3 * j];
    const w2r = twRe[3 * j + 1], w2i = twIm[3 * j + 1];
    const w3r = twRe[3 * j + 2], w3i = twIm[3 * j + 2];
    const inBase = s * j;
    const outBase = 4 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0], a0i = xi[i0];
      const a1r = xr[i0 + sm], a1i = xi[i0 + sm];
      const a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
      const a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
      const t0r = a0r + a2r, t0i = a0i + a2i;
      const t1r = a0r - a2r, t1i = a0i - a2i;
      const t2r = a1r + a3r, t2i = a1i + a3i;
      const t3r = a1r - a3r, t3i = a1i - a3i;
      // b1 = t1 − i·t3, b3 = t1 + i·t3 (ω_4 = −i).
      const b1r = t1r + t3i, b1i = t1i - t3r;
      const b2r = t0r - t2r, b2i = t0i - t2i;
      const b3r = t1r - t3i, b3i = t1i + t3r;
      const o = outBase + q;
      yr[o] = t0r + t2r;
      yi[o] = t0i + t2i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
    }
  }
}

function radix5(xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array, stage: Stage, s: number): void {
  const { m, twRe, twIm } = stage;
  const sm = s * m;
  for (let j = 0; j < m; j++) {
    const w1r = twRe[4 * j], w1i = twIm[4 * j];
    const w2r = twRe[4 * j + 1], w2i = twIm[4 * j + 1];
    const w3r = twRe[4 * j + 2], w3i = twIm[4 * j + 2];
    const w4r = twRe[4 * j + 3], w4i = twIm[4 * j + 3];
    const inBase = s * j;
    const outBase = 5 * s * j;
    for (let q = 0; q < s; q++) {
      const i0 = inBase + q;
      const a0r = xr[i0], a0i = xi[i0];
      const a1r = xr[i0 + sm], a1i = xi[i0 + sm];
      const a2r = xr[i0 + 2 * sm], a2i = xi[i0 + 2 * sm];
      const a3r = xr[i0 + 3 * sm], a3i = xi[i0 + 3 * sm];
      const a4r = xr[i0 + 4 * sm], a4i = xi[i0 + 4 * sm];
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
      const o = outBase + q;
      yr[o] = a0r + s14r + s23r;
      yi[o] = a0i + s14i + s23i;
      yr[o + s] = b1r * w1r - b1i * w1i;
      yi[o + s] = b1r * w1i + b1i * w1r;
      yr[o + 2 * s] = b2r * w2r - b2i * w2i;
      yi[o + 2 * s] = b2r * w2i + b2i * w2r;
      yr[o + 3 * s] = b3r * w3r - b3i * w3i;
      yi[o + 3 * s] = b3r * w3i + b3i * w3r;
      yr[o + 4 * s] = b4r * w4r - b4i * w4i;
      yi[o + 4 * s] = b4r * w4i + b4i * w4r;
    }
  }
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
    const m = nextSmooth(2 * n - 1);
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

  run(re: Float64Array, im: Float64Array, batch: number): void {
    const { n, chirpRe, chirpIm, kernelRe, kernelIm } = this;
    const m = this.inner.n;
    this.workRe = growTo(this.workRe, m * batch);
    this.workIm = growTo(this.workIm, m * batch);
    const ar = this.workRe;
    const ai = this.workIm;
    for (let j = 0; j < n; j++) {
      const wr = chirpRe[j], wi = chirpIm[j];
      for (let q = j * batch, end = q + batch; q < end; q++) {
        const xr = re[q], xi = im[q];
        ar[q] = xr * wr - xi * wi;
        ai[q] = xr * wi + xi * wr;
      }
    }
    ar.fill(0, n * batch, m * batch);
    ai.fill(0, n * batch, m * batch);
    this.inner.run(ar, ai, batch);
    for (let k = 0; k < m; k++) {
      const kr = kernelRe[k], ki = kernelIm[k];
      for (let q = k * batch, end = q + batch; q < end; q++) {
        const xr = ar[q], xi = ai[q];
        ar[q] = xr * kr - xi * ki;
        ai[q] = xr * ki + xi * kr;
      }
    }
    this.inner.run(ai, ar, batch);
    for (let k = 0; k < n; k++) {
      const wr = chirpRe[k], wi = chirpIm[k];
      for (let q = k * batch, end = q + batch; q < end; q++) {
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
    const factors = factorize(n);
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

/** In-place 2-D DFT of a rows×cols row-major complex matrix. */
export class Fft2d {
  private readonly columnPlan: Plan1d;
  private readonly rowPlan: Plan1d;
  private readonly tRe: Float64Array;
  private readonly tIm: Float64Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
  ) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
      throw new RangeError(`FFT size must be positive integers, got ${rows}x${cols}`);
    }
    this.columnPlan = plan1d(rows);
    this.rowPlan = plan1d(cols);
    this.tRe = new Float64Array(rows * cols);
    this.tIm = new Float64Array(rows * cols);
  }

  /** Unnormalised forward DFT (exponent −2πi), in place. */
  forward(re: Float64Array, im: Float64Array): void {
    this.transform(re, im);
  }

  /** Unnormalised inverse DFT (exponent +2πi, no division by rows·cols), in place. */
  backward(re: Float64Array, im: Float64Array): void {
    this.transform(im, re);
  }

  private transform(re: Float64Array, im: Float64Array): void {
    const { rows, cols, tRe, tIm } = this;
    this.columnPlan.run(re, im, cols);
    transpose(re, tRe, rows, cols);
    transpose(im, tIm, rows, cols);
    this.rowPlan.run(tRe, tIm, rows);
    transpose(tRe, re, cols, rows);
    transpose(tIm, im, cols, rows);
  }
}

const plans2d = new Map<string, Fft2d>();

/** The cached 2-D plan for a rows×cols matrix. */
export function fft2d(rows: number, cols: number): Fft2d {
  return cached(plans2d, `${rows}x${cols}`, () => new Fft2d(rows, cols));
}
