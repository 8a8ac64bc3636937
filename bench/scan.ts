// Scan benchmark: a generated library of 10,000 tracks in 1,000 albums (each
// album's own 600×600 JPEG embedded in all its tracks). Prints the cold scan
// time, files/s, the unchanged-rescan time, bytes read per file and peak RSS.
// Asserts nothing: the figures are for reading.
//   npx tsx bench/scan.ts [--albums 1000] [--tracks 10] [--dir /tmp/sleeve-bench-library] [--runs 3]
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeBenchLibrary } from './lib/make-bench-library.js';

const { values } = parseArgs({
  options: {
    albums: { type: 'string', default: '1000' },
    tracks: { type: 'string', default: '10' },
    dir: { type: 'string', default: join(tmpdir(), 'sleeve-bench-library') },
    runs: { type: 'string', default: '3' },
  },
});
const albums = Number(values.albums);
const tracksPerAlbum = Number(values.tracks);
const runs = Number(values.runs);

interface Summary {
  tracks: number;
  albums: number;
  artworks: number;
  errors: number;
  seconds: number;
  filesRead: number;
  bytesRead: number;
  peakRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function scanOnce(dbPath: string, root: string, describe: boolean): Summary {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'lib', 'scan-once.ts'), dbPath, root, describe ? 'describe' : 'no-describe'], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Summary;
}

const t0 = performance.now();
const manifest = await makeBenchLibrary(values.dir as string, { albums, tracksPerAlbum });
console.log(`library: ${albums * tracksPerAlbum} tracks in ${albums} albums at ${values.dir} (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
// The ID3v2 tag's size from its header (syncsafe, ID3v2 section 3.1), over a sample of the files.
const sample = manifest.albums.slice(0, 100).map((a) => join(manifest.root, a.dir, a.trackPaths[0].split('/').pop() as string));
const tagSizes = sample.map((file) => {
  const head = Buffer.alloc(10);
  const fd = openSync(file, 'r');
  readSync(fd, head, 0, 10, 0);
  closeSync(fd);
  return 10 + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]);
});
console.log(`tag size per file: median ${(median(tagSizes) / 1024).toFixed(1)} KiB (goal: bytes read <= tag + 64 KiB)`);

for (const describe of [false, true]) {
  const cold: Summary[] = [];
  const warm: Summary[] = [];
  for (let run = 0; run < runs; run++) {
    const work = mkdtempSync(join(tmpdir(), 'sleeve-bench-db-'));
    const dbPath = join(work, 'library.db');
    try {
      cold.push(scanOnce(dbPath, values.dir as string, describe));
      warm.push(scanOnce(dbPath, values.dir as string, describe));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  const c = cold[0];
  console.log(`\n${describe ? 'with descriptors (tags, pictures, thumbnails, tiny+gist+color)' : 'tags and pictures (validated + thumbnailed), before descriptors'}: median of ${runs}`);
  console.log(`  found: ${c.tracks} tracks, ${c.albums} albums, ${c.artworks} covers, ${c.errors} errors`);
  console.log(`  cold scan:        ${median(cold.map((s) => s.seconds)).toFixed(2)} s  (${(c.filesRead / median(cold.map((s) => s.seconds))).toFixed(0)} files/s)`);
  console.log(`  unchanged rescan: ${median(warm.map((s) => s.seconds)).toFixed(3)} s  (files read again: ${warm[0].filesRead})`);
  console.log(`  bytes read per file: ${(median(cold.map((s) => s.bytesRead / Math.max(1, s.filesRead))) / 1024).toFixed(1)} KiB`);
  console.log(`  peak RSS: cold ${median(cold.map((s) => s.peakRssMb)).toFixed(0)} MB, rescan ${median(warm.map((s) => s.peakRssMb)).toFixed(0)} MB`);
}
