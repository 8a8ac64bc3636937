import type { ScanState } from '../../shared/api-entities.js';
import { ProgressBar } from './ProgressBar.js';
import { phaseFraction, phaseLabel } from './scan-progress.js';

/** The scan's progress in the top bar while the user browses; opens the scan screen. */
export function ScanMeter({ scan, onOpen }: { scan: ScanState; onOpen: () => void }) {
  return (
    <button type="button" className="scan-meter" onClick={onOpen} title="Show the scan">
      <span className="scan-meter__label">{phaseLabel(scan.progress)}…</span>
      <ProgressBar fraction={phaseFraction(scan.progress)} label="Scan progress" />
    </button>
  );
}
