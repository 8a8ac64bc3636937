import { existsSync, readFileSync } from 'node:fs';
import { DEFAULTS, type ApiMethod, type ApiResponse } from '../../shared/api.js';
import { SleeveError } from '../../shared/errors.js';
import { normaliseMix } from '../../shared/mix.js';
import type { DescriptorMix } from '../../shared/api-entities.js';
import { DESCRIPTOR_KINDS, NEURAL_KIND } from '../artwork/kinds.js';
import { LEARNED_KIND } from '../artwork/learned-projection.js';
import { NeuralBackground } from '../library/neural-background.js';
import { listRoots } from '../library/roots.js';
import { WarmPool } from '../library/warm-pool.js';
import { openDatabase, type Db } from '../store/db.js';
import { indexDirectory } from '../store/paths.js';
import { kindCoverage } from '../store/api-queries.js';
import type { CoverSessions } from './cover-sessions.js';
import type { ApiDeps, DesktopDialogs, ServiceMode } from './deps.js';
import { dispatch, type Handler, type HandlerTable } from './dispatch.js';
import { errorBody } from './error-body.js';
import { albumHandlers } from './handlers/albums.js';
import { appHandlers } from './handlers/app.js';
import { atlasHandlers } from './handlers/atlas.js';
import { savedPlaylistHandlers } from './handlers/saved-playlists.js';
import { watching } from './handlers/watch.js';
import { describeHandlers } from './handlers/describe.js';
import { libraryHandlers } from './handlers/library.js';
import { settingsHandlers } from './handlers/settings.js';
import type { InsightsService } from './insights.js';
import { mediaReply, type MediaReply } from './media.js';
import { ScanController } from './scan-controller.js';

export interface ApiServiceOptions {
  readonly databasePath: string;
  readonly mode: ServiceMode;
  /**
   * 'write' (the default) opens or creates the library; 'read' opens an
   * existing one read-only, as commands that only list do; 'look' opens an
   * existing one read-write if it can (similarity may rebuild an index) and
   * read-only on read-only media.
   */
  readonly access?: 'read' | 'look' | 'write';
  readonly dialogs?: DesktopDialogs;
  readonly log?: (message: string) => void;
  /** Worker threads for describing covers (default: the pool's own choice). */
  readonly scanThreads?: number;
  /** Where the scan tells of each file it could not read (default: log; the command line keeps them for -v). */
  readonly scanLog?: ((message: string) => void) | null;
  /** Describe covers with the neural network after each scan (default true; tests of other things turn it off). */
  readonly backgroundDescribing?: boolean;
}

/** One open library behind every front end: the contract's handlers, media, and the background scan. */
export interface ApiService {
  readonly log: (message: string) => void;
  /** Validates and runs one request of the contract. */
  call(method: unknown, args: unknown): Promise<ApiResponse>;
  /** `/media/cover/<id>` and `/media/track/<id>`; null for other paths. */
  media(pathname: string, rangeHeader: string | undefined): Promise<MediaReply | null>;
  /** Picks up changes made while the app was closed: rescans when there are music folders. */
  scanIfLibrary(): void;
  /** Keeps the library current from now on: watches the music folders (when the setting allows). */
  startWatching(): void;
  close(): Promise<void>;
}

/** The default mix once the neural kind is complete: what the covers show (P@10 0.45 on covers labelled by eye, against 0.29 for GIST). */
const NEURAL_MIX: DescriptorMix = { neural: 1 };
/** Covers the network could not use (a broken file) do not hold the default back for ever. */
const NEURAL_READY_SHARE = 0.99;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Loads on first use and keeps: the similarity code brings usearch and sharp, which `sleeve status` does not need. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
}

/** Read-write when the media allows it, else read-only. */
function openForLooking(path: string): Db {
  try {
    return openDatabase(path);
  } catch (error) {
    if (errorBody(error, path)?.code !== 'read_only') throw error;
    return openDatabase(path, { readonly: true });
  }
}

export function openApiService(options: ApiServiceOptions): ApiService {
  const log = options.log ?? ((message: string) => process.stderr.write(`sleeve: ${message}\n`));
  const access = options.access ?? 'write';
  // Looking at a library that is not there must not create an empty one (a mistyped path would seem to work).
  if (access !== 'write' && options.databasePath !== ':memory:' && !existsSync(options.databasePath)) {
    throw new SleeveError('not_found', `There is no library at ${options.databasePath} yet: scan a music folder first.`);
  }
  const db: Db = access === 'look' ? openForLooking(options.databasePath) : openDatabase(options.databasePath, { readonly: access === 'read' });
  const readOnly = db.readonly;
  const indexDir = indexDirectory(options.databasePath);
  const knownKinds = [...DESCRIPTOR_KINDS.map((kind) => kind.name), LEARNED_KIND];
  /**
   * Neural vectors for every cover, or for all but a few the network could not
   * use once its run ended. Every "looks like" asks (through the default mix),
   * so the answer is kept until a scan or a neural run changes the covers.
   */
  let ready: boolean | undefined;
  const neuralReady = (): boolean => {
    if (ready !== undefined) return ready;
    const running = neural.state().running;
    const { described, covers } = kindCoverage(db, NEURAL_KIND.name, NEURAL_KIND.version);
    const answer = covers > 0 && (described === covers || (!running && described >= covers * NEURAL_READY_SHARE));
    // While a run goes on the answer may change without a scan; it is kept only once the run is over.
    if (!running) ready = answer;
    return answer;
  };
  let sessions: CoverSessions | undefined;
  let insights: InsightsService | undefined;
  // Covers get their neural vectors after each scan, in the background (library/describe-neural.ts).
  const neural = new NeuralBackground(db, { indexDir, threads: options.scanThreads, log, onChanged: () => deps.onLibraryChanged() });

  // One describing pool for every scan, kept warm between the scans a watched folder brings (library/warm-pool.ts).
  const describing = new WarmPool(options.scanThreads);
  const scans = new ScanController(
    async (signal, onProgress, request) => {
      const scanLog = options.scanLog === undefined ? log : (options.scanLog ?? undefined);
      const scan = {
        roots: listRoots(db), signal, onProgress, describe: request.describe, indexDir, threads: options.scanThreads, log: scanLog, pool: describing,
      };
      // The scan runs on a thread of its own, so that this one keeps answering; an in-memory library cannot be shared, so it scans here.
      const summary =
        options.databasePath === ':memory:'
          ? await (await import('../library/scan.js')).scanLibrary(db, scan)
          : await (await import('../library/scan-in-worker.js')).scanInWorker({ ...scan, databasePath: options.databasePath });
      // The scan's kinds are usable at once; the neural kind follows in the background ("refining").
      if (request.describe && !summary.cancelled && options.backgroundDescribing !== false) neural.start();
      return summary;
    },
    log,
    () => deps.onLibraryChanged(),
    (error) => errorBody(error, options.databasePath),
  );
  const deps: ApiDeps = {
    db,
    databasePath: options.databasePath,
    indexDir,
    mode: options.mode,
    version: packageVersion(),
    scans,
    neural,
    describing,
    dialogs: options.dialogs ?? null,
    log,
    kinds: DESCRIPTOR_KINDS,
    // "Looks like" follows what covers show once every cover has its neural vector; until then, layout and palette.
    get defaultMix() {
      return neuralReady() ? NEURAL_MIX : DEFAULTS.mix;
    },
    refining: () => {
      const coverage = kindCoverage(db, NEURAL_KIND.name, NEURAL_KIND.version);
      const running = neural.state().running;
      return coverage.covers > 0 && (running || coverage.described < coverage.covers) ? { kind: NEURAL_KIND.name, ...coverage, running } : null;
    },
    threads: options.scanThreads,
    requireWritable: (what) => {
      if (readOnly) throw new SleeveError('read_only', `The library was opened for reading only: cannot ${what}.`);
    },
    onLibraryChanged: () => {
      ready = undefined;
      sessions?.invalidate();
      insights?.invalidate();
    },
  };

  const similarity = lazy(async () => {
    const [{ CoverSessions }, { playlistHandlers }] = await Promise.all([import('./cover-sessions.js'), import('./handlers/playlists.js')]);
    // The app keeps answering while an index is rebuilt in a worker; the command line, which waits anyway, rebuilds in place.
    sessions = new CoverSessions(db, indexDir, knownKinds, log, { background: options.mode !== 'cli' });
    return playlistHandlers(deps, sessions);
  });
  const evaluation = lazy(async () => {
    const [{ InsightsService }, { evalHandlers }] = await Promise.all([import('./insights.js'), import('./handlers/eval.js')]);
    insights = new InsightsService();
    return evalHandlers(deps, insights);
  });
  const later = <M extends ApiMethod>(load: () => Promise<Pick<HandlerTable, M>>, method: M): Handler<M> =>
    (async (args: Parameters<Handler<M>>[0]) => ((await load())[method] as Handler<M>)(args)) as Handler<M>;

  const refuseWrites = <M extends ApiMethod>(method: M, handler: Handler<M>, what: string): Handler<M> =>
    ((args: Parameters<Handler<M>>[0]) => {
      deps.requireWritable(what);
      return handler(args);
    }) as Handler<M>;

  const library = libraryHandlers(deps);
  const watch = watching(deps);
  const handlers: HandlerTable = {
    ...appHandlers(deps),
    ...library,
    'library.roots.add': refuseWrites('library.roots.add', library['library.roots.add'], 'add a music folder'),
    'library.roots.remove': refuseWrites('library.roots.remove', library['library.roots.remove'], 'remove a music folder'),
    'scan.start': refuseWrites('scan.start', library['scan.start'], 'scan into it'),
    ...albumHandlers(deps),
    ...settingsHandlers(deps, { normalise: (mix) => normaliseMix(mix, knownKinds) }),
    ...describeHandlers(),
    'albums.similar': later(similarity, 'albums.similar'),
    'albums.resolve': later(similarity, 'albums.resolve'),
    'playlists.build': later(similarity, 'playlists.build'),
    'playlists.journey': later(similarity, 'playlists.journey'),
    'playlists.export': later(similarity, 'playlists.export'),
    'eval.run': later(evaluation, 'eval.run'),
    'learned.fit': later(evaluation, 'learned.fit'),
    'insights.get': later(evaluation, 'insights.get'),
    ...atlasHandlers(deps),
    ...savedPlaylistHandlers(deps, (recipe) => later(similarity, recipe.method)(recipe.args as never)),
    ...watch.handlers,
  };
  const dispatchOptions = { desktop: options.mode === 'desktop', log, databasePath: options.databasePath };
  return {
    log,
    call: (method, args) => dispatch(handlers, dispatchOptions, method, args),
    media: (pathname, range) => mediaReply(db, pathname, range),
    scanIfLibrary: () => {
      if (!readOnly && listRoots(db).length > 0) scans.start();
      // Watching starts with the window (the CLI runs no scanIfLibrary, so it never watches unasked).
      watch.start();
    },
    startWatching: () => watch.start(),
    close: async () => {
      await watch.stop();
      scans.cancel();
      await scans.idle();
      await neural.close();
      await describing.close();
      await sessions?.idle();
      await insights?.close();
      db.close();
    },
  };
}
