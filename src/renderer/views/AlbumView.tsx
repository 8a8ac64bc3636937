import { useState } from 'react';
import type { AlbumDetail, AlbumSummary } from '../../shared/api-entities.js';
import { AlbumPicker } from '../components/AlbumPicker.js';
import { Cover } from '../components/Cover.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { TrackList } from '../components/TrackList.js';
import { baseName, formatCount, formatDuration } from '../format.js';
import { useAsync } from '../hooks.js';
import type { Navigate } from '../routes.js';
import { useServices } from '../services.js';

const SIMILAR_COUNT = 12;

function coverOrigin(album: AlbumDetail): string {
  if (!album.cover) return 'No cover was found in the tags or the folder.';
  const file = baseName(album.cover.originPath);
  const size = `${album.cover.width}×${album.cover.height} ${album.cover.format.toUpperCase()}`;
  return album.cover.source === 'embedded' ? `Embedded in the tags of “${file}” (${size})` : `Folder image “${file}” (${size})`;
}

interface AlbumViewProps {
  readonly id: number;
  /** What the wall already knew, shown at once while the rest loads. */
  readonly preview?: AlbumSummary;
  readonly navigate: Navigate;
}

/** One album: its cover and where it came from, its tracks, and the covers that look like it. */
export function AlbumView({ id, preview, navigate }: AlbumViewProps) {
  const { api } = useServices();
  const detail = useAsync(() => api.call('albums.get', { id }), [id]);
  const album = detail.data;
  const head = album ?? preview;
  // Only a cover can be compared: known at once from the wall's preview, else once the album is loaded.
  const hasCover = head === undefined ? undefined : head.artworkId !== null;
  const similar = useAsync(
    () => (hasCover ? api.call('albums.similar', { id, limit: SIMILAR_COUNT }) : Promise.resolve(undefined)),
    [id, hasCover],
  );
  const [picking, setPicking] = useState(false);
  const totalSeconds = album?.tracks.reduce((sum, track) => sum + (track.duration ?? 0), 0) ?? 0;

  return (
    <article className="album" aria-busy={detail.loading}>
      <div className="album__head">
        <Cover artworkId={head?.artworkId ?? null} alt={head ? `Cover of ${head.album}` : ''} className="album__cover" />
        <div className="album__info">
          <h1>{head?.album ?? 'Loading…'}</h1>
          <p className="album__artist">{head?.artist}</p>
          {album && (
            <>
              <p className="muted">
                {[album.year, album.genre, formatCount(album.tracks.length, 'track'), formatDuration(totalSeconds)].filter(Boolean).join(' · ')}
              </p>
              <p className="album__source">
                <span className={`badge badge--${album.cover?.source ?? 'none'}`}>{album.cover ? album.cover.source : 'no cover'}</span>
                {coverOrigin(album)}
              </p>
            </>
          )}
          <div className="album__actions">
            <button type="button" className="primary" onClick={() => navigate.push({ name: 'playlist', albumId: id })} disabled={!hasCover}>
              Make playlist
            </button>
            <button type="button" onClick={() => setPicking((open) => !open)} aria-expanded={picking} disabled={!hasCover}>
              Journey…
            </button>
          </div>
          {hasCover === false && <p className="muted">Without a cover, this album cannot start a playlist or a journey.</p>}
          {picking && <AlbumPicker label="Journey to…" exclude={[id]} onPick={(to) => navigate.push({ name: 'playlist', albumId: id, toAlbumId: to.id })} />}
        </div>
      </div>
      {detail.error && <ErrorNote error={detail.error} />}

      <section className="similar" aria-labelledby="similar-title">
        <h2 id="similar-title">Looks like</h2>
        {similar.error && <ErrorNote error={similar.error} />}
        {hasCover === false && <p className="muted">No cover, so nothing to compare.</p>}
        {hasCover && similar.loading && !similar.data && <p className="muted">Finding covers that look alike…</p>}
        {similar.data && similar.data.length === 0 && <p className="muted">No other described cover to compare with yet.</p>}
        {similar.data && similar.data.length > 0 && (
          <ul className="strip">
            {similar.data.map(({ album: other, similarity, closerThan }) => (
              <li key={other.id}>
                <button type="button" className="strip__item" onClick={() => navigate.push({ name: 'album', id: other.id, preview: other })} title={`${other.album} — ${other.artist}`}>
                  <Cover artworkId={other.artworkId} alt="" className="strip__cover" />
                  <span className="strip__title">{other.album}</span>
                  <span className="strip__meta" title={`Similarity ${similarity.toFixed(3)}`}>
                    {other.artist} · closer than {Math.floor(closerThan * 100)}% of your albums
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {album && (
        <section aria-labelledby="tracks-title">
          <h2 id="tracks-title">Tracks</h2>
          <TrackList
            label={`Tracks of ${album.album}`}
            rows={album.tracks.map((track, index) => ({
              trackId: track.id,
              number: track.trackNo !== null ? `${track.discNo !== null && track.discNo > 1 ? `${track.discNo}.` : ''}${track.trackNo}` : String(index + 1),
              title: track.title,
              subtitle: track.artist && track.artist !== album.artist ? track.artist : undefined,
              duration: track.duration,
            }))}
          />
        </section>
      )}
    </article>
  );
}
