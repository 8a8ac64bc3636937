import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { parseFromTokenizer, type IAudioMetadata, type IPicture } from 'music-metadata';
import { FileTokenizer } from 'strtok3';
import { extensionOf } from './formats.js';
import { flacTruncation } from './integrity.js';
import { BlockReader, type PositionalReader } from './block-reader.js';
import { SyncFile } from './sync-file.js';
import type { RawPath } from './raw-path.js';
import { readAsfPictures } from './asf-picture.js';
import { sniffPicture } from './picture.js';

export interface TrackTags {
  readonly title: string | null;
  readonly artist: string | null;
  readonly albumArtist: string | null;
  readonly album: string | null;
  readonly trackNo: number | null;
  readonly discNo: number | null;
  readonly year: number | null;
  readonly genre: string | null;
  readonly compilation: boolean;
  readonly duration: number | null;
  readonly container: string | null;
  readonly codec: string | null;
  readonly pictures: readonly IPicture[];
}

export interface ReadTagsResult {
  readonly tags: TrackTags;
  /** Bytes actually read from the file (the benchmark reports it). */
  readonly bytesRead: number;
  /** The file's stat after reading, to notice a file changed while it was read. */
  readonly statAfter: Stats;
}

export class UnreadableAudioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAudioError';
  }
}

/** strtok3 keeps its file constructor protected; this subclass only opens it up. */
class HandleTokenizer extends FileTokenizer {
  static over(handle: FileHandle, path: string, size: number): HandleTokenizer {
    return new HandleTokenizer(handle, { fileInfo: { path, size } });
  }
}

/**
 * Reads tags and pictures from the file's headers only (skipPostHeaders,
 * no duration scan): a format's duration comes from its header (Xing/VBRI,
 * STREAMINFO, mvhd, ...) and the audio itself is never read.
 */
export async function readTags(pathRaw: RawPath, displayName: string): Promise<ReadTagsResult> {
  const file = await SyncFile.open(pathRaw);
  try {
    const before = await file.stat();
    if (before.size === 0) throw new UnreadableAudioError('empty file (0 bytes)');
    const reader = new BlockReader(file, before.size);
    // The tokenizer only reads and closes; the file is closed below, once.
    const handle = { read: reader.read.bind(reader), close: async () => {} } as unknown as FileHandle;
    const tokenizer = HandleTokenizer.over(handle, displayName, before.size);
    let metadata: IAudioMetadata;
    try {
      metadata = await parseFromTokenizer(tokenizer, { skipPostHeaders: true, duration: false });
    } catch (error) {
      throw new UnreadableAudioError(describeParseError(error, displayName));
    }
    let tags = toTrackTags(metadata);
    if (!tags.codec && !tags.container && metadata.format.sampleRate === undefined) {
      throw new UnreadableAudioError(`not a readable ${extensionOf(displayName).toUpperCase()} file: no audio stream found`);
    }
    if (tags.duration === null && tags.container === 'Ogg' && metadata.format.sampleRate) {
      const seconds = await oggDuration(reader, before.size, tags.codec === 'Opus' ? OPUS_GRANULE_RATE : metadata.format.sampleRate);
      if (seconds !== null) tags = { ...tags, duration: seconds };
    }
    if (tags.container?.startsWith('ASF') && tags.pictures.some(misplaced)) {
      const pictures = await readAsfPictures(reader, before.size);
      if (pictures) tags = { ...tags, pictures };
    }
    if (tags.container === 'FLAC') {
      const truncated = await flacTruncation(reader, before.size);
      if (truncated) throw new UnreadableAudioError(truncated);
    }
    const statAfter = await file.stat();
    return { tags, bytesRead: reader.bytesRead, statAfter };
  } finally {
    await file.close();
  }
}

/** A picture whose bytes do not start with an image signature: music-metadata decoded its WM/Picture off its real start. */
function misplaced(picture: IPicture): boolean {
  return sniffPicture(picture.data)?.offset !== 0;
}

/** Opus granule positions always count 48 kHz samples (RFC 7845, section 4). */
const OPUS_GRANULE_RATE = 48000;
/** How much of an Ogg file's end is read to find its last page. */
const OGG_TAIL_BYTES = 64 * 1024;

/**
 * An Ogg stream's length is the granule position of its last page (RFC 3533)
 * divided by the sample rate; reading only the file's tail keeps the audio
 * itself unread.
 */
async function oggDuration(handle: PositionalReader, size: number, sampleRate: number): Promise<number | null> {
  const length = Math.min(OGG_TAIL_BYTES, size);
  const tail = Buffer.alloc(length);
  await handle.read(tail, 0, length, size - length);
  for (let at = tail.lastIndexOf('OggS'); at >= 0; at = at > 0 ? tail.lastIndexOf('OggS', at - 1) : -1) {
    if (at + 14 > tail.length) continue;
    const granule = tail.readBigInt64LE(at + 6);
    if (granule > 0n) return Number(granule) / sampleRate;
  }
  return null;
}

function describeParseError(error: unknown, name: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const kind = extensionOf(name).toUpperCase();
  if (/end-of-stream|EndOfStream|end of stream/i.test(message)) return `truncated or corrupt ${kind} file: ${message}`;
  if (/could not determine|unsupported file type|guess/i.test(message)) return `not a recognisable ${kind} audio file`;
  return `corrupt ${kind} file: ${message}`;
}

function clean(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.replace(/\0+$/g, '').trim();
  return trimmed.length > 0 ? trimmed : null;
}

function toTrackTags(metadata: IAudioMetadata): TrackTags {
  const c = metadata.common;
  const artist = clean(c.artist) ?? clean(c.artists?.join(', '));
  return {
    title: clean(c.title),
    artist,
    albumArtist: clean(c.albumartist),
    album: clean(c.album),
    trackNo: c.track?.no ?? null,
    discNo: c.disk?.no ?? null,
    year: c.year ?? (c.date ? Number.parseInt(c.date.slice(0, 4), 10) || null : null),
    genre: clean(c.genre?.[0]),
    compilation: c.compilation === true,
    duration: Number.isFinite(metadata.format.duration) ? (metadata.format.duration as number) : null,
    container: clean(metadata.format.container),
    codec: clean(metadata.format.codec),
    pictures: c.picture ?? [],
  };
}
