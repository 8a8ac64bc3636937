import type { ScanProgress } from '../../shared/api-entities.js';

const PHASE_LABELS: Readonly<Record<ScanProgress['phase'], string>> = {
  walking: 'Looking for music files',
  reading: 'Reading tags and covers',
  describing: 'Describing covers',
  indexing: 'Building the similarity index',
  done: 'Finishing',
};

export function phaseLabel(progress: ScanProgress | null): string {
  return progress ? PHASE_LABELS[progress.phase] : 'Starting';
}

/** How far the current phase is, or null while it cannot be told (walking, indexing). */
export function phaseFraction(progress: ScanProgress | null): number | null {
  if (!progress) return null;
  switch (progress.phase) {
    case 'reading':
      return progress.filesTotal > 0 ? progress.filesDone / progress.filesTotal : null;
    case 'describing':
      return progress.toDescribe > 0 ? progress.described / progress.toDescribe : null;
    case 'done':
      return 1;
    default:
      return null;
  }
}
