import { DESCRIPTOR_KINDS, getKind } from '../artwork/kinds.js';
import { describeImageFile } from '../artwork/describe-file.js';
import { CoverIndex, type Log } from '../index/cover-index.js';
import type { Db } from '../store/db.js';
import { CoverSpace } from './cover-space.js';
import { PlaylistError } from './errors.js';
import { descriptorCounts, loadAlbums } from './library-view.js';
import { parseKindMix, type KindWeight } from './mix.js';
import { resolveSeed, type Seed } from './seeds.js';

/** The kind used when --kind is not given: colour GIST did best in Bernhardsson's experiment. */
export const DEFAULT_KIND = 'gist';

/** A library opened for cover similarity in one mix of descriptor kinds. */
export interface CoverSession {
  readonly db: Db;
  readonly space: CoverSpace;
  readonly mix: readonly KindWeight[];
  /** Resolves ALBUM as typed by the user (see seeds.ts). */
  resolve(input: string): Promise<Seed>;
}

/**
 * Opens the cover space of a library for a `--kind` spec: refuses an empty
 * library and a kind whose descriptors were never computed (or are all of an
 * older version), then opens (building or repairing, with a message through
 * log) each kind's index.
 */
export function openCoverSession(db: Db, indexDir: string, kindSpec: string, log?: Log): CoverSession {
  const mix = parseKindMix(
    kindSpec,
    DESCRIPTOR_KINDS.map((kind) => kind.name),
  );
  const albums = loadAlbums(db);
  if (albums.length === 0) throw new PlaylistError('the library is empty: run `sleeve scan FOLDER` first');
  const described = mix.map(({ name }) => getKind(name));
  const kinds = mix.map(({ name, weight }, k) => {
    const kind = described[k];
    const counts = descriptorCounts(db, kind);
    if (counts.current === 0) {
      throw new PlaylistError(
        counts.stale > 0
          ? `the ${name} descriptors were computed by an older version (not v${kind.version}): run \`sleeve scan\` to recompute them`
          : `no cover has a ${name} descriptor yet: run \`sleeve scan\` to compute them`,
      );
    }
    return { name, weight, dim: kind.dim, index: CoverIndex.open(db, indexDir, kind, log) };
  });
  const space = new CoverSpace(albums, kinds);
  const describeImage = async (path: string) =>
    Promise.all(described.map(async (kind) => (await describeImageFile(path, kind.name, { rawSize: false })).vector));
  return { db, space, mix, resolve: (input) => resolveSeed(input, { db, space, describeImage }) };
}
