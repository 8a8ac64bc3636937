import { SleeveError } from '../../../shared/errors.js';
import type { DescriptorMix } from '../../../shared/api-entities.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { readSettings, writeSettings } from '../settings.js';

export function settingsHandlers(
  deps: ApiDeps,
  sessions: { normalise(mix: DescriptorMix): DescriptorMix },
): Pick<HandlerTable, 'settings.get' | 'settings.set' | 'dialog.openFolder' | 'dialog.saveFile'> {
  const { db } = deps;
  const dialogs = () => {
    if (!deps.dialogs) throw new SleeveError('desktop_only', 'Native dialogs exist only in the desktop app.');
    return deps.dialogs;
  };
  return {
    'settings.get': () => readSettings(db, deps.defaultMix),
    'settings.set': (changes) => {
      deps.requireWritable('change the settings');
      const weights = changes.descriptorWeights;
      writeSettings(db, weights ? { ...changes, descriptorWeights: sessions.normalise(weights) } : changes);
      return readSettings(db, deps.defaultMix);
    },
    'dialog.openFolder': async ({ title }) => ({ path: await dialogs().openFolder(title) }),
    'dialog.saveFile': async ({ defaultName, format }) => ({ path: await dialogs().saveFile(defaultName, format) }),
  };
}
