import { useState } from 'react';
import type { PlaylistRecipe } from '../../shared/api-atlas.js';
import { useServices } from '../services.js';
import { ErrorNote } from './ErrorNote.js';

interface SaveButtonProps {
  readonly name: string;
  /** The request the playlist was built from (with its random seed), so it can be rebuilt later. */
  readonly recipe: PlaylistRecipe | undefined;
  readonly trackIds: readonly number[];
}

/**
 * Remembers the playlist (Playlists view: open, rebuild, write again), and
 * writes it into the playlist folder when one is set, under a name that
 * takes no existing file's place.
 */
export function SaveButton({ name, recipe, trackIds }: SaveButtonProps) {
  const { api } = useServices();
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const folder = await api.call('playlists.folder.get', { title: name });
      const result = await api.call('playlists.saved.save', {
        name,
        recipe,
        trackIds: [...trackIds],
        ...(folder.path ? { write: { format: 'm3u8' as const } } : {}),
      });
      setSaved(result.file ? `Kept in Playlists and written to ${result.file}` : 'Kept in Playlists (set a playlist folder in Settings to have it written there too)');
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="save-playlist">
      <button type="button" onClick={save} disabled={busy || trackIds.length === 0}>
        Keep in Playlists
      </button>
      {saved && <span className="muted" role="status">{saved}</span>}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
