import { useEffect, useState } from 'react';
import type { AppInfo, DescriptorMix, Root, Settings } from '../../shared/api-entities.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { FolderField } from '../components/FolderField.js';
import { WatchSettings } from '../components/WatchSettings.js';
import { KIND_HINTS, kindLabel, MixEditor, usableMix } from '../components/MixEditor.js';
import { formatCount } from '../format.js';
import { useAsync, useDebounced } from '../hooks.js';
import { useServices } from '../services.js';

interface SettingsViewProps {
  readonly settings: Settings;
  readonly info: AppInfo;
  readonly scanning: boolean;
  readonly onChange: (changes: Partial<Settings>) => Promise<void>;
  readonly onAddFolder: (path: string) => Promise<void>;
  readonly onRescan: () => Promise<void>;
  readonly onRootsChanged: () => void;
  readonly onShowErrors: () => void;
}

const MIX_SAVE_DEBOUNCE_MS = 400;

export function SettingsView({ settings, info, scanning, onChange, onAddFolder, onRescan, onRootsChanged, onShowErrors }: SettingsViewProps) {
  const { api } = useServices();
  const roots = useAsync(() => api.call('library.roots.list'), []);
  const [confirming, setConfirming] = useState<string>();
  const [error, setError] = useState<Error>();
  const [mix, setMix] = useState<DescriptorMix>(settings.descriptorWeights);
  const savedMix = useDebounced(mix, MIX_SAVE_DEBOUNCE_MS);

  useEffect(() => {
    const usable = usableMix(savedMix);
    if (usable && JSON.stringify(usable) !== JSON.stringify(settings.descriptorWeights)) void onChange({ descriptorWeights: usable });
  }, [savedMix, settings.descriptorWeights, onChange]);

  const remove = async (root: Root) => {
    setError(undefined);
    try {
      await api.call('library.roots.remove', { path: root.path });
      setConfirming(undefined);
      roots.reload();
      onRootsChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>

      <section className="panel" aria-labelledby="folders-title">
        <h2 id="folders-title">Music folders</h2>
        {roots.error && <ErrorNote error={roots.error} />}
        {error && <ErrorNote error={error} />}
        {roots.data && roots.data.length === 0 && <p className="muted">No folder yet.</p>}
        <ul className="roots">
          {roots.data?.map((root) => (
            <li key={root.path}>
              <span className="roots__path">
                <code>{root.path}</code>
                <span className="muted">{formatCount(root.tracks, 'track')}</span>
              </span>
              {confirming === root.path ? (
                <span className="roots__confirm">
                  Forget its {formatCount(root.tracks, 'track')}? (The files stay.)
                  <button type="button" className="danger" onClick={() => remove(root)}>
                    Remove
                  </button>
                  <button type="button" className="ghost" onClick={() => setConfirming(undefined)}>
                    Keep
                  </button>
                </span>
              ) : (
                <button type="button" className="ghost" onClick={() => setConfirming(root.path)} disabled={scanning}>
                  Remove…
                </button>
              )}
            </li>
          ))}
        </ul>
        <FolderField
          onAdd={async (path) => {
            await onAddFolder(path);
            roots.reload();
          }}
        />
        <div className="row">
          <button type="button" onClick={onRescan} disabled={scanning}>
            {scanning ? 'Scanning…' : 'Rescan all folders'}
          </button>
          <button type="button" className="ghost" onClick={onShowErrors}>
            What could not be read
          </button>
        </div>
        <WatchSettings />
      </section>

      <section className="panel" aria-labelledby="covers-title">
        <h2 id="covers-title">Covers</h2>
        <fieldset className="choices">
          <legend>When a track has both an embedded picture and a cover image in its folder</legend>
          <label className="check">
            <input type="radio" name="cover-source" checked={settings.coverSource === 'embedded'} onChange={() => onChange({ coverSource: 'embedded' })} />
            Use the embedded picture
          </label>
          <label className="check">
            <input type="radio" name="cover-source" checked={settings.coverSource === 'folder'} onChange={() => onChange({ coverSource: 'folder' })} />
            Use the folder image (cover.jpg, folder.jpg…)
          </label>
          <p className="field__hint">Applies from the next scan.</p>
        </fieldset>
        <MixEditor kinds={info.kinds} value={mix} onChange={setMix} />
        <p className="field__hint">The default mix for “looks like” and for new playlists.</p>
        <dl className="kind-hints">
          {info.kinds.map((kind) => (
            <div key={kind}>
              <dt>{kindLabel(kind)}</dt>
              <dd>{KIND_HINTS[kind] ?? ''}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="panel" aria-labelledby="look-title">
        <h2 id="look-title">Appearance and export</h2>
        <fieldset className="choices">
          <legend>Theme</legend>
          {(['system', 'light', 'dark'] as const).map((theme) => (
            <label key={theme} className="check">
              <input type="radio" name="theme" checked={settings.theme === theme} onChange={() => onChange({ theme })} />
              {theme === 'system' ? 'Follow the system' : theme === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={settings.exportRelative} onChange={(event) => onChange({ exportRelative: event.target.checked })} />
          Export playlists with paths relative to the playlist file
        </label>
      </section>

      <p className="muted small">
        Sleeve {info.version} · {info.mode === 'desktop' ? 'desktop app' : 'browser mode'} · library: <code>{info.databasePath}</code>
      </p>
    </section>
  );
}
