import type { DescriptorMix, InsightLabel, Insights, KindInsight } from '../../shared/api-entities.js';
import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import { evaluate } from '../eval/evaluate.js';
import { libraryDataset } from '../eval/library.js';
import { usefulMixes } from '../eval/mixes.js';
import { reading } from '../eval/report.js';
import { formatKindMix, type KindWeight } from '../../shared/mix.js';
import type { Db } from '../store/db.js';

/** The evaluation's seed: the same library gives the same figures every time. */
const EVAL_SEED = 1;

/** A figure that could not be measured (NaN) as null, as the contract carries it. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Runs the eval module on the library: every kind, the useful mixes and the
 * playlists' mix, and the learned kind under cross-validation.
 */
export function measureInsights(db: Db, label: InsightLabel, playlistMix: DescriptorMix): Insights {
  const dataset = libraryDataset(db, label, DESCRIPTOR_KINDS);
  const empty = {
    label,
    labelled: dataset.items.length,
    classes: 0,
    duplicates: { albums: 0, rule: '' },
    kinds: [],
    learnedUnavailable: null,
    playlistMix,
    playlistKind: null,
  };
  if (dataset.kinds.length === 0) {
    const note = 'No cover has been described yet: add a music folder and let the scan finish.';
    return { ...empty, available: false, note, reading: note };
  }
  const names = dataset.kinds.map((kind) => kind.name);
  // The playlists' mix in registry order, as the eval module names and scores it.
  const used: KindWeight[] = names.flatMap((name) => (playlistMix[name] ? [{ name, weight: playlistMix[name] }] : []));
  const playlistKind = used.length === Object.keys(playlistMix).length ? formatKindMix(used) : null;
  const report = evaluate({
    items: dataset.items,
    kinds: dataset.kinds,
    mixes: usefulMixes(names, playlistKind ? used : null),
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
    playlistMix,
    playlistKind: playlistKind && kinds.some((kind) => kind.kind === playlistKind) ? playlistKind : null,
  };
}

