import type { InsightLabel, Insights, KindInsight } from '../../../shared/api-entities.js';
import { DESCRIPTOR_KINDS } from '../../artwork/kinds.js';
import { evaluate } from '../../eval/evaluate.js';
import { libraryDataset } from '../../eval/library.js';
import { savedMix, usefulMixes } from '../../eval/mixes.js';
import { reading } from '../../eval/report.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { readSettings } from '../settings.js';

/** The evaluation's seed: the same library gives the same figures every time. */
const EVAL_SEED = 1;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Insights run the eval module on the library (every kind, the useful mixes,
 * the learned kind under cross-validation). That reads every vector once, so
 * the answer is kept until the next scan changes the covers.
 */
export class InsightsCache {
  readonly #byLabel = new Map<InsightLabel, Omit<Insights, 'playlistMix'>>();

  get(label: InsightLabel, compute: () => Omit<Insights, 'playlistMix'>): Omit<Insights, 'playlistMix'> {
    let insights = this.#byLabel.get(label);
    if (!insights) {
      insights = compute();
      this.#byLabel.set(label, insights);
    }
    return insights;
  }

  invalidate(): void {
    this.#byLabel.clear();
  }
}

function measure(deps: ApiDeps, label: InsightLabel): Omit<Insights, 'playlistMix'> {
  const dataset = libraryDataset(deps.db, label, DESCRIPTOR_KINDS);
  const empty = { label, labelled: dataset.items.length, classes: 0, duplicates: { albums: 0, rule: '' }, kinds: [], learnedUnavailable: null };
  if (dataset.kinds.length === 0) {
    const note = 'No cover has been described yet: add a music folder and let the scan finish.';
    return { ...empty, available: false, note, reading: note };
  }
  const names = dataset.kinds.map((kind) => kind.name);
  const report = evaluate({
    items: dataset.items,
    kinds: dataset.kinds,
    mixes: usefulMixes(names, savedMix(deps.db)),
    learned: true,
    seed: EVAL_SEED,
  });
  const kinds: KindInsight[] = Object.entries(report.kinds).flatMap(([kind, score]) =>
    Number.isFinite(score.auc)
      ? [
          {
            kind,
            auc: score.auc,
            aucWithoutDuplicates: finiteOrNull(score.aucWithoutDuplicates),
            precisionAt10: finiteOrNull(score.precisionAt10),
            albums: score.albums,
            positives: score.positives,
            negatives: score.negatives,
            crossValidated: score.crossValidated !== undefined,
          },
        ]
      : [],
  );
  const sentence = reading(report, label, 'here');
  return {
    label,
    available: kinds.length > 0,
    note: kinds.length > 0 ? null : `Not enough albums share a ${label} to measure anything: ${sentence}`,
    reading: `${sentence[0].toUpperCase()}${sentence.slice(1)}`,
    labelled: report.labelled,
    classes: report.classes,
    duplicates: report.duplicates,
    kinds,
    learnedUnavailable: report.learnedUnavailable,
  };
}

export function insightsHandlers(deps: ApiDeps, cache: InsightsCache): Pick<HandlerTable, 'insights.get'> {
  return {
    'insights.get': ({ label }) => ({
      ...cache.get(label, () => measure(deps, label)),
      playlistMix: readSettings(deps.db, deps.defaultMix).descriptorWeights,
    }),
  };
}
