import type { DescriptorMix } from '../../shared/api-entities.js';
import type { IndexedKind } from '../index/vectors.js';
import type { Db } from '../store/db.js';
import type { NeuralBackground } from '../library/neural-background.js';
import type { WarmPool } from '../library/warm-pool.js';
import type { ScanController } from './scan-controller.js';

/** Native dialogs, given by the Electron main process; absent elsewhere. */
export interface DesktopDialogs {
  openFolder(title: string | undefined): Promise<string | null>;
  saveFile(defaultName: string | undefined, extension: string | undefined): Promise<string | null>;
}

export type ServiceMode = 'desktop' | 'browser' | 'cli';

/** What the handlers work on: one open library and the services around it. */
export interface ApiDeps {
  readonly db: Db;
  readonly databasePath: string;
  readonly indexDir: string;
  readonly mode: ServiceMode;
  readonly version: string;
  readonly scans: ScanController;
  /** Neural describing after each scan, in the background: its progress says whether `neural` is complete. */
  readonly neural: NeuralBackground;
  /** The describing threads every scan shares, kept warm between scans (library/warm-pool.ts). */
  readonly describing: WarmPool;
  readonly dialogs: DesktopDialogs | null;
  readonly log: (message: string) => void;
  /** The descriptor kinds this version computes, in a stable order. */
  readonly kinds: readonly IndexedKind[];
  /** The mix used when neither the request nor the settings give one (neural once every cover has it). */
  readonly defaultMix: DescriptorMix;
  /** The kind still being computed in the background, with its coverage; null when every cover has it. */
  refining(): { kind: string; described: number; covers: number; running: boolean } | null;
  /** Worker threads for describing covers (undefined: the pool's own choice). */
  readonly threads: number | undefined;
  /** Refuses with a read_only error when the library was opened for reading only. */
  requireWritable(what: string): void;
  /** Drops what was computed from the covers (after a scan, or a new learned kind). */
  onLibraryChanged(): void;
}
