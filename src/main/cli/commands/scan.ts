import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ApiArgs } from '../../../shared/api.js';
import type { ScanProgress, ScanState } from '../../../shared/api-entities.js';
import { SleeveError } from '../../../shared/errors.js';
import { withService, type CliService, type Command } from '../context.js';
import { EXIT_CODES } from '../exit-codes.js';
import { pathArgument, wholeNumberOption } from '../options.js';
import { terminalProgress } from '../progress.js';

/** How often the running scan's progress is read. */
const POLL_MS = 100;
const MAX_THREADS = 64;

/**
 * `sleeve scan [FOLDER…]`: adds the folders (each must exist) to the
 * library's music folders and scans them all, as the app does, through the
 * same service; Ctrl+C cancels and keeps what was read.
 */
export const scanCommand: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      'no-describe': { type: 'boolean', default: false },
      threads: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      watch: { type: 'boolean', default: false },
    },
  });
  const threads = values.threads === undefined ? undefined : wholeNumberOption('threads', values.threads, 1, MAX_THREADS);
  const draw = values.json ? undefined : terminalProgress(ctx);
  return withService(
    ctx,
    'write',
    async (service) => {
      const roots = positionals.map(pathArgument);
      if (roots.length === 0 && (await service.call('library.roots.list', {})).length === 0) {
        throw new SleeveError('bad_request', 'No music folder yet: give one, as in `sleeve scan ~/Music`.');
      }
      const state = await runScan(service, { roots, describe: !values['no-describe'] }, draw, ctx.interactive && !values.json ? (line) => ctx.stderr(`\r\x1b[2K${line}`) : undefined);
      const code = finish(state, values.json, ctx.stdout);
      if (!values.watch || code !== 0) return code;
      return keepCurrent(service, ctx.stdout);
    },
    { threads, verbose: values.verbose },
  );
};

/** Starts a scan through the service and follows it to its end, drawing progress; Ctrl+C cancels it (what was read is kept). */
export async function runScan(
  service: CliService,
  args: ApiArgs<'scan.start'>,
  draw: ((progress: ScanProgress) => void) | undefined,
  drawRefining?: (line: string) => void,
): Promise<ScanState> {
  let state = await service.call('scan.start', args);
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    void service.call('scan.cancel', {});
  };
  process.once('SIGINT', cancel);
  try {
    while (state.running) {
      await sleep(POLL_MS);
      state = await service.call('scan.progress', {});
      if (state.progress) draw?.(state.progress);
    }
    // The neural kind follows the scan in the background: the command waits for it (Ctrl+C leaves the rest for next time).
    while (!cancelled && state.summary && !state.summary.cancelled) {
      const refining = (await service.call('library.status', {})).refining;
      if (!refining?.running) break;
      drawRefining?.(`Refining: describing covers with the neural network ${refining.described}/${refining.covers}`);
      await sleep(POLL_MS);
    }
    drawRefining?.('');
  } finally {
    process.removeListener('SIGINT', cancel);
  }
  return state;
}

/** How often `--watch` looks at the library for what the watcher changed. */
const WATCH_REPORT_MS = 1000;

/**
 * `sleeve scan --watch`: after the scan, the music folders are watched (as
 * the app does) and each change is scanned alone; a line tells what changed,
 * until Ctrl+C.
 */
async function keepCurrent(service: CliService, stdout: (text: string) => void): Promise<number> {
  const watch = await service.call('watch.get', {});
  if (!watch.enabled) throw new SleeveError('unavailable', 'Watching is turned off in the settings of this library: turn it on in the app (Settings) first.');
  service.service.startWatching();
  // Said only once the watches are in place (watch.get waits for them): a file landing after this line is seen.
  const folders = (await service.call('watch.get', {})).folders.length;
  stdout(`Watching ${folders} music folder${folders === 1 ? '' : 's'} for changes; Ctrl+C stops.\n`);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    let last = await service.call('library.status', {});
    let notices = '';
    while (!stop.signal.aborted) {
      await sleep(WATCH_REPORT_MS, undefined, { signal: stop.signal }).catch(() => {});
      const now = await service.call('library.status', {});
      if (now.tracks !== last.tracks || now.albums !== last.albums || now.lastScan !== last.lastScan) {
        stdout(`${new Date().toLocaleTimeString()}: ${now.tracks} tracks, ${now.albums} albums, ${now.artworks} covers (${signed(now.albums - last.albums)} albums, ${signed(now.tracks - last.tracks)} tracks)\n`);
        last = now;
      }
      const polled = (await service.call('watch.get', {})).folders.filter((folder) => folder.mode === 'polling');
      const text = polled.map((folder) => `${folder.root} is checked periodically: ${folder.reason}`).join('\n');
      if (text !== notices && text.length > 0) stdout(`${text}\n`);
      notices = text;
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  return 0;
}

function signed(value: number): string {
  return value >= 0 ? `+${value}` : String(value);
}

function finish(state: ScanState, json: boolean, stdout: (text: string) => void): number {
  if (state.errorCode) throw new SleeveError(state.errorCode, state.error ?? 'The scan failed.');
  const summary = state.summary;
  if (!summary) throw new SleeveError('internal', 'The scan ended without a summary.');
  const out = {
    tracks: summary.tracks,
    albums: summary.albums,
    artworks: summary.artworks,
    errors: summary.errors,
    seconds: Number(summary.seconds.toFixed(3)),
    filesRead: summary.filesRead,
  };
  if (json) stdout(`${JSON.stringify(out)}\n`);
  else {
    stdout(
      `${summary.cancelled ? 'Scan cancelled' : 'Scanned'}: ${out.tracks} tracks, ${out.albums} albums, ${out.artworks} covers, ${out.errors} errors in ${out.seconds.toFixed(1)} s\n`,
    );
    if (summary.cancelled) stdout('What was read is kept: scan again to go on from there.\n');
    if (out.errors > 0) stdout('See `sleeve errors` for what could not be read.\n');
  }
  return summary.cancelled ? EXIT_CODES.cancelled : 0;
}
