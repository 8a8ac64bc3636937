import { parseArgs } from 'node:util';
import { LIMITS } from '../../../shared/api.js';
import { UsageError, withService, type Command } from '../context.js';
import { formatMix, mixArgument, seedArgument, wholeNumberOption } from '../options.js';

/** Scores are shown to this many decimals: float32 vectors carry no more. */
const SCORE_DECIMALS = 6;

/** `sleeve similar ALBUM [--kind K|K:w,K:w] [-k N] [--json]`: the albums whose covers look most alike (the app's "Looks like"). */
export const similarCommand: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      k: { type: 'string', short: 'k' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) {
    throw new UsageError('give one ALBUM: an album id, "Artist/Album", an audio file of the library or an image file');
  }
  const limit = values.k === undefined ? undefined : wholeNumberOption('k', values.k, 1, LIMITS.similar);
  const seed = seedArgument(positionals[0]);
  return withService(ctx, 'look', async (service) => {
    const kinds = (await service.call('app.info', {})).kinds;
    const mix = values.kind === undefined ? undefined : mixArgument(values.kind, [...new Set([...kinds, 'learned'])]);
    const found = await service.call('albums.similar', { seed, limit, mix });
    const results = found.map(({ album, similarity, closerThan }) => ({
      albumId: album.id,
      artist: album.artist,
      album: album.album,
      score: Number(similarity.toFixed(SCORE_DECIMALS)),
      closerThan: Number(closerThan.toFixed(4)),
    }));
    if (values.json) {
      ctx.stdout(`${JSON.stringify(results)}\n`);
      return 0;
    }
    const resolved = await service.call('albums.resolve', { seed });
    const usedMix = mix ?? (await service.call('settings.get', {})).descriptorWeights;
    ctx.stdout(`Covers most like ${resolved.label} (${formatMix(usedMix)}):\n`);
    if (results.length === 0) ctx.stdout('  no other album has a cover described this way\n');
    results.forEach((result, i) => {
      const rank = String(i + 1).padStart(String(results.length).length);
      ctx.stdout(`  ${rank}. closer than ${closerThanPercent(result.closerThan)} of your albums (${result.score.toFixed(3)})  ${result.artist} — ${result.album}  (album ${result.albumId})\n`);
    });
    return 0;
  });
};

/** "99%", never "100%" for what is only nearly all of them. */
function closerThanPercent(share: number): string {
  const percent = Math.floor(share * 100);
  return `${percent}%`;
}
