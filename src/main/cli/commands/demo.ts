import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeDemoLibrary } from '../../demo/make-demo-library.js';
import { addRoot } from '../../library/roots.js';
import { scanLibrary } from '../../library/scan.js';
import { openDatabase } from '../../store/db.js';
import { indexDirectory } from '../../store/paths.js';
import { runServe } from '../../serve/run.js';
import { UsageError, type Command } from '../context.js';
import { terminalProgress } from '../progress.js';

/**
 * `sleeve demo`: a generated sample library (silent MP3s with generated
 * covers: no network, no ffmpeg), scanned into its own database beside the
 * real one, then served in browser mode. The user's library is not touched.
 */
export const demoCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: 'string' },
      albums: { type: 'string', default: '40' },
      port: { type: 'string', default: '0' },
      open: { type: 'boolean', default: false },
      'no-serve': { type: 'boolean', default: false },
    },
  });
  const albums = Number(values.albums);
  if (!Number.isInteger(albums) || albums < 1 || albums > 2000) throw new UsageError(`--albums must be a whole number from 1 to 2000 (got "${values.albums}")`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${values.port}")`);
  const home = resolve(values.dir ?? join(dirname(ctx.dbPath), 'demo'));
  const musicDir = join(home, 'music');
  const dbPath = join(home, 'library.db');

  ctx.stderr(`Making a sample library of ${albums} albums in ${musicDir}…\n`);
  const manifest = await makeDemoLibrary(musicDir, { albums });
  const db = openDatabase(dbPath);
  try {
    addRoot(db, manifest.root);
    const summary = await scanLibrary(db, {
      roots: [manifest.root],
      indexDir: indexDirectory(dbPath),
      onProgress: terminalProgress(ctx),
    });
    ctx.stderr(`Scanned ${summary.tracks} tracks, ${summary.albums} albums, ${summary.artworks} covers in ${summary.seconds.toFixed(1)} s.\n`);
  } finally {
    db.close();
  }
  if (values['no-serve']) {
    ctx.stdout(`${dbPath}\n`);
    return 0;
  }
  await runServe({ databasePath: dbPath, port, open: values.open, stdout: ctx.stdout, stderr: ctx.stderr });
  return 0;
};
