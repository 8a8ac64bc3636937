import { choleskyInPlace, choleskySolveInPlace, symmetricEigen } from './linalg.js';

/**
 * Regularised (shrinkage) linear discriminant analysis, solved in the dual so
 * that the cost is set by the number of training albums, not the width of
 * the descriptors (hundreds of albums × ~2,000 values).
 *
 * Within-class covariance, shrunk towards a scaled identity (Friedman 1989,
 * "Regularized discriminant analysis"):
 *   Σ = (1 − α) S_w + α ν I,   S_w = X_cᵀ X_c / n,   ν = tr(S_w) / d
 * where X_c holds each row minus its class mean. The discriminant directions
 * maximise vᵀ S_b v / vᵀ Σ v with S_b = Mᵀ M, row c of M = √(n_c/n) (μ_c − μ).
 * Writing v = Σ⁻¹ Mᵀ u turns that into the C×C eigenproblem
 *   K u = λ u,   K = M Σ⁻¹ Mᵀ,
 * and the Woodbury identity gives Σ⁻¹ through an n×n solve only:
 *   Σ⁻¹ = (αν)⁻¹ [I − X_cᵀ (γ I + X_c X_cᵀ)⁻¹ X_c],   γ = n α ν / (1 − α).
 * Each direction is scaled to unit within-class variance (vᵀ Σ v = 1).
 */
export interface LdaFit {
  /** Mean of the training rows (d values). */
  readonly mean: Float64Array;
  /** d × dim, row-major: column k is the k-th discriminant direction. */
  readonly projection: Float64Array;
  readonly dim: number;
  /** Between- to within-class variance ratio of each direction, largest first. */
  readonly ratios: Float64Array;
}

/** Directions whose ratio is below this fraction of the first carry no class information (rank of S_b is C − 1). */
const RANK_TOLERANCE = 1e-9;

/**
 * Fits on n rows of x (n × d, row-major) with labels in 0..classCount-1 (each
 * class present). `gram` is X Xᵀ for these rows (any constant shift of the
 * rows gives the same fit, so an uncentred Gram matrix will do).
 */
export function fitShrunkLda(
  x: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  classCount: number,
  gram: Float64Array,
  alpha: number,
  maxDim: number,
): LdaFit {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`shrinkage must be in (0, 1), got ${alpha}`);
  const C = classCount;
  const counts = new Float64Array(C);
  for (let i = 0; i < n; i++) counts[labels[i]]++;
  if (counts.some((count) => count === 0)) throw new RangeError('every class needs at least one training row');
  const prior = counts.map((count) => count / n);
  const weight = prior.map(Math.sqrt);

  const classMeans = new Float64Array(C * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const at = labels[i] * d;
    for (let k = 0; k < d; k++) classMeans[at + k] += x[row + k];
  }
  for (let c = 0; c < C; c++) for (let k = 0; k < d; k++) classMeans[c * d + k] /= counts[c];
  const mean = new Float64Array(d);
  for (let c = 0; c < C; c++) for (let k = 0; k < d; k++) mean[k] += prior[c] * classMeans[c * d + k];

  // r[i][c] = x_i·μ_c and q[a][b] = μ_a·μ_b, both from the Gram matrix.
  const r = new Float64Array(n * C);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) r[i * C + labels[j]] += gram[i * n + j];
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) r[i * C + c] /= counts[c];
  const q = new Float64Array(C * C);
  for (let i = 0; i < n; i++) for (let b = 0; b < C; b++) q[labels[i] * C + b] += r[i * C + b];
  for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) q[a * C + b] /= counts[a];
  // μ·μ_c and μ·μ.
  const meanDotClass = new Float64Array(C);
  for (let c = 0; c < C; c++) for (let b = 0; b < C; b++) meanDotClass[c] += prior[b] * q[b * C + c];
  let meanDotMean = 0;
  for (let c = 0; c < C; c++) meanDotMean += prior[c] * meanDotClass[c];

  // Centred Gram G_c = X_c X_cᵀ and ν.
  const centred = new Float64Array(n * n);
  let trace = 0;
  for (let i = 0; i < n; i++) {
    const ci = labels[i];
    for (let j = 0; j < n; j++) {
      const cj = labels[j];
      centred[i * n + j] = gram[i * n + j] - r[i * C + cj] - r[j * C + ci] + q[ci * C + cj];
    }
    trace += centred[i * n + i];
  }
  const nu = trace / (n * d);
  if (!(nu > 0)) throw new RangeError('the training rows have no within-class variance');
  const gamma = (n * alpha * nu) / (1 - alpha);

  // M Mᵀ and X_c Mᵀ.
  const mm = new Float64Array(C * C);
  for (let a = 0; a < C; a++) {
    for (let b = 0; b < C; b++) {
      mm[a * C + b] = weight[a] * weight[b] * (q[a * C + b] - meanDotClass[a] - meanDotClass[b] + meanDotMean);
    }
  }
  const xm = new Float64Array(n * C);
  for (let i = 0; i < n; i++) {
    const ci = labels[i];
    let xDotMean = 0;
    for (let b = 0; b < C; b++) xDotMean += prior[b] * r[i * C + b];
    for (let c = 0; c < C; c++) {
      xm[i * C + c] = weight[c] * (r[i * C + c] - xDotMean - q[ci * C + c] + meanDotClass[ci]);
    }
  }

  for (let i = 0; i < n; i++) centred[i * n + i] += gamma;
  choleskyInPlace(centred, n);
  const z = Float64Array.from(xm);
  choleskySolveInPlace(centred, n, z, C);

  const k = new Float64Array(C * C);
  for (let a = 0; a < C; a++) {
    for (let b = 0; b < C; b++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += xm[i * C + a] * z[i * C + b];
      k[a * C + b] = (mm[a * C + b] - sum) / (alpha * nu);
    }
  }
  // Symmetrise away rounding before the eigensolver.
  for (let a = 0; a < C; a++) {
    for (let b = a + 1; b < C; b++) {
      const average = 0.5 * (k[a * C + b] + k[b * C + a]);
      k[a * C + b] = average;
      k[b * C + a] = average;
    }
  }
  const { values, vectors } = symmetricEigen(k, C);
  let dim = 0;
  while (dim < Math.min(C - 1, maxDim) && values[dim] > RANK_TOLERANCE * values[0]) dim++;

  // v_k = (αν)⁻¹ (Mᵀ u_k − X_cᵀ Z u_k) / √λ_k.
  const projection = new Float64Array(d * dim);
  const zu = new Float64Array(n);
  for (let e = 0; e < dim; e++) {
    const scale = 1 / (alpha * nu * Math.sqrt(values[e]));
    for (let c = 0; c < C; c++) {
      const coefficient = vectors[c * C + e] * weight[c] * scale;
      for (let t = 0; t < d; t++) projection[t * dim + e] += coefficient * (classMeans[c * d + t] - mean[t]);
    }
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < C; c++) sum += z[i * C + c] * vectors[c * C + e];
      zu[i] = sum * scale;
    }
    for (let i = 0; i < n; i++) {
      const row = i * d;
      const at = labels[i] * d;
      const coefficient = zu[i];
      for (let t = 0; t < d; t++) projection[t * dim + e] -= coefficient * (x[row + t] - classMeans[at + t]);
    }
  }
  return { mean, projection, dim, ratios: values.slice(0, dim) };
}

/** Rows of x (n × d) projected: (x_i − mean) · projection, n × dim. */
export function projectRows(fit: LdaFit, x: Float64Array, n: number, d: number): Float64Array {
  const { mean, projection, dim } = fit;
  const out = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let t = 0; t < d; t++) {
      const value = x[row + t] - mean[t];
      if (value === 0) continue;
      const at = t * dim;
      for (let e = 0; e < dim; e++) out[i * dim + e] += value * projection[at + e];
    }
  }
  return out;
}
