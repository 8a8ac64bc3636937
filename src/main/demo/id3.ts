/**
 * ID3 tag writers: ID3v2.2, v2.3 and v2.4 (id3.org "ID3 tag version 2.3.0" and
 * "ID3 tag version 2.4.0 - Main Structure / Native Frames") and the 128-byte
 * ID3v1.1 trailer. Written the way common taggers write them: v2.3 text in
 * ISO-8859-1 when it fits, else UTF-16 with a BOM; v2.4 in UTF-8; padding
 * after the frames; no unsynchronisation, no extended header.
 */

export type Id3v2Version = 2 | 3 | 4;
export type Id3TextEncoding = 'latin1' | 'utf16' | 'utf16be' | 'utf8';

/** APIC picture types (ID3v2.3 §4.15), shared by FLAC, Vorbis comments and ASF. */
export const PictureType = {
  Other: 0,
  FileIcon: 1,
  OtherFileIcon: 2,
  FrontCover: 3,
  BackCover: 4,
  LeafletPage: 5,
  Media: 6,
  LeadArtist: 7,
  Artist: 8,
  Conductor: 9,
  Band: 10,
  Composer: 11,
  Lyricist: 12,
  RecordingLocation: 13,
  DuringRecording: 14,
  DuringPerformance: 15,
  VideoCapture: 16,
  BrightFish: 17,
  Illustration: 18,
  BandLogo: 19,
  PublisherLogo: 20,
} as const;

export interface Id3Picture {
  /** One of PictureType. */
  readonly type: number;
  /**
   * Written verbatim, so tests can store wrong or garbled types. In ID3v2.2
   * the field is a 3-character image format: a 3-character value is written
   * as given, 'image/png' becomes 'PNG' and anything else 'JPG'.
   */
  readonly mime: string;
  readonly description?: string;
  readonly data: Uint8Array;
}

export interface Id3Tags {
  readonly title?: string;
  readonly artist?: string;
  /** TPE2, which every major player uses as "album artist". */
  readonly albumArtist?: string;
  readonly album?: string;
  /** "3" or "3/12". */
  readonly track?: string | number;
  /** "1" or "1/2". */
  readonly disc?: string | number;
  readonly year?: string | number;
  readonly genre?: string;
  /** iTunes' TCMP (TCP in v2.2) compilation flag. */
  readonly compilation?: boolean;
  readonly pictures?: readonly Id3Picture[];
}

export interface Id3v2Options {
  /** Major version; default 3, the most widely written. */
  readonly version?: Id3v2Version;
  /** 'auto' (default): ISO-8859-1 when every character fits, else UTF-16 (v2.2/v2.3) or UTF-8 (v2.4). */
  readonly encoding?: 'auto' | Id3TextEncoding;
  /** Zero bytes after the frames, as taggers leave room for edits; default 1024. */
  readonly padding?: number;
}

const HEADER_SIZE = 10;
const DEFAULT_PADDING = 1024;
/** Largest size a 4-byte syncsafe integer can hold (28 bits). */
const MAX_SYNCSAFE = 0x0fffffff;

/** Frame ids per version: v2.2 has three-letter ids; v2.4 replaced TYER by TDRC. */
const FRAME_IDS = {
  title: { 2: 'TT2', 3: 'TIT2', 4: 'TIT2' },
  artist: { 2: 'TP1', 3: 'TPE1', 4: 'TPE1' },
  albumArtist: { 2: 'TP2', 3: 'TPE2', 4: 'TPE2' },
  album: { 2: 'TAL', 3: 'TALB', 4: 'TALB' },
  track: { 2: 'TRK', 3: 'TRCK', 4: 'TRCK' },
  disc: { 2: 'TPA', 3: 'TPOS', 4: 'TPOS' },
  year: { 2: 'TYE', 3: 'TYER', 4: 'TDRC' },
  genre: { 2: 'TCO', 3: 'TCON', 4: 'TCON' },
  compilation: { 2: 'TCP', 3: 'TCMP', 4: 'TCMP' },
} as const satisfies Record<string, Record<Id3v2Version, string>>;

const ENCODING_BYTE: Record<Id3TextEncoding, number> = { latin1: 0, utf16: 1, utf16be: 2, utf8: 3 };

/** A complete ID3v2 tag (header, frames, padding) to put at the start of a file. */
export function id3v2Tag(tags: Id3Tags, options: Id3v2Options = {}): Buffer {
  const version = options.version ?? 3;
  const frames: Buffer[] = [];
  const text = (key: keyof typeof FRAME_IDS, value: string | number | undefined): void => {
    if (value === undefined) return;
    const encoding = chooseEncoding(String(value), version, options.encoding ?? 'auto');
    frames.push(frame(version, FRAME_IDS[key][version], Buffer.concat([Buffer.of(ENCODING_BYTE[encoding]), encode(String(value), encoding)])));
  };
  text('title', tags.title);
  text('artist', tags.artist);
  text('albumArtist', tags.albumArtist);
  text('album', tags.album);
  text('track', tags.track);
  text('disc', tags.disc);
  text('year', tags.year);
  text('genre', tags.genre);
  if (tags.compilation) text('compilation', '1');
  for (const picture of tags.pictures ?? []) frames.push(pictureFrame(version, picture, options.encoding ?? 'auto'));

  const body = Buffer.concat([...frames, Buffer.alloc(options.padding ?? DEFAULT_PADDING)]);
  if (body.length > MAX_SYNCSAFE) throw new RangeError(`ID3v2 tag of ${body.length} bytes exceeds the 256 MB limit`);
  const header = Buffer.alloc(HEADER_SIZE);
  header.write('ID3', 0, 'latin1');
  header[3] = version;
  header[4] = 0;
  header[5] = 0;
  writeSyncsafe(header, 6, body.length);
  return Buffer.concat([header, body]);
}

/** APIC (v2.3/v2.4) or PIC (v2.2) frame. */
function pictureFrame(version: Id3v2Version, picture: Id3Picture, encodingChoice: 'auto' | Id3TextEncoding): Buffer {
  const description = picture.description ?? '';
  const encoding = chooseEncoding(description, version, encodingChoice);
  const format =
    version === 2
      ? Buffer.from(picture.mime.length === 3 ? picture.mime : picture.mime === 'image/png' ? 'PNG' : 'JPG', 'latin1')
      : Buffer.concat([Buffer.from(picture.mime, 'latin1'), Buffer.of(0)]);
  const body = Buffer.concat([
    Buffer.of(ENCODING_BYTE[encoding]),
    format,
    Buffer.of(picture.type),
    encode(description, encoding),
    terminator(encoding),
    picture.data,
  ]);
  return frame(version, version === 2 ? 'PIC' : 'APIC', body);
}

function frame(version: Id3v2Version, id: string, body: Buffer): Buffer {
  if (version === 2) {
    if (body.length > 0xffffff) throw new RangeError(`ID3v2.2 frame ${id} of ${body.length} bytes exceeds 16 MB`);
    const header = Buffer.alloc(6);
    header.write(id, 0, 'latin1');
    header.writeUIntBE(body.length, 3, 3);
    return Buffer.concat([header, body]);
  }
  const header = Buffer.alloc(10);
  header.write(id, 0, 'latin1');
  // v2.4 frame sizes are syncsafe; v2.3 frame sizes are plain 32-bit big-endian.
  if (version === 4) writeSyncsafe(header, 4, body.length);
  else header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function chooseEncoding(text: string, version: Id3v2Version, choice: 'auto' | Id3TextEncoding): Id3TextEncoding {
  if (choice !== 'auto') {
    if ((choice === 'utf8' || choice === 'utf16be') && version !== 4) {
      throw new RangeError(`ID3v2.${version} has no ${choice} text encoding (v2.4 only)`);
    }
    return choice;
  }
  if (isLatin1(text)) return 'latin1';
  return version === 4 ? 'utf8' : 'utf16';
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function encode(text: string, encoding: Id3TextEncoding): Buffer {
  switch (encoding) {
    case 'latin1':
      return Buffer.from(text, 'latin1');
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf16':
      return Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.from(text, 'utf16le').swap16();
  }
}

function terminator(encoding: Id3TextEncoding): Buffer {
  return encoding === 'utf16' || encoding === 'utf16be' ? Buffer.alloc(2) : Buffer.alloc(1);
}

/** 28-bit integer in four bytes of seven bits each (ID3v2 §6.2), so no byte looks like a frame sync. */
function writeSyncsafe(buffer: Buffer, offset: number, value: number): void {
  buffer[offset] = (value >>> 21) & 0x7f;
  buffer[offset + 1] = (value >>> 14) & 0x7f;
  buffer[offset + 2] = (value >>> 7) & 0x7f;
  buffer[offset + 3] = value & 0x7f;
}

export interface Id3v1Tags {
  readonly title?: string;
  readonly artist?: string;
  readonly album?: string;
  readonly year?: string | number;
  readonly comment?: string;
  /** ID3v1.1 track number, 1..255. */
  readonly track?: number;
  /** Index into the ID3v1 genre list (e.g. 17 = Rock); 255 = none. */
  readonly genre?: number;
}

const ID3V1_SIZE = 128;

/** The 128-byte ID3v1.1 trailer: fixed-width ISO-8859-1 fields, zero-padded and truncated. */
export function id3v1Tag(tags: Id3v1Tags): Buffer {
  const out = Buffer.alloc(ID3V1_SIZE);
  out.write('TAG', 0, 'latin1');
  const field = (value: string | number | undefined, offset: number, width: number): void => {
    if (value !== undefined) Buffer.from(String(value), 'latin1').copy(out, offset, 0, width);
  };
  field(tags.title, 3, 30);
  field(tags.artist, 33, 30);
  field(tags.album, 63, 30);
  field(tags.year, 93, 4);
  field(tags.comment, 97, 28);
  // v1.1: a zero byte at 125 marks byte 126 as the track number.
  out[125] = 0;
  out[126] = tags.track ?? 0;
  out[127] = tags.genre ?? 255;
  return out;
}
