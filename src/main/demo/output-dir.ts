import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Output folders of the library generators. A hidden marker file records
 * which generator filled the folder, with which settings, and whether it
 * finished, so a complete library is reused instead of rebuilt. A folder that
 * holds anything without our marker is refused: generators never write into
 * someone's music.
 */

export const MARKER_FILE = '.sleeve-generated.json';

interface Marker<M> {
  readonly generator: string;
  readonly key: string;
  readonly complete: boolean;
  readonly manifest?: M;
}

export class ForeignDirectoryError extends Error {
  constructor(dir: string) {
    super(`${dir} is not empty and was not made by a Sleeve generator; refusing to write into it`);
    this.name = 'ForeignDirectoryError';
  }
}

/**
 * Prepares `dir` for generator `generator` with settings `key`. Returns the
 * stored manifest when a complete library with the same settings is already
 * there; otherwise empties a folder this generator family made earlier (or
 * creates it), marks it as in progress and returns null.
 */
export async function claimOutputDir<M>(dir: string, generator: string, key: string): Promise<M | null> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    const marker = await readMarker<M>(dir);
    if (!marker) throw new ForeignDirectoryError(dir);
    if (marker.complete && marker.generator === generator && marker.key === key && marker.manifest !== undefined) {
      return marker.manifest;
    }
    await Promise.all(entries.map((entry) => rm(join(dir, entry), { recursive: true, force: true })));
  }
  await writeMarker<M>(dir, { generator, key, complete: false });
  return null;
}

/** Records that `dir` now holds a complete library described by `manifest`. */
export async function completeOutputDir<M>(dir: string, generator: string, key: string, manifest: M): Promise<void> {
  await writeMarker(dir, { generator, key, complete: true, manifest });
}

async function readMarker<M>(dir: string): Promise<Marker<M> | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8')) as Marker<M>;
    return typeof parsed.generator === 'string' && typeof parsed.key === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

async function writeMarker<M>(dir: string, marker: Marker<M>): Promise<void> {
  await writeFile(join(dir, MARKER_FILE), JSON.stringify(marker));
}
