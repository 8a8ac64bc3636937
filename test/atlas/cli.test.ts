import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasCommand } from '../../src/main/cli/commands/atlas.js';
import { playlistsCommand } from '../../src/main/cli/commands/playlists.js';
import type { CliContext } from '../../src/main/cli/context.js';
import type { Library } from '../playlists/fixture.js';
import { familyCovers, familyLibrary } from './families.js';

function context(dbPath: string): CliContext & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (text) => out.push(text), stderr: () => {}, interactive: false, dbPath };
}

describe('sleeve atlas and sleeve playlists', () => {
  let library: Library;

  beforeAll(async () => {
    library = await familyLibrary(familyCovers(5, 1, ['sunset', 'forest', 'pop']));
    library.db.close();
  });
  afterAll(() => library.close());

  it('prints every album with its place in [0, 1] as JSON, the same each time', async () => {
    const ctx = context(library.dbPath);
    expect(await atlasCommand(['--json'], ctx)).toBe(0);
    const rows = JSON.parse(ctx.out.join('')) as { albumId: number; artist: string; album: string; x: number; y: number }[];
    expect(rows).toHaveLength(15);
    expect(Object.keys(rows[0]).sort()).toEqual(['album', 'albumId', 'artist', 'x', 'y']);
    expect(rows.every((r) => r.x >= 0 && r.x <= 1 && r.y >= 0 && r.y <= 1)).toBe(true);
    expect(rows.map((r) => r.album).sort()).toEqual(familyCovers(5, 1, ['sunset', 'forest', 'pop']).map((c) => `${c.style} ${c.seed}`).sort());
    const again = context(library.dbPath);
    await atlasCommand(['--json'], again);
    expect(again.out.join('')).toBe(ctx.out.join(''));
  });

  it('lays out per kind asked for', async () => {
    const ctx = context(library.dbPath);
    await atlasCommand(['--json', '--kind', 'color'], ctx);
    const gist = context(library.dbPath);
    await atlasCommand(['--json'], gist);
    expect(ctx.out.join('')).not.toBe(gist.out.join(''));
  });

  it('draws a poster of the asked size, and never over a file without --force', async () => {
    const poster = join(library.dir, 'poster.png');
    const ctx = context(library.dbPath);
    expect(await atlasCommand(['--png', poster, '--size', '512'], ctx)).toBe(0);
    expect(ctx.out.join('')).toMatch(/512×512 poster of 15 covers/);
    const meta = await sharp(poster).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
    writeFileSync(poster, 'keep me');
    await expect(atlasCommand(['--png', poster], context(library.dbPath))).rejects.toMatchObject({ code: 'conflict' });
    expect(readFileSync(poster, 'utf8')).toBe('keep me');
    expect(await atlasCommand(['--png', poster, '--size', '256', '--force'], context(library.dbPath))).toBe(0);
    expect((await sharp(poster).metadata()).width).toBe(256);
  });

  it('lists the saved playlists as JSON', async () => {
    const ctx = context(library.dbPath);
    expect(await playlistsCommand(['--json'], ctx)).toBe(0);
    expect(JSON.parse(ctx.out.join(''))).toEqual([]);
  });
});
