import type { EvalReport, KindScore } from './evaluate.js';
import { LEARNED_KIND } from './learned.js';

/**
 * How strong an AUC is, in words. Bernhardsson's covers and the covers-dev
 * set sit around 0.51: below NEGLIGIBLE_AUC is "barely".
 */
const NEGLIGIBLE_AUC = 0.52;
const WEAK_AUC = 0.6;
const MODERATE_AUC = 0.7;

/** The best-scoring kind or mix, by AUC. */
export function bestKind(report: EvalReport, options: { learned: boolean }): [string, KindScore] | null {
  let best: [string, KindScore] | null = null;
  for (const entry of Object.entries(report.kinds)) {
    if (!options.learned && entry[0] === LEARNED_KIND) continue;
    if (Number.isNaN(entry[1].auc)) continue;
    if (!best || entry[1].auc > best[1].auc) best = entry;
  }
  return best;
}

/** One honest sentence: how well cover similarity predicts the label here. */
export function reading(report: EvalReport, label: string, where: string): string {
  const raw = bestKind(report, { learned: false });
  if (!raw) return `nothing could be measured: no two ${where === 'here' ? 'albums' : 'images'} with a descriptor have comparable labels`;
  const [name, score] = raw;
  const auc = score.auc.toFixed(3);
  const strength =
    score.auc < NEGLIGIBLE_AUC
      ? 'barely predicts'
      : score.auc < WEAK_AUC
        ? 'weakly predicts'
        : score.auc < MODERATE_AUC
          ? 'moderately predicts'
          : 'clearly predicts';
  let sentence = `cover similarity ${strength} ${label} ${where} (best: ${name}, AUC ${auc}; 0.5 is chance)`;
  const learned = report.kinds[LEARNED_KIND];
  if (learned) {
    const change = learned.auc - score.auc;
    sentence +=
      change > 0.005
        ? `; learning from the labels lifts it to ${learned.auc.toFixed(3)} on held-out albums`
        : `; learning from the labels does not help on held-out albums (${learned.auc.toFixed(3)})`;
  }
  return `${sentence}.`;
}

/** Same-label share of all pairs: what precision@10 would be by chance. */
export function chancePrecision(score: KindScore): number {
  return score.positives / (score.positives + score.negatives);
}

export function formatTable(report: EvalReport, label: string, where: string, timings?: ReadonlyMap<string, number>): string {
  const names = Object.keys(report.kinds);
  const width = Math.max(24, ...names.map((name) => name.length + (name === LEARNED_KIND ? 17 : 0)));
  const header = ['AUC', 'no dups', 'P@10', 'no dups', 'albums'];
  const lines: string[] = [];
  lines.push(
    `${label}: ${report.labelled} labelled, ${report.classes} labels; ${report.duplicates.albums} in near-duplicate groups (${report.duplicates.rule})`,
  );
  lines.push(`${'kind'.padEnd(width)}${header.map((h) => h.padStart(9)).join('')}${timings ? '  seconds'.padStart(10) : ''}`);
  for (const name of names) {
    const score = report.kinds[name];
    const title = name === LEARNED_KIND ? `${name} (${score.crossValidated?.folds}-fold CV)` : name;
    const cells = [score.auc, score.aucWithoutDuplicates, score.precisionAt10, score.precisionAt10WithoutDuplicates].map((value) =>
      (Number.isNaN(value) ? '–' : value.toFixed(3)).padStart(9),
    );
    const time = timings?.get(name);
    lines.push(
      `${title.padEnd(width)}${cells.join('')}${String(score.albums).padStart(9)}${time === undefined ? '' : (time / 1000).toFixed(1).padStart(10)}`,
    );
  }
  const first = report.kinds[names[0]];
  if (first) lines.push(`AUC 0.5 is chance, 1 is perfect; P@10 by chance ≈ ${chancePrecision(first).toFixed(3)}.`);
  const learned = report.kinds[LEARNED_KIND];
  if (learned?.crossValidated) {
    const spread = learned.crossValidated.foldAuc.map((auc) => auc.toFixed(3)).join(', ');
    lines.push(
      `learned: each fold's model is fitted on the other folds and scored on pairs and neighbours among its held-out albums only ` +
        `(fold AUCs ${spread}); inputs ${learned.crossValidated.inputs.join(', ')}.`,
    );
    lines.push(
      `learned, held-out albums against the fold's training albums (a new album in a learned library; lenient): ` +
        `AUC ${learned.crossValidated.aucAgainstTraining.toFixed(3)}, P@10 ${learned.crossValidated.precisionAt10AgainstTraining.toFixed(3)}.`,
    );
  } else if (report.learnedUnavailable) {
    lines.push(`learned: not offered — ${report.learnedUnavailable}.`);
  }
  lines.push(`Reading: ${reading(report, label, where)}`);
  return `${lines.join('\n')}\n`;
}
