import { normalize, parse, sep } from 'node:path';
import type { ApiResponse } from '../../shared/api.js';

/**
 * In the desktop app the page never names a path on its own: music folders
 * and export targets are only paths the user picked in a native dialog (or,
 * for folders, dropped on the window). The main process records those per
 * window here and refuses any other path, so a page that went wrong cannot
 * make Sleeve read or write wherever it likes. (Browser mode keeps its path
 * fields: there the user types the path.)
 */

/** The preload tells the main process on this channel which path the user dropped on the window (the page has no access to it). */
export const DROPPED_PATH_CHANNEL = 'sleeve:dropped-path';

/** A folder may become a music folder; a save target may receive a playlist. */
export type GrantKind = 'folder' | 'saveTarget';

/** Paths kept per window and kind; the oldest go first beyond this, so the set stays small however long the app runs. */
const MAX_GRANTS_PER_KIND = 64;

/** One spelling per place: `.` and `..` resolved, no trailing separator (but a root keeps its own). */
function placeKey(path: string): string {
  const normal = normalize(path);
  return normal.endsWith(sep) && normal !== parse(normal).root ? normal.slice(0, -1) : normal;
}

export class PathGrants {
  readonly #byWindow = new Map<number, Record<GrantKind, Set<string>>>();

  grant(windowId: number, kind: GrantKind, path: string): void {
    let kinds = this.#byWindow.get(windowId);
    if (!kinds) {
      kinds = { folder: new Set(), saveTarget: new Set() };
      this.#byWindow.set(windowId, kinds);
    }
    const paths = kinds[kind];
    const key = placeKey(path);
    paths.delete(key);
    paths.add(key);
    if (paths.size > MAX_GRANTS_PER_KIND) paths.delete(paths.values().next().value as string);
  }

  allows(windowId: number, kind: GrantKind, path: string): boolean {
    return this.#byWindow.get(windowId)?.[kind].has(placeKey(path)) ?? false;
  }

  /** A closed window's grants go with it. */
  forget(windowId: number): void {
    this.#byWindow.delete(windowId);
  }
}

/** The methods that take a path from the page, the grant each needs, and what the user is told otherwise. */
const GUARDED: Readonly<Record<string, { readonly kind: GrantKind; readonly refusal: string }>> = {
  'library.roots.add': {
    kind: 'folder',
    refusal: 'Sleeve adds a music folder only when you choose it in the folder dialog or drop it on the window.',
  },
  'playlists.export': {
    kind: 'saveTarget',
    refusal: 'Sleeve saves a playlist only where you chose in the save dialog.',
  },
};

/**
 * The refusal for a request whose path the user did not pick, or null when
 * the request may go on (other methods, or a granted path). A request without
 * a string path is left to the contract's own validation.
 */
export function refuseUngrantedPath(method: unknown, args: unknown, allows: (kind: GrantKind, path: string) => boolean): ApiResponse | null {
  if (typeof method !== 'string' || !Object.hasOwn(GUARDED, method)) return null;
  const path = typeof args === 'object' && args !== null ? (args as { path?: unknown }).path : undefined;
  if (typeof path !== 'string') return null;
  const guard = GUARDED[method];
  if (allows(guard.kind, path)) return null;
  return { ok: false, error: { code: 'unauthorized', message: guard.refusal } };
}
