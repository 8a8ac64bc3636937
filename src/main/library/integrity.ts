import type { PositionalReader } from './block-reader.js';

/** FLAC frame sync: 14 bits of ones then a reserved zero bit (FLAC format spec, "FRAME_HEADER"). */
const FLAC_SYNC_MASK = 0xfffe;
const FLAC_SYNC = 0xfff8;
const FLAC_BLOCK_HEADER = 4;
const ID3_HEADER = 10;

/**
 * A FLAC file cut short still parses: its STREAMINFO claims the full length.
 * Walking the metadata block headers (FLAC format spec, METADATA_BLOCK_HEADER)
 * to where the first audio frame must start, and checking its sync code,
 * finds the cut while reading a few bytes past the tags. Returns a reason, or
 * null when the file looks whole.
 */
export async function flacTruncation(handle: PositionalReader, size: number): Promise<string | null> {
  const head = Buffer.alloc(ID3_HEADER);
  await handle.read(head, 0, ID3_HEADER, 0);
  let at = 0;
  if (head.toString('latin1', 0, 3) === 'ID3') {
    // ID3v2 size is syncsafe: 4 bytes of 7 bits each.
    at = ID3_HEADER + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]);
  }
  const word = Buffer.alloc(FLAC_BLOCK_HEADER);
  await handle.read(word, 0, 4, at);
  if (word.toString('latin1') !== 'fLaC') return 'not a FLAC file: the "fLaC" marker is missing';
  at += 4;
  for (let block = 1; ; block++) {
    if (at + FLAC_BLOCK_HEADER > size) return `truncated FLAC file: it ends inside metadata block ${block}`;
    await handle.read(word, 0, FLAC_BLOCK_HEADER, at);
    const last = (word[0] & 0x80) !== 0;
    const length = word.readUIntBE(1, 3);
    at += FLAC_BLOCK_HEADER + length;
    if (at > size) return `truncated FLAC file: metadata block ${block} runs past the end of the file`;
    if (last) break;
  }
  if (at + 2 > size) return 'truncated FLAC file: no audio after the metadata';
  await handle.read(word, 0, 2, at);
  if ((word.readUInt16BE(0) & FLAC_SYNC_MASK) !== FLAC_SYNC) return 'corrupt FLAC file: no audio frame where the metadata ends';
  return null;
}
