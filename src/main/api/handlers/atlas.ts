import type { DescriptorMix } from '../../../shared/api-entities.js';
import type { AtlasState } from '../../../shared/api-atlas.js';
import type { KindWeight } from '../../../shared/mix.js';
import type { AtlasMap } from '../../atlas/atlas.js';
import type { LayoutProgress } from '../../atlas/layout.js';
import { atlasSignature } from '../../store/atlas-store.js';
import { SleeveError } from '../../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { errorBody } from '../error-body.js';
import { checkAbsolutePath } from '../paths.js';
import { readSettings } from '../settings.js';

interface Job {
  running: Promise<void> | null;
  progress: LayoutProgress | null;
  error: string | null;
  /** The library's fingerprint the map was last brought up to date with. */
  signature: string | null;
}

/**
 * The cover atlas, one map per mix. Answers at once with the stored map and
 * brings it up to date in the background (new albums placed near their
 * neighbours, or a whole layout in a worker): the window polls until
 * `running` is false. The library's fingerprint tells when an update is due.
 */
export function atlasHandlers(deps: ApiDeps): Pick<HandlerTable, 'atlas.get' | 'atlas.relayout' | 'atlas.poster'> {
  const jobs = new Map<string, Job>();

  const mixOf = (mix: DescriptorMix | undefined): KindWeight[] => {
    const chosen = mix ?? readSettings(deps.db, deps.defaultMix).descriptorWeights;
    const entries = Object.entries(chosen).filter(([, weight]) => weight > 0);
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    return entries.map(([name, weight]) => ({ name, weight: weight / total }));
  };

  // Loaded on first use: the layout brings usearch and a worker pool, which other commands do not need.
  let atlas: typeof import('../../atlas/atlas.js') | undefined;
  const load = async () => (atlas ??= await import('../../atlas/atlas.js'));

  const state = (mix: KindWeight[], job: Job): AtlasState => {
    const map = atlas!.readAtlas(deps.db, mix);
    return { map: map ? view(map) : null, running: job.running !== null, progress: job.progress, error: job.error };
  };

  const start = (mix: KindWeight[], job: Job, options: { relayout: boolean; seed?: number }) => {
    if (job.running) return;
    job.error = null;
    job.progress = null;
    const signature = atlasSignature(deps.db, mix.map((k) => k.name));
    job.running = atlas!.updateAtlas(deps.db, mix, {
      relayout: options.relayout,
      settings: options.seed === undefined ? undefined : { seed: options.seed },
      onProgress: (progress) => {
        job.progress = progress;
      },
    })
      .then(
        () => {
          job.signature = signature;
        },
        (error: unknown) => {
          job.signature = signature;
          job.error = errorBody(error, deps.databasePath)?.message ?? String(error);
          deps.log(`the map of the covers could not be laid out: ${job.error}`);
        },
      )
      .finally(() => {
        job.running = null;
        job.progress = null;
      });
  };

  const jobFor = (mix: KindWeight[]): Job => {
    const key = atlas!.atlasMixKey(mix);
    let job = jobs.get(key);
    if (!job) jobs.set(key, (job = { running: null, progress: null, error: null, signature: null }));
    return job;
  };

  return {
    'atlas.get': async ({ mix }) => {
      await load();
      const kinds = mixOf(mix);
      const job = jobFor(kinds);
      if (!job.running && !deps.db.readonly && job.signature !== atlasSignature(deps.db, kinds.map((k) => k.name))) start(kinds, job, { relayout: false });
      return state(kinds, job);
    },
    'atlas.poster': async ({ mix, path, size, overwrite }) => {
      await load();
      const kinds = mixOf(mix);
      const job = jobFor(kinds);
      if (!job.running && !deps.db.readonly && job.signature !== atlasSignature(deps.db, kinds.map((k) => k.name))) start(kinds, job, { relayout: false });
      await job.running;
      if (job.error) throw new SleeveError('unavailable', job.error);
      const map = atlas!.readAtlas(deps.db, kinds);
      if (!map) throw new SleeveError('unavailable', 'There is no map of the covers yet: scan the library first.');
      const target = checkAbsolutePath(path, 'the poster');
      const { writePoster } = await import('../../atlas/poster.js');
      await writePoster(deps.db, map, target, { size, overwrite });
      return { path: target, covers: map.points.length, size };
    },
    'atlas.relayout': async ({ mix, seed }) => {
      deps.requireWritable('lay the map out again');
      await load();
      const kinds = mixOf(mix);
      const job = jobFor(kinds);
      start(kinds, job, { relayout: true, seed });
      return state(kinds, job);
    },
  };
}

function view(map: AtlasMap): NonNullable<AtlasState['map']> {
  return {
    mix: map.mix,
    separation: map.separation,
    seed: map.settings.seed,
    laidOutAt: map.laidOutAt,
    updatedAt: map.updatedAt,
    points: map.points.map((p) => ({ ...p })),
    unplaced: map.unplaced,
  };
}
