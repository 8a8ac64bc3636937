import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SavedPlaylistDetail, SavedPlaylistSummary } from '../../shared/api-atlas.js';
import { ApiCallError } from '../../shared/api-client.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useServices } from '../services.js';
import './saved-playlists.css';

/**
 * The playlist folder (where exports go by default: MPD's playlist
 * directory, a folder Navidrome or Jellyfin import from…) and the saved
 * playlists: open one, build it again with the same seed on the library as
 * it is now, write its file again, or forget it (and, when asked, its file).
 */
export function SavedPlaylistsView() {
  const { api } = useServices();
  const [folder, setFolder] = useState('');
  const [folderSaved, setFolderSaved] = useState<string | null>(null);
  const [items, setItems] = useState<readonly SavedPlaylistSummary[]>();
  const [open, setOpen] = useState<SavedPlaylistDetail>();
  const [error, setError] = useState<Error>();
  const [replace, setReplace] = useState<number | null>(null);
  const [notice, setNotice] = useState<string>();

  const fail = (caught: unknown) => setError(caught instanceof Error ? caught : new Error(String(caught)));
  const refresh = useCallback(async () => {
    try {
      const [current, saved] = await Promise.all([api.call('playlists.folder.get', {}), api.call('playlists.saved.list')]);
      setFolderSaved(current.path);
      setFolder((typed) => typed || (current.path ?? ''));
      setItems(saved);
    } catch (caught) {
      fail(caught);
    }
  }, [api]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const act = async (work: () => Promise<void>) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
      await refresh();
    } catch (caught) {
      fail(caught);
    }
  };

  const setPlaylistFolder = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const result = await api.call('playlists.folder.set', { path: folder.trim() === '' ? null : folder.trim() });
      setNotice(result.path ? `Playlists are written to ${result.path} unless you choose another file.` : 'No playlist folder: you choose each file.');
    });
  };

  const writeAgain = (playlist: SavedPlaylistSummary, overwrite: boolean) =>
    act(async () => {
      setReplace(null);
      try {
        const written = await api.call('playlists.saved.write', { id: playlist.id, format: playlist.format ?? 'm3u8', overwrite });
        setNotice(`Wrote ${written.tracks} tracks to ${written.file}`);
      } catch (caught) {
        if (caught instanceof ApiCallError && caught.code === 'conflict') setReplace(playlist.id);
        throw caught;
      }
    });

  return (
    <section className="panel saved-playlists" aria-labelledby="saved-title">
      <h1 id="saved-title">Playlists</h1>
      <form onSubmit={setPlaylistFolder} className="saved-playlists__folder">
        <label>
          Playlist folder (full path)
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/home/me/Music/Playlists" />
        </label>
        <button type="submit">Use this folder</button>
        <p className="muted">
          {folderSaved ? `Now: ${folderSaved}. ` : 'None yet. '}Exports go there by default, named after their seed, never over a file without asking.
        </p>
      </form>
      {error && <ErrorNote error={error} />}
      {notice && <p role="status">{notice}</p>}
      {items && items.length === 0 && <p className="empty">No saved playlists yet.</p>}
      <ul className="saved-playlists__list" aria-label="Saved playlists">
        {(items ?? []).map((playlist) => (
          <li key={playlist.id} aria-label={playlist.name}>
            <div>
              <strong>{playlist.name}</strong> <span className="muted">{playlist.tracks} tracks{playlist.file ? ` · ${playlist.file}` : ''}</span>
            </div>
            <div className="saved-playlists__actions">
              <button type="button" onClick={() => act(async () => setOpen(await api.call('playlists.saved.get', { id: playlist.id })))}>
                Open
              </button>
              <button
                type="button"
                disabled={!playlist.recipe}
                title={playlist.recipe ? 'Build it again with the same seed and settings' : 'Saved without its seed'}
                onClick={() =>
                  act(async () => {
                    const rebuilt = await api.call('playlists.saved.rebuild', { id: playlist.id });
                    setOpen(rebuilt);
                    setNotice(`Rebuilt "${rebuilt.name}": ${rebuilt.tracks} tracks.`);
                  })
                }
              >
                Rebuild
              </button>
              <button type="button" onClick={() => writeAgain(playlist, false)}>
                Write file
              </button>
              {replace === playlist.id && (
                <button type="button" className="danger" onClick={() => writeAgain(playlist, true)}>
                  Replace the existing file
                </button>
              )}
              <button type="button" onClick={() => act(async () => void (await api.call('playlists.saved.delete', { id: playlist.id, deleteFile: false })))}>
                Forget
              </button>
              {playlist.file && (
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    act(async () => {
                      const removed = await api.call('playlists.saved.delete', { id: playlist.id, deleteFile: true });
                      setNotice(removed.removedFile ? `Removed ${removed.removedFile}` : 'Forgotten; its file was already gone.');
                    })
                  }
                >
                  Forget and delete the file
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {open && (
        <section aria-label={`Tracks of ${open.name}`}>
          <h2>{open.name}</h2>
          {open.missing > 0 && <p className="muted">{open.missing} of its tracks are no longer in the library; Rebuild replaces them.</p>}
          <ol>
            {open.items.map((item, i) => (
              <li key={i} className={item.trackId === null ? 'muted' : undefined}>
                {item.title ?? item.path}
                {item.artist ? ` — ${item.artist}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
