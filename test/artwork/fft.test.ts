import { describe, expect, it } from 'vitest';
import { fft2d } from '../../src/main/artwork/fft.js';

/** Direct O(N²) 2-D DFT, the definition the FFT must reproduce. */
function directDft(re: Float64Array, im: Float64Array, rows: number, cols: number): [Float64Array, Float64Array] {
  const outRe = new Float64Array(rows * cols);
  const outIm = new Float64Array(rows * cols);
  for (let u = 0; u < rows; u++) {
    for (let v = 0; v < cols; v++) {
      let sr = 0;
      let si = 0;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const angle = -2 * Math.PI * (((u * r) % rows) / rows + ((v * c) % cols) / cols);
          const cos = Math.cos(angle);
          const sin = Math.sin(angle);
          sr += re[r * cols + c] * cos - im[r * cols + c] * sin;
          si += re[r * cols + c] * sin + im[r * cols + c] * cos;
        }
      }
      outRe[u * cols + v] = sr;
      outIm[u * cols + v] = si;
    }
  }
  return [outRe, outIm];
}

function pseudoRandom(length: number, seed: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  });
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('2-D FFT', () => {
  // 5-smooth sizes (radix 2, 3, 4, 5), small odd primes (direct butterflies), 211 (Bluestein), mixed.
  const sizes: [number, number][] = [[1, 1], [1, 16], [4, 4], [8, 3], [5, 6], [9, 25], [7, 9], [13, 1], [34, 26], [11, 16], [30, 37], [1, 211], [23, 74], [46, 7]];
  for (const [rows, cols] of sizes) {
    it(`forward equals the direct DFT and backward undoes it, ${rows}x${cols}`, () => {
      const re = pseudoRandom(rows * cols, rows * 31 + cols);
      const im = pseudoRandom(rows * cols, rows + cols * 17);
      const [expectRe, expectIm] = directDft(re, im, rows, cols);
      const xr = re.slice();
      const xi = im.slice();
      const plan = fft2d(rows, cols);
      plan.forward(xr, xi);
      expect(maxDiff(xr, expectRe)).toBeLessThan(1e-10);
      expect(maxDiff(xi, expectIm)).toBeLessThan(1e-10);
      plan.backward(xr, xi);
      const n = rows * cols;
      expect(maxDiff(xr.map((v) => v / n), re)).toBeLessThan(1e-13);
      expect(maxDiff(xi.map((v) => v / n), im)).toBeLessThan(1e-13);
    });
  }

  // Every length up to 70 (odd primes up to 47 as direct butterflies, 53 to 67 by
  // Bluestein), the GIST prefilter's padded sides 74 = 2·37 and 138 = 2·3·23,
  // the prime 211 and 310 = 2·5·31; as rows (1×n) and as columns (n×1).
  const lengths = [...Array.from({ length: 70 }, (_, i) => i + 1), 74, 138, 211, 310];
  it('1-D transforms of every length match the direct DFT', () => {
    for (const n of lengths) {
      const re = pseudoRandom(n, n * 7 + 1);
      const im = pseudoRandom(n, n * 13 + 5);
      const [expectRe, expectIm] = directDft(re, im, 1, n);
      for (const [rows, cols] of [[1, n], [n, 1]]) {
        const xr = re.slice();
        const xi = im.slice();
        fft2d(rows, cols).forward(xr, xi);
        expect(maxDiff(xr, expectRe), `length ${n} as ${rows}x${cols}`).toBeLessThan(1e-10);
        expect(maxDiff(xi, expectIm), `length ${n} as ${rows}x${cols}`).toBeLessThan(1e-10);
      }
    }
  });

  // Stockham both ways (138 = 2·3·23), a Bluestein column pass (53 rows), a Bluestein row pass (59 columns).
  for (const [rows, cols] of [[138, 12], [53, 10], [12, 59]]) {
    it(`filter() and backwardSupported() equal forward, product and backward, skipping zero rows, ${rows}x${cols}`, () => {
      const n = rows * cols;
      const re = pseudoRandom(n, rows * 5 + cols);
      const im = pseudoRandom(n, rows + cols * 3);
      // Nonzero only in rows near 0 and rows − 1 (a band that wraps around) and in row 5 alone.
      const filter = pseudoRandom(n, 99).map((v, i) => {
        const row = Math.floor(i / cols);
        return row <= 2 || row >= rows - 2 || row === 5 ? v + 1 : 0;
      });
      const plan = fft2d(rows, cols);
      const expectRe = re.slice();
      const expectIm = im.slice();
      plan.forward(expectRe, expectIm);
      for (let i = 0; i < n; i++) {
        expectRe[i] *= filter[i];
        expectIm[i] *= filter[i];
      }
      const productRe = expectRe.slice();
      const productIm = expectIm.slice();
      plan.backward(expectRe, expectIm);
      for (let run = 0; run < 2; run++) {
        const xr = re.slice();
        const xi = im.slice();
        plan.filter(xr, xi, filter);
        expect(maxDiff(xr, expectRe)).toBeLessThan(1e-9);
        expect(maxDiff(xi, expectIm)).toBeLessThan(1e-9);
      }
      plan.backwardSupported(productRe, productIm, filter);
      expect(maxDiff(productRe, expectRe)).toBeLessThan(1e-9);
      expect(maxDiff(productIm, expectIm)).toBeLessThan(1e-9);
    });
  }

  // From 128×128 elements on, the strided row stages run in tiles of lanes; 130 rows leave a partial tile.
  it('a large transform (tiled row stages) equals direct DFTs of every column then every row, 130x136', () => {
    const rows = 130;
    const cols = 136;
    const re = pseudoRandom(rows * cols, 3);
    const im = pseudoRandom(rows * cols, 4);
    const expectRe = re.slice();
    const expectIm = im.slice();
    for (let c = 0; c < cols; c++) {
      const columnRe = Float64Array.from({ length: rows }, (_, r) => expectRe[r * cols + c]);
      const columnIm = Float64Array.from({ length: rows }, (_, r) => expectIm[r * cols + c]);
      const [outRe, outIm] = directDft(columnRe, columnIm, rows, 1);
      for (let r = 0; r < rows; r++) {
        expectRe[r * cols + c] = outRe[r];
        expectIm[r * cols + c] = outIm[r];
      }
    }
    for (let r = 0; r < rows; r++) {
      const [outRe, outIm] = directDft(expectRe.slice(r * cols, (r + 1) * cols), expectIm.slice(r * cols, (r + 1) * cols), 1, cols);
      expectRe.set(outRe, r * cols);
      expectIm.set(outIm, r * cols);
    }
    const xr = re.slice();
    const xi = im.slice();
    const plan = fft2d(rows, cols);
    plan.forward(xr, xi);
    expect(maxDiff(xr, expectRe)).toBeLessThan(1e-9);
    expect(maxDiff(xi, expectIm)).toBeLessThan(1e-9);
    plan.backward(xr, xi);
    expect(maxDiff(xr.map((v) => v / (rows * cols)), re)).toBeLessThan(1e-13);
  });

  it('reuses one cached plan per size', () => {
    expect(fft2d(12, 10)).toBe(fft2d(12, 10));
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => fft2d(0, 4)).toThrow(RangeError);
  });
});
