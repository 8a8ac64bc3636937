import type { ScanState } from '../../shared/api-entities.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { phaseFraction, phaseLabel } from '../components/scan-progress.js';
import { formatCount, formatEta, formatRate } from '../format.js';

interface ScanViewProps {
  readonly scan: ScanState;
  readonly onCancel: () => void;
  readonly onBrowse: () => void;
  readonly onShowErrors: () => void;
}

/** The scan: phase, a progress bar, counts, rate and time left; Cancel keeps what was read. */
export function ScanView({ scan, onCancel, onBrowse, onShowErrors }: ScanViewProps) {
  const progress = scan.progress;
  const summary = scan.running ? null : scan.summary;
  const title = scan.running ? 'Scanning your music' : scan.error ? 'The scan stopped' : summary?.cancelled ? 'Scan cancelled' : 'Scan finished';
  const errors = summary?.errors ?? progress?.errors ?? 0;

  return (
    <section className="scan panel" aria-labelledby="scan-title">
      <h1 id="scan-title">{title}</h1>
      {scan.running && (
        <>
          <p className="scan__phase" aria-live="polite">
            {phaseLabel(progress)}
            {progress?.phase === 'reading' && ` · ${progress.filesDone.toLocaleString('en')} of ${progress.filesTotal.toLocaleString('en')} files`}
            {progress?.phase === 'describing' && ` · ${progress.described.toLocaleString('en')} of ${progress.toDescribe.toLocaleString('en')} covers`}
          </p>
          <ProgressBar fraction={phaseFraction(progress)} label="Scan progress" />
        </>
      )}
      {progress && (
        <dl className="stats">
          <div>
            <dt>Files</dt>
            <dd>{progress.filesDone.toLocaleString('en')}</dd>
          </div>
          <div>
            <dt>Tracks</dt>
            <dd>{(summary?.tracks ?? progress.tracks).toLocaleString('en')}</dd>
          </div>
          <div>
            <dt>Covers</dt>
            <dd>{(summary?.artworks ?? progress.covers).toLocaleString('en')}</dd>
          </div>
          {summary && (
            <div>
              <dt>Albums</dt>
              <dd>{summary.albums.toLocaleString('en')}</dd>
            </div>
          )}
          <div>
            <dt>Problems</dt>
            <dd>{errors.toLocaleString('en')}</dd>
          </div>
          {scan.running && (
            <div>
              <dt>Rate</dt>
              <dd>{progress.phase === 'describing' ? formatRate(progress.coversPerSecond, 'covers') : formatRate(progress.filesPerSecond, 'files')}</dd>
            </div>
          )}
        </dl>
      )}
      {scan.running && <p className="muted">{formatEta(progress?.etaSeconds ?? null)}</p>}
      {summary && (
        <p className="muted">
          {summary.cancelled ? 'Stopped' : 'Done'} in {summary.seconds.toFixed(1)} s: {formatCount(summary.tracks, 'track')} in{' '}
          {formatCount(summary.albums, 'album')}, {formatCount(summary.artworks, 'cover')}.
        </p>
      )}
      {scan.error && <p className="error-note">{scan.error}</p>}
      <div className="scan__actions">
        {scan.running ? (
          <>
            <button type="button" className="danger" onClick={onCancel}>
              Cancel
            </button>
            <button type="button" onClick={onBrowse}>
              Browse while it scans
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={onBrowse} autoFocus>
            Show the covers
          </button>
        )}
        {errors > 0 && (
          <button type="button" className="ghost" onClick={onShowErrors}>
            See what could not be read
          </button>
        )}
      </div>
    </section>
  );
}
