import type { ScanProgress } from '../../shared/api-entities.js';

const BAR_WIDTH = 28;

function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function bar(done: number, total: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

/** One line of scan progress, redrawn in place on a terminal. */
export function progressLine(p: ScanProgress): string {
  switch (p.phase) {
    case 'walking':
      return `Looking for music… ${p.filesTotal} files`;
    case 'reading':
      return `${bar(p.filesDone, p.filesTotal)} ${p.filesDone}/${p.filesTotal} files · ${p.covers} covers (${p.coversPerSecond.toFixed(0)} new/s) · ${p.errors} errors · ${p.filesPerSecond.toFixed(0)} files/s · ${formatDuration(p.etaSeconds)} left`;
    case 'describing':
      return `${bar(p.described, p.toDescribe)} describing covers ${p.described}/${p.toDescribe} · ${p.coversPerSecond.toFixed(1)} covers/s · ${formatDuration(p.etaSeconds)} left`;
    case 'indexing':
      return 'Updating the similarity indexes…';
    case 'done':
      return `Finished in ${p.elapsedSeconds.toFixed(1)} s`;
  }
}

/** Draws scan progress in place on stderr when it is a terminal; undefined otherwise. */
export function terminalProgress(ctx: { interactive: boolean; stderr: (text: string) => void }): ((p: ScanProgress) => void) | undefined {
  if (!ctx.interactive) return undefined;
  let lastLine = '';
  return (p) => {
    // When the scan ends the bar is cleared: the command prints its own summary (done or cancelled).
    const line = p.phase === 'done' ? '' : progressLine(p);
    if (line !== lastLine) ctx.stderr(`\r\x1b[2K${line}`);
    lastLine = line;
  };
}
