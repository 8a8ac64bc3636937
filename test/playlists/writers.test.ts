import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlaylistError } from '../../src/main/playlists/errors.js';
import type { PlaylistEntry } from '../../src/main/playlists/m3u.js';
import { writePlaylist } from '../../src/main/playlists/write-playlist.js';
import { fileUri } from '../../src/main/playlists/xspf.js';

let dir: string;
let entries: PlaylistEntry[];

/** Awkward but legal names: spaces, unicode, '#', brackets, '%', '?', a leading space. */
const AWKWARD = [
  ['My Band', 'Album [Deluxe] (2019)', '01 Song #1.mp3'],
  ['Ünïcødé 日本', 'Café', '02 Ça va? 100%.flac'],
  ['#hash folder', '[x] {y}', '03 & <tag> "quoted".ogg'],
  ['Plain', 'Album', ' leading space.mp3'],
];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sleeve-writers-'));
  entries = AWKWARD.map(([artist, album, file], i) => {
    const path = join(dir, 'music', artist, album, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
    return { path, title: `Title ${i} & more`, artist, album, duration: i === 3 ? null : 200.4 + i };
  });
  // A track right beside a playlist in music/, whose relative path starts with '#'.
  const besides = join(dir, 'music', '#1 hit.mp3');
  writeFileSync(besides, '');
  entries.push({ path: besides, title: 'Hit', artist: 'Number One', album: 'Singles', duration: 180 });
  mkdirSync(join(dir, 'playlists'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The tracks an M3U player would open: every line that is not blank or a # comment, resolved from the playlist's folder. */
function readM3u(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => resolve(dirname(path), line));
}

function readXspf(path: string): string[] {
  const locations = [...readFileSync(path, 'utf8').matchAll(/<location>([^<]*)<\/location>/g)].map((match) => match[1]);
  return locations.map((location) => fileURLToPath(location.replace(/&amp;/g, '&')));
}

const leftovers = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('playlist files', () => {
  it.each(['mix.m3u8', 'mix.m3u', 'MIX.M3U8'])('%s: relative paths that resolve to every track', (name) => {
    for (const folder of ['playlists', 'music']) {
      const out = join(dir, folder, name);
      writePlaylist(out, entries, { force: false, absolute: false, title: 'Mix' });
      const text = readFileSync(out, 'utf8');
      expect(text.startsWith('#EXTM3U\n')).toBe(true);
      expect(text).toContain('#EXTINF:200,My Band - Title 0 & more\n');
      expect(text).toContain('#EXTINF:-1,Plain - Title 3 & more\n');
      const resolved = readM3u(out);
      expect(resolved).toEqual(entries.map((entry) => entry.path));
      expect(resolved.every((path) => existsSync(path))).toBe(true);
      expect(text.split('\n').filter((line) => line && !line.startsWith('#')).every((line) => !isAbsolute(line))).toBe(true);
    }
    expect(readFileSync(join(dir, 'music', name), 'utf8')).toContain('\n./#1 hit.mp3\n');
  });

  it('writes absolute paths on request', () => {
    const out = join(dir, 'playlists', 'mix.m3u8');
    writePlaylist(out, entries, { force: false, absolute: true, title: 'Mix' });
    const lines = readFileSync(out, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(lines).toEqual(entries.map((entry) => entry.path));
  });

  it('writes XSPF with percent-encoded file:// locations that resolve to every track', () => {
    const out = join(dir, 'playlists', 'mix.xspf');
    writePlaylist(out, entries, { force: false, absolute: false, title: 'Like <Album> & co' });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('<playlist version="1" xmlns="http://xspf.org/ns/0/">');
    expect(text).toContain('<title>Like &lt;Album&gt; &amp; co</title>');
    expect(text).toContain('<creator>#hash folder</creator>');
    expect(text).toContain('<duration>200400</duration>');
    const resolved = readXspf(out);
    expect(resolved).toEqual(entries.map((entry) => entry.path));
    expect(resolved.every((path) => existsSync(path))).toBe(true);
    for (const location of text.matchAll(/<location>([^<]*)<\/location>/g)) {
      expect(location[1]).toMatch(/^file:\/\/\/[A-Za-z0-9\-._~!'()*%/]+$/);
    }
  });

  it('encodes every character that would change a file URI’s meaning', () => {
    expect(fileUri('/a b/#c[d]/e?%.mp3')).toBe('file:///a%20b/%23c%5Bd%5D/e%3F%25.mp3');
    expect(fileUri('/Ünï/日本.flac')).toBe('file:///%C3%9Cn%C3%AF/%E6%97%A5%E6%9C%AC.flac');
  });
});

describe('writing safely', () => {
  it('does not replace an existing file without force, and does with it', () => {
    const out = join(dir, 'playlists', 'mix.m3u8');
    writeFileSync(out, 'mine');
    expect(() => writePlaylist(out, entries, { force: false, absolute: false, title: 'Mix' })).toThrow(
      /A file already exists at .*mix\.m3u8\./,
    );
    expect(readFileSync(out, 'utf8')).toBe('mine');
    writePlaylist(out, entries, { force: true, absolute: false, title: 'Mix' });
    expect(readFileSync(out, 'utf8').startsWith('#EXTM3U')).toBe(true);
    expect(leftovers(join(dir, 'playlists'))).toEqual([]);
  });

  it.each([
    ['a missing folder', () => join(dir, 'nowhere', 'mix.m3u8'), /The folder .*nowhere does not exist/],
    ['a file for a folder', () => join(dir, 'music', '#1 hit.mp3', 'mix.m3u8'), /is not a folder/],
    ['an unknown extension', () => join(dir, 'playlists', 'mix.txt'), /name it \.m3u8, \.m3u or \.xspf/],
    ['a folder as the output', () => join(dir, 'playlists.m3u8'), /is a folder/],
  ])('refuses %s, leaving nothing behind', (_, out, message) => {
    mkdirSync(join(dir, 'playlists.m3u8'));
    const before = readdirSync(join(dir, 'playlists'));
    expect(() => writePlaylist(out(), entries, { force: true, absolute: false, title: 'Mix' })).toThrow(message);
    expect(readdirSync(join(dir, 'playlists'))).toEqual(before);
  });

  it('refuses a name that M3U cannot carry, leaving no file', () => {
    const bad = [{ ...entries[0], path: join(dir, 'music', 'line\nbreak.mp3') }];
    const out = join(dir, 'playlists', 'mix.m3u8');
    expect(() => writePlaylist(out, bad, { force: false, absolute: false, title: 'Mix' })).toThrow(PlaylistError);
    expect(readdirSync(join(dir, 'playlists'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it cannot write, leaving no file', () => {
    chmodSync(join(dir, 'playlists'), 0o555);
    const out = join(dir, 'playlists', 'mix.m3u8');
    expect(() => writePlaylist(out, entries, { force: false, absolute: false, title: 'Mix' })).toThrow(
      /cannot write in the folder/,
    );
    expect(readdirSync(join(dir, 'playlists'))).toEqual([]);
  });
});
