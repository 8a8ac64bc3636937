import { mulberry32, type Random } from '../../shared/random.js';

export const FOLDS = 5;

/**
 * K-fold assignment by album, keeping every near-duplicate group inside one
 * fold (so an edition of a held-out album is never in the training set) and
 * stratified by label: groups are visited in a seeded random order and each
 * goes to the fold that has the fewest albums of its label so far (then the
 * smallest fold, then the lowest index). Returns each album's fold.
 */
export function groupedFolds(labels: Int32Array, groups: Int32Array, k = FOLDS, seed = 1): Int32Array {
  const members = new Map<number, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const list = members.get(groups[i]);
    if (list) list.push(i);
    else members.set(groups[i], [i]);
  }
  const order = shuffle([...members.keys()].sort((a, b) => a - b), mulberry32(seed));

  let classCount = 0;
  for (const label of labels) classCount = Math.max(classCount, label + 1);
  const perLabel = new Int32Array(k * classCount);
  const sizes = new Int32Array(k);
  const fold = new Int32Array(labels.length);
  for (const group of order) {
    const albums = members.get(group)!;
    const label = labels[albums[0]];
    let best = 0;
    for (let f = 1; f < k; f++) {
      const a = perLabel[f * classCount + label];
      const b = perLabel[best * classCount + label];
      if (a < b || (a === b && sizes[f] < sizes[best])) best = f;
    }
    for (const i of albums) {
      fold[i] = best;
      perLabel[best * classCount + labels[i]]++;
    }
    sizes[best] += albums.length;
  }
  return fold;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i];
    items[i] = items[j];
    items[j] = swap;
  }
  return items;
}
