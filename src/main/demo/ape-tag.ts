/**
 * APEv2 tag writer (the "APE Tags Header" and "APE Key" specs from the
 * Monkey's Audio / hydrogenaudio wiki): header, items, footer, appended at the
 * end of WavPack, Monkey's Audio and Musepack files. Cover art is a binary
 * item "Cover Art (Front)" whose value is "filename\0" followed by the bytes,
 * as foobar2000 and Mp3tag write it.
 */

export type ApeItem =
  | { readonly key: string; readonly text: string }
  | { readonly key: string; readonly binary: Uint8Array };

const PREAMBLE = 'APETAGEX';
const APE_VERSION = 2000;
const HEADER_SIZE = 32;
const FLAG_HAS_HEADER = 1 << 31;
const FLAG_IS_HEADER = 1 << 29;
/** Item flag bits 1-2: 0 = UTF-8 text, 1 = binary. */
const ITEM_BINARY = 1 << 1;

/** A binary cover item as taggers write it: "<file name>\0<image bytes>". */
export function apeCoverItem(fileName: string, data: Uint8Array, key = 'Cover Art (Front)'): ApeItem {
  return { key, binary: Buffer.concat([Buffer.from(fileName, 'utf8'), Buffer.of(0), data]) };
}

/** The whole tag: header, items, footer. Keys are ASCII, 2..255 characters. */
export function apeTag(items: readonly ApeItem[]): Buffer {
  const encoded = items.map(encodeItem);
  const itemBytes = encoded.reduce((sum, b) => sum + b.length, 0);
  // The size field counts items and footer, not the header.
  const size = itemBytes + HEADER_SIZE;
  return Buffer.concat([
    headerOrFooter(size, items.length, FLAG_HAS_HEADER | FLAG_IS_HEADER),
    ...encoded,
    headerOrFooter(size, items.length, FLAG_HAS_HEADER),
  ]);
}

function encodeItem(item: ApeItem): Buffer {
  if (!/^[\x20-\x7e]{2,255}$/.test(item.key)) throw new RangeError(`invalid APEv2 key: ${JSON.stringify(item.key)}`);
  const value = 'text' in item ? Buffer.from(item.text, 'utf8') : Buffer.from(item.binary);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(value.length, 0);
  head.writeUInt32LE('text' in item ? 0 : ITEM_BINARY, 4);
  return Buffer.concat([head, Buffer.from(item.key, 'latin1'), Buffer.of(0), value]);
}

function headerOrFooter(size: number, count: number, flags: number): Buffer {
  const out = Buffer.alloc(HEADER_SIZE);
  out.write(PREAMBLE, 0, 'latin1');
  out.writeUInt32LE(APE_VERSION, 8);
  out.writeUInt32LE(size, 12);
  out.writeUInt32LE(count, 16);
  out.writeUInt32LE(flags >>> 0, 20);
  return out;
}
