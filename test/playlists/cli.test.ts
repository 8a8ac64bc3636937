import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeImageFile } from '../../src/main/artwork/describe-file.js';
import { getKind } from '../../src/main/artwork/kinds.js';
import { saveLearnedModel, writeLearnedVectors, loadLearnedModel } from '../../src/main/index/learned-vectors.js';
import { runCli } from '../../src/main/cli/run.js';
import { makeLibrary, onCircle, type FixtureAlbum, type Library } from './fixture.js';

const GIST = getKind('gist');
const COLOR = getKind('color');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command as `sleeve` would, errors printed as `sleeve: <message>` with their exit status. */
async function run(command: 'playlist' | 'similar', args: string[], dbPath: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--db', dbPath, command, ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false });
  return { code, stdout, stderr };
}

function album(artist: string, title: string, angle: number, extra: Partial<FixtureAlbum> = {}): FixtureAlbum {
  return {
    artist,
    album: title,
    cover: { gist: onCircle(angle, GIST.dim), color: onCircle(angle / 2, COLOR.dim) },
    tracks: 4,
    ...extra,
  };
}

let library: Library;
let out: string;
let image: string;
let imageCover: Record<string, number[]>;

beforeAll(async () => {
  image = join(mkdtempSync(join(tmpdir(), 'sleeve-cli-cover-')), 'cover.png');
  await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toFile(image);
  imageCover = {
    gist: Array.from((await describeImageFile(image, 'gist', { rawSize: false })).vector),
    color: Array.from((await describeImageFile(image, 'color', { rawSize: false })).vector),
  };
  library = makeLibrary(
    [
      album('Alpha', 'One', 0),
      album('Beta', 'Two', 0.1),
      album('Gamma', 'Three', 0.2, { trackTitle: (i) => `Ça #${i} [live]` }),
      album('Delta', 'Four', 0.4),
      album('Epsilon', 'Five', 0.8),
      album('Zeta', 'Six', 1.1),
      album('Eta', 'Seven', 1.6),
      album('Theta', 'Eight', 2.0),
      { artist: 'Pink', album: 'Square', cover: imageCover, tracks: 2 },
    ],
    { gist: GIST.version, color: COLOR.version },
  );
  out = join(library.dir, 'playlists');
  mkdirSync(out);
});
afterAll(() => {
  library.close();
  rmSync(dirname(image), { recursive: true, force: true });
});

/** Everything in the playlists folder: failures must leave nothing, not even a temporary file. */
const written = () => readdirSync(out);

function entriesOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => resolve(dirname(path), line));
}

describe('sleeve similar', () => {
  it('prints [{albumId, artist, album, score}] best first, the album itself left out', async () => {
    const result = await run('similar', ['Alpha/One', '--kind', 'gist', '-k', '3', '--json'], library.dbPath);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as { albumId: number; artist: string; album: string; score: number; closerThan: number }[];
    expect(list.map((entry) => Object.keys(entry))).toEqual(Array(3).fill(['albumId', 'artist', 'album', 'score', 'closerThan']));
    expect(list.map((entry) => entry.album)).toEqual(['Two', 'Three', 'Four']);
    expect(list[0]).toMatchObject({ albumId: library.ids[1], artist: 'Beta', album: 'Two', score: Number(Math.cos(0.1).toFixed(6)) });
    // Rank in the library: the nearest of the 8 other albums beats the rest (the seed's ties with itself aside).
    expect(list[0].closerThan).toBeGreaterThan(0.8);
    expect(list[0].closerThan).toBeGreaterThan(list[2].closerThan);
  });

  it('takes a weighted mix of kinds and prints a readable table without --json', async () => {
    const result = await run('similar', [String(library.ids[0]), '--kind', 'gist:0.7,color:0.3', '-k', '2'], library.dbPath);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Covers most like Alpha/One (gist:0.7,color:0.3):');
    const beta = 0.7 * Math.cos(0.1) + 0.3 * Math.cos(0.05);
    expect(result.stdout).toMatch(new RegExp(`1\\. closer than \\d+% of your albums \\(${beta.toFixed(3)}\\)  Beta — Two  \\(album ${library.ids[1]}\\)`));
  });

  it('finds the album whose cover is a given image, at similarity 1', async () => {
    const result = await run('similar', [image, '--kind', 'gist:0.5,color:0.5', '-k', '1', '--json'], library.dbPath);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject([{ albumId: library.ids[8], artist: 'Pink', album: 'Square', score: 1, closerThan: 1 }]);
  });

  it('gives the same answers after its index file is damaged on disk, saying it rebuilt it', async () => {
    const before = await run('similar', ['Delta/Four', '--json'], library.dbPath);
    const indexDir = dirname(library.dbPath);
    const file = readdirSync(indexDir).find((name) => name.startsWith('index-gist'));
    expect(file).toBeDefined();
    const path = join(indexDir, file as string);
    writeFileSync(path, readFileSync(path).subarray(0, statSync(path).size >> 1));
    const after = await run('similar', ['Delta/Four', '--json'], library.dbPath);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    expect(after.stderr).toMatch(/sleeve: index for gist .*rebuilt/);
  });
});

describe('the learned kind', () => {
  it('is refused before `sleeve learn`, then used like any other kind, images included', async () => {
    const learning = makeLibrary(
      [
        album('Alpha', 'One', 0),
        album('Beta', 'Two', 0.3),
        album('Gamma', 'Three', 0.9),
        album('Delta', 'Four', 1.5),
        { artist: 'Pink', album: 'Square', cover: imageCover, tracks: 2 },
      ],
      { gist: GIST.version, color: COLOR.version },
    );
    try {
      const before = await run('similar', ['Alpha/One', '--kind', 'learned'], learning.dbPath);
      expect(before.code).not.toBe(0);
      expect(before.stderr).toMatch(/sleeve: There is no learned kind yet: fit it to a label of the library first\. \(run `sleeve learn --label genre`\)/);

      // A 2-d projection: the sum of the prepared color coordinates, and the first minus the second.
      const projection = new Float32Array(COLOR.dim * 2);
      for (let i = 0; i < COLOR.dim; i++) projection[i * 2] = 1;
      projection[1] = 1;
      projection[3] = -1;
      const model = {
        inputs: [{ name: 'color', version: COLOR.version, dim: COLOR.dim }],
        classes: ['a', 'b'],
        shrinkage: 0.5,
        dim: 2,
        center: new Float32Array(COLOR.dim),
        projection,
      };
      saveLearnedModel(learning.db, model, 'test', learning.ids);
      writeLearnedVectors(learning.db, loadLearnedModel(learning.db)!);

      const list = await run('similar', ['Alpha/One', '--kind', 'learned', '--json'], learning.dbPath);
      expect(list.code).toBe(0);
      const order = (JSON.parse(list.stdout) as { album: string }[]).map((entry) => entry.album).filter((name) => name !== 'Square');
      expect(order).toEqual(['Two', 'Three', 'Four']);
      const byImage = await run('similar', [image, '--kind', 'learned:0.5,gist:0.5', '-k', '1', '--json'], learning.dbPath);
      expect(JSON.parse(byImage.stdout)).toMatchObject([{ albumId: learning.ids[4], artist: 'Pink', album: 'Square', score: 1 }]);
    } finally {
      learning.close();
    }
  });
});

describe('sleeve playlist', () => {
  it('writes a playlist whose every entry is a track of the library, seed first', async () => {
    const path = join(out, 'mix one.m3u8');
    const result = await run(
      'playlist',
      ['--seed', 'Alpha/One', '--kind', 'gist', '--length', '10', '--out', path, '--random-seed', '7'],
      library.dbPath,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Wrote 10 tracks from \\d+ albums \\(\\d+ min\\) to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
    expect(result.stdout).toContain('Like Alpha/One · gist · random seed 7');
    const entries = entriesOf(path);
    expect(entries).toHaveLength(10);
    expect(entries.every((entry) => existsSync(entry))).toBe(true);
    expect(entries.slice(0, 2).every((entry) => entry.includes('/Alpha/One/'))).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain('#EXTINF:200,Alpha - Track');
  });

  it('gives the same file for the same --random-seed, and prints the tracks with --json', async () => {
    const args = (name: string) => ['--seed', 'Alpha/One', '--seed', 'Theta/Eight', '--length', '12', '--random-seed', '99', '--out', join(out, name)];
    await run('playlist', args('a.xspf'), library.dbPath);
    const again = await run('playlist', [...args('b.xspf'), '--json'], library.dbPath);
    expect(readFileSync(join(out, 'a.xspf'), 'utf8')).toBe(readFileSync(join(out, 'b.xspf'), 'utf8'));
    const report = JSON.parse(again.stdout) as { file: string; format: string; randomSeed: number; tracks: { path: string }[] };
    expect(report.format).toBe('xspf');
    expect(report.randomSeed).toBe(99);
    expect(report.tracks).toHaveLength(12);
    expect(report.tracks.every((track) => existsSync(track.path))).toBe(true);
  });

  it('writes a journey from A to B', async () => {
    const path = join(out, 'journey.m3u');
    const result = await run(
      'playlist',
      ['--from', 'Alpha/One', '--to', 'Theta/Eight', '--kind', 'gist', '--length', '5', '--out', path, '--absolute', '--json'],
      library.dbPath,
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { albums: { album: string }[] };
    expect(report.albums.map((stop) => stop.album)).toEqual(['One', 'Four', 'Six', 'Seven', 'Eight']);
    const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(lines[0]).toMatch(/^\/.*\/Alpha\/One\//);
    expect(lines.at(-1)).toMatch(/\/Theta\/Eight\//);
  });

  it('does not replace an existing file without --force', async () => {
    const path = join(out, 'keep.m3u8');
    writeFileSync(path, 'mine');
    const refused = await run('playlist', ['--seed', 'Alpha/One', '--out', path], library.dbPath);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/A file already exists at .*keep\.m3u8\. \(add --force to replace it\)/);
    expect(readFileSync(path, 'utf8')).toBe('mine');
    expect((await run('playlist', ['--seed', 'Alpha/One', '--out', path, '--force'], library.dbPath)).code).toBe(0);
    expect(readFileSync(path, 'utf8').startsWith('#EXTM3U')).toBe(true);
  });
});

describe('bad input: a clear message, a non-zero exit, no file left', () => {
  const target = () => join(out, 'bad.m3u8');

  it.each([
    ['an unknown album', ['--seed', 'Nobody/Nothing'], /sleeve: No album matches "Nobody\/Nothing"/],
    ['a length of 0', ['--seed', 'Alpha/One', '--length', '0'], /sleeve: .*the length must be at least 1 track/],
    ['a negative length', ['--seed', 'Alpha/One', '--length=-4'], /the length must be at least 1 track/],
    ['a length that is no number', ['--seed', 'Alpha/One', '--length', 'ten'], /sleeve: --length must be a number \(got "ten"\)/],
    ['zero minutes', ['--seed', 'Alpha/One', '--minutes', '0'], /running time must be a positive number/],
    ['an unknown kind', ['--seed', 'Alpha/One', '--kind', 'gist:0.5,shape:0.5'], /Unknown descriptor kind "shape"/],
    ['a bad weight', ['--seed', 'Alpha/One', '--kind', 'gist:x'], /weight "x" of the kind "gist"/],
    ['no seed', ['--length', '5'], /give --seed ALBUM/],
    ['a journey without --to', ['--from', 'Alpha/One'], /a journey needs both --from and --to/],
    ['a journey of 1 track', ['--from', 'Alpha/One', '--to', 'Theta/Eight', '--length', '1'], /at least 2 tracks/],
  ])('%s', async (_, args, message) => {
    const result = await run('playlist', [...args, '--out', target()], library.dbPath);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(written().filter((name) => name.startsWith('bad') || name.endsWith('.tmp'))).toEqual([]);
  });

  it('an image that does not decode', async () => {
    const broken = join(library.dir, 'broken.png');
    writeFileSync(broken, 'this is not a picture');
    for (const command of ['similar', 'playlist'] as const) {
      const args = command === 'similar' ? [broken] : ['--seed', broken, '--out', target()];
      const result = await run(command, args, library.dbPath);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/broken\.png is neither a track of the library nor a readable image/);
    }
    expect(existsSync(target())).toBe(false);
  });

  it('an output folder that does not exist', async () => {
    const result = await run('playlist', ['--seed', 'Alpha/One', '--out', join(out, 'missing', 'mix.m3u8')], library.dbPath);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/sleeve: The folder .*missing does not exist/);
    expect(existsSync(join(out, 'missing'))).toBe(false);
  });

  it('an empty library', async () => {
    const empty = makeLibrary([]);
    try {
      for (const [command, args] of [
        ['similar', ['1']],
        ['playlist', ['--seed', '1', '--out', target()]],
      ] as const) {
        const result = await run(command, [...args], empty.dbPath);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/sleeve: The library is empty: add a music folder and scan it first\. \(run `sleeve scan FOLDER`\)/);
      }
      expect(existsSync(target())).toBe(false);
    } finally {
      empty.close();
    }
  });

  it('a kind that was never computed, or only by an older version', async () => {
    const gistOnly = makeLibrary([{ artist: 'A', album: 'B', cover: { gist: onCircle(0, GIST.dim) } }], { gist: GIST.version });
    const stale = makeLibrary([{ artist: 'A', album: 'B', cover: { gist: onCircle(0, GIST.dim) } }], { gist: GIST.version - 1 });
    try {
      const never = await run('similar', ['A/B', '--kind', 'gist:0.5,color:0.5'], gistOnly.dbPath);
      expect(never.code).not.toBe(0);
      expect(never.stderr).toMatch(/sleeve: No cover has a color descriptor yet: scan the library again to compute them\. \(run `sleeve scan FOLDER`\)/);
      const older = await run('playlist', ['--seed', 'A/B', '--kind', 'gist', '--out', target()], stale.dbPath);
      expect(older.code).not.toBe(0);
      expect(older.stderr).toMatch(/sleeve: The gist descriptors were computed by an older version/);
      expect(existsSync(target())).toBe(false);
    } finally {
      gistOnly.close();
      stale.close();
    }
  });
});
