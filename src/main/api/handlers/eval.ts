import { SleeveError } from '../../../shared/errors.js';
import { DESCRIPTOR_KINDS } from '../../artwork/kinds.js';
import { learnFromLibrary, NotLearnableError } from '../../eval/library.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { runEval } from '../eval-run.js';
import type { InsightsService } from '../insights.js';
import { checkAbsolutePath } from '../paths.js';
import { readSettings } from '../settings.js';

export function evalHandlers(deps: ApiDeps, insights: InsightsService): Pick<HandlerTable, 'eval.run' | 'learned.fit' | 'insights.get'> {
  const { db } = deps;
  return {
    'eval.run': ({ label, images, mixes, learned, seed }) =>
      runEval(db, {
        label,
        images: images && {
          dir: checkAbsolutePath(images.dir, 'the folder of images'),
          labels: images.labels === undefined ? undefined : checkAbsolutePath(images.labels, 'the labels file'),
        },
        mixes,
        learned,
        seed,
        threads: deps.threads,
      }),
    'learned.fit': ({ label, seed }) => {
      deps.requireWritable('fit the learned kind');
      try {
        const outcome = learnFromLibrary(db, label, DESCRIPTOR_KINDS, seed);
        deps.onLibraryChanged();
        return {
          kind: 'learned',
          version: outcome.version,
          dim: outcome.dim,
          label,
          classes: [...outcome.classes],
          albums: outcome.albums,
          inputs: outcome.inputs.map(({ name, version }) => ({ name, version })),
          shrinkage: outcome.shrinkage,
          written: outcome.written,
        };
      } catch (error) {
        if (error instanceof NotLearnableError) throw new SleeveError('unavailable', `Cannot learn from ${label}: ${error.message}.`, { cause: error });
        throw error;
      }
    },
    'insights.get': ({ label }) =>
      insights.get({ databasePath: deps.databasePath, label, mix: readSettings(db, deps.defaultMix).descriptorWeights }),
  };
}
