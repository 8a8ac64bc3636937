import { describe, expect, it } from 'vitest';
import { sniffPicture } from '../../src/main/library/picture.js';
import { folderArtRank, isAudioName, DISC_FOLDER } from '../../src/main/library/formats.js';
import { albumFolder, albumIdentity } from '../../src/main/library/albums.js';
import type { TrackTags } from '../../src/main/library/tags.js';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('picture type from bytes', () => {
  it('finds JPEG and PNG by their signatures, whatever the declared MIME', () => {
    expect(sniffPicture(JPEG)).toEqual({ format: 'jpeg', offset: 0 });
    expect(sniffPicture(PNG)).toEqual({ format: 'png', offset: 0 });
    const webp = new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 ');
    expect(sniffPicture(webp)?.format).toBe('webp');
    expect(sniffPicture(new TextEncoder().encode('GIF89a....'))?.format).toBe('gif');
  });

  it('finds the real start of a picture shifted by a few bytes (as some WMA pictures come out)', () => {
    const shifted = new Uint8Array(7 + JPEG.length);
    shifted.set([0x00, 0x03, 0x00, 0x69, 0x00, 0x00, 0x00], 0);
    shifted.set(JPEG, 7);
    expect(sniffPicture(shifted)).toEqual({ format: 'jpeg', offset: 7 });
  });

  it('says null for bytes that are not an image', () => {
    expect(sniffPicture(new TextEncoder().encode('<html>not a picture</html>'))).toBeNull();
    expect(sniffPicture(new Uint8Array(0))).toBeNull();
  });
});

describe('file names', () => {
  it('recognises audio extensions in any case, and skips hidden files', () => {
    expect(isAudioName('01 Song.MP3')).toBe(true);
    expect(isAudioName('a.flac')).toBe(true);
    expect(isAudioName('a.opus')).toBe(true);
    expect(isAudioName('._a.mp3')).toBe(false);
    expect(isAudioName('notes.txt')).toBe(false);
  });

  it('ranks folder art names, any case, and ignores other images', () => {
    expect(folderArtRank('Cover.JPG')).toBe(0);
    expect(folderArtRank('folder.png')).toBe(1);
    expect(folderArtRank('AlbumArt_{1A2B3C4D-0000-1111-2222-333344445555}_Large.jpg')).toBeGreaterThan(0);
    expect(folderArtRank('front.webp')).toBe(2);
    expect(folderArtRank('back.jpg')).toBe(-1);
    expect(folderArtRank('cover.gif')).toBe(-1);
  });

  it('treats Disc N / CD N subfolders as part of their parent album', () => {
    expect(DISC_FOLDER.test('Disc 1')).toBe(true);
    expect(DISC_FOLDER.test('CD2')).toBe(true);
    expect(DISC_FOLDER.test('Discography')).toBe(false);
    expect(albumFolder('/m/A/Album/Disc 2/01.flac')).toBe('/m/A/Album');
    expect(albumFolder('/m/A/Album/01.flac')).toBe('/m/A/Album');
  });
});

const tags = (over: Partial<TrackTags>): TrackTags => ({
  title: 't', artist: null, albumArtist: null, album: null, trackNo: null, discNo: null, year: null, genre: null,
  compilation: false, duration: null, container: null, codec: null, pictures: [], ...over,
});

describe('album grouping', () => {
  it('groups by album artist (else artist) and album, whatever the case', () => {
    const a = albumIdentity(tags({ artist: 'Low', album: 'Things We Lost' }), '/m/Low/Things/01.mp3');
    const b = albumIdentity(tags({ artist: 'LOW', album: 'things we lost' }), '/m/Low/Things/02.mp3');
    expect(a.key).toBe(b.key);
    const c = albumIdentity(tags({ artist: 'Guest', albumArtist: 'Low', album: 'Things We Lost' }), '/m/Low/Things/03.mp3');
    expect(c.key).toBe(a.key);
  });

  it('keeps a compilation one album across its track artists', () => {
    const x = albumIdentity(tags({ artist: 'A', albumArtist: 'Various Artists', album: 'Hits' }), '/m/VA/Hits/01.mp3');
    const y = albumIdentity(tags({ artist: 'B', albumArtist: 'Various Artists', album: 'Hits' }), '/m/VA/Hits/02.mp3');
    const z = albumIdentity(tags({ artist: 'C', compilation: true, album: 'Hits' }), '/m/VA/Hits/03.mp3');
    expect(x.key).toBe(y.key);
    expect(z.key).toBe(x.key);
    expect(x.artist).toBe('Various Artists');
  });

  it('falls back to the folder when there is no album tag', () => {
    const a = albumIdentity(tags({ artist: 'X' }), '/m/X/Untitled/01.mp3');
    const b = albumIdentity(tags({ artist: 'Y' }), '/m/X/Untitled/02.mp3');
    expect(a.key).toBe(b.key);
    expect(a.album).toBe('Untitled');
  });
});
