import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteSavedPlaylist,
  openSavedPlaylist,
  playlistFolder,
  rebuildSavedPlaylist,
  savePlaylist,
  setPlaylistFolder,
  suggestedTitle,
  suggestFileName,
  writeSavedPlaylist,
} from '../../src/main/playlists/saved.js';
import { listSavedPlaylists } from '../../src/main/store/saved-playlists.js';
import { makeLibrary, type Library } from './fixture.js';

describe('saved playlists and the playlist folder', () => {
  let library: Library;
  let folder: string;
  let tracks: { trackId: number; path: string }[];

  beforeAll(() => {
    library = makeLibrary([
      { artist: 'Owls', album: 'Signals', tracks: 3 },
      { artist: 'Pines', album: 'Needles', tracks: 2 },
    ]);
    folder = join(library.dir, 'playlists');
    mkdirSync(folder);
    tracks = library.db.prepare('SELECT id AS trackId, path FROM tracks ORDER BY id').all() as { trackId: number; path: string }[];
  });
  afterAll(() => library.close());

  it('suggests a name from the seed that takes no existing file\'s place', () => {
    expect(suggestedTitle(['Signals'], false)).toBe('Looks like Signals');
    expect(suggestedTitle(['Signals', 'Needles'], true)).toBe('From Signals to Needles');
    expect(suggestFileName(folder, 'Looks like Signals', 'm3u8')).toBe('Looks like Signals.m3u8');
    writeFileSync(join(folder, 'Looks like Signals.m3u8'), 'mine');
    expect(suggestFileName(folder, 'Looks like Signals', 'm3u8')).toBe('Looks like Signals (2).m3u8');
    expect(suggestFileName(folder, 'Looks like AC/DC: "Live"?', 'xspf')).toBe('Looks like AC DC Live.xspf');
  });

  it('keeps the playlist folder only when it is an existing folder', () => {
    expect(playlistFolder(library.db)).toBeNull();
    expect(() => setPlaylistFolder(library.db, join(folder, 'nope'))).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => setPlaylistFolder(library.db, 'relative/path')).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(setPlaylistFolder(library.db, folder)).toBe(folder);
    expect(playlistFolder(library.db)).toBe(folder);
  });

  it('writes into the playlist folder under the suggested name, paths relative to it, and remembers it', () => {
    const saved = savePlaylist(
      library.db,
      { name: 'Looks like Signals', seed: { albumId: library.ids[0] }, settings: { length: 5, seed: 42 }, tracks },
      { format: 'm3u8', relative: true, overwrite: false },
    );
    expect(saved.file).toBe(join(folder, 'Looks like Signals (2).m3u8'));
    expect(readFileSync(join(folder, 'Looks like Signals.m3u8'), 'utf8')).toBe('mine');
    const lines = readFileSync(saved.file!, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(lines).toEqual(tracks.map((t) => relative(folder, t.path)));
    expect(saved).toMatchObject({ name: 'Looks like Signals', seed: { albumId: library.ids[0] }, settings: { length: 5, seed: 42 }, format: 'm3u8', pathStyle: 'relative', trackCount: 5, missing: 0 });
    expect(listSavedPlaylists(library.db).map((p) => p.name)).toContain('Looks like Signals');
  });

  it('never writes over a file unless asked, and then remembers nothing', () => {
    const before = listSavedPlaylists(library.db).length;
    const target = join(folder, 'Looks like Signals.m3u8');
    expect(() =>
      savePlaylist(library.db, { name: 'Again', seed: null, settings: null, tracks }, { path: target, format: 'm3u8', relative: true, overwrite: false }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(readFileSync(target, 'utf8')).toBe('mine');
    expect(listSavedPlaylists(library.db)).toHaveLength(before);
  });

  it('writes absolute paths when asked, and writes again to the same file only with leave to replace it', () => {
    const saved = savePlaylist(library.db, { name: 'Absolute', seed: null, settings: null, tracks: tracks.slice(0, 2) }, { format: 'm3u', relative: false, overwrite: false });
    expect(readFileSync(saved.file!, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(tracks.slice(0, 2).map((t) => t.path));
    expect(() => writeSavedPlaylist(library.db, saved.id, { format: 'm3u', relative: true, overwrite: false })).toThrow(expect.objectContaining({ code: 'conflict' }));
    const again = writeSavedPlaylist(library.db, saved.id, { format: 'm3u', relative: true, overwrite: true });
    expect(again.file).toBe(saved.file);
    expect(again.pathStyle).toBe('relative');
  });

  it('rebuilds from the saved seed and settings, and counts tracks the library lost', async () => {
    const saved = savePlaylist(library.db, { name: 'Rebuilt', seed: { albumId: 7 }, settings: { length: 2 }, tracks: tracks.slice(0, 1) });
    const asked: unknown[] = [];
    const rebuilt = await rebuildSavedPlaylist(library.db, saved.id, async (seed, settings) => {
      asked.push(seed, settings);
      return tracks.slice(3, 5);
    });
    expect(asked).toEqual([{ albumId: 7 }, { length: 2 }]);
    expect(rebuilt.tracks.map((t) => t.trackId)).toEqual([tracks[3].trackId, tracks[4].trackId]);
    library.db.prepare('DELETE FROM tracks WHERE id = ?').run(tracks[4].trackId);
    const opened = openSavedPlaylist(library.db, saved.id);
    expect(opened.missing).toBe(1);
    expect(opened.tracks[1]).toMatchObject({ trackId: null, path: tracks[4].path });
  });

  it('forgets a playlist, removing its file only when asked', () => {
    const kept = savePlaylist(library.db, { name: 'Keep file', seed: null, settings: null, tracks: tracks.slice(0, 1) }, { format: 'xspf', relative: true, overwrite: false });
    expect(deleteSavedPlaylist(library.db, kept.id, false)).toBeNull();
    expect(existsSync(kept.file!)).toBe(true);
    const gone = savePlaylist(library.db, { name: 'Drop file', seed: null, settings: null, tracks: tracks.slice(0, 1) }, { format: 'xspf', relative: true, overwrite: false });
    expect(deleteSavedPlaylist(library.db, gone.id, true)).toBe(gone.file);
    expect(existsSync(gone.file!)).toBe(false);
    expect(() => openSavedPlaylist(library.db, gone.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
