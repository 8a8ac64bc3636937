/**
 * Fault injection for the crash-consistency test (test/library/scan-crash.test.ts).
 * With SLEEVE_FAULT_AT=<point>:<n> in the environment, the scan kills its own
 * process with SIGKILL the n-th time it passes the named point, as a power
 * cut or `kill -9` would; with <point>:<n>:stop it stops itself (SIGSTOP)
 * there instead, holding what it holds, until it is continued (the scan-lock
 * test). Without it (always, outside those tests) a point costs one comparison.
 */
export type ScanFaultPoint =
  /** A root has been walked and its folder problems written. */
  | 'walked'
  /** Deleted files are forgotten; nothing read yet. */
  | 'planned'
  /** A file is examined and waits in the open batch. */
  | 'examined'
  /** A new cover is stored, before the batch of the track that found it. */
  | 'artwork'
  /** A batch is committed. */
  | 'batch'
  /** Every file is read and written; unused covers not yet removed. */
  | 'read'
  /** A cover's missing descriptors are stored. */
  | 'described'
  /** Descriptors are complete; indexes not yet brought up to date. */
  | 'indexing'
  /** Background neural describing: a batch's vectors are computed, not yet written. */
  | 'neural-described'
  /** Background neural describing: a batch's vectors are committed. */
  | 'neural-batch'
  /** Background neural describing: every cover done, the neural index not yet refreshed. */
  | 'neural-indexing';

const target = parse(process.env.SLEEVE_FAULT_AT);
let passed = 0;

export function faultPoint(point: ScanFaultPoint): void {
  if (target?.point !== point) return;
  passed++;
  if (passed === target.n) process.kill(process.pid, target.signal);
}

function parse(spec: string | undefined): { point: string; n: number; signal: NodeJS.Signals } | null {
  const match = spec ? /^([a-z-]+):(\d+)(:stop)?$/.exec(spec) : null;
  return match ? { point: match[1], n: Number(match[2]), signal: match[3] ? 'SIGSTOP' : 'SIGKILL' } : null;
}
