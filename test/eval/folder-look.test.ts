import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NeuralPool } from '../../src/main/artwork/neural-pool.js';
import { ArtworkPool } from '../../src/main/artwork/pool.js';
import { LabelledFolderError, folderDataset, parseLabelsCsv } from '../../src/main/eval/folder.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/** Labelled folders by look (covers-dev's looks.csv) as well as by genre, the neural kind included. */

const tempDir = temporaryFolders();

describe('labels file columns', () => {
  it('takes genre, else look, when no column is named, and says which', () => {
    expect(parseLabelsCsv('file,look\na.jpg,Face\n')).toEqual({ rows: [{ file: 'a.jpg', label: 'face' }], unlabelled: 0, labelColumn: 'look' });
    expect(parseLabelsCsv('look,file,genre\nface,a.jpg,Rock\n').labelColumn).toBe('genre');
    expect(parseLabelsCsv('look,file,genre\nface,a.jpg,Rock\n', 'look').rows).toEqual([{ file: 'a.jpg', label: 'face' }]);
  });

  it('names both columns it looked for when neither is there', () => {
    expect(() => parseLabelsCsv('file,mood\na.jpg,happy\n')).toThrow(LabelledFolderError);
    expect(() => parseLabelsCsv('file,mood\na.jpg,happy\n')).toThrow('labels.csv has no "genre" or "look" column (its columns: file, mood)');
  });
});

describe('a folder labelled by look', () => {
  const pool = new ArtworkPool({ threads: 1 });
  const neuralPool = new NeuralPool({ threads: 1 });
  afterAll(() => Promise.all([pool.close(), neuralPool.close()]));

  it('gives every image its neural vector (the one the library would store) beside the scan kinds', async () => {
    const dir = tempDir('sleeve-looks-');
    const files = ['p08_photo_smooth_blocky.png', 'p11_square_on_bg.png', 'p13_photo_500.png'];
    for (const file of files) copyFileSync(join('test/fixtures/gist', file), join(dir, file));
    const csv = `file,look\n${files[0]},scene\n${files[1]},graphic\n${files[2]},scene\n`;
    const dataset = await folderDataset(dir, csv, undefined, ['tiny', 'neural'], pool, undefined, neuralPool);
    expect(dataset.labelColumn).toBe('look');
    expect(dataset.items.map((item) => item.label)).toEqual(['scene', 'graphic', 'scene']);
    const reference = JSON.parse(readFileSync('test/fixtures/neural/expected.json', 'utf8')) as { vectors: Record<string, number[]> };
    for (const [i, item] of dataset.items.entries()) {
      expect([...item.vectors.keys()].sort()).toEqual(['neural', 'tiny']);
      const neural = item.vectors.get('neural')!;
      const expected = reference.vectors[files[i]];
      let max = 0;
      for (let d = 0; d < expected.length; d++) max = Math.max(max, Math.abs(neural[d] - expected[d]));
      expect(max, files[i]).toBeLessThanOrEqual(1e-4);
    }
  });
});
