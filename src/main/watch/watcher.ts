/**
 * Watches the music folders while Sleeve runs. Changed paths are batched
 * until they stop changing (batcher.ts) and handed on. A folder that cannot
 * be watched (the system has no watches left, or it is a network share whose
 * changes raise no event here) is rescanned lightly every `pollSeconds`
 * instead, and the user is told so once per folder.
 */
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
}

/** Long enough for a file manager's copy to show its next write, short enough for a new album to show within 5 s. */
export const QUIET_MS = 1000;

export class LibraryWatcher {
  private readonly batcher: ChangeBatcher;
  private readonly subscriptions: WatchSubscription[] = [];
  private readonly states = new Map<string, FolderWatchState>();
  private pollTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: LibraryWatcherOptions) {
    this.batcher = new ChangeBatcher({ quietMs: options.quietMs ?? QUIET_MS, onBatch: options.onChanges });
  }

  async start(): Promise<void> {
    const backend = this.options.backend ?? parcelBackend;
    for (const root of this.options.roots) {
      const network = await networkFileSystem(root);
      if (network) {
        this.poll(root, `${root} is on a network share (${network}), where changes made elsewhere send no notice: it is checked every ${this.pollText()} instead.`);
        continue;
      }
      try {
        const subscription = await backend.subscribe(
          root,
          (paths) => this.batcher.add(paths),
          (error) => this.failed(root, error),
        );
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

  state(): FolderWatchState[] {
    return [...this.states.values()];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.batcher.close();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await Promise.all(this.subscriptions.splice(0).map((s) => s.unsubscribe()));
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
