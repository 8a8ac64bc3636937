/**
 * The few dense linear-algebra routines the learned kind needs, on
 * row-major Float64Arrays (Golub & Van Loan, "Matrix Computations", 4th ed.:
 * Cholesky §4.2, cyclic Jacobi §8.5).
 */

/** G = X Xᵀ for n rows of width d (row-major), symmetric n×n. */
export function gramMatrix(x: Float64Array, n: number, d: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = i * d;
    for (let j = i; j < n; j++) {
      const b = j * d;
      let sum = 0;
      for (let k = 0; k < d; k++) sum += x[a + k] * x[b + k];
      g[i * n + j] = sum;
      g[j * n + i] = sum;
    }
  }
  return g;
}

/** In-place Cholesky A = L Lᵀ of a symmetric positive-definite n×n matrix; L is left in the lower triangle. */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j];
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k] * a[rowJ + k];
    if (!(diagonal > 0)) throw new Error('matrix is not positive definite');
    const root = Math.sqrt(diagonal);
    a[rowJ + j] = root;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j];
      for (let k = 0; k < j; k++) sum -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = sum / root;
    }
  }
}

/** Solves (L Lᵀ) X = B in place for B of n rows × cols (row-major), L from choleskyInPlace. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array, cols: number): void {
  for (let c = 0; c < cols; c++) {
    for (let i = 0; i < n; i++) {
      let sum = b[i * cols + c];
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * b[k * cols + c];
      b[i * cols + c] = sum / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = b[i * cols + c];
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * b[k * cols + c];
      b[i * cols + c] = sum / l[i * n + i];
    }
  }
}

export interface Eigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** Column k (vectors[i * n + k]) is the unit eigenvector of values[k]. */
  readonly vectors: Float64Array;
}

const JACOBI_MAX_SWEEPS = 100;

/** Eigen-decomposition of a small symmetric n×n matrix by cyclic Jacobi rotations. */
export function symmetricEigen(matrix: Float64Array, n: number): Eigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
    let offDiagonal = 0;
    let scale = 0;
    for (let p = 0; p < n; p++) {
      scale += a[p * n + p] * a[p * n + p];
      for (let q = p + 1; q < n; q++) offDiagonal += a[p * n + q] * a[p * n + q];
    }
    if (offDiagonal <= Number.EPSILON * Number.EPSILON * (scale + offDiagonal)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q]: t = tan θ, the smaller root of t² + 2τt − 1 = 0.
        const tau = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = a[from * n + from];
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values, vectors };
}
