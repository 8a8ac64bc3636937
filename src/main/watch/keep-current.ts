/**
 * Keeps the library current while Sleeve runs: watches the music folders,
 * and for each batch of changes moves renamed folders' tracks
 * (renames.ts), then scans only the folders that changed (plan.ts,
 * scan-folders.ts); folders that cannot be watched are scanned whole, lightly
 * (unchanged files are only looked at), every pollSeconds. Batches run one at
 * a time; a batch that meets a scan already running waits and runs after it.
 */
import { isSleeveError } from '../../shared/errors.js';
import type { ScanSummary } from '../library/scan.js';
import type { Db } from '../store/db.js';
import type { WatchBackend } from './backend.js';
import { planRescan, type RescanPlan } from './plan.js';
import { applyRenames, type Rename } from './renames.js';
import { returnLentFolders, scanPlan, type FolderScanOptions } from './scan-folders.js';
import { watchSettings } from './settings.js';
import { LibraryWatcher, type FolderWatchState } from './watcher.js';

export interface KeepCurrentOptions {
  readonly db: Db;
  /** The music folders (read at each start). */
  readonly roots: () => string[];
  /** How scans run: describing, index folder, log… (the service's own scan options). */
  readonly scan: FolderScanOptions;
  /**
   * Runs one scan so that it never overlaps the app's other scans (the
   * service's scan queue); by default it runs at once.
   */
  readonly exclusive?: <T>(job: () => Promise<T>) => Promise<T>;
  /** After each scan of changes (e.g. to drop caches of covers, to place new albums on the map). */
  readonly onScanned?: (result: { summary: ScanSummary | null; renames: Rename[]; plan: RescanPlan }) => void;
  /** Things the user should be told once (a folder polled instead of watched). */
  readonly notice?: (message: string) => void;
  readonly log?: (message: string) => void;
  readonly backend?: WatchBackend;
  /** Called at each change as it happens, before the changes settle (watcher.ts). */
  readonly onActivity?: () => void;
  readonly quietMs?: number;
  /** Overrides the setting (tests). */
  readonly pollSeconds?: number;
}

/** A batch that met another scan is tried again after this long. */
const BUSY_RETRY_MS = 2000;

export class KeepCurrent {
  private watcher: LibraryWatcher | null = null;
  private queue: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | null = null;
  private readonly waiting = new Set<string>();
  private readonly waitingRoots = new Set<string>();
  private stopped = false;

  constructor(private readonly options: KeepCurrentOptions) {}

  /**
   * Starts watching unless the setting turned it off; false when it is off.
   * With catchUp, the music folders are also rescanned lightly once, for
   * changes made while nobody watched.
   */
  async start(options: { catchUp?: boolean } = {}): Promise<boolean> {
    const settings = watchSettings(this.options.db);
    if (!settings.enabled) return false;
    const returned = returnLentFolders(this.options.db);
    if (returned > 0) this.options.log?.(`gave ${returned} folder(s) back to their music folder after an interrupted rescan`);
    this.stopped = false;
    this.watcher = new LibraryWatcher({
      roots: this.options.roots(),
      pollSeconds: this.options.pollSeconds ?? settings.pollSeconds,
      quietMs: this.options.quietMs,
      onActivity: this.options.onActivity,
      backend: this.options.backend,
      notice: this.options.notice,
      onChanges: (paths) => this.enqueue(paths, []),
      onPoll: (roots) => this.enqueue([], roots),
    });
    await this.watcher.start();
    if (options.catchUp) this.enqueue([], this.options.roots());
    return true;
  }

  state(): FolderWatchState[] {
    return this.watcher?.state() ?? [];
  }

  /** Stops watching and waits for a scan in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.watcher?.stop();
    this.watcher = null;
    await this.queue;
  }

  private enqueue(paths: readonly string[], roots: readonly string[]): void {
    for (const path of paths) this.waiting.add(path);
    for (const root of roots) this.waitingRoots.add(root);
    this.queue = this.queue.then(() => this.runWaiting());
  }

  private async runWaiting(): Promise<void> {
    if (this.stopped || (this.waiting.size === 0 && this.waitingRoots.size === 0)) return;
    const paths = [...this.waiting];
    const roots = [...this.waitingRoots];
    this.waiting.clear();
    this.waitingRoots.clear();
    const run = this.options.exclusive ?? ((job) => job());
    try {
      await run(async () => {
        const renames = applyRenames(this.options.db, paths);
        for (const r of renames) this.options.log?.(`${r.from} was renamed ${r.to}: its ${r.tracks} track(s) keep their place in the library`);
        const plan = planRescan(paths, this.options.roots());
        for (const root of roots) if (!plan.roots.includes(root)) plan.roots.push(root);
        plan.folders.splice(0, plan.folders.length, ...plan.folders.filter((f) => !plan.roots.includes(f.rootPath)));
        const summary = await scanPlan(this.options.db, plan, this.options.scan);
        this.options.onScanned?.({ summary, renames, plan });
      });
    } catch (error) {
      if (isSleeveError(error) && error.code === 'busy' && !this.stopped) {
        for (const path of paths) this.waiting.add(path);
        for (const root of roots) this.waitingRoots.add(root);
        if (this.retry) clearTimeout(this.retry);
        this.retry = setTimeout(() => {
          this.retry = null;
          this.queue = this.queue.then(() => this.runWaiting());
        }, BUSY_RETRY_MS);
        return;
      }
      this.options.log?.(`rescanning changed folders failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }
}
