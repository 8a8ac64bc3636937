/**
 * Descriptor benchmark.
 *
 *   npx tsx bench/descriptors.ts [--covers DIR] [--count N] [--threads N]
 *
 * Prints, over N covers (default 200 generated 600×600 JPEG covers, or the
 * image files under DIR):
 * 1. the median time per cover of each descriptor kind at its canonical
 *    size, single-threaded (decoding and resizing excluded);
 * 2. GIST at 64×64 and 128×128, the sizes the LEAR C library was timed at
 *    (10 ms and 26 ms per picture, see test/fixtures/gist/README.md);
 * 3. the whole per-artwork pipeline (decode, thumbnail, every kind): per
 *    cover on this thread, and covers per second through the worker pool.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { decodePicture, toCanonicalSize, type RgbImage } from '../src/main/artwork/decode.js';
import { colorGist } from '../src/main/artwork/gist.js';
import { DESCRIPTOR_KINDS, type KindName } from '../src/main/artwork/kinds.js';
import { ArtworkPool } from '../src/main/artwork/pool.js';
import { WORKING_MAX_SIDE, processArtwork } from '../src/main/artwork/process.js';
import { mulberry32 } from '../src/shared/random.js';

const GENERATED_SIDE = 600;
const DEFAULT_COUNT = 200;
/** Untimed runs first, so that the JIT has compiled the hot loops and the plans are cached. */
const WARM_UP = 10;
/** The LEAR C library per picture (README of the fixtures), for comparison. */
const C_LIBRARY_MS: Record<number, number> = { 64: 10, 128: 26 };
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);
const ALL_KINDS: KindName[] = DESCRIPTOR_KINDS.map((k) => k.name);

/** A synthetic cover: a two-colour gradient, a disk, stripes, a few "title" bars and grain. */
async function generatedCover(seed: number): Promise<Buffer> {
  const random = mulberry32(seed);
  const n = GENERATED_SIDE;
  const colour = () => [random() * 255, random() * 255, random() * 255];
  const [top, bottom, disk, stripe, ink] = [colour(), colour(), colour(), colour(), colour()];
  const cx = random() * n, cy = random() * n, radius = (0.1 + random() * 0.3) * n;
  const angle = random() * Math.PI, period = 8 + random() * 40, stripeFrom = random() * n;
  const bars = Array.from({ length: 1 + Math.floor(random() * 3) }, () => [random() * n * 0.5, random() * n, random() * n * 0.5, 10 + random() * 30]);
  const pixels = Buffer.alloc(n * n * 3);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let c = top.map((v, i) => v + ((bottom[i] - v) * y) / n);
      if ((x - cx) ** 2 + (y - cy) ** 2 < radius ** 2) c = disk;
      if (x > stripeFrom && Math.sin(((x * Math.cos(angle) + y * Math.sin(angle)) * 2 * Math.PI) / period) > 0.6) c = stripe;
      for (const [bx, by, bw, bh] of bars) if (x >= bx && x < bx + bw && y >= by && y < by + bh) c = ink;
      const grain = (random() - 0.5) * 16;
      for (let i = 0; i < 3; i++) pixels[(y * n + x) * 3 + i] = Math.max(0, Math.min(255, c[i] + grain));
    }
  }
  return sharp(pixels, { raw: { width: n, height: n, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

function imageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Timing {
  /** Median wall-clock milliseconds. */
  readonly wall: number;
  /** Median CPU milliseconds of this process: for pure-JS work on one thread, its time unaffected by other processes. */
  readonly cpu: number;
}

/** Median times of `run` over the items, after a few untimed runs. */
async function timeEach<T>(items: readonly T[], run: (item: T) => unknown): Promise<Timing> {
  for (let i = 0; i < Math.min(WARM_UP, items.length); i++) await run(items[i]);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const item of items) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await run(item);
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      covers: { type: 'string' },
      count: { type: 'string' },
      threads: { type: 'string', default: String(availableParallelism()) },
    },
  });
  const threads = Number(values.threads);
  let covers: Buffer[];
  let source: string;
  if (values.covers !== undefined) {
    const files = imageFiles(values.covers).slice(0, values.count === undefined ? undefined : Number(values.count));
    covers = files.map((file) => readFileSync(file));
    source = `${covers.length} covers from ${values.covers}`;
  } else {
    const count = Number(values.count ?? DEFAULT_COUNT);
    covers = [];
    for (let i = 0; i < count; i++) covers.push(await generatedCover(i + 1));
    source = `${count} generated ${GENERATED_SIDE}x${GENERATED_SIDE} JPEG covers`;
  }
  if (covers.length === 0) throw new Error('no covers to measure');
  console.log(`Descriptor benchmark: ${source}; load average ${loadavg()[0].toFixed(2)} on ${availableParallelism()} CPUs.`);

  // Decode once, as a scan does; the kinds are then timed on their canonical inputs.
  const decoded: RgbImage[] = [];
  for (const bytes of covers) decoded.push(await decodePicture(bytes, { maxSide: WORKING_MAX_SIDE }));

  console.log('\nPer cover, one thread, at the canonical size (median wall clock / CPU time):');
  for (const kind of DESCRIPTOR_KINDS) {
    const inputs = await Promise.all(decoded.map((image) => toCanonicalSize(image, kind.canonicalSize)));
    const time = await timeEach(inputs, (image) => kind.compute(image.rgb, image.width, image.height));
    const size = `${kind.canonicalSize}x${kind.canonicalSize}`;
    console.log(`  ${kind.name.padEnd(6)} v${kind.version}  ${size.padEnd(8)} ${ms(time.wall)} / ${ms(time.cpu)}`);
  }

  console.log('\nGIST at the sizes the C library was timed at (median wall clock / CPU time, one thread):');
  for (const size of [64, 128]) {
    const inputs = await Promise.all(decoded.map((image) => toCanonicalSize(image, size)));
    const time = await timeEach(inputs, (image) => colorGist(image.rgb, image.width, image.height));
    const c = C_LIBRARY_MS[size];
    console.log(
      `  ${`${size}x${size}`.padEnd(8)} ${ms(time.wall)} / ${ms(time.cpu)}   C library ${c} ms: ` +
        `${(time.wall / c).toFixed(2)}x / ${(time.cpu / c).toFixed(2)}x its time`,
    );
  }

  console.log('\nWhole pipeline per cover: decode, 256 px WebP thumbnail, every kind:');
  const pipeline = await timeEach(covers, (bytes) => processArtwork({ bytes, kinds: ALL_KINDS, thumbnail: true }));
  console.log(`  one thread        ${ms(pipeline.wall)} per cover (median wall clock; sharp works on its own threads too)`);

  const pool = new ArtworkPool({ threads });
  try {
    await Promise.all(covers.slice(0, threads * WARM_UP).map((bytes) => pool.run({ bytes, kinds: ALL_KINDS, thumbnail: true })));
    const start = performance.now();
    let next = 0;
    let failed = 0;
    // A few tasks in flight per thread keep every worker busy without queueing the whole set at once.
    const feeder = async () => {
      while (next < covers.length) {
        const result = await pool.run({ bytes: covers[next++], kinds: ALL_KINDS, thumbnail: true });
        if (!result.ok) failed++;
      }
    };
    await Promise.all(Array.from({ length: threads * 4 }, feeder));
    const seconds = (performance.now() - start) / 1000;
    const note = failed > 0 ? `, ${failed} did not decode` : '';
    console.log(`  pool of ${threads} threads ${(covers.length / seconds).toFixed(1).padStart(7)} covers/s (${covers.length} covers in ${seconds.toFixed(2)} s${note})`);
  } finally {
    await pool.close();
  }
}

await main();
