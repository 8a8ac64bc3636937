import type { Db } from '../store/db.js';
import { buildInWorker } from './background-build.js';
import { CoverIndex, ensureIndex, type CoverIndexOptions, type Log } from './cover-index.js';
import type { SearchHit } from './top-k.js';
import type { IndexedKind } from './vectors.js';

/** A rebuild under way: covers added to the new graph so far, of total. */
export interface IndexProgress {
  readonly kind: string;
  readonly done: number;
  readonly total: number;
}

/** One kind's open index, searched by every mix of kinds alike. */
export interface SharedIndex {
  readonly size: number;
  readonly mode: 'exact' | 'approximate';
  search(query: Float32Array, k: number, exclude?: ReadonlySet<number>): SearchHit[];
  vector(id: number): Float32Array | undefined;
}

export interface KindIndexesOptions extends CoverIndexOptions {
  /**
   * Rebuild a file in a worker thread while searches are answered without it
   * (the app), rather than on the calling thread before answering (a
   * one-shot command). Default false.
   */
  readonly background?: boolean;
}

interface Entry {
  kind: IndexedKind;
  index?: CoverIndex;
  build?: Promise<void>;
  progress?: { done: number; total: number };
  /** Why the last build failed: not tried again until the library changes. */
  failed?: string;
  readonly shared: SharedIndex;
}

/**
 * The open indexes of a library, one per descriptor kind, shared by every
 * session and mix, so that memory does not grow with the mixes asked for.
 * An index opens without building (CoverIndex.serve): when its file must be
 * rebuilt, it answers meanwhile (exactly, or from the old file plus the
 * covers changed since) while a worker thread rebuilds the file; the next
 * search after that uses the new file.
 */
export class KindIndexes {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly dir: string,
    private readonly log: Log = () => {},
    private readonly options: KindIndexesOptions = {},
  ) {}

  /** The kind's index; the same object for every caller while the kind's version holds. */
  index(kind: IndexedKind): SharedIndex {
    let entry = this.#entries.get(kind.name);
    if (!entry || entry.kind.version !== kind.version || entry.kind.dim !== kind.dim) {
      const fresh: Entry = {
        kind,
        shared: {
          get size() {
            return open().size;
          },
          get mode() {
            return open().mode;
          },
          search: (query, k, exclude) => open().search(query, k, exclude),
          vector: (id) => open().vector(id),
        },
      };
      const open = () => this.#open(fresh);
      entry = fresh;
      this.#entries.set(kind.name, entry);
    }
    return entry.shared;
  }

  /** The library changed (a scan finished): indexes open again on their next search. */
  invalidate(): void {
    for (const entry of this.#entries.values()) {
      entry.index = undefined;
      entry.failed = undefined;
    }
  }

  /** Rebuilds under way. */
  progress(): IndexProgress[] {
    return [...this.#entries.values()].flatMap((entry) =>
      entry.build ? [{ kind: entry.kind.name, done: entry.progress?.done ?? 0, total: entry.progress?.total ?? 0 }] : [],
    );
  }

  /** Resolves when no rebuild is under way. */
  async idle(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((entry) => entry.build));
  }

  #open(entry: Entry): CoverIndex {
    if (entry.index) return entry.index;
    // A library on read-only media is searched as its files allow: no rebuild.
    if (!this.options.background && !this.db.readonly) {
      entry.index = CoverIndex.open(this.db, this.dir, entry.kind, this.log, this.options);
      return entry.index;
    }
    const { index, rebuild } = CoverIndex.serve(this.db, this.dir, entry.kind, this.options);
    entry.index = index;
    if (rebuild !== undefined && !this.db.readonly && !entry.build && entry.failed === undefined) this.#rebuild(entry, rebuild);
    return index;
  }

  #rebuild(entry: Entry, reason: string): void {
    const { kind } = entry;
    if (this.db.memory) {
      ensureIndex(this.db, this.dir, kind, this.log, this.options);
      entry.index = undefined;
      return;
    }
    this.log(`index for ${kind.name} ${reason}; rebuilding it in the background`);
    entry.build = buildInWorker(this.db.name, this.dir, kind, this.log, (_name, done, total) => {
      entry.progress = { done, total };
    })
      .then(
        (count) => {
          this.log(`index for ${kind.name} rebuilt from the library (${count} covers)`);
          entry.index = undefined;
        },
        (error: unknown) => {
          entry.failed = (error as Error).message;
          this.log(`index for ${kind.name} could not be rebuilt (${entry.failed}); searching without it`);
        },
      )
      .finally(() => {
        entry.build = undefined;
        entry.progress = undefined;
      });
  }
}
