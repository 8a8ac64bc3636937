import { useMemo, useState } from 'react';
import type { DescriptorMix, Playlist, Settings } from '../../shared/api-entities.js';
import { Cover } from '../components/Cover.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ExportPanel } from '../components/ExportPanel.js';
import { MixEditor, usableMix } from '../components/MixEditor.js';
import { TrackList } from '../components/TrackList.js';
import { formatCount, formatDuration } from '../format.js';
import { useAsync, useDebounced } from '../hooks.js';
import type { Navigate } from '../routes.js';
import { useServices } from '../services.js';

const CONTROL_DEBOUNCE_MS = 250;
const MAX_SEED = 2 ** 31 - 1;

interface PlaylistViewProps {
  readonly albumId: number;
  /** Set for a journey: the album the playlist morphs into. */
  readonly toAlbumId?: number;
  readonly kinds: readonly string[];
  readonly settings: Settings;
  readonly navigate: Navigate;
}

interface Controls {
  readonly length: number;
  readonly diversity: number;
  readonly tracksPerAlbum: number;
  readonly mix: DescriptorMix;
  readonly seed: number;
}

function playlistTitle(playlist: Playlist | undefined, journey: boolean): string {
  const first = playlist?.albums[0];
  const last = playlist?.albums[playlist.albums.length - 1];
  if (!first) return 'Playlist';
  return journey && last ? `${first.album} → ${last.album}` : `Looks like ${first.album}`;
}

/**
 * "Make playlist" and "Journey": controls, the strip of covers in playing
 * order, the track list with previews (tracks can be removed), and export.
 */
export function PlaylistView({ albumId, toAlbumId, kinds, settings, navigate }: PlaylistViewProps) {
  const { api } = useServices();
  const journey = toAlbumId !== undefined;
  const [controls, setControls] = useState<Controls>(() => ({
    length: journey ? 20 : 30,
    diversity: 0.3,
    tracksPerAlbum: journey ? 1 : 2,
    mix: settings.descriptorWeights,
    seed: Math.floor(Math.random() * MAX_SEED),
  }));
  const [removed, setRemoved] = useState<ReadonlySet<number>>(new Set());
  const asked = useDebounced(controls, CONTROL_DEBOUNCE_MS);
  const mix = usableMix(asked.mix);

  const playlist = useAsync(async () => {
    setRemoved(new Set());
    if (!mix) return undefined;
    return toAlbumId !== undefined
      ? api.call('playlists.journey', { fromAlbumId: albumId, toAlbumId, length: asked.length, tracksPerAlbum: asked.tracksPerAlbum, mix })
      : api.call('playlists.build', {
          albumId,
          length: asked.length,
          diversity: asked.diversity,
          tracksPerAlbum: asked.tracksPerAlbum,
          seed: asked.seed,
          mix,
        });
  }, [asked, albumId, toAlbumId]);

  const tracks = useMemo(() => (playlist.data?.tracks ?? []).filter((track) => !removed.has(track.trackId)), [playlist.data, removed]);
  const seconds = tracks.reduce((sum, track) => sum + (track.duration ?? 0), 0);
  const title = playlistTitle(playlist.data, journey);
  const set = (change: Partial<Controls>) => setControls((current) => ({ ...current, ...change }));

  return (
    <article className="playlist" aria-busy={playlist.loading}>
      <header className="playlist__head">
        <div>
          <p className="eyebrow">{journey ? 'Journey' : 'Sounds like it looks'}</p>
          <h1>{title}</h1>
          <p className="muted">
            {formatCount(tracks.length, 'track')} · {formatDuration(seconds)}
            {playlist.loading && ' · building…'}
          </p>
        </div>
      </header>

      <div className="playlist__body">
        <aside className="controls" aria-label="Playlist controls">
          <label className="field">
            <span className="field__label">
              Length <output>{controls.length} tracks</output>
            </span>
            <input type="range" min={5} max={100} value={controls.length} onChange={(event) => set({ length: Number(event.target.value) })} />
          </label>
          {!journey && (
            <label className="field">
              <span className="field__label">
                Diversity <output>{Math.round(controls.diversity * 100)}%</output>
              </span>
              <input type="range" min={0} max={1} step={0.05} value={controls.diversity} onChange={(event) => set({ diversity: Number(event.target.value) })} />
              <span className="field__hint">Left: closest covers. Right: more variety.</span>
            </label>
          )}
          <label className="field">
            <span className="field__label">
              Tracks per album <output>{controls.tracksPerAlbum}</output>
            </span>
            <input type="range" min={1} max={5} value={controls.tracksPerAlbum} onChange={(event) => set({ tracksPerAlbum: Number(event.target.value) })} />
          </label>
          <MixEditor kinds={kinds} value={controls.mix} onChange={(next) => set({ mix: next })} />
          {!journey && (
            <button type="button" onClick={() => set({ seed: Math.floor(Math.random() * MAX_SEED) })}>
              Shuffle
            </button>
          )}
        </aside>

        <div className="playlist__main">
          {playlist.error && <ErrorNote error={playlist.error} />}
          {playlist.data && (
            <>
              <ul className="strip strip--compact" aria-label="Albums in playing order">
                {playlist.data.albums.map((album, index) => (
                  <li key={`${album.id}-${index}`}>
                    <button type="button" className="strip__item" onClick={() => navigate.push({ name: 'album', id: album.id, preview: album })} title={`${album.album} — ${album.artist}`}>
                      <Cover artworkId={album.artworkId} alt={`${album.album} by ${album.artist}`} className="strip__cover" />
                    </button>
                  </li>
                ))}
              </ul>
              {tracks.length === 0 ? (
                <p className="empty">Every track was removed. Change a control to build it again.</p>
              ) : (
                <TrackList
                  label="Playlist tracks"
                  rows={tracks.map((track, index) => ({
                    trackId: track.trackId,
                    number: String(index + 1),
                    title: track.title,
                    subtitle: `${track.artist} — ${track.album}`,
                    duration: track.duration,
                  }))}
                  onRemove={(trackId) => setRemoved((current) => new Set(current).add(trackId))}
                />
              )}
              <ExportPanel trackIds={tracks.map((track) => track.trackId)} title={title} relativeByDefault={settings.exportRelative} />
            </>
          )}
        </div>
      </div>
    </article>
  );
}
