import type { ErrorCode } from '../../shared/errors.js';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { PlaylistError } from './errors.js';
import { formatM3u, type PlaylistEntry } from './m3u.js';
import { formatXspf } from './xspf.js';

export type PlaylistFormat = 'm3u8' | 'm3u' | 'xspf';

const FORMATS: Readonly<Record<string, PlaylistFormat>> = { '.m3u8': 'm3u8', '.m3u': 'm3u', '.xspf': 'xspf' };

/** Where a playlist will be written, checked before any work is done. */
export interface PlaylistTarget {
  readonly path: string;
  readonly folder: string;
  readonly format: PlaylistFormat;
}

/**
 * Checks the output path: a known extension (.m3u8, .m3u, .xspf), a folder
 * that exists, and no file in the way unless force. Whether the folder can
 * be written is learnt by writing (root ignores permission bits).
 */
export function checkPlaylistTarget(out: string, force: boolean): PlaylistTarget {
  const path = resolve(out);
  const folder = dirname(path);
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) throw new PlaylistError(`Cannot tell the playlist format of ${out}: name it .m3u8, .m3u or .xspf.`);
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (!folderStat) throw new PlaylistError(`The folder ${folder} does not exist.`, { code: 'not_found' });
  if (!folderStat.isDirectory()) throw new PlaylistError(`${folder} is not a folder.`);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new PlaylistError(`${out} is a folder.`, { code: 'conflict' });
  if (existing && !force) throw new PlaylistError(`A file already exists at ${out}.`, { code: 'conflict' });
  return { path, folder, format };
}

export interface WriteOptions {
  /** Replace an existing file. */
  readonly force: boolean;
  /** M3U: absolute paths instead of paths relative to the playlist's folder. */
  readonly absolute: boolean;
  /** XSPF: the playlist's title. */
  readonly title: string;
}

/**
 * Writes a playlist in the format its extension names: to a temporary file
 * in the same folder, fsynced, then renamed over the target, so a reader
 * never sees half a playlist and a failure leaves no partial file.
 */
export function writePlaylist(out: string, entries: readonly PlaylistEntry[], options: WriteOptions): PlaylistTarget {
  const target = checkPlaylistTarget(out, options.force);
  const text =
    target.format === 'xspf'
      ? formatXspf(entries, options.title)
      : formatM3u(entries, { folder: target.folder, absolute: options.absolute });
  const temporary = resolve(target.folder, `.${basename(target.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(temporary, 'wx', 0o644);
  } catch (error) {
    throw new PlaylistError(`Cannot write in the folder ${target.folder} (${(error as Error).message.split(',')[0]}).`, {
      cause: error,
      code: writeFailureCode(error),
    });
  }
  try {
    try {
      writeFileSync(fd, text, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!options.force && existsSync(target.path)) {
      throw new PlaylistError(`A file already exists at ${out}.`, { code: 'conflict' });
    }
    renameSync(temporary, target.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof PlaylistError) throw error;
    throw new PlaylistError(`Cannot write ${out}: ${(error as Error).message}.`, { cause: error, code: writeFailureCode(error) });
  }
  return target;
}

/** A full disk or a read-only folder is said as such; anything else the user cannot fix by choosing differently. */
function writeFailureCode(error: unknown): ErrorCode {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'read_only';
  return 'bad_request';
}
