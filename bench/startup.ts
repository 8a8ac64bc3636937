// CLI start-up benchmark: wall time of `node bin/sleeve.js status --db …`
// (the built CLI, as a user runs it) on a small scanned library, beside
// Node's own start-up (`node -e ""`) on the same machine. Prints the median
// wall and CPU time of several runs with the load average. Goal: status <= 150 ms.
// Asserts nothing.
//   npm run build:core && npx tsx bench/startup.ts [--runs 15] [--db existing/library.db]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeBenchLibrary } from './lib/make-bench-library.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(REPO, 'bin', 'sleeve.js');
const TIME = '/usr/bin/time';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, db: { type: 'string' } } });
const runs = Number(values.runs);

if (!existsSync(join(REPO, 'dist', 'main', 'cli', 'main.js'))) {
  process.stderr.write('bench/startup: the CLI is not built; run `npm run build:core` first.\n');
  process.exit(1);
}
if (!existsSync(TIME)) {
  process.stderr.write(`bench/startup: ${TIME} is missing (Debian package "time").\n`);
  process.exit(1);
}

const loadavg = () => execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * One run of node with these arguments under /usr/bin/time: wall and CPU
 * (user + system) milliseconds. On a loaded machine the wall time is mostly
 * waiting for a core; the CPU time says what the start-up itself costs.
 */
function timeRun(args: string[]): { wall: number; cpu: number } {
  const start = performance.now();
  const result = spawnSync(TIME, ['-f', 'cpu %U %S', process.execPath, ...args], {
    cwd: REPO,
    env: { ...process.env, SLEEVE_DB: '' },
    encoding: 'utf8',
  });
  const wall = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(result.stderr);
  if (!cpu) throw new Error(`no CPU time from ${TIME}: ${result.stderr}`);
  return { wall, cpu: (Number(cpu[1]) + Number(cpu[2])) * 1000 };
}

function figures(label: string, args: string[]): void {
  timeRun(args); // warms the page cache: every figure is a warm start, as a user's second command is
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = timeRun(args);
    wall.push(run.wall);
    cpu.push(run.cpu);
  }
  const sorted = [...wall].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(18)} wall median ${median(wall).toFixed(0).padStart(4)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)})` +
      `   CPU median ${median(cpu).toFixed(0).padStart(4)} ms   (load ${loadavg()})`,
  );
}

let work: string | null = null;
let dbPath = values.db;
if (!dbPath) {
  work = mkdtempSync(join(tmpdir(), 'sleeve-bench-startup-'));
  const library = await makeBenchLibrary(join(work, 'music'), { albums: 20, tracksPerAlbum: 3 });
  dbPath = join(work, 'library.db');
  execFileSync(process.execPath, [CLI, 'scan', library.root, '--db', dbPath], { cwd: REPO, stdio: 'ignore' });
}

try {
  console.log(`CLI start-up, ${runs} runs each, library ${dbPath} (goal: status <= 150 ms)`);
  figures('node -e ""', ['-e', '']);
  figures('sleeve --version', [CLI, '--version']);
  figures('sleeve status', [CLI, 'status', '--db', dbPath]);
} finally {
  if (work) rmSync(work, { recursive: true, force: true });
}
