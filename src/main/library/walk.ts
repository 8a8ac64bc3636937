import { promises as fsp, statSync, type Dirent, type Stats } from 'node:fs';
import { isAudioName, isSkippedFolder, folderArtRank } from './formats.js';
import { displayPath, joinRaw, type RawPath } from './raw-path.js';
import { yieldIfSliceUsed } from './time-slice.js';

export interface WalkedFile {
  readonly pathRaw: RawPath;
  readonly path: string;
  readonly dirRaw: RawPath;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface FolderImage {
  readonly pathRaw: RawPath;
  readonly path: string;
  readonly rank: number;
}

export interface WalkProblem {
  readonly pathRaw: RawPath;
  readonly path: string;
  readonly reason: string;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  /** Cover-art images per folder (key: the folder's raw path as latin1), best first. */
  readonly folderImages: Map<string, FolderImage[]>;
  readonly problems: WalkProblem[];
  /** False when the root itself could not be listed: its tracks must not be treated as deleted. */
  readonly rootReadable: boolean;
}

/** The parts of node:fs the walk uses, so tests can inject failures root cannot provoke. */
export interface WalkFs {
  readdir(path: RawPath): Promise<Dirent<Buffer>[]>;
  stat(path: RawPath): Promise<Stats>;
}

async function slicedStat(path: RawPath): Promise<Stats> {
  await yieldIfSliceUsed();
  return statSync(path);
}

const nodeFs: WalkFs = {
  readdir: (path) => fsp.readdir(path, { withFileTypes: true, encoding: 'buffer' }),
  stat: slicedStat,
};

/** How many folders are listed at once. */
const WALK_CONCURRENCY = 16;

export function dirKey(dirRaw: RawPath): string {
  return dirRaw.toString('latin1');
}

/**
 * Lists the audio files and folder art below a root. Hidden and system
 * folders are skipped; symlinks are followed, but a link back to one of its
 * own ancestors is reported as a loop and a folder reached twice is walked
 * once. Nothing here throws for a bad entry: each becomes a problem.
 */
export async function walkRoot(root: string, fs: WalkFs = nodeFs): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const folderImages = new Map<string, FolderImage[]>();
  const problems: WalkProblem[] = [];
  const visited = new Set<string>();
  const rootRaw = Buffer.from(root);
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (active < WALK_CONCURRENCY) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  const problem = (pathRaw: RawPath, reason: string) => problems.push({ pathRaw, path: displayPath(pathRaw), reason });

  let rootReadable = true;
  let rootStat: Stats;
  try {
    rootStat = await fs.stat(rootRaw);
  } catch (error) {
    problem(rootRaw, `music folder cannot be read: ${describeFsError(error)}`);
    return { files, folderImages, problems, rootReadable: false };
  }
  if (!rootStat.isDirectory()) {
    problem(rootRaw, 'music folder is not a folder');
    return { files, folderImages, problems, rootReadable: false };
  }

  const walkDir = async (dirRaw: RawPath, ancestors: readonly string[], isRoot: boolean): Promise<void> => {
    let entries: Dirent<Buffer>[];
    await acquire();
    try {
      entries = await fs.readdir(dirRaw);
    } catch (error) {
      if (isRoot) rootReadable = false;
      problem(dirRaw, `folder cannot be read: ${describeFsError(error)}`);
      return;
    } finally {
      release();
    }
    const subdirs: Promise<void>[] = [];
    const images: FolderImage[] = [];
    const fileStats: Promise<void>[] = [];
    for (const entry of entries) {
      const nameRaw = entry.name;
      const name = nameRaw.toString('utf8');
      const pathRaw = joinRaw(dirRaw, nameRaw);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let linkStat: Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          linkStat = await fs.stat(pathRaw);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ELOOP') problem(pathRaw, 'symlink loop: the link resolves to itself');
          else problem(pathRaw, `broken symlink: ${describeFsError(error)}`);
          continue;
        }
        isDir = linkStat.isDirectory();
        isFile = linkStat.isFile();
      }
      if (isDir) {
        if (isSkippedFolder(name)) continue;
        subdirs.push(
          (async () => {
            let st = linkStat;
            if (!st) {
              try {
                st = await fs.stat(pathRaw);
              } catch (error) {
                problem(pathRaw, `folder cannot be read: ${describeFsError(error)}`);
                return;
              }
            }
            const id = `${st.dev}:${st.ino}`;
            if (ancestors.includes(id)) {
              problem(pathRaw, 'symlink loop: the link points back to a folder that contains it');
              return;
            }
            if (visited.has(id)) return;
            visited.add(id);
            await walkDir(pathRaw, [...ancestors, id], false);
          })(),
        );
      } else if (isFile) {
        if (isAudioName(name)) {
          fileStats.push(
            (async () => {
              try {
                const st = linkStat ?? (await fs.stat(pathRaw));
                files.push({ pathRaw, path: displayPath(pathRaw), dirRaw, size: st.size, mtimeMs: st.mtimeMs });
              } catch (error) {
                problem(pathRaw, `file cannot be read: ${describeFsError(error)}`);
              }
            })(),
          );
        } else {
          const rank = folderArtRank(name);
          if (rank >= 0) images.push({ pathRaw, path: displayPath(pathRaw), rank });
        }
      }
    }
    if (images.length > 0) folderImages.set(dirKey(dirRaw), images.sort((a, b) => a.rank - b.rank));
    await Promise.all([...fileStats, ...subdirs]);
  };

  const rootId = `${rootStat.dev}:${rootStat.ino}`;
  visited.add(rootId);
  await walkDir(rootRaw, [rootId], true);
  files.sort((a, b) => Buffer.compare(a.pathRaw, b.pathRaw));
  return { files, folderImages, problems, rootReadable };
}

export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'it no longer exists';
    case 'ENAMETOOLONG':
      return 'the path is too long for the file system';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EIO':
      return 'input/output error (bad disk or network share?)';
    case 'ENOTDIR':
      return 'not a folder';
    default:
      return e?.code ? `${e.code}: ${e.message}` : String(error);
  }
}
