import type { ScanProgress, ScanState, ScanSummary } from '../../shared/api-entities.js';

/** Runs one scan of the library; resolves with its summary (also when cancelled through the signal). */
export type ScanRunner = (signal: AbortSignal, onProgress: (progress: ScanProgress) => void) => Promise<ScanSummary>;

/**
 * At most one scan at a time, in the background: start returns at once and
 * the UI polls the state. The scan itself yields to the event loop (reading
 * is async, descriptors run in worker threads), so requests keep being
 * answered while it runs.
 */
export class ScanController {
  #running: Promise<void> | null = null;
  #abort: AbortController | null = null;
  #progress: ScanProgress | null = null;
  #summary: ScanSummary | null = null;
  #error: string | null = null;
  /** A start asked for while a scan ran (e.g. a folder added): one more scan follows it. */
  #again = false;

  constructor(
    private readonly runner: ScanRunner,
    private readonly log: (message: string) => void,
    /** Called after each finished scan (e.g. to drop caches of similarity data). */
    private readonly onFinished: () => void = () => {},
  ) {}

  state(): ScanState {
    return {
      running: this.#running !== null,
      progress: this.#progress,
      summary: this.#summary,
      error: this.#error,
    };
  }

  start(): ScanState {
    if (this.#running) {
      this.#again = true;
      return this.state();
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.#progress = null;
    this.#error = null;
    this.#running = this.runner(abort.signal, (progress) => {
      this.#progress = { ...progress };
    })
      .then((summary) => {
        this.#summary = pickSummary(summary);
      })
      .catch((error: unknown) => {
        this.#error = error instanceof Error ? error.message : String(error);
        this.log(`scan failed: ${error instanceof Error && error.stack ? error.stack : this.#error}`);
      })
      .finally(() => {
        this.#running = null;
        this.#abort = null;
        this.onFinished();
        if (this.#again) {
          this.#again = false;
          this.start();
        }
      });
    return this.state();
  }

  cancel(): ScanState {
    this.#again = false;
    this.#abort?.abort();
    return this.state();
  }

  /** Resolves when no scan is running (after cancelling, for a clean shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }
}

function pickSummary(summary: ScanSummary): ScanSummary {
  const { tracks, albums, artworks, errors, seconds, cancelled } = summary;
  return { tracks, albums, artworks, errors, seconds, cancelled };
}
