import { describe, expect, it } from 'vitest';
import { COLOR_DIM, colorDescriptor, srgbToLab } from '../../src/main/artwork/color.js';
import { getKind } from '../../src/main/artwork/kinds.js';

type Rgb = [number, number, number];

const SIZE = getKind('color').canonicalSize;

/** A SIZE×SIZE cover painted by a function of the pixel position. */
function paint(colourAt: (x: number, y: number) => Rgb): Uint8Array {
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) rgb.set(colourAt(x, y), (y * SIZE + x) * 3);
  return rgb;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

const describeCover = (rgb: Uint8Array) => colorDescriptor(rgb, SIZE, SIZE);

const RED: Rgb = [220, 30, 40];
const NAVY: Rgb = [20, 30, 110];
const CREAM: Rgb = [240, 230, 200];
const GREEN: Rgb = [40, 170, 60];
const YELLOW: Rgb = [250, 220, 30];

describe('srgbToLab', () => {
  it('matches reference CIELAB values (D65)', () => {
    const lab = new Float64Array(3);
    srgbToLab(255, 255, 255, lab);
    expect(lab[0]).toBeCloseTo(100, 3);
    expect(Math.abs(lab[1])).toBeLessThan(0.01);
    expect(Math.abs(lab[2])).toBeLessThan(0.01);
    srgbToLab(255, 0, 0, lab); // sRGB red: L* 53.24, a* 80.09, b* 67.20
    expect(lab[0]).toBeCloseTo(53.24, 1);
    expect(lab[1]).toBeCloseTo(80.09, 1);
    expect(lab[2]).toBeCloseTo(67.2, 1);
    srgbToLab(0, 0, 0, lab);
    expect(Array.from(lab)).toEqual([0, 0, 0]);
  });
});

describe('colour descriptor', () => {
  const redNavyLeftRight = describeCover(paint((x) => (x < SIZE / 2 ? RED : NAVY)));

  it('is a unit vector of COLOR_DIM values', () => {
    expect(redNavyLeftRight).toHaveLength(COLOR_DIM);
    const norm = Math.sqrt(redNavyLeftRight.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
  });

  it('finds covers with the same palette near, whatever the arrangement', () => {
    const redNavyTopBottom = describeCover(paint((_, y) => (y < SIZE / 2 ? RED : NAVY)));
    const redNavyChecker = describeCover(paint((x, y) => ((Math.floor(x / 8) + Math.floor(y / 8)) % 2 === 0 ? RED : NAVY)));
    expect(cosine(redNavyLeftRight, redNavyTopBottom)).toBeGreaterThan(0.75);
    expect(cosine(redNavyLeftRight, redNavyChecker)).toBeGreaterThan(0.75);
  });

  it('finds covers with a different palette far', () => {
    const greenYellow = describeCover(paint((x) => (x < SIZE / 2 ? GREEN : YELLOW)));
    const cream = describeCover(paint(() => CREAM));
    expect(cosine(redNavyLeftRight, greenYellow)).toBeLessThan(0.2);
    expect(cosine(redNavyLeftRight, cream)).toBeLessThan(0.2);
  });

  it('keeps slightly different shades of the same colours close', () => {
    const shifted = describeCover(paint((x) => (x < SIZE / 2 ? [200, 45, 50] : [30, 40, 125])));
    expect(cosine(redNavyLeftRight, shifted)).toBeGreaterThan(0.9);
  });

  it('ranks the same layout above the same palette rearranged', () => {
    const sameLayoutNoise = describeCover(paint((x, y) => (x < SIZE / 2 ? RED : (x + y) % 7 === 0 ? RED : NAVY)));
    const mirrored = describeCover(paint((x) => (x < SIZE / 2 ? NAVY : RED)));
    expect(cosine(redNavyLeftRight, sameLayoutNoise)).toBeGreaterThan(cosine(redNavyLeftRight, mirrored));
  });
});
