import { describe, expect, it } from 'vitest';
import type { ScanProgress, ScanSummary } from '../../src/shared/api-entities.js';
import { ScanController, type ScanRunner } from '../../src/main/api/scan-controller.js';

const PROGRESS: ScanProgress = {
  phase: 'reading',
  filesTotal: 10,
  filesDone: 4,
  tracks: 4,
  covers: 1,
  errors: 0,
  described: 0,
  toDescribe: 0,
  elapsedSeconds: 1,
  filesPerSecond: 4,
  coversPerSecond: 1,
  etaSeconds: 1.5,
};

/** A scan that reports progress, then waits until released or cancelled. */
function controllableScan() {
  const runs: { release: () => void }[] = [];
  const runner: ScanRunner = (signal, onProgress) =>
    new Promise<ScanSummary>((resolve) => {
      onProgress(PROGRESS);
      const finish = (cancelled: boolean) => resolve({ tracks: 4, albums: 1, artworks: 1, errors: 0, seconds: 1, cancelled, filesRead: 4 });
      signal.addEventListener('abort', () => finish(true));
      runs.push({ release: () => finish(false) });
    });
  return { runner, runs };
}

describe('the background scan', () => {
  it('runs one scan at a time and reports its progress while it runs', async () => {
    const { runner, runs } = controllableScan();
    const scans = new ScanController(runner, () => {});
    expect(scans.start()).toMatchObject({ running: true, progress: PROGRESS });
    expect(runs).toHaveLength(1);
    runs[0].release();
    await scans.idle();
    expect(scans.state()).toMatchObject({ running: false, summary: { cancelled: false, tracks: 4 }, error: null });
  });

  it('scans again after the running scan when asked meanwhile (a folder was added)', async () => {
    const { runner, runs } = controllableScan();
    let finished = 0;
    const scans = new ScanController(runner, () => {}, () => finished++);
    scans.start();
    scans.start();
    expect(runs).toHaveLength(1);
    runs[0].release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toHaveLength(2);
    runs[1].release();
    await scans.idle();
    expect(finished).toBe(2);
  });

  it('keeps what was read when cancelled, and does not start a queued scan', async () => {
    const { runner, runs } = controllableScan();
    const scans = new ScanController(runner, () => {});
    scans.start();
    scans.start();
    scans.cancel();
    await scans.idle();
    expect(runs).toHaveLength(1);
    expect(scans.state()).toMatchObject({ running: false, summary: { cancelled: true } });
  });

  it('reports a failed scan as an error, not a crash', async () => {
    const logged: string[] = [];
    const scans = new ScanController(() => Promise.reject(new Error('disk unplugged')), (m) => logged.push(m));
    scans.start();
    await scans.idle();
    expect(scans.state()).toMatchObject({ running: false, error: 'disk unplugged' });
    expect(logged.join()).toContain('disk unplugged');
  });
});
