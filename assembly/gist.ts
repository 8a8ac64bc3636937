/**
 * Colour GIST's hot path in WebAssembly SIMD (four float32 lanes): the
 * prefilter, the 2-D DFTs, the Gabor products, the inverse DFTs and the
 * block pooling. Numerically the algorithm of src/main/artwork/gist.ts (the
 * TypeScript reference; test/fixtures/gist/README.md states it step by
 * step), in float32 like the LEAR C library that produced the fixtures.
 *
 * Nothing here allocates: src/main/artwork/wasm/gist-wasm.ts lays out one
 * plan per picture size in linear memory (tables, filters, work buffers),
 * writes the byte offsets into a header of i32 fields (the H_* constants
 * below) and calls describe(header) once per picture.
 *
 * FFTs: self-sorting mixed-radix Stockham, decimation in frequency (radix
 * 2, 3, 4, 5, a direct odd-prime butterfly, and Bluestein's algorithm for
 * lengths with a larger prime factor), applied to many
 * independent 1-D transforms at once ("lanes"): element j of lane l sits at
 * float index j·stride + l, so four neighbouring lanes fill one v128 and
 * every butterfly is plain vertical SIMD. A 2-D DFT is a pass along the
 * rows axis (lanes = columns), a transpose and a pass along the other axis.
 * The spectra stay transposed: the filters are stored in that layout too,
 * and the inverse DFT starts with the axis the forward DFT ended with (the
 * two 1-D passes commute), so each inverse needs one transpose.
 * Every pass is out of place, so the last, partial group of four lanes is
 * computed by moving the group back to end at the last lane: lanes it
 * shares with the previous group are computed twice, to the same values.
 * Inverse DFTs use the swap trick: IDFT(x)·n = swap(DFT(swap(x))), where
 * swap exchanges real and imaginary parts.
 */

// ---- plan header: i32 fields, written by gist-wasm.ts (keep in step with HEADER there) ----
const H_WIDTH = 0;
const H_HEIGHT = 1;
const H_FFT_W = 2; // 1-D plans for lengths W, H, W + 10, H + 10
const H_FFT_H = 3;
const H_FFT_WP = 4;
const H_FFT_HP = 5;
const H_LOG = 6; // ln(v + 1) for v = 0..255
const H_LOW_SYM = 7; // Hermitian part of the prefilter's low-pass, / Np, transposed layout
const H_LOW = 8; // the low-pass itself, / Np, transposed layout
const H_FILTERS = 9; // 20 Gabor filters, / N, transposed layout, one after the other
const H_P = 10; // 3 padded planes, Np floats each
const H_O = 11; // 3 prefiltered planes, N floats each
const H_A_RE = 12; // work buffers, max(N, Np) floats each
const H_A_IM = 13;
const H_B_RE = 14;
const H_B_IM = 15;
const H_T_RE = 16;
const H_T_IM = 17;
const H_F_RE = 18; // 3 spectra, N floats each, transposed layout
const H_F_IM = 19;
const H_COLUMN_EDGES = 20; // 5 i32: floor(i·W/4)
const H_ROW_BLOCK = 21; // H i32: block row of every picture row
const H_BLOCK_SCALE = 22; // 16 f32: 1 / pixels per block, index bx·4 + by
const H_SCRATCH = 23; // odd-radix butterfly sums and differences
const H_RGB = 24; // W·H·3 bytes of input
const H_OUT = 25; // 960 f32 of output

const PAD = 5;
const BLOCKS = 4;
const FILTERS = 20;
const CONTRAST_FLOOR: f32 = 0.2;

// 1-D plan layout: i32 stage count, then per stage 4 i32: radix p, m = n_cur / p, twiddles, odd-radix DFT table.
const STAGE_BYTES = 16;
/** First field of a Bluestein plan in place of the stage count. */
const BLUESTEIN = -1;

@inline function field(header: usize, index: i32): usize {
  return <usize>load<i32>(header + (<usize>index << 2));
}

@inline function vmulRe(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi));
}

@inline function vmulIm(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr));
}

/** Writes b · w at y + offset. */
@inline function storeTwiddled(yr: usize, yi: usize, offset: usize, br: v128, bi: v128, wr: v128, wi: v128): void {
  v128.store(yr + offset, vmulRe(br, bi, wr, wi));
  v128.store(yi + offset, vmulIm(br, bi, wr, wi));
}

/*
 * One Stockham DIF stage of radix p on every lane: with s = product of the
 * radices before it and m = n_cur / p, for k < m and q < s,
 *   a_r = x[q + s(k + r·m)],  y[q + s(p·k + t)] = (Σ_r a_r·ω_p^(rt)) · ω_(n_cur)^(kt).
 */

function radix2(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, stride: i32, tw: usize): void {
  // q < s and the lanes form one contiguous run of s·stride floats.
  const run = s * stride;
  const inR = <usize>(s * m * stride) << 2;
  const outT = <usize>(s * stride) << 2;
  for (let k = 0; k < m; k++) {
    const w1r = v128.load32_splat(tw + (<usize>k << 3));
    const w1i = v128.load32_splat(tw + (<usize>k << 3) + 4);
    const inBase = <usize>((s * k) * stride) << 2;
    const outBase = <usize>((s * 2 * k) * stride) << 2;
    let v = 0;
    while (true) {
      if (v > run - 4) v = run - 4;
      const i0 = inBase + (<usize>v << 2);
      const o0 = outBase + (<usize>v << 2);
      const a0r = v128.load(xr + i0), a0i = v128.load(xi + i0);
      const a1r = v128.load(xr + i0 + inR), a1i = v128.load(xi + i0 + inR);
      v128.store(yr + o0, f32x4.add(a0r, a1r));
      v128.store(yi + o0, f32x4.add(a0i, a1i));
      storeTwiddled(yr, yi, o0 + outT, f32x4.sub(a0r, a1r), f32x4.sub(a0i, a1i), w1r, w1i);
      if (v + 4 >= run) break;
      v += 4;
    }
  }
}

function radix3(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, stride: i32, tw: usize): void {
  // q < s and the lanes form one contiguous run of s·stride floats.
  const run = s * stride;
  const inR = <usize>(s * m * stride) << 2;
  const outT = <usize>(s * stride) << 2;
  const half = f32x4.splat(0.5);
  const sin = f32x4.splat(<f32>0.8660254037844386); // sin(2π/3)
  for (let k = 0; k < m; k++) {
    const t = tw + (<usize>k << 4);
    const w1r = v128.load32_splat(t), w1i = v128.load32_splat(t + 4);
    const w2r = v128.load32_splat(t + 8), w2i = v128.load32_splat(t + 12);
    const inBase = <usize>((s * k) * stride) << 2;
    const outBase = <usize>((s * 3 * k) * stride) << 2;
    let v = 0;
    while (true) {
      if (v > run - 4) v = run - 4;
      const i0 = inBase + (<usize>v << 2);
      const o0 = outBase + (<usize>v << 2);
      const a0r = v128.load(xr + i0), a0i = v128.load(xi + i0);
      const a1r = v128.load(xr + i0 + inR), a1i = v128.load(xi + i0 + inR);
      const a2r = v128.load(xr + i0 + 2 * inR), a2i = v128.load(xi + i0 + 2 * inR);
      const sr = f32x4.add(a1r, a2r), si = f32x4.add(a1i, a2i);
      const dr = f32x4.mul(sin, f32x4.sub(a1r, a2r)), di = f32x4.mul(sin, f32x4.sub(a1i, a2i));
      v128.store(yr + o0, f32x4.add(a0r, sr));
      v128.store(yi + o0, f32x4.add(a0i, si));
      const cr = f32x4.sub(a0r, f32x4.mul(half, sr)), ci = f32x4.sub(a0i, f32x4.mul(half, si));
      // b1 = C − i·S, b2 = C + i·S
      storeTwiddled(yr, yi, o0 + outT, f32x4.add(cr, di), f32x4.sub(ci, dr), w1r, w1i);
      storeTwiddled(yr, yi, o0 + 2 * outT, f32x4.sub(cr, di), f32x4.add(ci, dr), w2r, w2i);
      if (v + 4 >= run) break;
      v += 4;
    }
  }
}

function radix4(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, stride: i32, tw: usize): void {
  // q < s and the lanes form one contiguous run of s·stride floats.
  const run = s * stride;
  const inR = <usize>(s * m * stride) << 2;
  const outT = <usize>(s * stride) << 2;
  for (let k = 0; k < m; k++) {
    const t = tw + <usize>k * 24;
    const w1r = v128.load32_splat(t), w1i = v128.load32_splat(t + 4);
    const w2r = v128.load32_splat(t + 8), w2i = v128.load32_splat(t + 12);
    const w3r = v128.load32_splat(t + 16), w3i = v128.load32_splat(t + 20);
    const inBase = <usize>((s * k) * stride) << 2;
    const outBase = <usize>((s * 4 * k) * stride) << 2;
    let v = 0;
    while (true) {
      if (v > run - 4) v = run - 4;
      const i0 = inBase + (<usize>v << 2);
      const o0 = outBase + (<usize>v << 2);
      const a0r = v128.load(xr + i0), a0i = v128.load(xi + i0);
      const a1r = v128.load(xr + i0 + inR), a1i = v128.load(xi + i0 + inR);
      const a2r = v128.load(xr + i0 + 2 * inR), a2i = v128.load(xi + i0 + 2 * inR);
      const a3r = v128.load(xr + i0 + 3 * inR), a3i = v128.load(xi + i0 + 3 * inR);
      const t0r = f32x4.add(a0r, a2r), t0i = f32x4.add(a0i, a2i);
      const t1r = f32x4.sub(a0r, a2r), t1i = f32x4.sub(a0i, a2i);
      const t2r = f32x4.add(a1r, a3r), t2i = f32x4.add(a1i, a3i);
      // t3 = −i·(a1 − a3)
      const t3r = f32x4.sub(a1i, a3i), t3i = f32x4.sub(a3r, a1r);
      v128.store(yr + o0, f32x4.add(t0r, t2r));
      v128.store(yi + o0, f32x4.add(t0i, t2i));
      storeTwiddled(yr, yi, o0 + outT, f32x4.add(t1r, t3r), f32x4.add(t1i, t3i), w1r, w1i);
      storeTwiddled(yr, yi, o0 + 2 * outT, f32x4.sub(t0r, t2r), f32x4.sub(t0i, t2i), w2r, w2i);
      storeTwiddled(yr, yi, o0 + 3 * outT, f32x4.sub(t1r, t3r), f32x4.sub(t1i, t3i), w3r, w3i);
      if (v + 4 >= run) break;
      v += 4;
    }
  }
}

function radix5(xr: usize, xi: usize, yr: usize, yi: usize, m: i32, s: i32, stride: i32, tw: usize): void {
  // q < s and the lanes form one contiguous run of s·stride floats.
  const run = s * stride;
  const inR = <usize>(s * m * stride) << 2;
  const outT = <usize>(s * stride) << 2;
  // cos and sin of 2π/5 and 4π/5
  const c1 = f32x4.splat(<f32>0.30901699437494745), c2 = f32x4.splat(<f32>-0.8090169943749473);
  const s1 = f32x4.splat(<f32>0.9510565162951535), s2 = f32x4.splat(<f32>0.5877852522924732);
  for (let k = 0; k < m; k++) {
    const t = tw + (<usize>k << 5);
    const w1r = v128.load32_splat(t), w1i = v128.load32_splat(t + 4);
    const w2r = v128.load32_splat(t + 8), w2i = v128.load32_splat(t + 12);
    const w3r = v128.load32_splat(t + 16), w3i = v128.load32_splat(t + 20);
    const w4r = v128.load32_splat(t + 24), w4i = v128.load32_splat(t + 28);
    const inBase = <usize>((s * k) * stride) << 2;
    const outBase = <usize>((s * 5 * k) * stride) << 2;
    let v = 0;
    while (true) {
      if (v > run - 4) v = run - 4;
      const i0 = inBase + (<usize>v << 2);
      const o0 = outBase + (<usize>v << 2);
      const a0r = v128.load(xr + i0), a0i = v128.load(xi + i0);
      const a1r = v128.load(xr + i0 + inR), a1i = v128.load(xi + i0 + inR);
      const a2r = v128.load(xr + i0 + 2 * inR), a2i = v128.load(xi + i0 + 2 * inR);
      const a3r = v128.load(xr + i0 + 3 * inR), a3i = v128.load(xi + i0 + 3 * inR);
      const a4r = v128.load(xr + i0 + 4 * inR), a4i = v128.load(xi + i0 + 4 * inR);
      const p1r = f32x4.add(a1r, a4r), p1i = f32x4.add(a1i, a4i);
      const q1r = f32x4.sub(a1r, a4r), q1i = f32x4.sub(a1i, a4i);
      const p2r = f32x4.add(a2r, a3r), p2i = f32x4.add(a2i, a3i);
      const q2r = f32x4.sub(a2r, a3r), q2i = f32x4.sub(a2i, a3i);
      v128.store(yr + o0, f32x4.add(a0r, f32x4.add(p1r, p2r)));
      v128.store(yi + o0, f32x4.add(a0i, f32x4.add(p1i, p2i)));
      const C1r = f32x4.add(a0r, f32x4.add(f32x4.mul(c1, p1r), f32x4.mul(c2, p2r)));
      const C1i = f32x4.add(a0i, f32x4.add(f32x4.mul(c1, p1i), f32x4.mul(c2, p2i)));
      const C2r = f32x4.add(a0r, f32x4.add(f32x4.mul(c2, p1r), f32x4.mul(c1, p2r)));
      const C2i = f32x4.add(a0i, f32x4.add(f32x4.mul(c2, p1i), f32x4.mul(c1, p2i)));
      const S1r = f32x4.add(f32x4.mul(s1, q1r), f32x4.mul(s2, q2r));
      const S1i = f32x4.add(f32x4.mul(s1, q1i), f32x4.mul(s2, q2i));
      const S2r = f32x4.sub(f32x4.mul(s2, q1r), f32x4.mul(s1, q2r));
      const S2i = f32x4.sub(f32x4.mul(s2, q1i), f32x4.mul(s1, q2i));
      // b_t = C_t − i·S_t, b_(5−t) = C_t + i·S_t
      storeTwiddled(yr, yi, o0 + outT, f32x4.add(C1r, S1i), f32x4.sub(C1i, S1r), w1r, w1i);
      storeTwiddled(yr, yi, o0 + 4 * outT, f32x4.sub(C1r, S1i), f32x4.add(C1i, S1r), w4r, w4i);
      storeTwiddled(yr, yi, o0 + 2 * outT, f32x4.add(C2r, S2i), f32x4.sub(C2i, S2r), w2r, w2i);
      storeTwiddled(yr, yi, o0 + 3 * outT, f32x4.sub(C2r, S2i), f32x4.add(C2i, S2r), w3r, w3i);
      if (v + 4 >= run) break;
      v += 4;
    }
  }
}

/**
 * Any odd prime radix p as a direct DFT pairing inputs r and p − r: with
 * s_r = a_r + a_(p−r), d_r = a_r − a_(p−r) and θ = 2π·r·t/p,
 * b_t = a_0 + Σ cos θ·s_r − i·Σ sin θ·d_r and b_(p−t) the same with +i.
 * `dft` holds cos θ then sin θ, (t − 1)·half + r − 1; `scratch` the s_r, d_r.
 */
function radixOdd(
  xr: usize, xi: usize, yr: usize, yi: usize,
  p: i32, m: i32, s: i32, stride: i32, tw: usize, dft: usize, scratch: usize,
): void {
  // q < s and the lanes form one contiguous run of s·stride floats.
  const run = s * stride;
  const inR = <usize>(s * m * stride) << 2;
  const outT = <usize>(s * stride) << 2;
  const half = (p - 1) >> 1;
  const hb = <usize>half << 4;
  const sumRe = scratch, sumIm = scratch + hb, diffRe = scratch + 2 * hb, diffIm = scratch + 3 * hb;
  const sinTable = dft + (<usize>(half * half) << 2);
  for (let k = 0; k < m; k++) {
    const twk = tw + (<usize>(k * (p - 1)) << 3);
    const inBase = <usize>((s * k) * stride) << 2;
    const outBase = <usize>((s * p * k) * stride) << 2;
    let v = 0;
    while (true) {
      if (v > run - 4) v = run - 4;
      const i0 = inBase + (<usize>v << 2);
      const o0 = outBase + (<usize>v << 2);
      const a0r = v128.load(xr + i0), a0i = v128.load(xi + i0);
      let dcr = a0r, dci = a0i;
      for (let r = 1; r <= half; r++) {
        const lo = i0 + <usize>r * inR, hi = i0 + <usize>(p - r) * inR;
        const ur = v128.load(xr + lo), ui = v128.load(xi + lo);
        const wr = v128.load(xr + hi), wi = v128.load(xi + hi);
        const sr = f32x4.add(ur, wr), si = f32x4.add(ui, wi);
        const at = <usize>(r - 1) << 4;
        v128.store(sumRe + at, sr);
        v128.store(sumIm + at, si);
        v128.store(diffRe + at, f32x4.sub(ur, wr));
        v128.store(diffIm + at, f32x4.sub(ui, wi));
        dcr = f32x4.add(dcr, sr);
        dci = f32x4.add(dci, si);
      }
      v128.store(yr + o0, dcr);
      v128.store(yi + o0, dci);
      for (let t = 1; t <= half; t++) {
        let cr = a0r, ci = a0i, sr = f32x4.splat(0), si = f32x4.splat(0);
        const row = <usize>((t - 1) * half) << 2;
        for (let r = 0; r < half; r++) {
          const cos = v128.load32_splat(dft + row + (<usize>r << 2));
          const sin = v128.load32_splat(sinTable + row + (<usize>r << 2));
          const at = <usize>r << 4;
          cr = f32x4.add(cr, f32x4.mul(cos, v128.load(sumRe + at)));
          ci = f32x4.add(ci, f32x4.mul(cos, v128.load(sumIm + at)));
          sr = f32x4.add(sr, f32x4.mul(sin, v128.load(diffRe + at)));
          si = f32x4.add(si, f32x4.mul(sin, v128.load(diffIm + at)));
        }
        const wt = twk + (<usize>(t - 1) << 3), wu = twk + (<usize>(p - t - 1) << 3);
        storeTwiddled(yr, yi, o0 + <usize>t * outT, f32x4.add(cr, si), f32x4.sub(ci, sr), v128.load32_splat(wt), v128.load32_splat(wt + 4));
        storeTwiddled(yr, yi, o0 + <usize>(p - t) * outT, f32x4.sub(cr, si), f32x4.add(ci, sr), v128.load32_splat(wu), v128.load32_splat(wu + 4));
      }
      if (v + 4 >= run) break;
      v += 4;
    }
  }
}

/**
 * Forward DFTs of length n along every lane of x (`stride` lanes), with y
 * as the other Stockham buffer. Returns whether the result ended in y (odd
 * stage count) rather than x. A plan whose first field is BLUESTEIN
 * describes a length with a prime factor too large for the direct
 * butterfly.
 */
function fft(xr: usize, xi: usize, yr: usize, yi: usize, plan: usize, stride: i32, scratch: usize): bool {
  const stages = load<i32>(plan);
  if (stages == BLUESTEIN) {
    bluestein(xr, xi, plan, stride, scratch);
    return false;
  }
  let s = 1;
  let inY = false;
  for (let st = 0; st < stages; st++) {
    const stage = plan + 4 + <usize>st * STAGE_BYTES;
    const p = load<i32>(stage), m = load<i32>(stage + 4);
    const tw = <usize>load<i32>(stage + 8), dft = <usize>load<i32>(stage + 12);
    const ar = inY ? yr : xr, ai = inY ? yi : xi, br = inY ? xr : yr, bi = inY ? xi : yi;
    if (p == 4) radix4(ar, ai, br, bi, m, s, stride, tw);
    else if (p == 2) radix2(ar, ai, br, bi, m, s, stride, tw);
    else if (p == 5) radix5(ar, ai, br, bi, m, s, stride, tw);
    else if (p == 3) radix3(ar, ai, br, bi, m, s, stride, tw);
    else radixOdd(ar, ai, br, bi, p, m, s, stride, tw, dft, scratch);
    s *= p;
    inY = !inY;
  }
  return inY;
}

/** dst[j] = src[j] · c_j on every lane, for j < rows, with the complex factors c at `factors` (re, im pairs); dst ≠ src. */
function multiplyRows(dr: usize, di: usize, sr: usize, si: usize, factors: usize, rows: i32, stride: i32): void {
  for (let j = 0; j < rows; j++) {
    const cr = v128.load32_splat(factors + (<usize>j << 3)), ci = v128.load32_splat(factors + (<usize>j << 3) + 4);
    const row = <usize>(j * stride) << 2;
    let v = 0;
    while (true) {
      if (v > stride - 4) v = stride - 4;
      const o = row + (<usize>v << 2);
      const ar = v128.load(sr + o), ai = v128.load(si + o);
      v128.store(dr + o, vmulRe(ar, ai, cr, ci));
      v128.store(di + o, vmulIm(ar, ai, cr, ci));
      if (v + 4 >= stride) break;
      v += 4;
    }
  }
}

/**
 * Bluestein's algorithm: with the chirp w_j = exp(−πi·j²/n),
 * X_k = w_k · Σ_j (x_j·w_j) · conj(w_(k−j)), a circular convolution of
 * length M ≥ 2n − 1 done by FFTs of a length the Stockham passes handle.
 * Plan fields (i32): BLUESTEIN, n, M, chirp, kernel (DFT of the wrapped
 * conj(w), divided by M), the plan of length M, and two work buffers of
 * M rows × every lane. The result is written back into x.
 */
function bluestein(xr: usize, xi: usize, plan: usize, stride: i32, scratch: usize): void {
  const n = load<i32>(plan + 4), m = load<i32>(plan + 8);
  const chirp = <usize>load<i32>(plan + 12), kernel = <usize>load<i32>(plan + 16), inner = <usize>load<i32>(plan + 20);
  const aRe = <usize>load<i32>(plan + 24), aIm = <usize>load<i32>(plan + 28);
  const bRe = <usize>load<i32>(plan + 32), bIm = <usize>load<i32>(plan + 36);
  const used = <usize>(n * stride) << 2, all = <usize>(m * stride) << 2;
  multiplyRows(aRe, aIm, xr, xi, chirp, n, stride);
  memory.fill(aRe + used, 0, all - used);
  memory.fill(aIm + used, 0, all - used);
  let inB = fft(aRe, aIm, bRe, bIm, inner, stride, scratch);
  // Spectrum times the kernel's, into the other buffer; then the inverse DFT (swap trick).
  const sr = inB ? bRe : aRe, si = inB ? bIm : aIm, dr = inB ? aRe : bRe, di = inB ? aIm : bIm;
  multiplyRows(dr, di, sr, si, kernel, m, stride);
  inB = fft(di, dr, si, sr, inner, stride, scratch);
  multiplyRows(xr, xi, inB ? sr : dr, inB ? si : di, chirp, n, stride);
}

/**
 * dst (cols × rows) = transpose of src (rows × cols): 4×4 blocks moved
 * through registers with shuffles, the ragged right and bottom strips one
 * float at a time.
 */
function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  const rows4 = rows & ~3, cols4 = cols & ~3;
  const srcRow = <usize>cols << 2, dstRow = <usize>rows << 2;
  for (let r = 0; r < rows4; r += 4) {
    const from = src + <usize>r * srcRow;
    for (let c = 0; c < cols4; c += 4) {
      const at = from + (<usize>c << 2);
      const a = v128.load(at), b = v128.load(at + srcRow), e = v128.load(at + 2 * srcRow), d = v128.load(at + 3 * srcRow);
      const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5), t1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(e, d, 0, 4, 1, 5), t3 = v128.shuffle<f32>(e, d, 2, 6, 3, 7);
      const to = dst + <usize>c * dstRow + (<usize>r << 2);
      v128.store(to, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(to + dstRow, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(to + 2 * dstRow, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(to + 3 * dstRow, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
    for (let c = cols4; c < cols; c++) {
      for (let i = r; i < r + 4; i++) store<f32>(dst + (<usize>(c * rows + i) << 2), load<f32>(src + (<usize>(i * cols + c) << 2)));
    }
  }
  for (let r = rows4; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * cols + c) << 2)));
  }
}

/** dst = src · g over n values (g real); safe in place. */
function multiplyReal(dr: usize, di: usize, sr: usize, si: usize, g: usize, n: i32): void {
  const vn = n & ~3;
  for (let i = 0; i < vn; i += 4) {
    const o = <usize>i << 2;
    const gv = v128.load(g + o);
    v128.store(dr + o, f32x4.mul(v128.load(sr + o), gv));
    v128.store(di + o, f32x4.mul(v128.load(si + o), gv));
  }
  for (let i = vn; i < n; i++) {
    const o = <usize>i << 2;
    const gv = load<f32>(g + o);
    store<f32>(dr + o, load<f32>(sr + o) * gv);
    store<f32>(di + o, load<f32>(si + o) * gv);
  }
}

/**
 * 2-D DFT of the rows × cols matrix in A (rows = picture width: the FFTW
 * layout quirk). The spectrum ends transposed (cols × rows) in T, or in A
 * when this returns true; B is overwritten.
 */
function forward2d(header: usize, rows: i32, cols: i32, planRows: usize, planCols: usize): bool {
  const aRe = field(header, H_A_RE), aIm = field(header, H_A_IM);
  const bRe = field(header, H_B_RE), bIm = field(header, H_B_IM);
  const tRe = field(header, H_T_RE), tIm = field(header, H_T_IM);
  const scratch = field(header, H_SCRATCH);
  const inB = fft(aRe, aIm, bRe, bIm, planRows, cols, scratch);
  transpose(inB ? bRe : aRe, tRe, rows, cols);
  transpose(inB ? bIm : aIm, tIm, rows, cols);
  return fft(tRe, tIm, aRe, aIm, planCols, rows, scratch);
}

/**
 * Inverse 2-D DFT (unnormalised) of a transposed spectrum in A. The
 * rows × cols result ends in T, or in A when this returns true; B is
 * overwritten.
 */
function inverse2d(header: usize, rows: i32, cols: i32, planRows: usize, planCols: usize): bool {
  const aRe = field(header, H_A_RE), aIm = field(header, H_A_IM);
  const bRe = field(header, H_B_RE), bIm = field(header, H_B_IM);
  const tRe = field(header, H_T_RE), tIm = field(header, H_T_IM);
  const scratch = field(header, H_SCRATCH);
  const inB = fft(aIm, aRe, bIm, bRe, planCols, rows, scratch);
  transpose(inB ? bRe : aRe, tRe, cols, rows);
  transpose(inB ? bIm : aIm, tIm, cols, rows);
  return fft(tIm, tRe, aIm, aRe, planRows, cols, scratch);
}

/** Circular filtering of A in place by a real filter (transposed layout); the result is at the returned offset pair. */
function lowPass(header: usize, filter: usize, width: i32, height: i32): usize {
  const aRe = field(header, H_A_RE), aIm = field(header, H_A_IM);
  const tRe = field(header, H_T_RE), tIm = field(header, H_T_IM);
  const planRows = field(header, H_FFT_WP), planCols = field(header, H_FFT_HP);
  const inA = forward2d(header, width, height, planRows, planCols);
  multiplyReal(aRe, aIm, inA ? aRe : tRe, inA ? aIm : tIm, filter, width * height);
  return inverse2d(header, width, height, planRows, planCols) ? 0 : 1;
}

@inline function mirror(i: i32, n: i32): i32 {
  return i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i;
}

/**
 * Step 1 (prefilter): log, symmetric padding by PAD, whitening
 * P ← P − Re(IDFT(DFT(P)·g)), contrast normalisation P ← P / (0.2 + √|IDFT(DFT(M²)·g)|),
 * crop. R and G share one complex transform (their filter is Hermitian, so
 * both outputs are real); B takes another; M² a third.
 */
function prefilter(header: usize): void {
  const width = load<i32>(header + (H_WIDTH << 2)), height = load<i32>(header + (H_HEIGHT << 2));
  const wp = width + 2 * PAD, hp = height + 2 * PAD, np = wp * hp;
  const logTable = field(header, H_LOG), rgb = field(header, H_RGB);
  const p0 = field(header, H_P), p1 = p0 + (<usize>np << 2), p2 = p1 + (<usize>np << 2);
  const aRe = field(header, H_A_RE), aIm = field(header, H_A_IM);
  const tRe = field(header, H_T_RE), tIm = field(header, H_T_IM);
  for (let yp = 0; yp < hp; yp++) {
    const row = mirror(yp - PAD, height) * width;
    for (let xp = 0; xp < wp; xp++) {
      const src = rgb + <usize>((row + mirror(xp - PAD, width)) * 3);
      const dst = <usize>(yp * wp + xp) << 2;
      store<f32>(p0 + dst, load<f32>(logTable + (<usize>load<u8>(src) << 2)));
      store<f32>(p1 + dst, load<f32>(logTable + (<usize>load<u8>(src + 1) << 2)));
      store<f32>(p2 + dst, load<f32>(logTable + (<usize>load<u8>(src + 2) << 2)));
    }
  }
  const bytes = <usize>np << 2;
  const vn = np & ~3;

  memory.copy(aRe, p0, bytes);
  memory.copy(aIm, p1, bytes);
  let inT = lowPass(header, field(header, H_LOW_SYM), wp, hp) == 1;
  let rr = inT ? tRe : aRe, ri = inT ? tIm : aIm;
  for (let i = 0; i < np; i++) {
    const o = <usize>i << 2;
    store<f32>(p0 + o, load<f32>(p0 + o) - load<f32>(rr + o));
    store<f32>(p1 + o, load<f32>(p1 + o) - load<f32>(ri + o));
  }

  memory.copy(aRe, p2, bytes);
  memory.fill(aIm, 0, bytes);
  inT = lowPass(header, field(header, H_LOW_SYM), wp, hp) == 1;
  rr = inT ? tRe : aRe;
  for (let i = 0; i < np; i++) {
    const o = <usize>i << 2;
    store<f32>(p2 + o, load<f32>(p2 + o) - load<f32>(rr + o));
  }

  const third = f32x4.splat(<f32>(1.0 / 3.0));
  for (let i = 0; i < vn; i += 4) {
    const o = <usize>i << 2;
    const mean = f32x4.mul(f32x4.add(f32x4.add(v128.load(p0 + o), v128.load(p1 + o)), v128.load(p2 + o)), third);
    v128.store(aRe + o, f32x4.mul(mean, mean));
  }
  for (let i = vn; i < np; i++) {
    const o = <usize>i << 2;
    const mean = (load<f32>(p0 + o) + load<f32>(p1 + o) + load<f32>(p2 + o)) * <f32>(1.0 / 3.0);
    store<f32>(aRe + o, mean * mean);
  }
  memory.fill(aIm, 0, bytes);
  inT = lowPass(header, field(header, H_LOW), wp, hp) == 1;
  rr = inT ? tRe : aRe;
  ri = inT ? tIm : aIm;

  const n = width * height;
  const o0 = field(header, H_O), o1 = o0 + (<usize>n << 2), o2 = o1 + (<usize>n << 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = <usize>((y + PAD) * wp + x + PAD) << 2;
      const er = load<f32>(rr + i), ei = load<f32>(ri + i);
      const scale = <f32>1.0 / (CONTRAST_FLOOR + sqrt<f32>(sqrt<f32>(er * er + ei * ei)));
      const o = <usize>(y * width + x) << 2;
      store<f32>(o0 + o, load<f32>(p0 + i) * scale);
      store<f32>(o1 + o, load<f32>(p1 + i) * scale);
      store<f32>(o2 + o, load<f32>(p2 + i) * scale);
    }
  }
}

/** Means of |re + i·im| over the 4×4 blocks, written to out[bx·4 + by]. */
function pool(header: usize, re: usize, im: usize, out: usize): void {
  const width = load<i32>(header + (H_WIDTH << 2)), height = load<i32>(header + (H_HEIGHT << 2));
  const edges = field(header, H_COLUMN_EDGES), rowBlock = field(header, H_ROW_BLOCK), scale = field(header, H_BLOCK_SCALE);
  // Per block: a float32 running sum per row (as the C code sums in float32), carried in float64 across rows.
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let by = 0;
  for (let y = 0; y <= height; y++) {
    const rowBy = y < height ? load<i32>(rowBlock + (<usize>y << 2)) : BLOCKS;
    if (rowBy != by) {
      store<f32>(out + (<usize>(0 * BLOCKS + by) << 2), <f32>(s0 * <f64>load<f32>(scale + (<usize>(0 * BLOCKS + by) << 2))));
      store<f32>(out + (<usize>(1 * BLOCKS + by) << 2), <f32>(s1 * <f64>load<f32>(scale + (<usize>(1 * BLOCKS + by) << 2))));
      store<f32>(out + (<usize>(2 * BLOCKS + by) << 2), <f32>(s2 * <f64>load<f32>(scale + (<usize>(2 * BLOCKS + by) << 2))));
      store<f32>(out + (<usize>(3 * BLOCKS + by) << 2), <f32>(s3 * <f64>load<f32>(scale + (<usize>(3 * BLOCKS + by) << 2))));
      s0 = 0;
      s1 = 0;
      s2 = 0;
      s3 = 0;
      by = rowBy;
      if (y == height) break;
    }
    const row = <usize>(y * width) << 2;
    for (let bx = 0; bx < BLOCKS; bx++) {
      const x0 = load<i32>(edges + (<usize>bx << 2)), x1 = load<i32>(edges + (<usize>(bx + 1) << 2));
      let acc = f32x4.splat(0);
      let x = x0;
      for (; x + 4 <= x1; x += 4) {
        const o = row + (<usize>x << 2);
        const ar = v128.load(re + o), ai = v128.load(im + o);
        acc = f32x4.add(acc, f32x4.sqrt(f32x4.add(f32x4.mul(ar, ar), f32x4.mul(ai, ai))));
      }
      let sum: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
      for (; x < x1; x++) {
        const o = row + (<usize>x << 2);
        const ar = load<f32>(re + o), ai = load<f32>(im + o);
        sum += sqrt<f32>(ar * ar + ai * ai);
      }
      if (bx == 0) s0 += sum;
      else if (bx == 1) s1 += sum;
      else if (bx == 2) s2 += sum;
      else s3 += sum;
    }
  }
}

/** Steps 1–3 for the picture at H_RGB: 960 values at H_OUT. */
export function describe(header: usize): void {
  const width = load<i32>(header + (H_WIDTH << 2)), height = load<i32>(header + (H_HEIGHT << 2));
  const n = width * height;
  const bytes = <usize>n << 2;
  const planRows = field(header, H_FFT_W), planCols = field(header, H_FFT_H);
  const aRe = field(header, H_A_RE), aIm = field(header, H_A_IM);
  const tRe = field(header, H_T_RE), tIm = field(header, H_T_IM);
  const fRe = field(header, H_F_RE), fIm = field(header, H_F_IM);
  const o0 = field(header, H_O);
  prefilter(header);

  // DFT(R + iG), then R̂[k] = (Z[k] + conj Z[−k])/2 and Ĝ[k] = (Z[k] − conj Z[−k])/2i (transposed layout: height × width).
  memory.copy(aRe, o0, bytes);
  memory.copy(aIm, o0 + bytes, bytes);
  let inA = forward2d(header, width, height, planRows, planCols);
  const zr = inA ? aRe : tRe, zi = inA ? aIm : tIm;
  for (let c = 0; c < height; c++) {
    const nc = c == 0 ? 0 : height - c;
    for (let r = 0; r < width; r++) {
      const nr = r == 0 ? 0 : width - r;
      const k = <usize>(c * width + r) << 2, nk = <usize>(nc * width + nr) << 2;
      const ar = load<f32>(zr + k), ai = load<f32>(zi + k), br = load<f32>(zr + nk), bi = load<f32>(zi + nk);
      store<f32>(fRe + k, <f32>0.5 * (ar + br));
      store<f32>(fIm + k, <f32>0.5 * (ai - bi));
      store<f32>(fRe + bytes + k, <f32>0.5 * (ai + bi));
      store<f32>(fIm + bytes + k, <f32>0.5 * (br - ar));
    }
  }
  memory.copy(aRe, o0 + 2 * bytes, bytes);
  memory.fill(aIm, 0, bytes);
  inA = forward2d(header, width, height, planRows, planCols);
  memory.copy(fRe + 2 * bytes, inA ? aRe : tRe, bytes);
  memory.copy(fIm + 2 * bytes, inA ? aIm : tIm, bytes);

  // Step 3: A = |IDFT(F·G_k)| averaged over the 4×4 blocks; output index c·320 + k·16 + bx·4 + by.
  const filters = field(header, H_FILTERS), out = field(header, H_OUT);
  for (let c = 0; c < 3; c++) {
    const sr = fRe + <usize>c * bytes, si = fIm + <usize>c * bytes;
    for (let k = 0; k < FILTERS; k++) {
      multiplyReal(aRe, aIm, sr, si, filters + <usize>k * bytes, n);
      inA = inverse2d(header, width, height, planRows, planCols);
      pool(header, inA ? aRe : tRe, inA ? aIm : tIm, out + (<usize>((c * FILTERS + k) * BLOCKS * BLOCKS) << 2));
    }
  }
}

/** First free byte after the module's own data: gist-wasm.ts lays its plans out from here. */
export function heapBase(): usize {
  return __heap_base;
}
