import { isAbsolute, relative } from 'node:path';
import { PlaylistError } from './errors.js';

/** What a playlist file says about one track. */
export interface PlaylistEntry {
  /** Absolute path of the audio file. */
  readonly path: string;
  readonly title: string;
  readonly artist: string;
  readonly album: string;
  /** Seconds, or null when unknown. */
  readonly duration: number | null;
}

export interface M3uOptions {
  /** The folder the playlist is written in: paths are relative to it unless absolute is set. */
  readonly folder: string;
  readonly absolute: boolean;
}

/**
 * Extended M3U, the same for .m3u8 and .m3u (both written as UTF-8): the
 * `#EXTM3U` header, then per track `#EXTINF:<seconds>,<Artist> - <Title>`
 * (−1 seconds when unknown) and the track's location on its own line.
 */
export function formatM3u(entries: readonly PlaylistEntry[], options: M3uOptions): string {
  const lines = ['#EXTM3U'];
  for (const entry of entries) {
    const seconds = entry.duration === null ? -1 : Math.round(entry.duration);
    lines.push(`#EXTINF:${seconds},${oneLine(entry.artist)} - ${oneLine(entry.title)}`);
    lines.push(location(entry.path, options));
  }
  return `${lines.join('\n')}\n`;
}

function location(path: string, options: M3uOptions): string {
  if (/[\r\n]/.test(path)) throw new PlaylistError(`Cannot write ${JSON.stringify(path)} to M3U: its name holds a line break.`);
  if (options.absolute) return path;
  const relativePath = relative(options.folder, path);
  // Another drive on Windows: there is no relative path.
  if (isAbsolute(relativePath)) return relativePath;
  // A line starting with '#' is a comment in M3U, and players trim leading spaces.
  return /^[#\s]/.test(relativePath) ? `./${relativePath}` : relativePath;
}

/** Tag text on one line: line breaks and other control characters become spaces. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}
