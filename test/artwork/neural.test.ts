import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { NEURAL_KIND } from '../../src/main/artwork/kinds.js';
import { l2Normalise, neuralInput } from '../../src/main/artwork/neural.js';
import { NEURAL_DIM, NEURAL_INPUT_SIZE } from '../../src/main/artwork/neural-model.js';
import { NeuralPool } from '../../src/main/artwork/neural-pool.js';
import { loadTfjsFeatures } from '../../scripts/neural-tfjs.js';

/**
 * The neural kind as it ships (onnxruntime on the ONNX model converted from
 * the package's weights, in its worker pool, from the picture's bytes)
 * against the network's own reference path (TensorFlow.js loading nsfwjs'
 * layers-format model). The reference vectors of all fixtures are stored
 * (scripts/neural-reference.ts); one of them is computed again here with
 * TensorFlow.js, so the stored file cannot drift from what tfjs gives.
 */

const FIXTURES = 'test/fixtures/gist';
const TOLERANCE = 1e-4;
const reference = JSON.parse(readFileSync('test/fixtures/neural/expected.json', 'utf8')) as {
  version: number;
  vectors: Record<string, number[]>;
};
const pool = new NeuralPool({ threads: 1 });
afterAll(() => pool.close());

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

describe('neural kind: the network as it ships', () => {
  it('gives every fixture picture the vector TensorFlow.js computes, within 1e-4', async () => {
    expect(reference.version).toBe(NEURAL_KIND.version);
    const files = readdirSync(FIXTURES).filter((f) => /^p\d+_.*\.png$/.test(f)).sort();
    expect(Object.keys(reference.vectors).sort()).toEqual(files);
    const results = await pool.describe(files.map((f) => readFileSync(join(FIXTURES, f))));
    for (const [i, file] of files.entries()) {
      const result = results[i];
      if (!result.ok) throw new Error(`${file}: ${result.reason}`);
      expect(maxAbsDiff(result.vector, reference.vectors[file]), file).toBeLessThanOrEqual(TOLERANCE);
    }
    // Different pictures are told apart: the stripes are not the photo.
    const stripes = results[files.findIndex((f) => f.startsWith('p03'))];
    const photo = results[files.findIndex((f) => f.startsWith('p13'))];
    if (!stripes.ok || !photo.ok) throw new Error('fixture not described');
    expect(maxAbsDiff(stripes.vector, photo.vector)).toBeGreaterThan(0.05);
  });

  it('stores reference vectors that TensorFlow.js itself still computes', async () => {
    // One picture: TensorFlow.js' CPU backend takes seconds per picture.
    const files = ['p08_photo_smooth_blocky.png'];
    const side = NEURAL_INPUT_SIZE * NEURAL_INPUT_SIZE * 3;
    const batch = new Uint8Array(files.length * side);
    for (const [i, file] of files.entries()) batch.set(await neuralInput(readFileSync(join(FIXTURES, file))), i * side);
    const network = await loadTfjsFeatures('cpu');
    try {
      const features = network.features(batch, files.length);
      for (const [i, file] of files.entries()) {
        const vector = l2Normalise(features.slice(i * NEURAL_DIM, (i + 1) * NEURAL_DIM));
        expect(maxAbsDiff(vector, reference.vectors[file]), file).toBeLessThanOrEqual(1e-6);
      }
    } finally {
      network.dispose();
    }
  });
});

/** A valid 1-bit grey PNG of width×height (all black), small on disk however large it says it is. */
function hugePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const row = Buffer.alloc(1 + Math.ceil(width / 8)); // filter byte 0, then zeros
  const raw = Buffer.alloc(row.length * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function gradient(width: number, height: number, channels: 3 | 4): Promise<ReturnType<typeof sharp>> {
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    data[i * channels] = i % 251;
    data[i * channels + 1] = (i * 7) % 256;
    data[i * channels + 2] = Math.floor(i / width) % 256;
    if (channels === 4) data[i * channels + 3] = i % 2 === 0 ? 255 : 40;
  }
  return sharp(data, { raw: { width, height, channels } });
}

describe('neural kind: pictures as users have them', () => {
  it('gives each awkward picture a unit vector or a one-sentence reason, and the pool keeps working', async () => {
    const jpeg = await (await gradient(300, 300, 3)).jpeg({ quality: 90 }).toBuffer();
    const cases: Record<string, Buffer> = {
      'truncated JPEG': jpeg.subarray(0, Math.floor(jpeg.length / 3)),
      '1x1 PNG': await sharp({ create: { width: 1, height: 1, channels: 3, background: '#c04020' } }).png().toBuffer(),
      '20,000x20,000 PNG': hugePng(20_000, 20_000),
      'CMYK JPEG': await (await gradient(200, 160, 3)).toColourspace('cmyk').jpeg().toBuffer(),
      '16-bit PNG': await (await gradient(120, 200, 3)).toColourspace('rgb16').png().toBuffer(),
      'PNG with alpha': await (await gradient(180, 180, 4)).png().toBuffer(),
      'text file named .jpg': Buffer.from('These are not the pixels you are looking for.\n'),
    };
    const expectations: Record<string, 'vector' | 'either' | RegExp> = {
      // libvips may read what there is of a truncated JPEG or refuse it: either is fine, never a crash.
      'truncated JPEG': 'either',
      '1x1 PNG': 'vector',
      '20,000x20,000 PNG': /^picture too large: 20000x20000 pixels/,
      'CMYK JPEG': 'vector',
      '16-bit PNG': 'vector',
      'PNG with alpha': 'vector',
      'text file named .jpg': /^(picture does not decode|unsupported picture format)/,
    };
    const names = Object.keys(cases);
    // One batch: the bad pictures do not spoil the good ones described with them.
    const results = await pool.describe(names.map((name) => cases[name]));
    for (const [i, name] of names.entries()) {
      const result = results[i];
      const expected = expectations[name];
      if (result.ok) {
        expect(expected === 'vector' || expected === 'either', `${name} gave a vector`).toBe(true);
        expect(result.vector).toHaveLength(NEURAL_DIM);
        expect(result.vector.every(Number.isFinite), name).toBe(true);
        expect(norm(result.vector), name).toBeCloseTo(1, 5);
      } else {
        expect(expected, `${name} was refused: ${result.reason}`).not.toBe('vector');
        if (expected instanceof RegExp) expect(result.reason, name).toMatch(expected);
        // One sentence: one line, no stack, no repeated libvips lines.
        expect(result.reason, name).toMatch(/^[^\n]{10,300}$/);
        expect(result.reason, name).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
      }
    }
    // The pool still describes, and correctly, after the bad pictures.
    const file = 'p13_photo_500.png';
    const [after] = await pool.describe([readFileSync(join(FIXTURES, file))]);
    if (!after.ok) throw new Error(`the pool stopped describing after the bad pictures: ${after.reason}`);
    expect(maxAbsDiff(after.vector, reference.vectors[file])).toBeLessThanOrEqual(TOLERANCE);
  });
});
