import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/shared/random.js';
import { pathLength, shortPath } from '../../src/main/playlists/tour.js';
import { normalized } from '../../src/main/playlists/vector-math.js';
import { onCircle } from './fixture.js';

const point = (angle: number) => Float64Array.from(onCircle(angle));

function randomUnit(random: () => number, dim: number): Float64Array {
  return normalized(Array.from({ length: dim }, () => random() * 2 - 1));
}

describe('short path through cover space', () => {
  it('walks points of an arc in order from the start, whatever order they come in', () => {
    const angles = [0.9, 0.2, 1.5, 0.5, 1.2, 0.1, 0.7];
    const order = shortPath(point(0), angles.map(point));
    expect(order.map((i) => angles[i])).toEqual([...angles].sort((a, b) => a - b));
  });

  it('ends no longer than the input order, and no reversal of a stretch shortens it (2-opt optimum)', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 20; trial++) {
      const points = Array.from({ length: 12 }, () => randomUnit(random, 5));
      const start = randomUnit(random, 5);
      const path = shortPath(start, points).map((i) => points[i]);
      const length = pathLength(start, path);
      expect(length).toBeLessThanOrEqual(pathLength(start, points) + 1e-12);
      for (let i = 0; i < path.length; i++) {
        for (let j = i + 1; j < path.length; j++) {
          const reversed = [...path.slice(0, i), ...path.slice(i, j + 1).reverse(), ...path.slice(j + 1)];
          expect(pathLength(start, reversed)).toBeGreaterThanOrEqual(length - 1e-9);
        }
      }
      expect(new Set(shortPath(start, points)).size).toBe(points.length);
    }
  });

  it('handles no points and one point', () => {
    expect(shortPath(point(0), [])).toEqual([]);
    expect(shortPath(point(0), [point(1)])).toEqual([0]);
  });
});
