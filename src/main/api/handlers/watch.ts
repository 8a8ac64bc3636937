import type { WatchState } from '../../../shared/api-atlas.js';
import { listRoots } from '../../library/roots.js';
import type { KeepCurrent } from '../../watch/keep-current.js';
import { saveWatchSettings, watchSettings } from '../../watch/settings.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';

/** How often the list of music folders is looked at, to watch a folder added (or stop watching one removed). */
const ROOTS_CHECK_MS = 3000;

export interface Watching {
  readonly handlers: Pick<HandlerTable, 'watch.get' | 'watch.set'>;
  /** Starts watching (when the setting allows and the library can be written). */
  start(): void;
  stop(): Promise<void>;
}

/**
 * The library keeping itself current while the app or `sleeve serve` runs
 * (watch/keep-current.ts): changed folders are scanned alone, then what was
 * computed from the covers is dropped, as after a scan.
 */
export function watching(deps: ApiDeps): Watching {
  let keeper: KeepCurrent | null = null;
  let watchedRoots = '';
  let timer: NodeJS.Timeout | null = null;
  let lastRescanAt: number | null = null;
  let chain: Promise<void> = Promise.resolve();
  let running = false;

  /** Watches the current music folders afresh; catchUp rescans them lightly for what changed unwatched. */
  const restart = (catchUp = false) => {
    chain = chain.then(async () => {
      await keeper?.stop();
      keeper = null;
      const roots = listRoots(deps.db);
      watchedRoots = roots.join('\n');
      if (!running || roots.length === 0 || !watchSettings(deps.db).enabled) return;
      const { KeepCurrent } = await import('../../watch/keep-current.js');
      const next = new KeepCurrent({
        db: deps.db,
        roots: () => listRoots(deps.db),
        scan: { indexDir: deps.indexDir, threads: deps.threads, describe: true, pool: deps.describing },
        // The describing threads start while a change settles, so the scan after it finds them running.
        onActivity: () => deps.describing.warm(),
        log: deps.log,
        notice: deps.log,
        onScanned: () => {
          lastRescanAt = Date.now();
          deps.onLibraryChanged();
        },
      });
      await next.start({ catchUp });
      keeper = next;
    }).catch((error: unknown) => deps.log(`watching the music folders failed: ${(error as Error)?.message ?? String(error)}`));
  };

  const state = async (): Promise<WatchState> => {
    await chain;
    const settings = watchSettings(deps.db);
    return { enabled: settings.enabled, pollSeconds: settings.pollSeconds, folders: keeper?.state() ?? [], lastRescanAt };
  };

  return {
    handlers: {
      'watch.get': () => state(),
      'watch.set': async (changes) => {
        deps.requireWritable('change how the music folders are watched');
        const wasEnabled = watchSettings(deps.db).enabled;
        saveWatchSettings(deps.db, changes);
        restart(!wasEnabled && changes.enabled === true);
        return state();
      },
    },
    start() {
      if (running || deps.db.readonly) return;
      running = true;
      restart();
      timer = setInterval(() => {
        if (listRoots(deps.db).join('\n') !== watchedRoots) restart();
      }, ROOTS_CHECK_MS);
      timer.unref();
    },
    async stop() {
      running = false;
      if (timer) clearInterval(timer);
      timer = null;
      restart();
      await chain;
    },
  };
}
