import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeImageFile } from '../../src/main/artwork/describe-file.js';
import { processArtwork } from '../../src/main/artwork/process.js';
import { runCli } from '../../src/main/cli/run.js';
import { type Expected, FIXTURE_DIR, maxAbsError, readFixtureJson } from './fixtures.js';

const expected = readFixtureJson<Expected>('expected.json');
const fixture = (file: string) => expected.images.find((image) => image.file === file)!;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), interactive: false }, out, err };
}

describe('describeImageFile', () => {
  it('with rawSize reproduces the reference GIST and tiny vectors of a fixture file', async () => {
    for (const file of ['p16_composite_320x240.png', 'p15_triangle_64.png']) {
      const gist = await describeImageFile(FIXTURE_DIR + file, 'gist', { rawSize: true });
      expect([gist.kind, gist.version, gist.width, gist.height]).toEqual(['gist', 1, fixture(file).width, fixture(file).height]);
      expect(maxAbsError(gist.vector, fixture(file).gist)).toBeLessThanOrEqual(5e-5);
      const tiny = await describeImageFile(FIXTURE_DIR + file, 'tiny', { rawSize: true });
      expect(maxAbsError(tiny.vector, fixture(file).tiny)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('without rawSize gives the vector a scan stores (which keeps it as float32)', async () => {
    const file = FIXTURE_DIR + 'p08_photo_smooth_blocky.png';
    const kinds = ['tiny', 'gist', 'color'] as const;
    const scanned = await processArtwork({ bytes: readFileSync(file), kinds, thumbnail: false });
    if (!scanned.ok) throw new Error(scanned.reason);
    for (const [i, kind] of kinds.entries()) {
      const described = await describeImageFile(file, kind);
      expect(described.vector.map(Math.fround)).toEqual(Array.from(scanned.vectors[i].vector));
    }
  });
});

describe('sleeve describe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-describe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON line per image and reports failures without stopping', async () => {
    const broken = join(dir, 'broken.jpg');
    writeFileSync(broken, 'not a picture');
    const files = [FIXTURE_DIR + 'p15_triangle_64.png', join(dir, 'missing.png'), broken, FIXTURE_DIR + 'p14_stripes_128.png'];
    const { io, out, err } = capture();
    const code = await runCli(['describe', ...files, '--kind', 'tiny', '--json', '--raw-size'], io);
    expect(code).toBe(1);
    const lines = out.join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.file)).toEqual([files[0], files[3]]);
    expect(maxAbsError(lines[1].vector, fixture('p14_stripes_128.png').tiny)).toBeLessThanOrEqual(1e-9);
    expect(err.join('')).toContain(`${files[1]}: no such file`);
    expect(err.join('')).toContain(`${broken}: picture does not decode`);
  });

  it('prints a short summary without --json and exits 0 when all succeed', async () => {
    const { io, out, err } = capture();
    expect(await runCli(['describe', FIXTURE_DIR + 'p15_triangle_64.png', '--kind', 'color'], io)).toBe(0);
    expect(out.join('')).toMatch(/p15_triangle_64\.png: color v1, 64x64, 677 values: /);
    expect(err).toEqual([]);
  });

  it('refuses an unknown kind, a missing kind and a missing image with exit code 2', async () => {
    for (const args of [['x.png', '--kind', 'vgg'], ['x.png'], ['--kind', 'gist'], ['x.png', '--kind', 'gist', '--bogus']]) {
      const { io, err } = capture();
      expect(await runCli(['describe', ...args], io)).toBe(2);
      expect(err.join('')).toMatch(/^sleeve: /);
    }
  });
});
