import { parseArgs } from 'node:util';
import { DESCRIPTOR_KINDS } from '../../artwork/kinds.js';
import { isLabelName, LABEL_NAMES } from '../../eval/labels.js';
import { learnFromLibrary, NotLearnableError } from '../../eval/library.js';
import { openLibrary, UsageError, type Command } from '../context.js';

/**
 * `sleeve learn --label genre|artist|decade [--json]`: fits the `learned`
 * descriptor kind to the library's labels, stores the model and writes the
 * learned vectors, so that `--kind learned` works like any kind.
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
  const label = values.label;
  if (!isLabelName(label)) throw new UsageError(`--label must be one of ${LABEL_NAMES.join(', ')} (got "${label}")`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number (got "${values.seed}")`);

  const db = openLibrary(ctx);
  try {
    const outcome = learnFromLibrary(db, label, DESCRIPTOR_KINDS, seed);
    if (values.json) {
      ctx.stdout(
        `${JSON.stringify({
          kind: 'learned',
          version: outcome.version,
          dim: outcome.dim,
          label,
          classes: outcome.classes,
          albums: outcome.albums,
          inputs: outcome.inputs.map(({ name, version }) => ({ name, version })),
          shrinkage: outcome.shrinkage,
          written: outcome.written,
        })}\n`,
      );
    } else {
      ctx.stdout(
        `Learned kind v${outcome.version} from ${label}: ${outcome.classes.length} labels (${outcome.classes.join(', ')}), ` +
          `${outcome.albums} albums, ${outcome.dim} dimensions from ${outcome.inputs.map((kind) => kind.name).join(' + ')} ` +
          `(shrinkage ${outcome.shrinkage}).\n` +
          `Wrote ${outcome.written} learned vectors: use --kind learned with similar and playlist; ` +
          '`sleeve eval` measures it on held-out albums.\n',
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof NotLearnableError) throw new UsageError(`cannot learn from ${label}: ${error.message}`, 1);
    throw error;
  } finally {
    db.close();
  }
};
