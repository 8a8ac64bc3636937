import { parseArgs } from 'node:util';
import { scanLibrary } from '../../library/scan.js';
import { listRoots } from '../../library/roots.js';
import { libraryIndexDir, openLibrary, UsageError, type Command } from '../context.js';
import { terminalProgress } from '../progress.js';

export const scanCommand: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'no-describe': { type: 'boolean', default: false },
      threads: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
    },
  });
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) throw new UsageError(`--threads must be a whole number of at least 1 (got "${values.threads}")`);
  const db = openLibrary(ctx);
  try {
    const roots = positionals.length > 0 ? positionals : listRoots(db);
    if (roots.length === 0) throw new UsageError('no music folder given: sleeve scan FOLDER [FOLDER…]');
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    try {
      const summary = await scanLibrary(db, {
        roots,
        signal: controller.signal,
        describe: !values['no-describe'],
        indexDir: libraryIndexDir(ctx),
        threads,
        log: values.verbose ? (m) => ctx.stderr(`${m}\n`) : undefined,
        onProgress: values.json ? undefined : terminalProgress(ctx),
      });
      const out = { tracks: summary.tracks, albums: summary.albums, artworks: summary.artworks, errors: summary.errors, seconds: Number(summary.seconds.toFixed(3)), filesRead: summary.filesRead };
      if (values.json) ctx.stdout(`${JSON.stringify(out)}\n`);
      else {
        ctx.stdout(
          `${summary.cancelled ? 'Scan cancelled' : 'Scanned'}: ${out.tracks} tracks, ${out.albums} albums, ${out.artworks} covers, ${out.errors} errors in ${out.seconds.toFixed(1)} s\n`,
        );
        if (summary.cancelled) ctx.stdout('What was read is kept: scan again to go on from there.\n');
        if (out.errors > 0) ctx.stdout('See `sleeve errors` for what could not be read.\n');
      }
      return summary.cancelled ? 130 : 0;
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
  } finally {
    db.close();
  }
};
