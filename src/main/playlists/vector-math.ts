/** Small helpers on dense vectors, accumulated in double precision. */

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** a / |a| as a new Float64Array; the zero vector stays zero. */
export function normalized(a: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(a);
  const length = norm(out);
  if (length > 0) for (let i = 0; i < out.length; i++) out[i] /= length;
  return out;
}

/** The element-wise mean of equally long vectors. */
export function mean(vectors: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(vectors[0].length);
  for (const vector of vectors) for (let i = 0; i < out.length; i++) out[i] += vector[i];
  for (let i = 0; i < out.length; i++) out[i] /= vectors.length;
  return out;
}

/** Within this angle (radians) of 0 or π slerp is ill-conditioned; it falls back to a normalised lerp. */
const SLERP_MIN_ANGLE = 1e-6;

/**
 * Spherical linear interpolation between unit vectors (Shoemake 1985):
 * slerp(a, b, t) = [sin((1-t)θ) a + sin(tθ) b] / sin θ with cos θ = a·b, so
 * equal steps of t are equal steps of angle along the great circle.
 */
export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float64Array {
  const cosine = Math.min(1, Math.max(-1, dot(a, b)));
  const angle = Math.acos(cosine);
  const out = new Float64Array(a.length);
  if (angle < SLERP_MIN_ANGLE || Math.PI - angle < SLERP_MIN_ANGLE) {
    for (let i = 0; i < out.length; i++) out[i] = (1 - t) * a[i] + t * b[i];
    return normalized(out);
  }
  const wa = Math.sin((1 - t) * angle) / Math.sin(angle);
  const wb = Math.sin(t * angle) / Math.sin(angle);
  for (let i = 0; i < out.length; i++) out[i] = wa * a[i] + wb * b[i];
  return out;
}
