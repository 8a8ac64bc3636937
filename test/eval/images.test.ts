import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/main/cli/commands/eval.js';
import { parseLabelsCsv } from '../../src/main/eval/folder.js';
import { mulberry32 } from '../../src/shared/random.js';
import { captureContext } from './library-fixture.js';

const SIDE = 48;
const PER_LABEL = 18;

/** A noisy picture around one colour: `warm` covers are reddish, `cool` ones bluish. */
async function cover(path: string, warm: boolean, seed: number): Promise<void> {
  const random = mulberry32(seed);
  const rgb = Buffer.alloc(SIDE * SIDE * 3);
  const base = warm ? [200, 80, 40] : [40, 90, 200];
  for (let p = 0; p < SIDE * SIDE; p++) {
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.max(0, Math.min(255, base[c] + Math.round((random() - 0.5) * 160)));
  }
  await sharp(rgb, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toFile(path);
}

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sleeve-eval-images-'));
  mkdirSync(join(dir, 'covers'));
  const rows = ['file,genre,source'];
  for (let i = 0; i < 2 * PER_LABEL; i++) {
    const warm = i % 2 === 0;
    const file = `covers/${i}.png`;
    await cover(join(dir, file), warm, i + 1);
    rows.push(`${file},${warm ? 'Warm' : 'Cool'},synthetic`);
  }
  writeFileSync(join(dir, 'covers', 'broken.png'), 'not a picture');
  rows.push('covers/broken.png,Warm,synthetic', 'covers/gone.png,Cool,synthetic', '"covers/0.png",,synthetic');
  writeFileSync(join(dir, 'labels.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'nolabel.csv'), 'file,mood\ncovers/0.png,happy\n');
  writeFileSync(join(dir, 'empty.csv'), 'file,genre\ncovers/gone.png,Rock\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sleeve eval --images', () => {
  it('describes a labelled folder with the worker pool and scores it; missing and broken files are counted, not fatal', async () => {
    const { ctx, out } = captureContext(join(dir, 'unused.db'));
    expect(await evalCommand(['--images', dir, '--labels', join(dir, 'labels.csv'), '--threads', '1', '--json'], ctx)).toBe(0);
    const report = JSON.parse(out());
    expect(report.source).toBe('images');
    expect(report.labelled).toBe(2 * PER_LABEL);
    expect(report.classes).toBe(2);
    expect(report.missing).toEqual(['covers/gone.png']);
    expect(report.unreadable).toEqual([{ file: 'covers/broken.png', reason: expect.any(String) }]);
    expect(report.unlabelled).toBe(1);
    expect(report.kinds.color.auc).toBeGreaterThan(0.9);
    expect(report.kinds.learned.crossValidated.folds).toBe(5);
  }, 120_000);

  it('names the missing column and the columns it found', async () => {
    const { ctx } = captureContext(join(dir, 'unused.db'));
    await expect(evalCommand(['--images', dir, '--labels', join(dir, 'nolabel.csv'), '--threads', '1'], ctx)).rejects.toThrow(
      /labels\.csv has no "genre" column \(its columns: file, mood\)/,
    );
  });

  it('refuses a set in which no image can be used', async () => {
    const { ctx } = captureContext(join(dir, 'unused.db'));
    await expect(evalCommand(['--images', dir, '--labels', join(dir, 'empty.csv'), '--threads', '1'], ctx)).rejects.toThrow(
      /no labelled image .* could be used \(1 missing, 0 unreadable of 1\)/,
    );
  });
});

describe('parseLabelsCsv', () => {
  it('reads quoted fields, ignores extra columns and takes the label column by name', () => {
    const { rows, unlabelled } = parseLabelsCsv('\uFEFFgenre,file,year\r\n"Rock, Alt","a ""b"".jpg",1999\r\n,c.jpg,2000\r\n', 'genre');
    expect(rows).toEqual([{ file: 'a "b".jpg', label: 'rock, alt' }]);
    expect(unlabelled).toBe(1);
  });
});
