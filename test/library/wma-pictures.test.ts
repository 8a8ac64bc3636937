import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanLibrary } from '../../src/main/library/scan.js';
import { readTags } from '../../src/main/library/tags.js';
import { openDatabase } from '../../src/main/store/db.js';
import { mulberry32 } from '../../src/shared/random.js';
import { addAsfPicture } from '../fixtures/lib/asf-picture.js';
import { ffmpeg } from '../fixtures/lib/ffmpeg.js';
import { tagWmaWithMutagen, type MutagenPicture } from '../fixtures/lib/mutagen.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/**
 * WMA cover art as real taggers write it: mutagen (Picard, beets) with
 * several MIME strings and descriptions (empty, ASCII, non-ASCII, odd lengths),
 * pictures from about 1 KB to over 1 MB (over 0xFFFF bytes they move to the
 * Metadata Library Object), over a WMA made by Debian's ffmpeg.
 */
const tempDir = temporaryFolders();
const FRONT = 3;
const BACK = 4;

/** A noise image: it does not compress, so its side sets its size. */
async function noise(side: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const random = mulberry32(side);
  const pixels = Buffer.alloc(side * side * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(random() * 256);
  const image = sharp(pixels, { raw: { width: side, height: side, channels: 3 } });
  return format === 'jpeg' ? image.jpeg({ quality: 95 }).toBuffer() : image.png().toBuffer();
}

interface Case {
  readonly name: string;
  readonly pictures: readonly MutagenPicture[];
}

let dir: string;
let cases: Case[];
let wmpStyle: { path: string; data: Buffer };

beforeAll(async () => {
  dir = tempDir('sleeve-wma-');
  const bare = join(dir, 'bare.wma');
  await ffmpeg(['-f', 'lavfi', '-t', '0.3', '-i', 'anullsrc=r=22050:cl=mono', '-c:a', 'wmav2', '-b:a', '32k', bare]);
  const [tiny, small, nearLimit, overLimit, large, huge] = await Promise.all([
    noise(24, 'jpeg'),
    noise(64, 'jpeg'),
    noise(140, 'png'),
    noise(150, 'png'),
    noise(520, 'jpeg'),
    noise(600, 'png'),
  ]);
  cases = [
    { name: 'empty description', pictures: [{ type: FRONT, mime: 'image/jpeg', description: '', data: tiny }] },
    { name: 'odd-length MIME and description', pictures: [{ type: FRONT, mime: 'image/jpg', description: 'Front', data: small }] },
    { name: 'empty MIME, non-ASCII description', pictures: [{ type: FRONT, mime: '', description: 'Pochette – 表紙 ü', data: nearLimit }] },
    {
      name: 'back cover first, front over 64 KiB',
      pictures: [
        { type: BACK, mime: 'image/jpeg', description: 'Back side', data: tiny },
        { type: FRONT, mime: 'image/png', description: 'ab', data: overLimit },
      ],
    },
    { name: 'one-letter description', pictures: [{ type: FRONT, mime: 'image/jpeg', description: 'x', data: large }] },
    { name: 'over 1 MB, odd MIME', pictures: [{ type: FRONT, mime: 'PNG', description: 'Cover (front) from Picard', data: huge }] },
  ];
  const jobs = cases.map((c, i) => {
    const path = join(dir, `${String(i + 1).padStart(2, '0')}.wma`);
    copyFileSync(bare, path);
    return { path, title: c.name, pictures: c.pictures };
  });
  await tagWmaWithMutagen(jobs);
  // Windows Media Player's layout (our own writer): one picture, empty description.
  wmpStyle = { path: join(dir, 'wmp.wma'), data: small };
  writeFileSync(wmpStyle.path, addAsfPicture(readFileSync(bare), { type: FRONT, mime: 'image/jpeg', data: small }));
  expect(Math.min(tiny.length, huge.length)).toBeLessThan(2048);
  expect(huge.length).toBeGreaterThan(1024 * 1024);
}, 60_000);

const caseFile = (i: number) => join(dir, `${String(i + 1).padStart(2, '0')}.wma`);
const TYPE_NAMES: Record<number, string> = { [FRONT]: 'Cover (front)', [BACK]: 'Cover (back)' };

describe('WM/Picture written by mutagen (Picard, beets)', () => {
  // Header order (Header Extension before or after the Extended Content Description) is the writer's choice.
  const bySha = (a: { sha: string }, b: { sha: string }) => a.sha.localeCompare(b.sha);

  it('reads every picture whole: its bytes, type, MIME and description', async () => {
    for (const [i, c] of cases.entries()) {
      const { tags } = await readTags(Buffer.from(caseFile(i)), caseFile(i));
      expect(tags.title, c.name).toBe(c.name);
      const got = tags.pictures.map((p) => ({ type: p.type, mime: p.format, description: p.description ?? '', sha: sha256(p.data) })).sort(bySha);
      const want = c.pictures.map((p) => ({ type: TYPE_NAMES[p.type], mime: p.mime, description: p.description, sha: sha256(p.data) })).sort(bySha);
      expect(got, c.name).toEqual(want);
    }
  });

  it('reads the picture Windows Media Player writes', async () => {
    const { tags } = await readTags(Buffer.from(wmpStyle.path), wmpStyle.path);
    expect(tags.pictures.map((p) => sha256(p.data))).toEqual([sha256(wmpStyle.data)]);
    expect(tags.pictures[0].type).toBe('Cover (front)');
  });

  it('gives every album its front cover in a scan, with no picture errors', async () => {
    const db = openDatabase(join(tempDir('sleeve-wma-db-'), 'library.db'));
    try {
      await scanLibrary(db, { roots: [dir], describe: false, threads: 1 });
      const rows = db
        .prepare(`SELECT t.title, a.sha256 FROM tracks t LEFT JOIN artworks a ON a.id = t.artwork_id WHERE t.path LIKE '%.wma'`)
        .all() as { title: string; sha256: string | null }[];
      const byTitle = new Map(rows.map((r) => [r.title, r.sha256]));
      for (const c of cases) {
        const front = c.pictures.find((p) => p.type === FRONT);
        expect(byTitle.get(c.name), c.name).toBe(sha256(front?.data ?? Buffer.alloc(0)));
      }
      const errors = db.prepare('SELECT path, reason FROM errors').all();
      expect(errors).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
