import type { ScanProgress, ScanState, ScanSummary } from '../../shared/api-entities.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { ApiErrorBody } from '../../shared/api.js';

export interface ScanRequest {
  /** Describe new covers (false: tags and pictures only). */
  readonly describe: boolean;
}

/** Runs one scan of the library; resolves with its summary (also when cancelled through the signal). */
export type ScanRunner = (signal: AbortSignal, onProgress: (progress: ScanProgress) => void, request: ScanRequest) => Promise<ScanSummary>;

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
  #errorCode: ErrorCode | null = null;
  /** A start asked for while a scan ran (e.g. a folder added): one more scan follows it, with this request. */
  #again: ScanRequest | null = null;

  constructor(
    private readonly runner: ScanRunner,
    private readonly log: (message: string) => void,
    /** Called after each finished scan (e.g. to drop caches of similarity data). */
    private readonly onFinished: () => void = () => {},
    /** A failure as a person reads it; null when it is unexpected (then its stack is logged). */
    private readonly explain: (error: unknown) => ApiErrorBody | null = () => null,
  ) {}

  state(): ScanState {
    return {
      running: this.#running !== null,
      progress: this.#progress,
      summary: this.#summary,
      error: this.#error,
      errorCode: this.#errorCode,
    };
  }

  start(request: ScanRequest = { describe: true }): ScanState {
    if (this.#running) {
      this.#again = { describe: request.describe || (this.#again?.describe ?? false) };
      return this.state();
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.#progress = null;
    this.#error = null;
    this.#errorCode = null;
    this.#running = this.runner(abort.signal, (progress) => {
      this.#progress = { ...progress };
    }, request)
      .then((summary) => {
        this.#summary = pickSummary(summary);
      })
      .catch((error: unknown) => {
        const known = this.explain(error);
        this.#error = known?.message ?? (error instanceof Error ? error.message : String(error));
        this.#errorCode = known?.code ?? 'internal';
        if (!known) this.log(`scan failed: ${error instanceof Error && error.stack ? error.stack : this.#error}`);
      })
      .finally(() => {
        this.#running = null;
        this.#abort = null;
        this.onFinished();
        const again = this.#again;
        if (again) {
          this.#again = null;
          this.start(again);
        }
      });
    return this.state();
  }

  cancel(): ScanState {
    this.#again = null;
    this.#abort?.abort();
    return this.state();
  }

  /** Resolves when no scan is running (after cancelling, for a clean shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }
}

function pickSummary(summary: ScanSummary): ScanSummary {
  const { tracks, albums, artworks, errors, seconds, cancelled, filesRead } = summary;
  return { tracks, albums, artworks, errors, seconds, cancelled, filesRead };
}
