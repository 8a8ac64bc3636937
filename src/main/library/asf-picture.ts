import type { IPicture } from 'music-metadata';
import type { PositionalReader } from './block-reader.js';

/**
 * WM/Picture attributes read from an ASF (WMA) header's raw bytes.
 *
 * music-metadata 11 decodes WM_PICTURE through a DataView over the whole
 * underlying ArrayBuffer (ignoring the attribute's byteOffset) and assumes an
 * empty description, so pictures written by mutagen (Picard, beets) and
 * Windows Media Player come out shifted or truncated. This reads the value as
 * the "Advanced Systems Format Specification" rev. 01.20.05 and the WM_PICTURE
 * structure define it: picture type (1 byte), data length (uint32 LE), MIME
 * type and description (UTF-16LE, NUL-terminated), then the picture bytes.
 *
 * Attributes live in the Extended Content Description Object (§3.11, values
 * up to 64 KiB) and, for larger values or repeated names, in the Metadata
 * Object and Metadata Library Object inside the Header Extension Object
 * (§3.4, §4.7, §4.8): mutagen puts a picture over 0xFFFF bytes there.
 */

const HEADER_OBJECT = guid('75B22630-668E-11CF-A6D9-00AA0062CE6C');
const EXTENDED_CONTENT_DESCRIPTION = guid('D2D0A440-E307-11D2-97F0-00A0C95EA850');
const HEADER_EXTENSION = guid('5FBF03B5-A92E-11CF-8EE3-00C00C205365');
const METADATA = guid('C5F8CBEA-5BAF-4877-8467-AA8C44FA4CCA');
const METADATA_LIBRARY = guid('44231C94-9498-49D1-A141-1D134E457054');

/** GUID (16) + object size (uint64). */
const OBJECT_HEADER = 24;
/** Header Object: object header + number of header objects (uint32) + two reserved bytes. */
const HEADER_OBJECT_FIXED = 30;
/** Header Extension Object: object header + reserved GUID (16) + reserved uint16 + data size (uint32). */
const HEADER_EXTENSION_FIXED = 46;
/** Attribute value type 1: a byte array (§3.11). */
const BYTE_ARRAY = 1;
/** WM_PICTURE: type byte + data length before the two strings. */
const PICTURE_FIXED = 5;
/** A header larger than this is not read a second time (the pictures stay as music-metadata gave them). */
export const MAX_ASF_HEADER_BYTES = 64 * 1024 * 1024;

const PICTURE_NAME = 'WM/Picture';

/** ID3v2 APIC picture types, which WM_PICTURE reuses (music-metadata names them the same way). */
const PICTURE_TYPES: readonly string[] = [
  'Other',
  "32x32 pixels 'file icon' (PNG only)",
  'Other file icon',
  'Cover (front)',
  'Cover (back)',
  'Leaflet page',
  'Media (e.g. label side of CD)',
  'Lead artist/lead performer/soloist',
  'Artist/performer',
  'Conductor',
  'Band/Orchestra',
  'Composer',
  'Lyricist/text writer',
  'Recording Location',
  'During recording',
  'During performance',
  'Movie/video screen capture',
  'A bright coloured fish',
  'Illustration',
  'Band/artist logotype',
  'Publisher/Studio logotype',
];

/**
 * Every WM/Picture of an ASF file, in header order, or null when the file's
 * header is not an ASF header this can read (then the caller keeps what the
 * tag parser found).
 */
export async function readAsfPictures(file: PositionalReader, fileSize: number): Promise<IPicture[] | null> {
  const head = Buffer.alloc(HEADER_OBJECT_FIXED);
  if ((await file.read(head, 0, head.length, 0)).bytesRead < head.length) return null;
  if (!head.subarray(0, 16).equals(HEADER_OBJECT)) return null;
  const headerSize = Number(head.readBigUInt64LE(16));
  if (headerSize < HEADER_OBJECT_FIXED || headerSize > Math.min(fileSize, MAX_ASF_HEADER_BYTES)) return null;
  const header = Buffer.alloc(headerSize);
  let got = 0;
  while (got < headerSize) {
    const { bytesRead } = await file.read(header, got, headerSize - got, got);
    if (bytesRead === 0) return null;
    got += bytesRead;
  }
  const pictures: IPicture[] = [];
  for (const value of pictureValues(header)) {
    const picture = parseWmPicture(value);
    if (picture) pictures.push(picture);
  }
  return pictures;
}

/** The raw values of WM/Picture byte-array attributes, in the order the header holds them. */
function* pictureValues(header: Buffer): Generator<Buffer> {
  for (const [id, body] of objects(header, HEADER_OBJECT_FIXED, header.length)) {
    if (id.equals(EXTENDED_CONTENT_DESCRIPTION)) yield* contentDescriptors(body);
    else if (id.equals(HEADER_EXTENSION) && body.length >= HEADER_EXTENSION_FIXED - OBJECT_HEADER) {
      const extension = body.subarray(HEADER_EXTENSION_FIXED - OBJECT_HEADER);
      for (const [child, records] of objects(extension, 0, extension.length)) {
        if (child.equals(METADATA) || child.equals(METADATA_LIBRARY)) yield* descriptionRecords(records);
      }
    }
  }
}

/** The (GUID, body) of each object between start and end; stops at the first malformed size. */
function* objects(buffer: Buffer, start: number, end: number): Generator<[Buffer, Buffer]> {
  for (let at = start; at + OBJECT_HEADER <= end; ) {
    const size = Number(buffer.readBigUInt64LE(at + 16));
    if (size < OBJECT_HEADER || at + size > end) return;
    yield [buffer.subarray(at, at + 16), buffer.subarray(at + OBJECT_HEADER, at + size)];
    at += size;
  }
}

/** §3.11: count (uint16), then name length, name, value type, value length (uint16 each), value. */
function* contentDescriptors(body: Buffer): Generator<Buffer> {
  if (body.length < 2) return;
  const count = body.readUInt16LE(0);
  let at = 2;
  for (let i = 0; i < count && at + 2 <= body.length; i++) {
    const nameLength = body.readUInt16LE(at);
    const nameEnd = at + 2 + nameLength;
    if (nameEnd + 4 > body.length) return;
    const name = utf16z(body.subarray(at + 2, nameEnd));
    const type = body.readUInt16LE(nameEnd);
    const valueLength = body.readUInt16LE(nameEnd + 2);
    const valueStart = nameEnd + 4;
    if (valueStart + valueLength > body.length) return;
    if (name === PICTURE_NAME && type === BYTE_ARRAY) yield body.subarray(valueStart, valueStart + valueLength);
    at = valueStart + valueLength;
  }
}

/**
 * §4.7/§4.8: count (uint16), then language index, stream number, name length,
 * data type (uint16 each), data length (uint32), name, data.
 */
function* descriptionRecords(body: Buffer): Generator<Buffer> {
  if (body.length < 2) return;
  const count = body.readUInt16LE(0);
  let at = 2;
  for (let i = 0; i < count && at + 12 <= body.length; i++) {
    const nameLength = body.readUInt16LE(at + 4);
    const type = body.readUInt16LE(at + 6);
    const dataLength = body.readUInt32LE(at + 8);
    const nameStart = at + 12;
    const dataStart = nameStart + nameLength;
    if (dataStart + dataLength > body.length) return;
    const name = utf16z(body.subarray(nameStart, dataStart));
    if (name === PICTURE_NAME && type === BYTE_ARRAY) yield body.subarray(dataStart, dataStart + dataLength);
    at = dataStart + dataLength;
  }
}

/** One WM_PICTURE value; null when it is too short to hold its own fields. */
export function parseWmPicture(value: Buffer): IPicture | null {
  if (value.length < PICTURE_FIXED) return null;
  const typeId = value[0];
  const declaredLength = value.readUInt32LE(1);
  const mimeEnd = utf16Terminator(value, PICTURE_FIXED);
  if (mimeEnd < 0) return null;
  const descriptionEnd = utf16Terminator(value, mimeEnd + 2);
  if (descriptionEnd < 0) return null;
  const dataStart = descriptionEnd + 2;
  // The declared length wins when it fits; a writer that got it wrong still leaves the bytes up to the value's end.
  const dataEnd = dataStart + declaredLength <= value.length ? dataStart + declaredLength : value.length;
  const description = value.toString('utf16le', mimeEnd + 2, descriptionEnd);
  return {
    type: PICTURE_TYPES[typeId] ?? PICTURE_TYPES[0],
    format: value.toString('utf16le', PICTURE_FIXED, mimeEnd),
    ...(description ? { description } : {}),
    data: value.subarray(dataStart, dataEnd),
  };
}

/** Where the UTF-16 NUL code unit ending a string that starts at `from` is, or -1. */
function utf16Terminator(value: Buffer, from: number): number {
  for (let at = from; at + 1 < value.length; at += 2) {
    if (value[at] === 0 && value[at + 1] === 0) return at;
  }
  return -1;
}

/** An attribute name: UTF-16LE, its trailing NUL dropped. */
function utf16z(bytes: Buffer): string {
  return bytes.toString('utf16le').replace(/\0+$/, '');
}

/** GUID text to its on-disk order: the first three fields little-endian, the rest as written. */
function guid(text: string): Buffer {
  const bytes = Buffer.from(text.replace(/-/g, ''), 'hex');
  return Buffer.concat([
    Buffer.from(bytes.subarray(0, 4)).reverse(),
    Buffer.from(bytes.subarray(4, 6)).reverse(),
    Buffer.from(bytes.subarray(6, 8)).reverse(),
    bytes.subarray(8),
  ]);
}
