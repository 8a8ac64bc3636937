import { describe, expect, it } from 'vitest';
import { fitShrunkLda, projectRows } from '../../src/main/eval/lda.js';
import { choleskyInPlace, choleskySolveInPlace, gramMatrix, symmetricEigen } from '../../src/main/eval/linalg.js';
import { mulberry32 } from '../../src/shared/random.js';
import { gaussian } from './synthetic.js';

describe('linear algebra', () => {
  it('finds the eigenpairs of a symmetric matrix, largest first', () => {
    const a = Float64Array.of(4, 1, 0, 1, 3, 1, 0, 1, 2);
    const { values, vectors } = symmetricEigen(a, 3);
    expect(values[0]).toBeGreaterThanOrEqual(values[1]);
    expect(values[1]).toBeGreaterThanOrEqual(values[2]);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += a[i * 3 + j] * vectors[j * 3 + k];
        expect(av).toBeCloseTo(values[k] * vectors[i * 3 + k], 10);
      }
    }
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(9, 10);
  });

  it('solves a positive-definite system by Cholesky', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    choleskyInPlace(a, 2);
    const b = Float64Array.of(2, 1);
    choleskySolveInPlace(a, 2, b, 1);
    // 4x + 2y = 2, 2x + 3y = 1 → x = 0.5, y = 0.
    expect(b[0]).toBeCloseTo(0.5, 12);
    expect(b[1]).toBeCloseTo(0, 12);
  });
});

describe('fitShrunkLda', () => {
  const n = 60;
  const d = 5;
  const classes = 3;
  const normal = gaussian(mulberry32(3));
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const x = Float64Array.from({ length: n * d }, (_, t) => normal() + (t % d === labels[Math.floor(t / d)] ? 2 : 0));
  const alpha = 0.3;
  const fit = fitShrunkLda(x, n, d, labels, classes, gramMatrix(x, n, d), alpha, 10);

  /** Σ = (1−α) S_w + α ν I and S_b, built directly in the primal. */
  function scatter(): { sigma: Float64Array; between: Float64Array } {
    const means = new Float64Array(classes * d);
    const counts = new Float64Array(classes);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let k = 0; k < d; k++) means[labels[i] * d + k] += x[i * d + k];
    }
    for (let c = 0; c < classes; c++) for (let k = 0; k < d; k++) means[c * d + k] /= counts[c];
    const overall = new Float64Array(d);
    for (let c = 0; c < classes; c++) for (let k = 0; k < d; k++) overall[k] += (counts[c] / n) * means[c * d + k];
    const within = new Float64Array(d * d);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          within[a * d + b] += ((x[i * d + a] - means[labels[i] * d + a]) * (x[i * d + b] - means[labels[i] * d + b])) / n;
        }
      }
    }
    let trace = 0;
    for (let a = 0; a < d; a++) trace += within[a * d + a];
    const sigma = within.map((value, t) => (1 - alpha) * value + (Math.floor(t / d) === t % d ? (alpha * trace) / d : 0));
    const between = new Float64Array(d * d);
    for (let c = 0; c < classes; c++) {
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          between[a * d + b] += (counts[c] / n) * (means[c * d + a] - overall[a]) * (means[c * d + b] - overall[b]);
        }
      }
    }
    return { sigma, between };
  }

  it('gives C − 1 directions solving S_b v = λ Σ v with vᵀ Σ v = 1 (checked against the primal)', () => {
    expect(fit.dim).toBe(classes - 1);
    const { sigma, between } = scatter();
    for (let e = 0; e < fit.dim; e++) {
      const v = Float64Array.from({ length: d }, (_, k) => fit.projection[k * fit.dim + e]);
      const times = (m: Float64Array): Float64Array => Float64Array.from({ length: d }, (_, a) => v.reduce((s, vb, b) => s + m[a * d + b] * vb, 0));
      const sv = times(sigma);
      const bv = times(between);
      expect(v.reduce((s, value, k) => s + value * sv[k], 0)).toBeCloseTo(1, 8);
      for (let a = 0; a < d; a++) expect(bv[a]).toBeCloseTo(fit.ratios[e] * sv[a], 8);
    }
  });

  it('separates the classes it was fitted on', () => {
    const projected = projectRows(fit, x, n, d);
    const centroid = new Float64Array(classes * fit.dim);
    for (let i = 0; i < n; i++) for (let e = 0; e < fit.dim; e++) centroid[labels[i] * fit.dim + e] += projected[i * fit.dim + e] / (n / classes);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bestDistance = Infinity;
      for (let c = 0; c < classes; c++) {
        let distance = 0;
        for (let e = 0; e < fit.dim; e++) distance += (projected[i * fit.dim + e] - centroid[c * fit.dim + e]) ** 2;
        if (distance < bestDistance) {
          bestDistance = distance;
          best = c;
        }
      }
      if (best === labels[i]) correct++;
    }
    expect(correct / n).toBeGreaterThan(0.8);
  });
});
