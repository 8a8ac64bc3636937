import type { FileErrorRow, TrackRow } from '../store/scan-store.js';
import { albumIdentity } from './albums.js';
import type { CoverChooser } from './cover-choice.js';
import { readTags, UnreadableAudioError, type TrackTags } from './tags.js';
import { describeFsError, type FolderImage, type WalkedFile } from './walk.js';

/** What examining one file gives: its track (none when unreadable) and every problem met, for one batch. */
export interface ExaminedFile {
  readonly pathRaw: Buffer;
  readonly track: TrackRow | null;
  readonly errors: readonly FileErrorRow[];
  readonly bytesRead: number;
}

/** How often a file that changes while it is read is read again before giving up until the next scan. */
const READ_ATTEMPTS = 2;

/**
 * Reads one file's tags and chooses its cover. A file that changed between
 * the walk and the read is read again in its new state; one that vanished,
 * cannot be opened or is not audio becomes an error row, never an exception.
 */
export async function examineFile(file: WalkedFile, rootId: number, folderImages: Map<string, FolderImage[]>, covers: CoverChooser): Promise<ExaminedFile> {
  const read = await readStableTags(file);
  if ('error' in read) return { pathRaw: file.pathRaw, track: null, errors: [read.error], bytesRead: read.bytesRead };
  const { tags, size, mtimeMs, dev, ino, bytesRead } = read;
  const problems: string[] = [];
  const choice = await covers.choose(file, tags.pictures, folderImages, problems);
  const identity = albumIdentity(tags, file.path);
  const track: TrackRow = {
    pathRaw: file.pathRaw, path: file.path, rootId, size, mtimeMs, dev, ino,
    albumKey: identity.key, albumArtist: identity.artist, albumTitle: identity.album,
    albumCompilation: identity.compilation, albumFolder: identity.folder,
    title: tags.title ?? fileTitle(file.path), artist: tags.artist, tagAlbumArtist: tags.albumArtist, album: tags.album,
    trackNo: tags.trackNo, discNo: tags.discNo, year: tags.year, genre: tags.genre, duration: tags.duration,
    container: tags.container, codec: tags.codec, compilation: identity.compilation,
    artworkId: choice?.artworkId ?? null, artworkSource: choice?.source ?? null,
  };
  const errors = problems.map((reason) => ({ pathRaw: file.pathRaw, path: file.path, reason, size, mtimeMs }));
  return { pathRaw: file.pathRaw, track, errors, bytesRead };
}

type StableRead = { tags: TrackTags; size: number; mtimeMs: number; dev: number; ino: number; bytesRead: number } | { error: FileErrorRow; bytesRead: number };

/** The file's tags as of a state that did not change while they were read. */
async function readStableTags(file: WalkedFile): Promise<StableRead> {
  let size = file.size;
  let mtimeMs = file.mtimeMs;
  let bytesRead = 0;
  for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
    try {
      const read = await readTags(file.pathRaw, file.path);
      bytesRead += read.bytesRead;
      if (read.statAfter.size === size && read.statAfter.mtimeMs === mtimeMs) return { tags: read.tags, size, mtimeMs, dev: read.statAfter.dev, ino: read.statAfter.ino, bytesRead };
      // The file changed since the walk saw it: take its new state.
      size = read.statAfter.size;
      mtimeMs = read.statAfter.mtimeMs;
    } catch (error) {
      return { error: readFailure(file, error, size, mtimeMs), bytesRead };
    }
  }
  const reason = 'file kept changing while it was read; it will be read again next scan';
  return { error: { pathRaw: file.pathRaw, path: file.path, reason, size: null, mtimeMs: null }, bytesRead };
}

/**
 * The error row of a file that could not be read. Unreadable audio keeps the
 * file's size and time, so it is not read again until it changes; a file
 * system failure or a vanished file is tried again next scan.
 */
function readFailure(file: WalkedFile, error: unknown, size: number, mtimeMs: number): FileErrorRow {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return { pathRaw: file.pathRaw, path: file.path, reason: 'file was deleted during the scan', size: null, mtimeMs: null };
  }
  if (error instanceof UnreadableAudioError) return { pathRaw: file.pathRaw, path: file.path, reason: error.message, size, mtimeMs };
  return { pathRaw: file.pathRaw, path: file.path, reason: describeFsError(error), size: null, mtimeMs: null };
}

function fileTitle(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
