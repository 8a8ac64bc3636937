import { useState } from 'react';
import type { WatchState } from '../../shared/api-atlas.js';
import { useAsync } from '../hooks.js';
import { useServices } from '../services.js';
import { ErrorNote } from './ErrorNote.js';

/**
 * Keeping the library current: watching on or off, how often folders that
 * cannot be watched (watches used up, network shares) are checked instead,
 * and which folders those are, with the reason.
 */
export function WatchSettings() {
  const { api } = useServices();
  const loaded = useAsync(() => api.call('watch.get'), []);
  const [changed, setChanged] = useState<WatchState>();
  const [error, setError] = useState<Error>();
  const state = changed ?? loaded.data;

  const change = async (args: { enabled?: boolean; pollSeconds?: number }) => {
    setError(undefined);
    try {
      setChanged(await api.call('watch.set', args));
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };

  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (!state) return null;
  const polled = state.folders.filter((folder) => folder.mode === 'polling');
  return (
    <fieldset className="choices">
      <legend>Keep the library current</legend>
      <label className="check">
        <input type="checkbox" checked={state.enabled} onChange={(event) => void change({ enabled: event.target.checked })} />
        Watch the music folders and add what changes while Sleeve runs
      </label>
      <label className="field">
        <span className="field__label">
          Check folders that cannot be watched every <output>{Math.round(state.pollSeconds / 60)} min</output>
        </span>
        <input
          type="range"
          min={1}
          max={60}
          value={Math.max(1, Math.round(state.pollSeconds / 60))}
          disabled={!state.enabled}
          onChange={(event) => void change({ pollSeconds: Number(event.target.value) * 60 })}
        />
      </label>
      {polled.map((folder) => (
        <p key={folder.root} className="field__hint">
          {folder.root} is checked periodically: {folder.reason}
        </p>
      ))}
      {error && <ErrorNote error={error} />}
    </fieldset>
  );
}
