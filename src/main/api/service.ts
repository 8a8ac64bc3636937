import { readFileSync } from 'node:fs';
import type { ApiResponse } from '../../shared/api.js';
import type { DescriptorMix } from '../../shared/api-entities.js';
import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import { listRoots } from '../library/roots.js';
import { openDatabase, type Db } from '../store/db.js';
import { indexDirectory } from '../store/paths.js';
import { CoverSessions } from './cover-sessions.js';
import type { ApiDeps, DesktopDialogs } from './deps.js';
import { dispatch, type HandlerTable } from './dispatch.js';
import { albumHandlers } from './handlers/albums.js';
import { appHandlers } from './handlers/app.js';
import { insightsHandlers, InsightsService } from './handlers/insights.js';
import { libraryHandlers } from './handlers/library.js';
import { playlistHandlers } from './handlers/playlists.js';
import { settingsHandlers } from './handlers/settings.js';
import { mediaReply, type MediaReply } from './media.js';
import { ScanController } from './scan-controller.js';

export interface ApiServiceOptions {
  readonly databasePath: string;
  readonly mode: 'desktop' | 'browser';
  readonly dialogs?: DesktopDialogs;
  readonly log?: (message: string) => void;
  /** Worker threads for describing covers (default: the scan's own choice). */
  readonly scanThreads?: number;
}

/** One open library behind both transports: the contract's handlers, media, and the background scan. */
export interface ApiService {
  readonly db: Db;
  readonly log: (message: string) => void;
  /** Validates and runs one request of the contract. */
  call(method: unknown, args: unknown): Promise<ApiResponse>;
  /** `/media/cover/<id>` and `/media/track/<id>`; null for other paths. */
  media(pathname: string, rangeHeader: string | undefined): Promise<MediaReply | null>;
  /** Picks up changes made while the app was closed: rescans when there are music folders. */
  scanIfLibrary(): void;
  close(): Promise<void>;
}

/** "Looks like" when nothing else is said: mostly layout and texture (GIST), some palette (colour). */
const DEFAULT_MIX: DescriptorMix = { gist: 0.7, color: 0.3 };

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function openApiService(options: ApiServiceOptions): ApiService {
  const log = options.log ?? ((message: string) => process.stderr.write(`sleeve: ${message}\n`));
  const db = openDatabase(options.databasePath);
  const indexDir = indexDirectory(options.databasePath);
  const insights = new InsightsService();
  const sessions = new CoverSessions(db, indexDir, DESCRIPTOR_KINDS.map((kind) => kind.name), log);
  const scans = new ScanController(async (signal, onProgress) => {
    // Loaded on the first scan: it brings sharp, music-metadata and the worker pool, which opening the window does not need.
    const { scanLibrary } = await import('../library/scan.js');
    return scanLibrary(db, { roots: listRoots(db), signal, onProgress, describe: true, indexDir, threads: options.scanThreads, log });
  }, log, () => {
    sessions.invalidate();
    insights.invalidate();
  });
  const deps: ApiDeps = {
    db,
    databasePath: options.databasePath,
    indexDir,
    mode: options.mode,
    version: packageVersion(),
    scans,
    dialogs: options.dialogs ?? null,
    log,
    kinds: DESCRIPTOR_KINDS,
    defaultMix: DEFAULT_MIX,
  };
  const handlers: HandlerTable = {
    ...appHandlers(deps),
    ...libraryHandlers(deps),
    ...albumHandlers(deps),
    ...settingsHandlers(deps, sessions),
    ...playlistHandlers(deps, sessions),
    ...insightsHandlers(deps, insights),
  };
  const dispatchOptions = { desktop: options.mode === 'desktop', log };
  return {
    db,
    log,
    call: (method, args) => dispatch(handlers, dispatchOptions, method, args),
    media: (pathname, range) => mediaReply(db, pathname, range),
    scanIfLibrary: () => {
      if (listRoots(db).length > 0) scans.start();
    },
    close: async () => {
      scans.cancel();
      await scans.idle();
      await insights.close();
      db.close();
    },
  };
}
