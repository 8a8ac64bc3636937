/**
 * The `learned` descriptor kind at run time: the projection fitted by
 * eval/learned.ts (shrinkage LDA over the other kinds' vectors) applied to a
 * cover's vectors. It sits beside the descriptor kinds because scans,
 * similarity and playlists use it like any kind; only fitting belongs to eval.
 *
 * Inputs are power-normalised (signed square root, Perronnin et al. 2010,
 * "Improving the Fisher kernel") and scaled to unit length, then centred and
 * projected: y = projectionᵀ (prepared(x) − center).
 */
export const LEARNED_KIND = 'learned';

export interface InputKind {
  readonly name: string;
  readonly version: number;
  readonly dim: number;
}

/** A fitted projection, as stored: y = projectionᵀ (prepared(x) − center). */
export interface LearnedProjection {
  readonly inputs: readonly InputKind[];
  /** Labels (class names) the model separates, in class order. */
  readonly classes: readonly string[];
  readonly shrinkage: number;
  readonly dim: number;
  /** Σ input dims. */
  readonly center: Float32Array;
  /** Σ input dims × dim, row-major. */
  readonly projection: Float32Array;
}

/** Signed square root then unit length, written at out[offset...]. */
export function prepareInput(vector: ArrayLike<number>, out: Float64Array, offset: number): void {
  let norm = 0;
  for (let k = 0; k < vector.length; k++) {
    const value = vector[k];
    const root = value < 0 ? -Math.sqrt(-value) : Math.sqrt(value);
    out[offset + k] = root;
    norm += value < 0 ? -value : value;
  }
  if (norm === 0) return;
  const inverse = 1 / Math.sqrt(norm);
  for (let k = 0; k < vector.length; k++) out[offset + k] *= inverse;
}

/** The learned vector of one cover from its input kinds' vectors (in `inputs` order). */
export function applyProjection(model: LearnedProjection, vectors: readonly ArrayLike<number>[]): Float32Array {
  const width = model.center.length;
  const prepared = new Float64Array(width);
  let offset = 0;
  model.inputs.forEach((input, b) => {
    if (vectors[b].length !== input.dim) throw new RangeError(`${input.name} vector has ${vectors[b].length} values, expected ${input.dim}`);
    prepareInput(vectors[b], prepared, offset);
    offset += input.dim;
  });
  const out = new Float32Array(model.dim);
  for (let t = 0; t < width; t++) {
    const value = prepared[t] - model.center[t];
    for (let e = 0; e < model.dim; e++) out[e] += value * model.projection[t * model.dim + e];
  }
  return out;
}
