import type { LibraryCounts } from '../store/scan-store.js';

export interface ScanProgress {
  phase: 'walking' | 'reading' | 'describing' | 'indexing' | 'done';
  filesTotal: number;
  filesDone: number;
  /** What the library holds as the scan goes: equal to the final summary's counts when it ends. */
  tracks: number;
  covers: number;
  errors: number;
  described: number;
  toDescribe: number;
  elapsedSeconds: number;
  filesPerSecond: number;
  coversPerSecond: number;
  etaSeconds: number | null;
}

/** Reports at most this often, except at phase changes and the end. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * The scan's live progress. Counts are the library's (tracks, covers,
 * errors), taken from the database between phases and moved by exactly what
 * each examined file will change when its batch is written: a re-read file
 * replaces its earlier error rows and keeps its track, so nothing is counted
 * twice and the last report equals the summary.
 */
export class ScanProgressReporter {
  private readonly progress: ScanProgress = {
    phase: 'walking', filesTotal: 0, filesDone: 0, tracks: 0, covers: 0, errors: 0, described: 0, toDescribe: 0,
    elapsedSeconds: 0, filesPerSecond: 0, coversPerSecond: 0, etaSeconds: null,
  };
  private readonly started = performance.now();
  private phaseStarted = this.started;
  private lastReport = 0;
  private filesToRead = 0;
  private filesRead = 0;
  private coversAdded = 0;

  constructor(private readonly onProgress?: (progress: ScanProgress) => void) {}

  enter(phase: ScanProgress['phase']): void {
    this.progress.phase = phase;
    this.phaseStarted = performance.now();
    this.report(true);
  }

  /** The library's counts as committed (between phases, when no batch is open). */
  setCounts(counts: LibraryCounts): void {
    this.progress.tracks = counts.tracks;
    this.progress.covers = counts.artworks;
    this.progress.errors = counts.errors;
  }

  /** Walked files: those unchanged are done already, the others are to be read. */
  planned(filesTotal: number, toRead: number): void {
    this.progress.filesTotal = filesTotal;
    this.progress.filesDone = filesTotal - toRead;
    this.filesToRead = toRead;
  }

  /** A file was read; the deltas are what its batch will change in the library. */
  fileRead(trackDelta: number, errorDelta: number): void {
    this.progress.filesDone++;
    this.filesRead++;
    this.progress.tracks += trackDelta;
    this.progress.errors += errorDelta;
    this.report();
  }

  coverAdded(): void {
    this.coversAdded++;
    this.progress.covers++;
  }

  described(done: number, total: number): void {
    this.progress.described = done;
    this.progress.toDescribe = total;
    this.report();
  }

  /** The last report: the summary's counts. */
  done(counts: LibraryCounts): void {
    this.setCounts(counts);
    this.enter('done');
  }

  report(force = false): void {
    const now = performance.now();
    if (!force && now - this.lastReport < PROGRESS_INTERVAL_MS) return;
    this.lastReport = now;
    const p = this.progress;
    p.elapsedSeconds = (now - this.started) / 1000;
    const secs = (now - this.phaseStarted) / 1000;
    if (p.phase === 'reading') {
      p.filesPerSecond = secs > 0 ? this.filesRead / secs : 0;
      p.coversPerSecond = secs > 0 ? this.coversAdded / secs : 0;
      p.etaSeconds = p.filesPerSecond > 0 ? (this.filesToRead - this.filesRead) / p.filesPerSecond : null;
    } else if (p.phase === 'describing') {
      p.coversPerSecond = secs > 0 ? p.described / secs : 0;
      p.etaSeconds = p.coversPerSecond > 0 ? (p.toDescribe - p.described) / p.coversPerSecond : null;
    } else if (p.phase === 'done') {
      p.etaSeconds = 0;
    }
    this.onProgress?.({ ...p });
  }
}
