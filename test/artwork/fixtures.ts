import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** Reference data from the LEAR C library and numpy (see test/fixtures/gist/README.md). */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/gist/', import.meta.url));

export interface FixtureImage {
  file: string;
  description: string;
  width: number;
  height: number;
  gist: number[];
  tiny: number[];
}

export interface Expected {
  images: FixtureImage[];
}

export interface Intermediate {
  gaborFilters: { width: number; height: number; filters: number[][] }[];
  prefilterOutput: { file: string; width: number; height: number; planes: number[][] }[];
  extraGist: FixtureImage[];
}

export function readFixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(FIXTURE_DIR + name, 'utf8')) as T;
}

/** The fixture PNG's 8-bit RGB samples, exactly as pyleargist handed them to the C code. */
export async function fixturePixels(file: string): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(FIXTURE_DIR + file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { rgb: new Uint8Array(data), width: info.width, height: info.height };
}

export function maxAbsError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
  return max;
}

/** ‖actual − expected‖₂ / ‖expected‖₂ */
export function relativeL2Error(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}
