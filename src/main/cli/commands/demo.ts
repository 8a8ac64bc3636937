import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SleeveError } from '../../../shared/errors.js';
import { makeDemoLibrary } from '../../api/demo.js';
import { runServe } from '../../serve/run.js';
import { withService, type Command } from '../context.js';
import { wholeNumberOption } from '../options.js';
import { terminalProgress } from '../progress.js';
import { runScan } from './scan.js';

const MAX_ALBUMS = 2000;
const MAX_PORT = 65_535;

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
  const albums = wholeNumberOption('albums', values.albums, 1, MAX_ALBUMS);
  const port = wholeNumberOption('port', values.port, 0, MAX_PORT);
  const home = resolve(values.dir ?? join(dirname(ctx.dbPath), 'demo'));
  const musicDir = join(home, 'music');
  const dbPath = join(home, 'library.db');

  ctx.stderr(`Making a sample library of ${albums} albums in ${musicDir}…\n`);
  const manifest = await makeDemoLibrary(musicDir, { albums });
  await withService({ ...ctx, dbPath }, 'write', async (service) => {
    const state = await runScan(service, { roots: [manifest.root] }, terminalProgress(ctx), ctx.interactive ? (line) => ctx.stderr(`\r\x1b[2K${line}`) : undefined);
    if (state.errorCode) throw new SleeveError(state.errorCode, state.error ?? 'The scan failed.');
    const summary = state.summary;
    if (summary) ctx.stderr(`Scanned ${summary.tracks} tracks, ${summary.albums} albums, ${summary.artworks} covers in ${summary.seconds.toFixed(1)} s.\n`);
  });
  if (values['no-serve']) {
    ctx.stdout(`${dbPath}\n`);
    return 0;
  }
  await runServe({ databasePath: dbPath, port, open: values.open, stdout: ctx.stdout, stderr: ctx.stderr });
  return 0;
};
