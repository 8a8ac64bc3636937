import { readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RememberedDescriptions } from '../../src/main/artwork/remembered-descriptions.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const tempDir = temporaryFolders();

/** A describer that reads the file's bytes as its vector and counts what it was asked. */
function counting() {
  const asked: string[] = [];
  const describe = (path: string, kind: string): Promise<number[]> => {
    asked.push(`${kind} ${path}`);
    const bytes = readFileSync(path);
    return bytes.toString() === 'broken' ? Promise.reject(new Error('not a picture')) : Promise.resolve(Array.from(bytes));
  };
  return { asked, describe };
}

/** A folder holding cover.jpg with these bytes, and a fresh memory over a counting describer. */
function coverHolding(content: string) {
  const dir = tempDir('sleeve-remembered-');
  const cover = join(dir, 'cover.jpg');
  writeFileSync(cover, content);
  const { asked, describe } = counting();
  return { dir, cover, asked, remembered: new RememberedDescriptions(describe) };
}

describe('images described on the fly', () => {
  it('are described once per kind while unchanged, and again once rewritten or replaced', async () => {
    const { dir, cover, asked, remembered } = coverHolding('abc');

    expect(await remembered.vector(cover, 'gist')).toEqual([97, 98, 99]);
    expect(await remembered.vector(cover, 'gist')).toEqual([97, 98, 99]);
    await remembered.vector(join(dir, '.', 'cover.jpg'), 'gist');
    await remembered.vector(cover, 'color');
    expect(asked).toEqual([`gist ${cover}`, `color ${cover}`]);

    // Same size, new content and time: a tagger or editor saving over it.
    writeFileSync(cover, 'xyz');
    utimesSync(cover, new Date(), new Date(Date.now() + 5000));
    expect(await remembered.vector(cover, 'gist')).toEqual([120, 121, 122]);

    // Another file moved into its place.
    const other = join(dir, 'other.jpg');
    writeFileSync(other, 'xyw');
    renameSync(other, cover);
    expect(await remembered.vector(cover, 'gist')).toEqual([120, 121, 119]);
    expect(asked).toHaveLength(4);
  });

  it('give each caller its own copy, so that one changing it changes nothing for the next', async () => {
    const { cover, remembered } = coverHolding('abc');
    (await remembered.vector(cover, 'tiny')).fill(0);
    expect(await remembered.vector(cover, 'tiny')).toEqual([97, 98, 99]);
  });

  it('forget a picture that could not be described, and a missing file is never remembered', async () => {
    const { cover, asked, remembered } = coverHolding('broken');
    await expect(remembered.vector(cover, 'gist')).rejects.toThrow('not a picture');
    await expect(remembered.vector(cover, 'gist')).rejects.toThrow('not a picture');
    expect(asked).toHaveLength(2);

    rmSync(cover);
    await expect(remembered.vector(cover, 'gist')).rejects.toThrow('ENOENT');
    await expect(remembered.vector(cover, 'gist')).rejects.toThrow('ENOENT');
    expect(asked).toHaveLength(4);
  });

  it('keep the most recently used, up to their limit', async () => {
    const dir = tempDir('sleeve-remembered-');
    const files = ['a', 'b', 'c'].map((name) => {
      const path = join(dir, `${name}.jpg`);
      writeFileSync(path, name);
      return path;
    });
    const { asked, describe: describer } = counting();
    const remembered = new RememberedDescriptions(describer, 2);
    await remembered.vector(files[0], 'gist');
    await remembered.vector(files[1], 'gist');
    await remembered.vector(files[0], 'gist');
    await remembered.vector(files[2], 'gist');
    expect(asked).toHaveLength(3);
    await remembered.vector(files[0], 'gist');
    expect(asked).toHaveLength(3);
    await remembered.vector(files[1], 'gist');
    expect(asked).toEqual([`gist ${files[0]}`, `gist ${files[1]}`, `gist ${files[2]}`, `gist ${files[1]}`]);
  });
});
