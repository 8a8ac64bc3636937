/**
 * Folder-watching benchmark: @parcel/watcher against chokidar (chokidar is not a
 * dependency: `npm install --no-save chokidar@5` before running it).
 *
 *   npx tsx bench/watch.ts [--files 100000] [--per-folder 10]
 *
 * Makes a tree of empty .mp3 files (artist/album/track, --per-folder tracks
 * per album and albums per artist), then, each watcher in its own process:
 * the time from subscribing to ready, the memory it added (RSS), the inotify
 * watches it holds (counted in /proc/self/fdinfo), and how long a new file
 * takes to be reported. Medians of --runs runs, load average beside each.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '100000' },
    'per-folder': { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    child: { type: 'string' },
    dir: { type: 'string' },
  },
});

/** Not a dependency: named through a variable so the project type-checks without it. */
const CHOKIDAR = 'chokidar';
interface ChokidarWatcher {
  on(event: 'add', listener: (path: string) => void): void;
  once(event: 'ready', listener: () => void): void;
  close(): Promise<void>;
}
interface ChokidarModule {
  watch(path: string, options: { ignoreInitial: boolean }): ChokidarWatcher;
}

interface Measure {
  readySeconds: number;
  rssMegabytes: number;
  watches: number;
  eventSeconds: number;
}

/** inotify watches this process holds: one "inotify wd:" line per watch in the fdinfo of each inotify descriptor. */
function inotifyWatches(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    let target = '';
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue;
    }
    if (!target.includes('inotify')) continue;
    count += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((line) => line.startsWith('inotify wd:')).length;
  }
  return count;
}

async function child(kind: string, dir: string): Promise<Measure> {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let onEvent: (path: string) => void = () => {};
  let close: () => Promise<void>;
  if (kind === 'parcel') {
    const watcher = await import('@parcel/watcher');
    const subscription = await watcher.subscribe(dir, (error, events) => {
      if (!error) for (const event of events) onEvent(event.path);
    });
    close = () => subscription.unsubscribe();
  } else {
    const { watch } = (await import(CHOKIDAR)) as ChokidarModule;
    const watcher = watch(dir, { ignoreInitial: true });
    watcher.on('add', (path) => onEvent(path));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    close = () => watcher.close();
  }
  const readySeconds = (performance.now() - started) / 1000;
  const rssMegabytes = (process.memoryUsage().rss - rssBefore) / 1048576;
  const watches = inotifyWatches();
  const target = join(dir, 'artist-0', 'album-0', `new-${kind}-${process.pid}.mp3`);
  const eventSeconds = await new Promise<number>((resolve) => {
    const t0 = performance.now();
    onEvent = (path) => {
      if (path === target) resolve((performance.now() - t0) / 1000);
    };
    writeFileSync(target, '');
  });
  await close();
  return { readySeconds, rssMegabytes, watches, eventSeconds };
}

function makeTree(files: number, perFolder: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-watch-bench-'));
  let made = 0;
  for (let artist = 0; made < files; artist++) {
    for (let album = 0; album < perFolder && made < files; album++) {
      const folder = join(dir, `artist-${artist}`, `album-${album}`);
      mkdirSync(folder, { recursive: true });
      for (let track = 0; track < perFolder && made < files; track++, made++) writeFileSync(join(folder, `${track}.mp3`), '');
    }
  }
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (values.child) {
  const measure = await child(values.child, values.dir as string);
  process.stdout.write(JSON.stringify(measure));
  process.exit(0);
} else {
  const files = Number(values.files);
  const perFolder = Number(values['per-folder']);
  const dir = makeTree(files, perFolder);
  const folders = Number(execFileSync('find', [dir, '-type', 'd']).toString().trim().split('\n').length);
  console.log(`tree: ${files.toLocaleString('en')} files in ${folders.toLocaleString('en')} folders; max_user_watches ${readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim()}`);
  for (const kind of ['parcel', 'chokidar']) {
    const runs: Measure[] = [];
    for (let run = 0; run < Number(values.runs); run++) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', kind, '--dir', dir], { encoding: 'utf8' });
      if (result.status !== 0) {
        console.log(`${kind}: failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
        break;
      }
      runs.push(JSON.parse(result.stdout) as Measure);
    }
    if (runs.length === 0) continue;
    const pick = (f: (m: Measure) => number) => median(runs.map(f));
    console.log(
      `${kind === 'parcel' ? '@parcel/watcher' : 'chokidar'}: ready ${pick((m) => m.readySeconds).toFixed(2)} s, +${pick((m) => m.rssMegabytes).toFixed(0)} MB RSS, ` +
        `${pick((m) => m.watches).toLocaleString('en')} inotify watches, new file reported after ${(pick((m) => m.eventSeconds) * 1000).toFixed(0)} ms ` +
        `(median of ${runs.length})   [load ${loadavg().map((v) => v.toFixed(2)).join(' ')}]`,
    );
  }
  execFileSync('rm', ['-rf', dir]);
}
