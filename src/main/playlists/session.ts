import { NEURAL_KIND, DESCRIPTOR_KINDS, getKind } from '../artwork/kinds.js';
import { applyProjection, LEARNED_KIND } from '../artwork/learned-projection.js';
import { rememberedDescriptions } from '../artwork/remembered-descriptions.js';
import { loadLearnedModel, staleInputs } from '../index/learned-vectors.js';
import { CoverIndex, type Log } from '../index/cover-index.js';
import type { IndexedKind } from '../index/vectors.js';
import type { Db } from '../store/db.js';
import { AlbumCatalog, CoverSpace, type CoverSearch } from './cover-space.js';
import { PlaylistError } from './errors.js';
import { descriptorCounts, loadAlbums } from './library-view.js';
import { parseKindMix, type KindWeight } from '../../shared/mix.js';
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

/** A kind of the mix, and how to describe an image file with it. */
interface SessionKind extends IndexedKind {
  describe(path: string): Promise<ArrayLike<number>>;
}

/**
 * What sessions of one library can share: the albums, and each kind's open
 * index (index/kind-indexes.ts). Without it, a session loads the albums and
 * opens (building or repairing, with a message through log) each kind's index itself.
 */
export interface SharedLibrary {
  readonly catalog: AlbumCatalog;
  index(kind: IndexedKind): CoverSearch;
}

/**
 * Opens the cover space of a library for a `--kind` spec: opens each kind's
 * index (or takes the shared one), and refuses an empty library and a kind
 * whose descriptors were never computed (or are all of an older version).
 */
export function openCoverSession(db: Db, indexDir: string, kindSpec: string, log?: Log, shared?: SharedLibrary): CoverSession {
  const mix = parseKindMix(kindSpec, [...DESCRIPTOR_KINDS.map((kind) => kind.name), LEARNED_KIND]);
  const catalog = shared?.catalog ?? new AlbumCatalog(loadAlbums(db));
  if (catalog.albums.length === 0) throw new PlaylistError('The library is empty: add a music folder and scan it first.', { code: 'unavailable' });
  const kinds = mix.map(({ name }) => (name === LEARNED_KIND ? learnedKind(db) : descriptorKind(name)));
  const indexes = kinds.map((kind) => {
    const index = shared?.index(kind) ?? CoverIndex.open(db, indexDir, kind, log);
    if (index.size === 0) refuseUndescribed(db, kind);
    return index;
  });
  const space = new CoverSpace(
    catalog,
    mix.map(({ name, weight }, k) => ({ name, weight, dim: kinds[k].dim, index: indexes[k] })),
  );
  const describeImage = (path: string) => Promise.all(kinds.map((kind) => kind.describe(path)));
  return { db, space, mix, resolve: (input) => resolveSeed(input, { db, space, describeImage }) };
}

/** A kind with no current vector (its index is empty): says why, counting the descriptors only then. */
function refuseUndescribed(db: Db, kind: IndexedKind): never {
  const { name } = kind;
  const counts = descriptorCounts(db, kind);
  const remedy =
    name === LEARNED_KIND ? 'fit the learned kind again' : name === NEURAL_KIND.name ? 'wait while the covers are described in the background, or scan again,' : 'scan the library again';
  throw new PlaylistError(
    counts.stale > 0
      ? `The ${name} descriptors were computed by an older version (not v${kind.version}): ${remedy} to recompute them.`
      : `No cover has a ${name} descriptor yet: ${remedy} to compute them.`,
    { code: 'unavailable' },
  );
}

function descriptorKind(name: string): SessionKind {
  const kind = getKind(name);
  return { name, version: kind.version, dim: kind.dim, describe: (path) => rememberedDescriptions.vector(path, kind.name) };
}

/** The kind fitted by `sleeve learn`: an image is described by its input kinds, then projected. */
function learnedKind(db: Db): SessionKind {
  const model = loadLearnedModel(db);
  if (!model) throw new PlaylistError('There is no learned kind yet: fit it to a label of the library first.', { code: 'unavailable' });
  const stale = staleInputs(model, DESCRIPTOR_KINDS);
  if (stale.length > 0) {
    throw new PlaylistError(`The learned kind predates the current ${stale.join(', ')} descriptors: fit it again.`, { code: 'unavailable' });
  }
  return {
    name: LEARNED_KIND,
    version: model.version,
    dim: model.dim,
    describe: async (path) => {
      const inputs = await Promise.all(model.inputs.map((input) => rememberedDescriptions.vector(path, getKind(input.name).name)));
      return applyProjection(model, inputs);
    },
  };
}
