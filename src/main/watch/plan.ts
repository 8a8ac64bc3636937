/**
 * Which folders to scan again for a batch of changed paths: each path's
 * folder (a folder itself when the path is one), or, when that is gone, its
 * nearest ancestor that still exists, so that deleted files are noticed; a
 * "Disc N" folder is widened to its album's folder (the album's folder image
 * may cover it). Folders inside other chosen folders are left out; a change
 * at the music folder itself, or in very many folders, scans the whole
 * music folder (still reading only what changed).
 */
import { statSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { DISC_FOLDER } from '../library/formats.js';

export interface RescanPlan {
  /** Music folders to scan whole. */
  readonly roots: string[];
  /** Folders inside a music folder to scan alone. */
  readonly folders: { readonly rootPath: string; readonly folder: string }[];
}

/** Past this many folders in one music folder, scanning it whole is simpler and about as quick. */
export const MAX_FOLDERS_PER_ROOT = 200;

function inside(outer: string, inner: string): boolean {
  return inner.startsWith(outer.endsWith(sep) ? outer : `${outer}${sep}`);
}

function isDirectory(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch {
    return null;
  }
}

export function planRescan(changed: readonly string[], roots: readonly string[]): RescanPlan {
  const byRoot = new Map<string, Set<string>>();
  for (const path of changed) {
    const root = roots.find((r) => r === path || inside(r, path));
    if (!root) continue;
    const directory = isDirectory(path);
    let folder = directory ? path : dirname(path);
    while (folder !== root && inside(root, folder) && isDirectory(folder) !== true) folder = dirname(folder);
    if (folder !== root && DISC_FOLDER.test(basename(folder))) folder = dirname(folder);
    let set = byRoot.get(root);
    if (!set) byRoot.set(root, (set = new Set()));
    set.add(folder);
  }
  const plan: RescanPlan = { roots: [], folders: [] };
  for (const [root, set] of byRoot) {
    const folders = [...set].sort();
    if (set.has(root) || folders.length > MAX_FOLDERS_PER_ROOT) {
      plan.roots.push(root);
      continue;
    }
    const outermost = folders.filter((f) => !folders.some((g) => g !== f && inside(g, f)));
    for (const folder of outermost) plan.folders.push({ rootPath: root, folder });
  }
  return plan;
}
