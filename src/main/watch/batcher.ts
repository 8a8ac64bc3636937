/**
 * Collects changed paths until they stop changing: a batch is handed on only
 * after `quietMs` without a new event and with every changed file the same
 * size and modification time as one quiet period before, so a copy in
 * progress (which may pause longer than a quiet period between writes) is
 * not scanned half-written.
 */
import { stat } from 'node:fs/promises';

export interface BatcherOptions {
  readonly quietMs: number;
  readonly onBatch: (paths: string[]) => void;
}

export class ChangeBatcher {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** size:mtime of each pending path at the last quiet check ('' when gone). */
  private lastSeen = new Map<string, string>();
  private closed = false;

  constructor(private readonly options: BatcherOptions) {}

  add(paths: readonly string[]): void {
    if (this.closed || paths.length === 0) return;
    for (const path of paths) this.pending.add(path);
    this.arm();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), this.options.quietMs);
  }

  private async check(): Promise<void> {
    this.timer = null;
    const paths = [...this.pending];
    const seen = new Map<string, string>();
    await Promise.all(
      paths.map(async (path) => {
        try {
          const s = await stat(path);
          seen.set(path, s.isDirectory() ? 'dir' : `${s.size}:${s.mtimeMs}`);
        } catch {
          seen.set(path, '');
        }
      }),
    );
    if (this.closed) return;
    const settled = paths.every((path) => this.lastSeen.get(path) === seen.get(path));
    // Events that came while the files were examined re-armed the timer: wait for it.
    if (this.timer) {
      this.lastSeen = seen;
      return;
    }
    if (!settled) {
      this.lastSeen = seen;
      this.arm();
      return;
    }
    this.pending.clear();
    this.lastSeen = new Map();
    this.options.onBatch(paths);
  }
}
