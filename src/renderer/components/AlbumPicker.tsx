import { useState } from 'react';
import type { AlbumSummary } from '../../shared/api-entities.js';
import { useAsync, useDebounced } from '../hooks.js';
import { useServices } from '../services.js';
import { Cover } from './Cover.js';
import { ErrorNote } from './ErrorNote.js';

const PICKER_RESULTS = 12;

/** Search an album by artist or title and pick it (the journey's destination). */
export function AlbumPicker({ exclude, onPick }: { exclude: number; onPick: (album: AlbumSummary) => void }) {
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 150);
  const results = useAsync(() => api.call('albums.list', { query: debounced, limit: PICKER_RESULTS + 1 }), [debounced]);
  // A journey runs between two covers: albums without one cannot be its end.
  const albums = (results.data?.items ?? []).filter((album) => album.id !== exclude && album.artworkId !== null).slice(0, PICKER_RESULTS);
  return (
    <div className="picker">
      <label className="field">
        <span className="field__label">Journey to…</span>
        <input
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Search an album or artist"
          autoFocus
          onKeyDown={(event) => {
            if (event.key === 'Escape' && query) {
              event.preventDefault();
              setQuery('');
            }
          }}
        />
      </label>
      {results.error && <ErrorNote error={results.error} />}
      <ul className="picker__results">
        {albums.map((album) => (
          <li key={album.id}>
            <button type="button" className="picker__item" onClick={() => onPick(album)}>
              <Cover artworkId={album.artworkId} alt="" className="picker__cover" />
              <span>
                <strong>{album.album}</strong>
                <span className="muted">{album.artist}</span>
              </span>
            </button>
          </li>
        ))}
        {!results.loading && albums.length === 0 && <li className="muted">No album matches “{debounced}”.</li>}
      </ul>
    </div>
  );
}
