import { useMemo, useState } from 'react';
import { DEFAULTS, LIMITS, type ApiArgs } from '../../shared/api.js';
import type { PlaylistRecipe } from '../../shared/api-atlas.js';
import type { AlbumSummary, DescriptorMix, Playlist, Settings } from '../../shared/api-entities.js';
import { AlbumPicker } from '../components/AlbumPicker.js';
import { Cover } from '../components/Cover.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ExportPanel } from '../components/ExportPanel.js';
import { SaveButton } from '../components/SaveButton.js';
import { MixEditor, usableMix } from '../components/MixEditor.js';
import { RangeField } from '../components/RangeField.js';
import { TrackList } from '../components/TrackList.js';
import { formatCount, formatDuration } from '../format.js';
import { useAsync, useDebounced } from '../hooks.js';
import type { Navigate } from '../routes.js';
import { useServices } from '../services.js';

const CONTROL_DEBOUNCE_MS = 250;
/** Slider ranges: what fits a panel; the contract allows more (the command line reaches it). */
const MAX_TRACKS_SHOWN = 100;
const MAX_MINUTES_SHOWN = 240;
const MAX_PER_ALBUM_SHOWN = 5;
const MAX_PER_ARTIST_SHOWN = 5;

interface PlaylistViewProps {
  readonly albumId: number;
  /** Set for a journey: the album the playlist morphs into. */
  readonly toAlbumId?: number;
  readonly kinds: readonly string[];
  readonly settings: Settings;
  readonly navigate: Navigate;
}

interface Controls {
  readonly lengthIn: 'tracks' | 'minutes';
  readonly tracks: number;
  readonly minutes: number;
  readonly diversity: number;
  readonly tracksPerAlbum: number;
  readonly wholeAlbums: boolean;
  readonly perArtist: number;
  readonly noArtistCap: boolean;
  readonly excludeSeedArtist: boolean;
  readonly seedTracksFirst: boolean;
  readonly mix: DescriptorMix;
  /** Albums grown from besides the one the playlist was opened on. */
  readonly moreSeeds: readonly AlbumSummary[];
  readonly seed: number;
}

const randomSeed = () => Math.floor(Math.random() * (LIMITS.randomSeed + 1));

function initialControls(journey: boolean, settings: Settings): Controls {
  const defaults = journey ? DEFAULTS.journey : DEFAULTS.playlist;
  return {
    lengthIn: 'tracks',
    tracks: defaults.length,
    minutes: 120,
    diversity: DEFAULTS.playlist.diversity,
    tracksPerAlbum: defaults.tracksPerAlbum,
    wholeAlbums: false,
    perArtist: DEFAULTS.playlist.perArtist,
    noArtistCap: false,
    excludeSeedArtist: false,
    seedTracksFirst: true,
    mix: settings.descriptorWeights,
    moreSeeds: [],
    seed: randomSeed(),
  };
}

function playlistTitle(playlist: Playlist | undefined, journey: boolean): string {
  const first = playlist?.albums[0];
  const last = playlist?.albums[playlist.albums.length - 1];
  if (!first) return 'Playlist';
  if (journey && last) return `${first.album} → ${last.album}`;
  const seeds = playlist?.seeds ?? [];
  return seeds.length > 1 ? `Looks like ${seeds.length} albums` : `Looks like ${first.album}`;
}

/**
 * "Make playlist" and "Journey": controls (the contract's defaults, every
 * option the command line has), the strip of covers in playing order, the
 * track list with previews (tracks can be removed), and export.
 */
export function PlaylistView({ albumId, toAlbumId, kinds, settings, navigate }: PlaylistViewProps) {
  const { api } = useServices();
  const journey = toAlbumId !== undefined;
  const [controls, setControls] = useState<Controls>(() => initialControls(journey, settings));
  const [picking, setPicking] = useState(false);
  const [removed, setRemoved] = useState<ReadonlySet<number>>(new Set());
  const asked = useDebounced(controls, CONTROL_DEBOUNCE_MS);

  // The request as sent: the playlist is built from it, and a saved playlist keeps it as its recipe.
  const recipe = useMemo((): PlaylistRecipe | undefined => {
    const mix = usableMix(asked.mix);
    if (!mix) return undefined;
    if (toAlbumId !== undefined) {
      return { method: 'playlists.journey', args: { fromAlbumId: albumId, toAlbumId, length: Math.max(2, asked.tracks), tracksPerAlbum: asked.tracksPerAlbum, seed: asked.seed, mix } };
    }
    return {
      method: 'playlists.build',
      args: {
        seeds: [albumId, ...asked.moreSeeds.map((album) => album.id)],
        ...(asked.lengthIn === 'tracks' ? { length: asked.tracks } : { minutes: asked.minutes }),
        diversity: asked.diversity,
        tracksPerAlbum: asked.wholeAlbums ? 'all' : asked.tracksPerAlbum,
        perArtist: asked.noArtistCap ? null : asked.perArtist,
        excludeSeedArtist: asked.excludeSeedArtist,
        seedTracksFirst: asked.seedTracksFirst,
        seed: asked.seed,
        mix,
      },
    };
  }, [asked, albumId, toAlbumId]);

  const playlist = useAsync(async () => {
    setRemoved(new Set());
    if (!recipe) return undefined;
    return recipe.method === 'playlists.journey'
      ? api.call('playlists.journey', recipe.args as ApiArgs<'playlists.journey'>)
      : api.call('playlists.build', recipe.args as ApiArgs<'playlists.build'>);
  }, [recipe]);

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
            {playlist.data && ` · random seed ${playlist.data.seed}`}
            {playlist.loading && ' · building…'}
          </p>
        </div>
      </header>

      <div className="playlist__body">
        <aside className="controls" aria-label="Playlist controls">
          {!journey && (
            <fieldset className="field">
              <legend className="field__label">Length in</legend>
              <label className="check">
                <input type="radio" name="length-in" checked={controls.lengthIn === 'tracks'} onChange={() => set({ lengthIn: 'tracks' })} /> tracks
              </label>
              <label className="check">
                <input type="radio" name="length-in" checked={controls.lengthIn === 'minutes'} onChange={() => set({ lengthIn: 'minutes' })} /> minutes
              </label>
            </fieldset>
          )}
          {controls.lengthIn === 'tracks' || journey ? (
            <RangeField label="Length" shown={`${controls.tracks} tracks`} min={journey ? 2 : 5} max={MAX_TRACKS_SHOWN} value={controls.tracks} onChange={(tracks) => set({ tracks })} />
          ) : (
            <RangeField label="Length" shown={`${controls.minutes} min`} min={10} max={MAX_MINUTES_SHOWN} step={5} value={controls.minutes} onChange={(minutes) => set({ minutes })} />
          )}
          {!journey && (
            <RangeField
              label="Diversity"
              shown={`${Math.round(controls.diversity * 100)}%`}
              min={0}
              max={1}
              step={0.05}
              value={controls.diversity}
              hint="Left: closest covers. Right: more variety."
              onChange={(diversity) => set({ diversity })}
            />
          )}
          <RangeField
            label="Tracks per album"
            shown={controls.wholeAlbums ? 'all' : controls.tracksPerAlbum}
            min={1}
            max={MAX_PER_ALBUM_SHOWN}
            value={controls.tracksPerAlbum}
            disabled={controls.wholeAlbums}
            onChange={(tracksPerAlbum) => set({ tracksPerAlbum })}
          />
          {!journey && (
            <>
              <label className="check">
                <input type="checkbox" checked={controls.wholeAlbums} onChange={(event) => set({ wholeAlbums: event.target.checked })} /> Whole albums
              </label>
              <RangeField
                label="Tracks per artist"
                shown={controls.noArtistCap ? 'any' : `at most ${controls.perArtist}`}
                min={1}
                max={MAX_PER_ARTIST_SHOWN}
                value={controls.perArtist}
                disabled={controls.noArtistCap}
                onChange={(perArtist) => set({ perArtist })}
              />
              <label className="check">
                <input type="checkbox" checked={controls.noArtistCap} onChange={(event) => set({ noArtistCap: event.target.checked })} /> No cap per artist
              </label>
              <label className="check">
                <input type="checkbox" checked={controls.seedTracksFirst} onChange={(event) => set({ seedTracksFirst: event.target.checked })} /> Start with the
                seed albums
              </label>
              <label className="check">
                <input type="checkbox" checked={controls.excludeSeedArtist} onChange={(event) => set({ excludeSeedArtist: event.target.checked })} /> Leave out
                other albums by the seed artists
              </label>
            </>
          )}
          <MixEditor kinds={kinds} value={controls.mix} onChange={(next) => set({ mix: next })} />
          {!journey && (
            <section className="field" aria-label="Seed albums">
              <span className="field__label">Grown from</span>
              <ul className="seeds">
                {controls.moreSeeds.map((album) => (
                  <li key={album.id}>
                    {album.album} — {album.artist}{' '}
                    <button type="button" className="link" onClick={() => set({ moreSeeds: controls.moreSeeds.filter((seed) => seed.id !== album.id) })}>
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
              {controls.moreSeeds.length + 1 < LIMITS.seeds &&
                (picking ? (
                  <AlbumPicker
                    label="Add a seed album…"
                    exclude={[albumId, ...controls.moreSeeds.map((album) => album.id)]}
                    onPick={(album) => {
                      setPicking(false);
                      set({ moreSeeds: [...controls.moreSeeds, album] });
                    }}
                  />
                ) : (
                  <button type="button" onClick={() => setPicking(true)}>
                    Add a seed album
                  </button>
                ))}
            </section>
          )}
          <label className="field">
            <span className="field__label">Random seed</span>
            <input
              type="number"
              min={0}
              max={LIMITS.randomSeed}
              value={controls.seed}
              onChange={(event) => {
                const seed = Number(event.target.value);
                if (Number.isInteger(seed) && seed >= 0 && seed <= LIMITS.randomSeed) set({ seed });
              }}
            />
            <span className="field__hint">The same seed and settings give the same playlist, here and on the command line.</span>
          </label>
          <button type="button" onClick={() => set({ seed: randomSeed() })}>
            Shuffle
          </button>
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
              <SaveButton name={title} recipe={recipe} trackIds={tracks.map((track) => track.trackId)} />
              <ExportPanel trackIds={tracks.map((track) => track.trackId)} title={playlist.data.title} relativeByDefault={settings.exportRelative} />
            </>
          )}
        </div>
      </div>
    </article>
  );
}
