import { parseArgs } from 'node:util';
import { PlaylistError } from '../../playlists/errors.js';
import { formatKindMix } from '../../../shared/mix.js';
import { DEFAULT_KIND, openCoverSession } from '../../playlists/session.js';
import { findSimilar } from '../../playlists/similar.js';
import { libraryIndexDir, openLibrary, UsageError, type Command } from '../context.js';

const DEFAULT_COUNT = 10;
/** Scores are shown to this many decimals: float32 vectors carry no more. */
const SCORE_DECIMALS = 6;

/** `sleeve similar ALBUM [--kind K|K:w,K:w] [-k N] [--json]`: the albums whose covers look most alike. */
export const similarCommand: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string', default: DEFAULT_KIND },
      k: { type: 'string', short: 'k', default: String(DEFAULT_COUNT) },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) {
    throw new UsageError('give one ALBUM: an album id, "Artist/Album", an audio file of the library or an image file');
  }
  const count = Number(values.k);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`-k must be a whole number of at least 1 (got "${values.k}")`);

  const db = openLibrary(ctx);
  try {
    const session = openCoverSession(db, libraryIndexDir(ctx), values.kind, (message) => ctx.stderr(`sleeve: ${message}\n`));
    const seed = await session.resolve(positionals[0]);
    const results = findSimilar(session.space, seed, count).map((result) => ({
      ...result,
      score: Number(result.score.toFixed(SCORE_DECIMALS)),
    }));
    if (values.json) {
      ctx.stdout(`${JSON.stringify(results)}\n`);
      return 0;
    }
    ctx.stdout(`Covers most like ${seed.label} (${formatKindMix(session.mix)}):\n`);
    if (results.length === 0) ctx.stdout('  no other album has a cover described this way\n');
    results.forEach((result, i) => {
      const rank = String(i + 1).padStart(String(results.length).length);
      ctx.stdout(`  ${rank}. ${result.score.toFixed(3)}  ${result.artist} — ${result.album}  (album ${result.albumId})\n`);
    });
    return 0;
  } catch (error) {
    if (error instanceof PlaylistError) throw new UsageError(error.message, 1);
    throw error;
  } finally {
    db.close();
  }
};
