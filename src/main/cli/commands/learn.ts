import { parseArgs } from 'node:util';
import { InsightLabel } from '../../../shared/api-entities.js';
import { LIMITS } from '../../../shared/api.js';
import { UsageError, withService, type Command } from '../context.js';
import { wholeNumberOption } from '../options.js';

/**
 * `sleeve learn --label genre|artist|decade [--json]`: fits the `learned`
 * descriptor kind to the library's labels, stores the model and writes the
 * learned vectors, so that `--kind learned` works like any kind (in the app too).
 */
export const learnCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: {
      label: { type: 'string', default: 'genre' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const label = InsightLabel.safeParse(values.label);
  if (!label.success) throw new UsageError(`--label must be one of ${InsightLabel.options.join(', ')} (got "${values.label}")`);
  const seed = wholeNumberOption('seed', values.seed, 0, LIMITS.randomSeed);
  return withService(ctx, 'write', async (service) => {
    const outcome = await service.call('learned.fit', { label: label.data, seed });
    if (values.json) {
      ctx.stdout(`${JSON.stringify(outcome)}\n`);
      return 0;
    }
    ctx.stdout(
      `Learned kind v${outcome.version} from ${outcome.label}: ${outcome.classes.length} labels (${outcome.classes.join(', ')}), ` +
        `${outcome.albums} albums, ${outcome.dim} dimensions from ${outcome.inputs.map((kind) => kind.name).join(' + ')} ` +
        `(shrinkage ${outcome.shrinkage}).\n` +
        `Wrote ${outcome.written} learned vectors: use --kind learned with similar and playlist; ` +
        '`sleeve eval` measures it on held-out albums.\n',
    );
    return 0;
  });
};
