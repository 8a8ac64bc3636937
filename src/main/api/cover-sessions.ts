import type { DescriptorMix } from '../../shared/api-entities.js';
import { KindIndexes, type IndexProgress, type KindIndexesOptions } from '../index/kind-indexes.js';
import { AlbumCatalog } from '../playlists/cover-space.js';
import { loadAlbums } from '../playlists/library-view.js';
import { openCoverSession, type CoverSession, type SharedLibrary } from '../playlists/session.js';
import type { Db } from '../store/db.js';
import { normaliseMix } from '../../shared/mix.js';

/**
 * Mixes whose sessions are kept. A session is cheap once the kinds' indexes
 * and the albums are open (they are shared by every mix); what it keeps of
 * its own is its album embeddings, at most EMBEDDING_BUDGET_BYTES
 * (playlists/cover-space.ts). So memory stays bounded however many mixes
 * the sliders ask for: a few sessions of at most 16 MiB each.
 */
const KEPT_SESSIONS = 4;

/**
 * The playlists module's cover sessions, one per descriptor mix, kept between
 * requests, least recently used dropped first. A finished scan changes the
 * covers, so it drops them all and reopens the indexes. With
 * `{ background: true }` (the app) an index file that must be rebuilt is
 * rebuilt in a worker thread while searches are answered without it.
 */
export class CoverSessions {
  readonly #sessions = new Map<string, CoverSession>();
  readonly #indexes: KindIndexes;
  #catalog: AlbumCatalog | undefined;

  constructor(
    private readonly db: Db,
    private readonly indexDir: string,
    private readonly kinds: readonly string[],
    private readonly log: (message: string) => void,
    options: KindIndexesOptions = {},
  ) {
    this.#indexes = new KindIndexes(db, indexDir, log, options);
  }

  /** The kinds' weights divided by their sum, in name order, kinds with weight 0 left out. */
  normalise(mix: DescriptorMix): DescriptorMix {
    return normaliseMix(mix, this.kinds);
  }

  /** The session of a normalised mix (throws the playlists module's PlaylistError for an empty or undescribed library). */
  session(mix: DescriptorMix): CoverSession {
    const spec = Object.entries(mix)
      .map(([name, weight]) => `${name}:${weight}`)
      .join(',');
    let session = this.#sessions.get(spec);
    if (session) {
      this.#sessions.delete(spec);
    } else {
      session = openCoverSession(this.db, this.indexDir, spec, this.log, this.#shared());
      if (this.#sessions.size >= KEPT_SESSIONS) this.#sessions.delete(this.#sessions.keys().next().value as string);
    }
    this.#sessions.set(spec, session);
    return session;
  }

  /** Index rebuilds under way in the background. */
  indexProgress(): IndexProgress[] {
    return this.#indexes.progress();
  }

  invalidate(): void {
    this.#sessions.clear();
    this.#catalog = undefined;
    this.#indexes.invalidate();
  }

  /** Resolves when no index rebuild is under way (before closing the database). */
  idle(): Promise<void> {
    return this.#indexes.idle();
  }

  #shared(): SharedLibrary {
    this.#catalog ??= new AlbumCatalog(loadAlbums(this.db));
    const indexes = this.#indexes;
    return { catalog: this.#catalog, index: (kind) => indexes.index(kind) };
  }
}
