import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { apeCoverItem, apeTag } from '../../src/main/demo/ape-tag.js';
import { id3v1Tag, id3v2Tag, PictureType, type Id3Tags } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';

const audio = silentMp3(1);
const jpeg = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const tags: Id3Tags = {
  title: 'Svefn-g-englar',
  artist: 'Sigur Rós',
  albumArtist: 'Sigur Rós',
  album: 'Ágætis byrjun',
  track: '1/10',
  disc: '1/2',
  year: 1999,
  genre: 'Post-Rock',
  compilation: true,
  pictures: [
    { type: PictureType.BackCover, mime: 'image/png', description: 'back', data: png },
    { type: PictureType.FrontCover, mime: 'image/jpeg', description: 'Forsíða ☃', data: jpeg },
  ],
};

async function parse(file: Buffer) {
  return parseBuffer(file, { mimeType: 'audio/mpeg' });
}

describe('id3v2Tag', () => {
  for (const version of [2, 3, 4] as const) {
    it(`writes ID3v2.${version} that music-metadata reads back field by field`, async () => {
      const meta = await parse(Buffer.concat([id3v2Tag(tags, { version }), audio]));
      expect(meta.format.tagTypes).toContain(`ID3v2.${version}`);
      const c = meta.common;
      expect([c.title, c.artist, c.albumartist, c.album, c.year, c.genre, c.compilation]).toEqual([
        'Svefn-g-englar', 'Sigur Rós', 'Sigur Rós', 'Ágætis byrjun', 1999, ['Post-Rock'], true,
      ]);
      expect(c.track).toEqual({ no: 1, of: 10 });
      expect(c.disk).toEqual({ no: 1, of: 2 });
      expect(c.picture?.map((p) => [p.type, p.description, Buffer.from(p.data).equals(p.format === 'image/png' ? png : jpeg)])).toEqual([
        ['Cover (back)', 'back', true],
        ['Cover (front)', 'Forsíða ☃', true],
      ]);
      expect(c.picture?.map((p) => p.format)).toEqual(['image/png', 'image/jpeg']);
    });
  }

  it('stores the MIME string verbatim, however wrong', async () => {
    const meta = await parse(Buffer.concat([
      id3v2Tag({ pictures: [{ type: PictureType.FrontCover, mime: 'application/octet-stream', data: jpeg }] }),
      audio,
    ]));
    expect(meta.common.picture?.[0].format).toBe('application/octet-stream');
    expect(Buffer.from(meta.common.picture![0].data).equals(jpeg)).toBe(true);
  });

  it('writes a syncsafe tag size and ISO-8859-1 or UTF-16-with-BOM text in v2.3, as taggers do', () => {
    const tag = id3v2Tag({ title: 'Café', artist: 'Ж' }, { version: 3, padding: 200 });
    expect(tag.subarray(0, 5)).toEqual(Buffer.from([0x49, 0x44, 0x33, 3, 0]));
    for (const b of tag.subarray(6, 10)) expect(b).toBeLessThan(0x80);
    const size = (tag[6] << 21) | (tag[7] << 14) | (tag[8] << 7) | tag[9];
    expect(size).toBe(tag.length - 10);
    const title = tag.indexOf('TIT2', 0, 'latin1');
    expect(tag[title + 10]).toBe(0); // ISO-8859-1
    expect(tag.toString('latin1', title + 11, title + 15)).toBe('Café');
    const artist = tag.indexOf('TPE1', 0, 'latin1');
    expect([...tag.subarray(artist + 10, artist + 13)]).toEqual([1, 0xff, 0xfe]); // UTF-16, little-endian BOM
  });

  it('writes UTF-8 text and syncsafe frame sizes in v2.4', () => {
    const long = 'x'.repeat(200) + 'Ж';
    const tag = id3v2Tag({ title: long }, { version: 4 });
    const at = tag.indexOf('TIT2', 0, 'latin1');
    const bodyLength = 1 + Buffer.byteLength(long, 'utf8');
    expect([...tag.subarray(at + 4, at + 8)]).toEqual([0, 0, bodyLength >> 7, bodyLength & 0x7f]);
    expect(tag[at + 10]).toBe(3);
  });

  it('refuses a text encoding the version does not have', () => {
    expect(() => id3v2Tag({ title: 'x' }, { version: 3, encoding: 'utf8' })).toThrow(/v2.4 only/);
  });
});

describe('id3v1Tag', () => {
  it('writes the 128-byte v1.1 trailer music-metadata reads', async () => {
    const trailer = id3v1Tag({ title: 'A title longer than thirty characters', artist: 'Artist', album: 'Album', year: 1997, track: 7, genre: 17 });
    expect(trailer.length).toBe(128);
    const meta = await parse(Buffer.concat([audio, trailer]));
    expect(meta.format.tagTypes).toEqual(['ID3v1']);
    expect([meta.common.title, meta.common.artist, meta.common.album, meta.common.year, meta.common.track.no, meta.common.genre]).toEqual([
      'A title longer than thirty cha', 'Artist', 'Album', 1997, 7, ['Rock'],
    ]);
  });
});

describe('apeTag', () => {
  it('writes an APEv2 tag with header, footer and a binary front-cover item', async () => {
    const tag = apeTag([{ key: 'Title', text: 'Tïtle' }, { key: 'Artist', text: 'Ape' }, apeCoverItem('cover.jpg', jpeg)]);
    expect(tag.toString('latin1', 0, 8)).toBe('APETAGEX');
    expect(tag.toString('latin1', tag.length - 32, tag.length - 24)).toBe('APETAGEX');
    expect(tag.readUInt32LE(tag.length - 32 + 12)).toBe(tag.length - 32);
    const meta = await parse(Buffer.concat([audio, tag]));
    expect(meta.format.tagTypes).toContain('APEv2');
    expect([meta.common.title, meta.common.artist]).toEqual(['Tïtle', 'Ape']);
    expect(Buffer.from(meta.common.picture![0].data).equals(jpeg)).toBe(true);
    expect(meta.common.picture![0].description).toBe('cover.jpg');
  });

  it('rejects keys the format does not allow', () => {
    expect(() => apeTag([{ key: 'x', text: 'too short' }])).toThrow(/invalid APEv2 key/);
  });
});
