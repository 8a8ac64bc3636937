import { DescriptorMix } from '../../shared/api-entities.js';
import type { KindWeight } from '../../shared/mix.js';
import { getSetting, type Db } from '../store/db.js';

/** The settings key of the playlists' mix (see api/settings.ts). */
const MIX_SETTING = 'descriptorWeights';

/**
 * The mixes worth scoring beside the single kinds: every pair half and half,
 * all kinds at equal weight, and the mix saved in the settings (when its
 * kinds are all present). Names in registry order; duplicates dropped.
 */
export function usefulMixes(kinds: readonly string[], saved: readonly KindWeight[] | null): KindWeight[][] {
  const mixes: KindWeight[][] = [];
  for (let a = 0; a < kinds.length; a++) {
    for (let b = a + 1; b < kinds.length; b++) {
      mixes.push([
        { name: kinds[a], weight: 0.5 },
        { name: kinds[b], weight: 0.5 },
      ]);
    }
  }
  if (kinds.length > 2) mixes.push(kinds.map((name) => ({ name, weight: 1 / kinds.length })));
  if (saved && saved.length > 1 && saved.every((part) => kinds.includes(part.name))) {
    const ordered = [...saved].sort((x, y) => kinds.indexOf(x.name) - kinds.indexOf(y.name));
    const key = JSON.stringify(ordered);
    if (!mixes.some((mix) => JSON.stringify(mix) === key)) mixes.push(ordered);
  }
  return mixes;
}

/** The mix saved for playlists, weights summing to 1, or null when none is saved (or it does not parse). */
export function savedMix(db: Db): KindWeight[] | null {
  const text = getSetting(db, MIX_SETTING);
  if (text === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = DescriptorMix.safeParse(value);
  if (!parsed.success) return null;
  const entries = Object.entries(parsed.data).filter(([, weight]) => weight > 0);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  if (total <= 0) return null;
  return entries.map(([name, weight]) => ({ name, weight: weight / total }));
}
