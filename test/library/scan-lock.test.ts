import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ArtworkPool } from '../../src/main/artwork/pool.js';
import { scanLibrary } from '../../src/main/library/scan.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { acquireScanLock, scanLockHolder } from '../../src/main/store/scan-lock.js';
import { SleeveError } from '../../src/shared/errors.js';
import { temporaryFolders } from '../support/temp-dirs.js';
import { startScan } from './sleeve-process.js';

const manifest = inject('testLibrary');
const tempDir = temporaryFolders();
let pool: ArtworkPool;
beforeAll(() => {
  pool = new ArtworkPool({ threads: 1 });
});
afterAll(async () => {
  await pool.close();
});

function freshDb(): { db: Db; path: string } {
  const path = join(tempDir('sleeve-lock-'), 'library.db');
  return { db: openDatabase(path), path };
}

/** A process's state letter from /proc (proc(5)): 'T' when stopped. */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('one scan at a time per library, across processes', () => {
  it('refuses a second scan, from another process or this one, naming the scan that runs; then lets it run', async () => {
    const { db, path } = freshDb();
    // A real `sleeve scan` that stops itself once it has walked the library, holding the lock.
    const first = startScan(path, [manifest.root], { faultAt: 'planned:1:stop', describe: false });
    const pid = first.child.pid as number;
    try {
      await until(() => processState(pid) === 'T', 'the first scan stopped');
      expect(scanLockHolder(db)).toMatchObject({ pid, hostname: hostname(), thisProcess: false });

      const second = await startScan(path, [manifest.root], { describe: false }).done;
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(new RegExp(`A scan of this library is already running \\(process ${pid}\\b[^)]*, started `));
      const inProcess = await scanLibrary(db, { roots: [manifest.root], pool }).catch((error: unknown) => error);
      expect(inProcess).toBeInstanceOf(SleeveError);
      expect(inProcess).toMatchObject({ code: 'busy', message: expect.stringContaining(`(process ${pid}, started `) });
    } finally {
      first.child.kill('SIGCONT');
    }
    expect((await first.done).code).toBe(0);
    expect(scanLockHolder(db)).toBeNull();
    const again = await scanLibrary(db, { roots: [manifest.root], pool, describe: false });
    expect(again.tracks).toBe(manifest.tracks.length);
    db.close();
  });

  it('takes over the lock a killed scan left behind', async () => {
    const { db, path } = freshDb();
    const killed = await startScan(path, [manifest.root], { faultAt: 'examined:3', describe: false }).done;
    expect(killed.signal).toBe('SIGKILL');
    expect(db.prepare('SELECT count(*) FROM scan_lock').pluck().get()).toBe(1);
    expect(scanLockHolder(db)).toBeNull();
    const resumed = await startScan(path, [manifest.root], { describe: false }).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(db.prepare('SELECT count(*) FROM scan_lock').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a second scan started in this process while the first runs', async () => {
    const { db } = freshDb();
    const first = scanLibrary(db, { roots: [manifest.root], pool, describe: false });
    await expect(scanLibrary(db, { roots: [manifest.root], pool, describe: false })).rejects.toMatchObject({
      code: 'busy',
      message: expect.stringMatching(/^A scan of this library is already running \(this program, started .+\)\.$/),
    });
    expect(scanLockHolder(db)).toMatchObject({ pid: process.pid, thisProcess: true });
    await first;
    expect(scanLockHolder(db)).toBeNull();
    db.close();
  });

  it('respects another host\'s lock while its heartbeat is fresh, and not once it has been silent ten minutes', () => {
    const { db } = freshDb();
    const hold = (host: string, pid: number, heartbeatAt: number) =>
      db
        .prepare('INSERT OR REPLACE INTO scan_lock (id, token, pid, hostname, process_start, started_at, heartbeat_at) VALUES (1, ?, ?, ?, NULL, ?, ?)')
        .run('elsewhere', pid, host, heartbeatAt, heartbeatAt);
    const now = Date.now();
    hold('nas.local', 4242, now - 60_000);
    expect(scanLockHolder(db)).toMatchObject({ pid: 4242, hostname: 'nas.local' });
    expect(() => acquireScanLock(db)).toThrow(/already running \(process 4242 on nas\.local, started /);
    hold('nas.local', 4242, now - 11 * 60_000);
    expect(scanLockHolder(db)).toBeNull();
    acquireScanLock(db).release();
    // This process's pid with a token it does not hold: left by an earlier process that had the same pid.
    hold(hostname(), process.pid, now);
    expect(scanLockHolder(db)).toBeNull();
    const lock = acquireScanLock(db);
    expect(scanLockHolder(db)).toMatchObject({ pid: process.pid, thisProcess: true });
    lock.release();
    expect(db.prepare('SELECT count(*) FROM scan_lock').pluck().get()).toBe(0);
    db.close();
  });
});
