import { mulberry32, type Random } from '../../src/shared/random.js';
import type { EvalItem } from '../../src/main/eval/evaluate.js';

/** Standard normal numbers (Box–Muller) from a seeded generator. */
export function gaussian(random: Random): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export const COLOURS = ['red', 'green', 'blue'] as const;

/**
 * Albums whose label is the dominant colour of their cover: `color` is a
 * mean-RGB-like vector leaning to the label's channel, `tiny` is noise that
 * knows nothing of the label.
 */
export function colourAlbums(count: number, seed: number): EvalItem[] {
  const random = mulberry32(seed);
  const normal = gaussian(random);
  return Array.from({ length: count }, (_, i) => {
    const c = i % COLOURS.length;
    const color = Float32Array.from({ length: 3 }, (_, k) => (k === c ? 1 : 0.2) + 0.25 * normal());
    const tiny = Float32Array.from({ length: 64 }, () => normal());
    return { label: COLOURS[c], artworkKey: i, vectors: new Map([['color', color], ['tiny', tiny]]) };
  });
}

/**
 * Labels decided by a few directions buried in noise: every kind is mostly
 * noise, so raw cosine barely sees the labels, while a projection fitted to
 * them finds the few directions that matter.
 */
export function buriedAlbums(count: number, seed: number, classes = 4, dim = 48): EvalItem[] {
  const random = mulberry32(seed);
  const normal = gaussian(random);
  const means = Array.from({ length: classes }, () => Float64Array.from({ length: 3 }, () => 0.8 * normal()));
  return Array.from({ length: count }, (_, i) => {
    const c = i % classes;
    const a = Float32Array.from({ length: dim }, (_, k) => (k < 3 ? means[c][k] : 0) + normal());
    const b = Float32Array.from({ length: dim }, () => normal());
    return { label: `class ${c}`, artworkKey: i, vectors: new Map([['a', a], ['b', b]]) };
  });
}

/** The same items with labels permuted by a seeded shuffle. */
export function shuffledLabels(items: readonly EvalItem[], seed: number): EvalItem[] {
  const random = mulberry32(seed);
  const labels = items.map((item) => item.label);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  return items.map((item, i) => ({ ...item, label: labels[i] }));
}
