/** File extensions Sleeve reads as audio (lower case, without the dot). */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'mp3', 'mp2', 'flac', 'm4a', 'm4b', 'mp4', 'aac', 'alac', 'ogg', 'oga', 'opus', 'spx',
  'wav', 'wave', 'aif', 'aiff', 'aifc', 'wma', 'asf', 'ape', 'wv', 'mpc', 'mp+', 'dsf', 'dff',
]);

/** Folder images that can stand for an album's cover, best first. */
const FOLDER_ART_NAMES = ['cover', 'folder', 'front', 'album', 'albumart'];
const FOLDER_ART_EXTENSIONS: ReadonlySet<string> = new Set(['jpg', 'jpeg', 'png', 'webp']);
/** Windows Media Player writes AlbumArt_{GUID}_Large.jpg beside the music. */
const WMP_ART = /^albumart(_\{[0-9a-f-]+\}_(large|small))?$/i;

/** Disc subfolders whose parent folder may hold the album's cover. */
export const DISC_FOLDER = /^(disc|disk|cd)\s*[-_. ]?\s*\d+\b/i;

/** Folders never walked: hidden ones and system clutter. */
const SYSTEM_FOLDERS: ReadonlySet<string> = new Set([
  '$recycle.bin', 'system volume information', 'lost+found', '@eadir', '#recycle', '.trash', 'recycler',
]);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isAudioName(name: string): boolean {
  return !name.startsWith('.') && AUDIO_EXTENSIONS.has(extensionOf(name));
}

export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FOLDERS.has(name.toLowerCase());
}

/** Rank of a folder image by name (lower is better), or -1 when it is not cover art. */
export function folderArtRank(name: string): number {
  if (name.startsWith('.')) return -1;
  if (!FOLDER_ART_EXTENSIONS.has(extensionOf(name))) return -1;
  const stem = name.slice(0, name.lastIndexOf('.')).toLowerCase();
  const exact = FOLDER_ART_NAMES.indexOf(stem);
  if (exact >= 0) return exact;
  if (WMP_ART.test(stem)) return FOLDER_ART_NAMES.length + (/small$/i.test(stem) ? 1 : 0);
  return -1;
}
