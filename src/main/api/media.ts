import { constants, promises as fsp, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Db } from '../store/db.js';

/**
 * Covers and audio for the UI, shared by the two transports: `sleeve serve`
 * writes these replies to node:http, the Electron `sleeve://` protocol turns
 * them into web Responses. Only artworks and tracks recorded in the library
 * are served; any other id is a 404.
 */
export type ReplyBody =
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | {
      readonly kind: 'file';
      readonly path: Buffer | string;
      readonly start: number;
      readonly end: number;
      /** For a library file, the file the scan recorded at `path`: streamers open it with openReplyFile. */
      readonly identity?: FileIdentity;
    }
  | { readonly kind: 'empty' };

/**
 * What the scan recorded of a track's file. Its audio is served only while
 * the file at its path is still that one, so a file swapped in since (a
 * symlink to /etc/passwd, another file renamed over it) is never sent.
 * dev and ino are null for tracks recorded before they were kept; the next
 * scan reads those tracks again and fills them.
 */
export interface FileIdentity {
  readonly dev: number | null;
  readonly ino: number | null;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface MediaReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ReplyBody;
}

const EMPTY: ReplyBody = { kind: 'empty' };

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  avif: 'image/avif',
};

const AUDIO_TYPES: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  m4b: 'audio/mp4',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  wma: 'audio/x-ms-wma',
  webm: 'audio/webm',
};

export function textReply(status: number, text: string): MediaReply {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: { kind: 'bytes', bytes: Buffer.from(text) },
  };
}

/** Ids in URLs are plain positive decimal integers; anything else is not an id. */
export function parseId(text: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** The stored thumbnail of one artwork. */
export function coverReply(db: Db, idText: string): MediaReply {
  const id = parseId(idText);
  if (id === null) return textReply(404, 'No such cover.');
  const row = db.prepare('SELECT thumbnail, thumbnail_format AS format FROM artworks WHERE id = ?').get(id) as
    | { thumbnail: Buffer | null; format: string | null }
    | undefined;
  if (!row?.thumbnail) return textReply(404, 'No such cover.');
  return {
    status: 200,
    headers: {
      'Content-Type': IMAGE_TYPES[row.format ?? ''] ?? 'application/octet-stream',
      'Content-Length': String(row.thumbnail.length),
      // An artwork id names one picture's bytes (its hash is unique), so the thumbnail never changes.
      'Cache-Control': 'private, max-age=86400',
    },
    body: { kind: 'bytes', bytes: row.thumbnail },
  };
}

export type ByteRange = { readonly start: number; readonly end: number } | 'unsatisfiable' | null;

/**
 * One `Range: bytes=...` of RFC 9110 §14.1.2: `a-b`, `a-` or `-n` (the last n
 * bytes). Multiple ranges and other units are ignored (null: send it all),
 * which the RFC allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start) return null;
  }
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(dot + 1).toLowerCase();
}

/** A library track's audio, with Range support so that seeking works. */
export async function trackReply(db: Db, idText: string, rangeHeader: string | undefined): Promise<MediaReply> {
  const id = parseId(idText);
  if (id === null) return textReply(404, 'No such track.');
  const row = db.prepare('SELECT path_raw AS pathRaw, path, size, mtime_ms AS mtimeMs, dev, ino FROM tracks WHERE id = ?').get(id) as
    | ({ pathRaw: Buffer; path: string } & FileIdentity)
    | undefined;
  if (!row) return textReply(404, 'No such track.');
  const identity: FileIdentity = { dev: row.dev, ino: row.ino, size: row.size, mtimeMs: row.mtimeMs };
  const handle = await openRecordedFile(row.pathRaw, identity);
  if (!handle) return textReply(404, 'The track file is missing or changed since the last scan; scan the library again.');
  await handle.close();
  const size = identity.size;
  const headers: Record<string, string> = {
    'Content-Type': AUDIO_TYPES[extensionOf(row.path)] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
  };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` }, body: EMPTY };
  }
  if (size === 0) return { status: 200, headers: { ...headers, 'Content-Length': '0' }, body: EMPTY };
  const { start, end } = range ?? { start: 0, end: size - 1 };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = String(end - start + 1);
  return { status: range ? 206 : 200, headers, body: { kind: 'file', path: row.pathRaw, start, end, identity } };
}

/** O_NOFOLLOW where the platform has it (not on Windows, where symlinks need privileges to make). */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Opens the file the scan recorded, or null when the path no longer holds
 * it. The last path component is not followed when it is a symlink, unless
 * the recorded device and inode say which file it must reach (a library may
 * hold symlinked tracks); then fstat of the opened descriptor (not a second
 * lookup of the path, which could be swapped in between) must match the
 * record. Streaming from the returned handle sends exactly the checked file.
 */
export async function openRecordedFile(path: Buffer | string, identity: FileIdentity): Promise<FileHandle | null> {
  let handle: FileHandle;
  try {
    handle = await fsp.open(path, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOOP' || identity.dev === null || identity.ino === null) return null;
    try {
      handle = await fsp.open(path, constants.O_RDONLY);
    } catch {
      return null;
    }
  }
  try {
    if (isRecordedFile(await handle.stat(), identity)) return handle;
  } catch {
    // A descriptor that cannot be stat'ed is not served.
  }
  await handle.close();
  return null;
}

/**
 * Opens a 'file' reply's file for streaming: a library file only while it is
 * the one recorded (openRecordedFile), the app's own files as they are.
 * Null when the file is not there or not the recorded one (answer 404).
 */
export async function openReplyFile(body: Extract<ReplyBody, { kind: 'file' }>): Promise<FileHandle | null> {
  if (body.identity) return openRecordedFile(body.path, body.identity);
  try {
    return await fsp.open(body.path, constants.O_RDONLY);
  } catch {
    return null;
  }
}

function isRecordedFile(stat: Stats, identity: FileIdentity): boolean {
  if (!stat.isFile() || stat.size !== identity.size || stat.mtimeMs !== identity.mtimeMs) return false;
  return identity.dev === null || identity.ino === null || (stat.dev === identity.dev && stat.ino === identity.ino);
}

/** Routes `/media/cover/<id>` and `/media/track/<id>`; null when the path is not a media path. */
export async function mediaReply(db: Db, pathname: string, rangeHeader: string | undefined): Promise<MediaReply | null> {
  const match = /^\/media\/(cover|track)\/([^/]*)$/.exec(pathname);
  if (!match) return pathname.startsWith('/media/') ? textReply(404, 'Not found.') : null;
  return match[1] === 'cover' ? coverReply(db, match[2]) : trackReply(db, match[2], rangeHeader);
}
