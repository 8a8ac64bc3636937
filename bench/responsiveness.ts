// Responsiveness benchmark: while browser mode scans a generated library
// (default 10,000 tracks in 1,000 albums, each album's own 600×600 JPEG) with
// descriptors and builds its indexes, a client asks `app.info` and
// `albums.list` over HTTP one after another and records every answer's
// latency. Prints the distribution per method and per scan phase, with the
// load average. Goal: p99 <= 50 ms and no answer over 100 ms.
// `--modes worker,inline` also measures the service on the HTTP thread (as
// before it moved to a worker), for comparison within one run.
// Asserts nothing.
//   npx tsx bench/responsiveness.ts [--albums 1000] [--tracks 10] [--dir /tmp/sleeve-bench-library] [--gap 10] [--modes worker]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeBenchLibrary } from './lib/make-bench-library.js';

const { values } = parseArgs({
  options: {
    albums: { type: 'string', default: '1000' },
    tracks: { type: 'string', default: '10' },
    dir: { type: 'string', default: join(tmpdir(), 'sleeve-bench-library') },
    /** Milliseconds between one answer and the next request: a busy UI, not a flood. */
    gap: { type: 'string', default: '10' },
    modes: { type: 'string', default: 'worker' },
  },
});
const GAP_MS = Number(values.gap);
const PROGRESS_EVERY_MS = 250;
const GOAL_P99_MS = 50;
const GOAL_MAX_MS = 100;
const SERVE_SCRIPT = fileURLToPath(new URL('./lib/serve-for-bench.ts', import.meta.url));

interface Sample {
  readonly method: string;
  readonly ms: number;
  readonly phase: string;
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function row(label: string, samples: readonly Sample[]): string {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  if (ms.length === 0) return `  ${label.padEnd(26)} no answers`;
  const over = (limit: number) => ms.filter((m) => m > limit).length;
  return (
    `  ${label.padEnd(26)} n ${String(ms.length).padStart(5)}   p50 ${quantile(ms, 0.5).toFixed(1).padStart(6)}   p90 ${quantile(ms, 0.9).toFixed(1).padStart(6)}` +
    `   p99 ${quantile(ms, 0.99).toFixed(1).padStart(6)}   max ${ms[ms.length - 1].toFixed(1).padStart(7)} ms` +
    `   >${GOAL_P99_MS} ms: ${over(GOAL_P99_MS)}   >${GOAL_MAX_MS} ms: ${over(GOAL_MAX_MS)}`
  );
}

/** The share of answers per latency band, the shape of the distribution. */
function histogram(samples: readonly Sample[]): string {
  const bands = [5, 10, 25, 50, 100, 250, Infinity];
  const counts = bands.map(() => 0);
  for (const { ms } of samples) counts[bands.findIndex((limit) => ms <= limit)]++;
  return bands
    .map((limit, i) => `${limit === Infinity ? '>250' : `<=${limit}`}: ${((100 * counts[i]) / Math.max(1, samples.length)).toFixed(1)}%`)
    .join('   ');
}

async function startServe(mode: string, dbPath: string, staticDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_SCRIPT, mode, dbPath, staticDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`the server exited before listening:\n${stderr}`);
  const line = first.value as string;
  const [port, token] = line.split(' ');
  return {
    async call(method: string, args: unknown = {}): Promise<any> {
      const response = await fetch(`http://127.0.0.1:${port}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Sleeve-Token': token },
        body: JSON.stringify(args),
      });
      const body = (await response.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
      return body.result;
    },
    /** Stops the server; resolves with how long its HTTP thread's event loop was held up (ms). */
    async stop(): Promise<{ p50: number; p99: number; max: number } | null> {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const last = await lines.next();
      await exited;
      return last.done ? null : JSON.parse(last.value as string);
    },
  };
}

async function measure(mode: string, root: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'sleeve-bench-responsive-'));
  const server = await startServe(mode, join(work, 'library.db'), work);
  let stopped = false;
  try {
    await server.call('library.roots.add', { path: root });
    const loadBefore = loadavg();
    const started = performance.now();
    await server.call('scan.start');
    let phase = 'starting';
    let running = true;
    const samples: Sample[] = [];

    const progress = (async () => {
      while (running) {
        const t0 = performance.now();
        const state = await server.call('scan.progress');
        samples.push({ method: 'scan.progress', ms: performance.now() - t0, phase });
        phase = state.progress?.phase ?? phase;
        running = state.running;
        if (running) await sleep(PROGRESS_EVERY_MS);
      }
    })();
    const probes: [string, unknown][] = [
      ['app.info', {}],
      ['albums.list', { query: '', sort: 'artist' }],
    ];
    for (let i = 0; running; i++) {
      const [method, args] = probes[i % probes.length];
      const t0 = performance.now();
      await server.call(method, args);
      samples.push({ method, ms: performance.now() - t0, phase });
      await sleep(GAP_MS);
    }
    await progress;
    const seconds = (performance.now() - started) / 1000;
    const status = await server.call('library.status');

    const asked = samples.filter((s) => s.method !== 'scan.progress');
    console.log(
      `\n${mode === 'worker' ? 'service in a worker thread (sleeve serve as it is)' : 'service on the HTTP thread (as before)'}: ` +
        `scan of ${status.tracks} tracks, ${status.artworks} covers in ${seconds.toFixed(1)} s   (load before ${loadBefore}, after ${loadavg()})`,
    );
    console.log(row('app.info + albums.list', asked));
    for (const method of ['app.info', 'albums.list', 'scan.progress']) console.log(row(method, samples.filter((s) => s.method === method)));
    for (const name of [...new Set(asked.map((s) => s.phase))]) console.log(row(`  while ${name}`, asked.filter((s) => s.phase === name)));
    console.log(`  ${histogram(asked)}`);
    const sorted = asked.map((s) => s.ms).sort((a, b) => a - b);
    const met = quantile(sorted, 0.99) <= GOAL_P99_MS && sorted[sorted.length - 1] <= GOAL_MAX_MS;
    console.log(`  goal (p99 <= ${GOAL_P99_MS} ms, none over ${GOAL_MAX_MS} ms): ${met ? 'met' : 'not met'}`);
    const delay = await server.stop();
    stopped = true;
    if (delay) console.log(`  the HTTP thread's event loop held up (beyond its 10 ms tick): p50 ${delay.p50} ms, p99 ${delay.p99} ms, max ${delay.max} ms`);
  } finally {
    if (!stopped) await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const t0 = performance.now();
const library = await makeBenchLibrary(values.dir as string, { albums: Number(values.albums), tracksPerAlbum: Number(values.tracks) });
console.log(
  `library: ${library.trackCount} tracks in ${library.albums.length} albums at ${library.root} ` +
    `(${library.reused ? 'reused' : 'made'} in ${((performance.now() - t0) / 1000).toFixed(1)} s); a request every answer + ${GAP_MS} ms`,
);
for (const mode of (values.modes as string).split(',')) await measure(mode, library.root);
