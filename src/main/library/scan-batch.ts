import type { FileErrorRow, ScanStore, TrackRow } from '../store/scan-store.js';
import type { CoverChooser } from './cover-choice.js';
import { faultPoint } from './scan-fault.js';
import type { ScanProgressReporter } from './scan-progress.js';
import { examineFile, type ExaminedFile } from './scan-reading.js';
import type { FileToRead } from './scan-walk.js';
import { runWorkers } from './scan-workers.js';

/** Files read at once: enough to overlap I/O with parsing on two cores. */
const READ_CONCURRENCY = 8;
/** Examined files per write transaction: a crash loses at most this batch. */
const BATCH_SIZE = 200;

/**
 * Examined files waiting to be written. A batch is written in one
 * transaction with the albums it touches (store/scan-store.ts writeBatch),
 * so whatever moment the process dies at, the library holds whole batches
 * and albums that agree with them; the files of a lost batch are still new
 * or changed to the next scan, which reads them again.
 */
class ScanBatch {
  private tracks: TrackRow[] = [];
  private errors: FileErrorRow[] = [];
  private examined: Buffer[] = [];

  constructor(private readonly store: ScanStore) {}

  add(file: ExaminedFile): void {
    if (file.track) this.tracks.push(file.track);
    this.errors.push(...file.errors);
    this.examined.push(file.pathRaw);
  }

  get full(): boolean {
    return this.examined.length >= BATCH_SIZE;
  }

  write(): void {
    if (this.examined.length === 0) return;
    this.store.writeBatch(this.tracks, this.errors, this.examined);
    this.tracks = [];
    this.errors = [];
    this.examined = [];
    faultPoint('batch');
  }
}

export interface ReadOutcome {
  readonly filesRead: number;
  readonly bytesRead: number;
}

/**
 * Reads the files a few at a time and writes them in batches. On
 * cancellation what was read is written; on a failure (a full disk) the open
 * batch is dropped, to be read again by the next scan.
 */
export async function readInBatches(
  store: ScanStore,
  files: readonly FileToRead[],
  covers: CoverChooser,
  progress: ScanProgressReporter,
  cancelled: () => boolean,
): Promise<ReadOutcome> {
  const batch = new ScanBatch(store);
  let filesRead = 0;
  let bytesRead = 0;
  await runWorkers(
    files,
    READ_CONCURRENCY,
    async ({ file, rootId, folderImages, known }) => {
      const examined = await examineFile(file, rootId, folderImages, covers);
      batch.add(examined);
      filesRead++;
      bytesRead += examined.bytesRead;
      // What writing this file will change: a track it did not have, its earlier error rows replaced.
      const newTrack = examined.track !== null && (known?.trackId ?? null) === null;
      progress.fileRead(newTrack ? 1 : 0, examined.errors.length - (known?.errorRows ?? 0));
      faultPoint('examined');
      if (batch.full) batch.write();
    },
    cancelled,
  );
  batch.write();
  return { filesRead, bytesRead };
}
