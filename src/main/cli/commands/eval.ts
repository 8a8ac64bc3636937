import { parseArgs } from 'node:util';
import { LIMITS } from '../../../shared/api.js';
import type { EvalResult } from '../../../shared/api-entities.js';
import { UsageError, withService, type Command } from '../context.js';
import { mixArgument, pathArgument, wholeNumberOption } from '../options.js';

const MAX_THREADS = 64;

/**
 * `sleeve eval [--label genre|artist|decade] [--json]`: how well cover
 * similarity predicts a shared label over the library's albums (the app's
 * Insights); `sleeve eval --images DIR [--labels CSV] [--label look]`: the
 * same on a labelled folder of images.
 */
export const evalCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: {
      label: { type: 'string', default: 'genre' },
      images: { type: 'string' },
      labels: { type: 'string' },
      mix: { type: 'string', multiple: true, default: [] },
      'no-learned': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      threads: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const seed = wholeNumberOption('seed', values.seed, 0, LIMITS.randomSeed);
  const threads = values.threads === undefined ? undefined : wholeNumberOption('threads', values.threads, 1, MAX_THREADS);
  if (values.labels !== undefined && values.images === undefined) throw new UsageError('--labels goes with --images DIR');
  const images = values.images === undefined ? undefined : { dir: pathArgument(values.images), labels: values.labels === undefined ? undefined : pathArgument(values.labels) };
  // A labelled folder needs no library: an in-memory one serves the call.
  const library = images ? { ...ctx, dbPath: ':memory:' } : ctx;
  return withService(
    library,
    images ? 'write' : 'look',
    async (service) => {
      const kinds = (await service.call('app.info', {})).kinds;
      const mixes = values.mix.map((spec) => mixArgument(spec, kinds));
      const result = await service.call('eval.run', { label: values.label, images, mixes, learned: !values['no-learned'], seed });
      if (values.json) ctx.stdout(`${JSON.stringify(jsonReport(result))}\n`);
      else ctx.stdout(`${result.notes.length > 0 ? `${result.notes.join('\n')}\n` : ''}${result.text}`);
      return 0;
    },
    { threads },
  );
};

/** The JSON the command has always printed: kinds keyed by name. */
function jsonReport(result: EvalResult): object {
  const kinds = Object.fromEntries(
    result.kinds.map(({ kind, crossValidated, ...score }) => [kind, { ...score, ...(crossValidated ? { crossValidated } : {}) }]),
  );
  return {
    source: result.source,
    label: result.label,
    labelled: result.labelled,
    unlabelled: result.unlabelled,
    classes: result.classes,
    duplicates: result.duplicates,
    kinds,
    learned: result.learned,
    ...(result.source === 'images' ? { missing: result.missing, unreadable: result.unreadable } : {}),
    reading: result.reading,
  };
}
