import { useState } from 'react';
import type { AlbumSummary } from '../../shared/api-entities.js';
import { useAsync, useDebounced } from '../hooks.js';
import { useServices } from '../services.js';
import { Cover } from './Cover.js';
import { ErrorNote } from './ErrorNote.js';

const PICKER_RESULTS = 12;

interface AlbumPickerProps {
  /** What the pick is for ("Journey to…", "Add a seed…"). */
  readonly label: string;
  /** Albums that cannot be picked (already chosen). */
  readonly exclude: readonly number[];
  readonly onPick: (album: AlbumSummary) => void;
}

/** Search an album by artist or title and pick it (a journey's destination, another seed). */
export function AlbumPicker({ label, exclude, onPick }: AlbumPickerProps) {
  const { api } = useServices();
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 150);
  const results = useAsync(() => api.call('albums.list', { query: debounced, limit: PICKER_RESULTS + exclude.length }), [debounced]);
  // Journeys and seeds are covers: albums without one cannot be picked.
  const albums = (results.data?.items ?? []).filter((album) => !exclude.includes(album.id) && album.artworkId !== null).slice(0, PICKER_RESULTS);
  return (
    <div className="picker">
      <label className="field">
        <span className="field__label">{label}</span>
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
