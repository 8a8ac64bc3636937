/**
 * Watches the music folders while Sleeve runs. Changed paths are batched
 * until they stop changing (batcher.ts) and handed on. A folder that cannot
 * be watched (the system has no watches left, or it is a network share whose
 * changes raise no event here) is rescanned lightly every `pollSeconds`
 * instead, and the user is told so once per folder.
 *
 * inotify watches one folder at a time: a folder copied in whole (an artist
 * with its albums) is reported, but the folders inside it were made before
 * the watcher could watch the new one, and later changes in them would go
 * unseen (parcel-bundler/watcher#97, missed 6 times in 20 here). Each new
 * folder that holds folders is therefore watched on its own as well.
 */
import { readdir, stat } from 'node:fs/promises';
import { ChangeBatcher } from './batcher.js';
import { isWatchLimit, parcelBackend, type WatchBackend, type WatchSubscription } from './backend.js';
import { networkFileSystem } from './network.js';

export type WatchMode = 'watching' | 'polling';

export interface FolderWatchState {
  readonly root: string;
  readonly mode: WatchMode;
  /** Why a folder is polled instead of watched, worded for a person. */
  readonly reason: string | null;
}

export interface LibraryWatcherOptions {
  readonly roots: readonly string[];
  /** Called with the paths that changed once they stopped changing. */
  readonly onChanges: (paths: string[]) => void;
  /** Called every pollSeconds with the folders that could not be watched. */
  readonly onPoll: (roots: string[]) => void;
  /** Told once per folder when it is polled instead of watched. */
  readonly notice?: (message: string) => void;
  readonly pollSeconds: number;
  /** Quiet time before a batch is handed on (default QUIET_MS). */
  readonly quietMs?: number;
  readonly backend?: WatchBackend;
  /** Called at each change as it happens, before the batch is quiet (to get ready for the scan). */
  readonly onActivity?: () => void;
}

/** Long enough for a file manager's copy to show its next write, short enough for a new album to show within 5 s. */
export const QUIET_MS = 1000;

/**
 * New folders watched on their own at most. Each adds a little: 1,000 took
 * 12 MB and 0.28 s to set up, on the one inotify descriptor they all share.
 */
const NESTED_LIMIT = 10_000;

interface NestedWatch {
  /** Null while the watch is being set up. */
  subscription: WatchSubscription | null;
}

export class LibraryWatcher {
  private readonly batcher: ChangeBatcher;
  private readonly subscriptions: WatchSubscription[] = [];
  /** New folders watched on their own (see above). */
  private readonly nested = new Map<string, NestedWatch>();
  private readonly states = new Map<string, FolderWatchState>();
  private pollTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: LibraryWatcherOptions) {
    this.batcher = new ChangeBatcher({ quietMs: options.quietMs ?? QUIET_MS, onBatch: options.onChanges });
  }

  async start(): Promise<void> {
    for (const root of this.options.roots) {
      const network = await networkFileSystem(root);
      if (network) {
        this.poll(root, `${root} is on a network share (${network}), where changes made elsewhere send no notice: it is checked every ${this.pollText()} instead.`);
        continue;
      }
      try {
        const subscription = await this.subscribe(root, (error) => this.failed(root, error));
        if (this.stopped) {
          await subscription.unsubscribe();
          return;
        }
        this.subscriptions.push(subscription);
        this.states.set(root, { root, mode: 'watching', reason: null });
      } catch (error) {
        this.failed(root, error);
      }
    }
  }

  /** Folders watched on their own beside their music folder (see above), once their watch is ready. */
  nestedFolders(): string[] {
    return [...this.nested].filter(([, entry]) => entry.subscription !== null).map(([folder]) => folder);
  }

  state(): FolderWatchState[] {
    return [...this.states.values()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.batcher.close();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const all = [...this.subscriptions.splice(0), ...[...this.nested.values()].map((n) => n.subscription)];
    this.nested.clear();
    await Promise.all(all.map((s) => s?.unsubscribe()));
  }

  private subscribe(folder: string, onError: (error: Error) => void): Promise<WatchSubscription> {
    return (this.options.backend ?? parcelBackend).subscribe(
      folder,
      (paths, created) => {
        this.batcher.add(paths);
        this.options.onActivity?.();
        for (const path of created) void this.watchNewFolder(path);
        for (const path of paths) if (this.nested.has(path)) void this.forgetIfGone(path);
      },
      onError,
    );
  }

  /** Watches a folder just made on its own when it holds folders (they may have been made before it was watched). */
  private async watchNewFolder(folder: string): Promise<void> {
    if (this.stopped || this.nested.has(folder) || this.nested.size >= NESTED_LIMIT) return;
    let holdsFolders: boolean;
    try {
      holdsFolders = (await readdir(folder, { withFileTypes: true })).some((entry) => entry.isDirectory() && !entry.name.startsWith('.'));
    } catch {
      return;
    }
    if (!holdsFolders || this.stopped || this.nested.has(folder)) return;
    // Taken before the watch is ready: a folder reported twice is watched once.
    const entry: NestedWatch = { subscription: null };
    this.nested.set(folder, entry);
    try {
      const subscription = await this.subscribe(folder, () => void this.forget(folder));
      if (this.nested.get(folder) === entry) entry.subscription = subscription;
      else await subscription.unsubscribe();
    } catch {
      // Gone again, or no watches left: its music folder's own watch still reports what it can.
      if (this.nested.get(folder) === entry) this.nested.delete(folder);
    }
  }

  private async forgetIfGone(folder: string): Promise<void> {
    try {
      await stat(folder);
    } catch {
      await this.forget(folder);
    }
  }

  private async forget(folder: string): Promise<void> {
    const entry = this.nested.get(folder);
    this.nested.delete(folder);
    await entry?.subscription?.unsubscribe().catch(() => undefined);
  }

  private failed(root: string, error: unknown): void {
    const reason = isWatchLimit(error)
      ? `The system allows no more folder watches (on Linux, fs.inotify.max_user_watches), so ${root} is checked every ${this.pollText()} instead.`
      : `${root} cannot be watched (${(error as Error)?.message ?? String(error)}), so it is checked every ${this.pollText()} instead.`;
    this.poll(root, reason);
  }

  private poll(root: string, reason: string): void {
    if (this.stopped || this.states.get(root)?.mode === 'polling') return;
    this.states.set(root, { root, mode: 'polling', reason });
    this.options.notice?.(reason);
    if (!this.pollTimer) {
      this.pollTimer = setInterval(() => {
        const polled = [...this.states.values()].filter((s) => s.mode === 'polling').map((s) => s.root);
        if (polled.length > 0) this.options.onPoll(polled);
      }, this.options.pollSeconds * 1000);
      this.pollTimer.unref();
    }
  }

  private pollText(): string {
    const seconds = this.options.pollSeconds;
    return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`;
  }
}
