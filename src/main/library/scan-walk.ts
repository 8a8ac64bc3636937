import { resolve } from 'node:path';
import type { FileErrorRow, KnownFile, ScanStore } from '../store/scan-store.js';
import { faultPoint } from './scan-fault.js';
import { walkRoot, type FolderImage, type WalkedFile, type WalkResult } from './walk.js';

export interface WalkedRoot {
  readonly rootPath: string;
  readonly rootId: number;
  readonly walk: WalkResult;
}

export interface FileToRead {
  readonly file: WalkedFile;
  readonly rootId: number;
  readonly folderImages: Map<string, FolderImage[]>;
  /** What the library knew of the file before this scan. */
  readonly known: KnownFile | undefined;
}

/** Walks every root first, so that progress knows the total; each root's folder problems replace its last walk's. */
export async function walkRoots(store: ScanStore, roots: readonly string[], log: (message: string) => void): Promise<WalkedRoot[]> {
  const walked: WalkedRoot[] = [];
  for (const root of roots) {
    const rootPath = resolve(root);
    const rootId = store.rootId(rootPath);
    const walk = await walkRoot(rootPath);
    const problems: FileErrorRow[] = walk.problems.map((p) => ({ ...p, size: null, mtimeMs: null }));
    store.replaceWalkProblems(rootPath, problems);
    for (const p of walk.problems) log(`${p.path}: ${p.reason}`);
    walked.push({ rootPath, rootId, walk });
    faultPoint('walked');
  }
  return walked;
}

/**
 * Decides what to read: new and changed files (and every track when covers
 * are to be chosen again); forgets the files that are gone from a root that
 * could be listed. A root that could not be listed keeps its tracks.
 */
export function planReads(store: ScanStore, walked: readonly WalkedRoot[], chooseCoversAgain: boolean, log: (message: string) => void): FileToRead[] {
  const toRead: FileToRead[] = [];
  for (const { rootPath, rootId, walk } of walked) {
    const known = store.knownFiles(rootId, rootPath);
    const seen = new Set<string>();
    for (const file of walk.files) {
      const key = file.pathRaw.toString('latin1');
      seen.add(key);
      const before = known.get(key);
      const unchanged = before !== undefined && before.size === file.size && before.mtimeMs === file.mtimeMs;
      if (!unchanged || (chooseCoversAgain && before.trackId !== null)) toRead.push({ file, rootId, folderImages: walk.folderImages, known: before });
    }
    if (!walk.rootReadable) {
      log(`${rootPath} could not be read: its tracks are kept until it can be`);
      continue;
    }
    const gone = [...known.keys()].filter((k) => !seen.has(k)).map((k) => Buffer.from(k, 'latin1'));
    if (gone.length > 0) {
      store.removeFiles(gone);
      log(`${gone.length} file(s) no longer in ${rootPath}`);
    }
  }
  return toRead;
}
