import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../format.js';
import { useServices } from '../services.js';

export interface TrackRowView {
  readonly trackId: number;
  readonly number: string;
  readonly title: string;
  readonly subtitle?: string;
  readonly duration: number | null;
}

interface TrackListProps {
  readonly rows: readonly TrackRowView[];
  readonly label: string;
  readonly onRemove?: (trackId: number) => void;
}

/** Tracks with a preview button each (one shared <audio>, with seeking) and, optionally, a remove button. */
export function TrackList({ rows, label, onRemove }: TrackListProps) {
  const { trackUrl } = useServices();
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState<number | null>(null);
  const [error, setError] = useState<string>();
  const current = rows.find((row) => row.trackId === playing);

  useEffect(() => {
    if (playing !== null && !rows.some((row) => row.trackId === playing)) {
      audio.current?.pause();
      setPlaying(null);
    }
  }, [rows, playing]);

  const toggle = (trackId: number) => {
    const element = audio.current;
    if (!element) return;
    setError(undefined);
    if (playing === trackId) {
      element.pause();
      setPlaying(null);
      return;
    }
    element.src = trackUrl(trackId);
    setPlaying(trackId);
    element.play().catch((caught: unknown) => {
      if (caught instanceof DOMException && caught.name === 'AbortError') return;
      setError('This track cannot be played here (the format may not be supported by this browser).');
      setPlaying(null);
    });
  };

  return (
    <div className="tracks">
      <ol className="tracks__list" aria-label={label}>
        {rows.map((row) => (
          <li key={row.trackId} className={row.trackId === playing ? 'track track--playing' : 'track'}>
            <button
              type="button"
              className="track__play"
              onClick={() => toggle(row.trackId)}
              aria-label={row.trackId === playing ? `Stop preview of ${row.title}` : `Preview ${row.title}`}
              aria-pressed={row.trackId === playing}
            >
              {row.trackId === playing ? '❚❚' : '▶'}
            </button>
            <span className="track__number">{row.number}</span>
            <span className="track__title">
              {row.title}
              {row.subtitle && <span className="track__subtitle">{row.subtitle}</span>}
            </span>
            <span className="track__duration">{formatDuration(row.duration)}</span>
            {onRemove && (
              <button type="button" className="track__remove" onClick={() => onRemove(row.trackId)} aria-label={`Remove ${row.title}`} title="Remove from the playlist">
                ✕
              </button>
            )}
          </li>
        ))}
      </ol>
      <div className={current ? 'player' : 'player player--idle'}>
        <span className="player__title">{current ? `Preview: ${current.title}` : 'Choose ▶ to preview a track'}</span>
        <audio ref={audio} controls preload="none" onEnded={() => setPlaying(null)} />
      </div>
      {error && <p className="error-note">{error}</p>}
    </div>
  );
}
