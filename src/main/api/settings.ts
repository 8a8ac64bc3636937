import { CoverSource, DescriptorMix, Theme, type Settings } from '../../shared/api-entities.js';
import { getSetting, setSetting, type Db } from '../store/db.js';

/**
 * Settings live in the library's `settings` table, one key each. The scan
 * reads `coverPreference` itself (library/scan.ts), so the key is shared.
 * A stored value that no longer parses falls back to its default.
 */
const KEYS = {
  coverSource: 'coverPreference',
  descriptorWeights: 'descriptorWeights',
  theme: 'theme',
  exportRelative: 'exportRelative',
} as const;

export function readSettings(db: Db, defaultMix: DescriptorMix): Settings {
  const cover = CoverSource.safeParse(getSetting(db, KEYS.coverSource));
  const theme = Theme.safeParse(getSetting(db, KEYS.theme));
  const weights = DescriptorMix.safeParse(parseJson(getSetting(db, KEYS.descriptorWeights)));
  return {
    coverSource: cover.success ? cover.data : 'embedded',
    descriptorWeights: weights.success ? weights.data : defaultMix,
    theme: theme.success ? theme.data : 'system',
    exportRelative: getSetting(db, KEYS.exportRelative) !== 'false',
  };
}

export function writeSettings(db: Db, changes: Partial<Settings>): void {
  db.transaction(() => {
    if (changes.coverSource !== undefined) setSetting(db, KEYS.coverSource, changes.coverSource);
    if (changes.descriptorWeights !== undefined) setSetting(db, KEYS.descriptorWeights, JSON.stringify(changes.descriptorWeights));
    if (changes.theme !== undefined) setSetting(db, KEYS.theme, changes.theme);
    if (changes.exportRelative !== undefined) setSetting(db, KEYS.exportRelative, String(changes.exportRelative));
  })();
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
