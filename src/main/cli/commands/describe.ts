import { parseArgs } from 'node:util';
import { LIMITS } from '../../../shared/api.js';
import { UsageError, withService, type Command } from '../context.js';
import { pathArgument } from '../options.js';

/** Values shown in the plain-text summary of a vector. */
const PREVIEW_VALUES = 4;

/**
 * `sleeve describe IMAGE… --kind tiny|gist|color [--json] [--raw-size]`:
 * each image decoded and described exactly as a scan would (or at its own
 * size with --raw-size), one line per image. A file that fails is reported
 * on stderr and makes the exit code 1; the others are still printed. It
 * needs no library.
 */
export const describeCommand: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      json: { type: 'boolean', default: false },
      'raw-size': { type: 'boolean', default: false },
    },
  });
  if (values.kind === undefined) throw new UsageError('give --kind (tiny, gist, color or neural)');
  if (positionals.length === 0) throw new UsageError('give at least one IMAGE file to describe');
  // Describing touches no library: an in-memory one serves the call.
  return withService({ ...ctx, dbPath: ':memory:' }, 'write', async (service) => {
    const items = [];
    for (let start = 0; start < positionals.length; start += LIMITS.describeImages) {
      const paths = positionals.slice(start, start + LIMITS.describeImages).map(pathArgument);
      items.push(...(await service.call('images.describe', { paths, kind: values.kind as string, rawSize: values['raw-size'] })).items);
    }
    let failures = 0;
    items.forEach((item, i) => {
      const file = positionals[i];
      if (!item.ok) {
        failures++;
        ctx.stderr(`sleeve: ${file}: ${item.error}\n`);
      } else if (values.json) {
        ctx.stdout(`${JSON.stringify({ file, kind: item.kind, version: item.version, width: item.width, height: item.height, vector: item.vector })}\n`);
      } else {
        const preview = item.vector.slice(0, PREVIEW_VALUES).map((v) => v.toFixed(4)).join(' ');
        ctx.stdout(`${file}: ${item.kind} v${item.version}, ${item.width}x${item.height}, ${item.vector.length} values: ${preview} …\n`);
      }
    });
    return failures === 0 ? 0 : 1;
  });
};
