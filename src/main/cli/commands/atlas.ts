import { parseArgs } from 'node:util';
import { LIMITS } from '../../../shared/api.js';
import { UsageError, withService, type CliContext, type CliService, type Command } from '../context.js';
import { mixArgument, pathArgument, wholeNumberOption } from '../options.js';

/** How often the map's progress is asked for while it is laid out. */
const POLL_MS = 250;

/**
 * `sleeve atlas [--kind K|MIX] [--json] [--png FILE [--size N] [--force]] [--relayout [--random-seed N]]`:
 * the map of the library's covers (x and y in [0, 1]), or a poster of it.
 */
export const atlasCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      kind: { type: 'string' },
      json: { type: 'boolean', default: false },
      png: { type: 'string' },
      size: { type: 'string' },
      force: { type: 'boolean', default: false },
      relayout: { type: 'boolean', default: false },
      'random-seed': { type: 'string' },
    },
  });
  if (values.size !== undefined && values.png === undefined) throw new UsageError('--size goes with --png FILE');
  if (values['random-seed'] !== undefined && !values.relayout) throw new UsageError('--random-seed goes with --relayout');
  const size = values.size === undefined ? undefined : wholeNumberOption('size', values.size, 256, 16384);
  const seed = values['random-seed'] === undefined ? undefined : wholeNumberOption('random-seed', values['random-seed'], 0, LIMITS.randomSeed);
  return withService(ctx, values.relayout ? 'write' : 'look', async (service) => {
    const kinds = (await service.call('app.info', {})).kinds;
    const mix = values.kind === undefined ? undefined : mixArgument(values.kind, [...new Set([...kinds, 'learned'])]);
    if (values.relayout) await service.call('atlas.relayout', { mix, seed });
    const state = await settled(service, ctx, mix);
    if (state.error) throw new UsageError(state.error);
    const map = state.map;
    if (values.png !== undefined) {
      const written = await service.call('atlas.poster', { mix, path: pathArgument(values.png), size, overwrite: values.force });
      if (!values.json) ctx.stdout(`Wrote a ${written.size}×${written.size} poster of ${written.covers} covers to ${written.path}\n`);
    }
    if (values.json) {
      const rows = (map?.points ?? []).map((p) => ({ albumId: p.albumId, artist: p.artist, album: p.album, x: round(p.x), y: round(p.y) }));
      ctx.stdout(`${JSON.stringify(rows)}\n`);
    } else if (values.png === undefined) {
      if (!map || map.points.length === 0) ctx.stdout('The map is empty: no cover is described yet.\n');
      else {
        ctx.stdout(`Map of ${map.points.length} albums by their covers (${map.mix}, random seed ${map.seed}), laid out ${new Date(map.laidOutAt).toISOString()}\n`);
        if (map.unplaced > 0) ctx.stdout(`${map.unplaced} album(s) left off: no cover, or a cover not described in every kind of the mix\n`);
        ctx.stdout('--json prints every album with its place; --png FILE draws a poster.\n');
      }
    }
    return 0;
  });
};

/** Asks until the map is up to date, drawing its progress on a terminal. */
async function settled(service: CliService, ctx: CliContext, mix: Record<string, number> | undefined) {
  let drew = false;
  for (;;) {
    const state = await service.call('atlas.get', { mix });
    if (!state.running) {
      if (drew) ctx.stderr('\r\x1b[2K');
      return state;
    }
    if (ctx.interactive && state.progress) {
      const { phase, done, total } = state.progress;
      ctx.stderr(`\r\x1b[2KLaying out the map: ${phase === 'neighbours' ? 'finding neighbours' : 'placing covers'} ${Math.floor((100 * done) / Math.max(1, total))}%`);
      drew = true;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Places to 6 decimals: a millionth of the map is far below a pixel of any poster. */
function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
