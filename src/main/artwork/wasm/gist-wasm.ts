/**
 * Colour GIST through the WebAssembly SIMD kernels of assembly/gist.ts
 * (built by scripts/build-wasm.js into dist/wasm/gist.wasm during
 * `npm run build`). This module loads the module once per thread, lays out
 * one plan per picture size in its linear memory (FFT twiddles, the Gabor
 * bank and the low-pass filter, all precomputed in float64 here and stored
 * as float32; the work buffers), and calls it once per picture.
 *
 * It takes any size. The TypeScript implementation in ../gist.ts stays the
 * reference the tests compare it against.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SleeveError } from '../../../shared/errors.js';
import { fft2d } from '../fft.js';
import {
  GIST_BLOCKS,
  GIST_DIM,
  GIST_FILTERS,
  GIST_PAD,
  NEGLIGIBLE_GAIN,
  checkGistInput,
  gaborBank,
  lowPass,
} from '../gist.js';

/** The same path from src/main/artwork/wasm (tsx, vitest) and from dist/main/artwork/wasm (built). */
const WASM_PATH = fileURLToPath(new URL('../../../../dist/wasm/gist.wasm', import.meta.url));

/**
 * Largest prime factor the direct odd-radix butterfly takes: its cost per
 * point grows with the prime (p/2 complex products); beyond this a length
 * goes through Bluestein's algorithm (three FFTs of a 5-smooth length).
 */
const MAX_DIRECT_PRIME = 257;

/** i32 fields of a plan's header; the indices are the H_* constants of assembly/gist.ts. */
const HEADER = [
  'width', 'height', 'fftW', 'fftH', 'fftWp', 'fftHp', 'log', 'lowSym', 'low', 'filters',
  'padded', 'prefiltered', 'aRe', 'aIm', 'bRe', 'bIm', 'tRe', 'tIm', 'fRe', 'fIm',
  'columnEdges', 'rowBlock', 'blockScale', 'scratch', 'rgb', 'out',
] as const;
type HeaderField = (typeof HEADER)[number];

/**
 * A minimal module using one SIMD instruction (i8x16.splat), as
 * wasm-feature-detect probes it: validates only where 128-bit SIMD exists.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

interface GistExports {
  readonly memory: WebAssembly.Memory;
  describe(header: number): void;
  heapBase(): number;
}

const probeSimd = (): boolean => WebAssembly.validate(SIMD_PROBE);

let simdAvailable: () => boolean = probeSimd;
let kernels: GistExports | null = null;
let plan: WasmGistPlan | null = null;

/**
 * Replaces the check for WebAssembly SIMD (null: the default, which
 * validates a probe module), so a test can see what a machine without SIMD
 * gets. Drops the loaded module so the next call checks again.
 */
export function setSimdCheck(check: (() => boolean) | null): void {
  simdAvailable = check ?? probeSimd;
  kernels = null;
  plan = null;
}

function loadKernels(): GistExports {
  if (kernels !== null) return kernels;
  if (!simdAvailable()) {
    throw new SleeveError('unavailable', 'Pictures cannot be described here: this JavaScript engine lacks WebAssembly SIMD, which the descriptors need.');
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(WASM_PATH));
  } catch (error) {
    throw new SleeveError('internal', `Pictures cannot be described: the GIST WebAssembly module is missing from this build (${WASM_PATH}).`, { cause: error });
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: {
      abort: () => {
        throw new SleeveError('internal', 'The GIST WebAssembly module stopped on an internal error.');
      },
    },
  });
  kernels = instance.exports as unknown as GistExports;
  return kernels;
}

/** Radices of n: 4s first, then 2, 3, 5 and larger primes; null when a prime exceeds MAX_DIRECT_PRIME. */
function radices(n: number): number[] | null {
  const out: number[] = [];
  while (n % 4 === 0) {
    out.push(4);
    n /= 4;
  }
  for (let p = 2; n > 1; p++) {
    // What is left of n has a prime factor of at least p.
    if (p > MAX_DIRECT_PRIME) return null;
    while (n % p === 0) {
      out.push(p);
      n /= p;
    }
  }
  return out;
}

/** Lays out regions in the module's memory from its heap base, 16-byte aligned. */
class Arena {
  private next: number;
  constructor(private readonly exports: GistExports) {
    this.next = align(exports.heapBase());
  }

  alloc(bytes: number): number {
    const at = this.next;
    this.next = align(at + bytes);
    const { memory } = this.exports;
    const short = this.next - memory.buffer.byteLength;
    if (short > 0) memory.grow(Math.ceil(short / 65536));
    return at;
  }

  f32(values: ArrayLike<number>): number {
    const at = this.alloc(values.length * 4);
    new Float32Array(this.exports.memory.buffer, at, values.length).set(values);
    return at;
  }

  i32(values: ArrayLike<number>): number {
    const at = this.alloc(values.length * 4);
    new Int32Array(this.exports.memory.buffer, at, values.length).set(values);
    return at;
  }
}

function align(offset: number): number {
  return (offset + 15) & ~15;
}

/**
 * A 1-D FFT plan of length n (see fft() in assembly/gist.ts) for `lanes`
 * lanes: stage count, then per stage radix p, m = n_cur/p, twiddles
 * ω_(n_cur)^(k·t) for k < m, 1 ≤ t < p, and for the direct odd radix its
 * cos and sin table. A length with a prime factor above MAX_DIRECT_PRIME
 * gets a Bluestein plan instead.
 */
function fftPlan(arena: Arena, n: number, lanes: number): number {
  const stages = radices(n);
  if (stages === null) return bluesteinPlan(arena, n, lanes);
  const header: number[] = [stages.length];
  let current = n;
  for (const p of stages) {
    const m = current / p;
    const twiddles = new Float64Array(2 * m * (p - 1));
    for (let k = 0; k < m; k++) {
      for (let t = 1; t < p; t++) {
        // (k·t) mod n_cur keeps the angle small and exact.
        const angle = (-2 * Math.PI * ((k * t) % current)) / current;
        twiddles[2 * (k * (p - 1) + t - 1)] = Math.cos(angle);
        twiddles[2 * (k * (p - 1) + t - 1) + 1] = Math.sin(angle);
      }
    }
    let dft = 0;
    if (p > 5) {
      const half = (p - 1) >> 1;
      const table = new Float64Array(2 * half * half);
      for (let t = 1; t <= half; t++) {
        for (let r = 1; r <= half; r++) {
          const angle = (2 * Math.PI * ((r * t) % p)) / p;
          table[(t - 1) * half + r - 1] = Math.cos(angle);
          table[half * half + (t - 1) * half + r - 1] = Math.sin(angle);
        }
      }
      dft = arena.f32(table);
    }
    header.push(p, m, arena.f32(twiddles), dft);
    current = m;
  }
  return arena.i32(header);
}

/** Marks a Bluestein plan (BLUESTEIN in assembly/gist.ts). */
const BLUESTEIN = -1;

/** The smallest length ≥ n whose prime factors are 2, 3 and 5. */
function smoothLength(n: number): number {
  for (let m = n; ; m++) {
    let rest = m;
    for (const p of [2, 3, 5]) while (rest % p === 0) rest /= p;
    if (rest === 1) return m;
  }
}

/**
 * Bluestein's algorithm for length n (see bluestein() in assembly/gist.ts):
 * the chirp w_j = exp(−πi·j²/n), the DFT of conj(w_|j|) wrapped around
 * length M and divided by M (computed here in float64), a plan of length
 * M and two M × lanes work buffers.
 */
function bluesteinPlan(arena: Arena, n: number, lanes: number): number {
  const m = smoothLength(2 * n - 1);
  const chirp = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    // j² mod 2n keeps the angle small and exact.
    const angle = (-Math.PI * ((j * j) % (2 * n))) / n;
    chirp[2 * j] = Math.cos(angle);
    chirp[2 * j + 1] = Math.sin(angle);
  }
  const kernelRe = new Float64Array(m);
  const kernelIm = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    kernelRe[j] = chirp[2 * j] / m;
    kernelIm[j] = -chirp[2 * j + 1] / m;
    if (j > 0) {
      kernelRe[m - j] = kernelRe[j];
      kernelIm[m - j] = kernelIm[j];
    }
  }
  fft2d(1, m).forward(kernelRe, kernelIm);
  const kernel = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) {
    kernel[2 * k] = kernelRe[k];
    kernel[2 * k + 1] = kernelIm[k];
  }
  const work = m * lanes * 4;
  return arena.i32([
    BLUESTEIN, n, m, arena.f32(chirp), arena.f32(kernel), fftPlan(arena, m, lanes),
    arena.alloc(work), arena.alloc(work), arena.alloc(work), arena.alloc(work),
  ]);
}

/**
 * A filter in image layout (index y·W + x, which the DFT reads as the
 * W × H matrix r·H + c) rewritten in the transposed layout the spectra are
 * kept in (c·W + r), scaled, negligible gains set to zero.
 */
function transposedFilter(filter: Float64Array, width: number, height: number, scale: number): Float64Array {
  const out = new Float64Array(width * height);
  for (let r = 0; r < width; r++) {
    for (let c = 0; c < height; c++) {
      const v = filter[r * height + c];
      out[c * width + r] = v < NEGLIGIBLE_GAIN ? 0 : v * scale;
    }
  }
  return out;
}

class WasmGistPlan {
  private readonly header: number;
  private readonly rgb: number;
  private readonly out: number;

  constructor(
    private readonly exports: GistExports,
    readonly width: number,
    readonly height: number,
  ) {
    const arena = new Arena(exports);
    const n = width * height;
    const wp = width + 2 * GIST_PAD, hp = height + 2 * GIST_PAD, np = wp * hp;
    const work = Math.max(n, np) * 4;
    const fields: Record<HeaderField, number> = {
      width,
      height,
      // Each length runs along as many lanes as the other side has.
      fftW: fftPlan(arena, width, height),
      fftH: fftPlan(arena, height, width),
      fftWp: fftPlan(arena, wp, hp),
      fftHp: fftPlan(arena, hp, wp),
      log: arena.f32(Array.from({ length: 256 }, (_, v) => Math.log(v + 1))),
      // The Hermitian part (g[k] + g[−k])/2 gives Re(IDFT(DFT(x)·g)) for real x; 1/Np of the IDFT folded in.
      lowSym: 0,
      low: 0,
      filters: 0,
      padded: arena.alloc(3 * np * 4),
      prefiltered: arena.alloc(3 * n * 4),
      aRe: arena.alloc(work),
      aIm: arena.alloc(work),
      bRe: arena.alloc(work),
      bIm: arena.alloc(work),
      tRe: arena.alloc(work),
      tIm: arena.alloc(work),
      fRe: arena.alloc(3 * n * 4),
      fIm: arena.alloc(3 * n * 4),
      columnEdges: arena.i32(Array.from({ length: GIST_BLOCKS + 1 }, (_, i) => Math.floor((i * width) / GIST_BLOCKS))),
      rowBlock: 0,
      blockScale: 0,
      scratch: arena.alloc(4 * 16 * (MAX_DIRECT_PRIME >> 1)),
      rgb: arena.alloc(n * 3),
      out: arena.alloc(GIST_DIM * 4),
    };
    const g = lowPass(wp, hp);
    // −k is taken in the DFT's own layout: the flat buffer read as Wp rows of Hp samples.
    const gSym = new Float64Array(np);
    for (let r = 0; r < wp; r++) {
      for (let c = 0; c < hp; c++) gSym[r * hp + c] = (g[r * hp + c] + g[((wp - r) % wp) * hp + ((hp - c) % hp)]) / 2;
    }
    fields.lowSym = arena.f32(transposedFilter(gSym, wp, hp, 1 / np));
    fields.low = arena.f32(transposedFilter(g, wp, hp, 1 / np));
    const bank = gaborBank(width, height);
    fields.filters = arena.alloc(GIST_FILTERS * n * 4);
    bank.forEach((filter, k) => {
      new Float32Array(exports.memory.buffer, fields.filters + k * n * 4, n).set(transposedFilter(filter, width, height, 1 / n));
    });
    // Block b spans rows [floor(b·H/4), floor((b+1)·H/4)).
    const rowBlock = new Int32Array(height);
    for (let b = 1; b < GIST_BLOCKS; b++) rowBlock.fill(b, Math.floor((b * height) / GIST_BLOCKS));
    fields.rowBlock = arena.i32(rowBlock);
    const scale = new Float64Array(GIST_BLOCKS * GIST_BLOCKS);
    for (let bx = 0; bx < GIST_BLOCKS; bx++) {
      const columns = Math.floor(((bx + 1) * width) / GIST_BLOCKS) - Math.floor((bx * width) / GIST_BLOCKS);
      for (let by = 0; by < GIST_BLOCKS; by++) {
        const rows = rowBlock.filter((b) => b === by).length;
        scale[bx * GIST_BLOCKS + by] = 1 / (columns * rows);
      }
    }
    fields.blockScale = arena.f32(scale);
    this.header = arena.i32(HEADER.map((name) => fields[name]));
    this.rgb = fields.rgb;
    this.out = fields.out;
  }

  describe(rgb: Uint8Array): Float32Array {
    const { memory } = this.exports;
    const n3 = this.width * this.height * 3;
    new Uint8Array(memory.buffer, this.rgb, n3).set(rgb.subarray(0, n3));
    this.exports.describe(this.header);
    return new Float32Array(memory.buffer, this.out, GIST_DIM).slice();
  }
}

/**
 * The 960-value colour GIST of an interleaved 8-bit RGB picture at its own
 * size (see ../gist.ts), computed in WebAssembly. Throws SleeveError
 * 'unavailable' where WebAssembly SIMD is missing, rather than computing
 * anything else.
 */
export function colorGist(rgb: Uint8Array, width: number, height: number): Float32Array {
  checkGistInput(rgb, width, height);
  const exports = loadKernels();
  if (plan === null || plan.width !== width || plan.height !== height) {
    // One plan at a time: the memory of the previous size is reused (a scan uses one size).
    plan = null;
    try {
      plan = new WasmGistPlan(exports, width, height);
    } catch (error) {
      // Memory.grow refuses to go beyond what a 32-bit WebAssembly memory can hold.
      if (error instanceof RangeError) throw new SleeveError('too_large', `A ${width}x${height} picture is too large to describe at its own size.`, { cause: error });
      throw error;
    }
  }
  return plan.describe(rgb);
}
