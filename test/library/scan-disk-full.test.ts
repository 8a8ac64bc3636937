import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanLibrary } from '../../src/main/library/scan.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { SleeveError } from '../../src/shared/errors.js';
import { testPool } from '../support/pool.js';
import { temporaryFolders } from '../support/temp-dirs.js';
import { makeBulkLibrary } from './crash-library.js';

/**
 * A disk that fills up during a scan: the library lives on a small tmpfs.
 * Mounting one needs root; where that is not allowed the test is skipped
 * (its title says why).
 */
function mount(dir: string, size: string, remount = false): boolean {
  const options = remount ? `remount,size=${size}` : `size=${size}`;
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
}

function unmount(dir: string): void {
  spawnSync('umount', [dir], { stdio: 'ignore' });
}

const probe = mkdtempSync(join(tmpdir(), 'sleeve-tmpfs-probe-'));
const canMount = mount(probe, '64k');
unmount(probe);
rmdirSync(probe);

/** Room for a first scan of one album, not for the whole library. */
const SMALL_DISK = '1m';
const ROOMY_DISK = '64m';

const tempDir = temporaryFolders();
const pool = testPool();

const coverChoices = (db: Db) =>
  db.prepare('SELECT al.key, w.sha256 FROM albums al LEFT JOIN artworks w ON w.id = al.artwork_id ORDER BY al.key').all();

describe.skipIf(!canMount)('a disk that fills up during a scan (skipped where a tmpfs cannot be mounted: that needs root)', () => {
  it('stops the scan with disk_full, keeps the library intact, and the next scan completes once there is space', async () => {
    const music = join(tempDir('sleeve-full-music-'), 'Music');
    await makeBulkLibrary(music);
    const small = join(tempDir('sleeve-full-small-'), 'Small');
    cpSync(join(music, 'Artist 1', 'Album 01'), small, { recursive: true });
    const roots = [small, music];
    const disk = mkdtempSync(join(tmpdir(), 'sleeve-full-disk-'));
    expect(mount(disk, SMALL_DISK)).toBe(true);
    try {
      const db = openDatabase(join(disk, 'library.db'));
      const first = await scanLibrary(db, { roots: [small], pool, indexDir: disk });
      expect(first.tracks).toBe(30);

      const full = await scanLibrary(db, { roots, pool, indexDir: disk }).catch((error: unknown) => error);
      expect(full).toBeInstanceOf(SleeveError);
      expect(full).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/^The disk holding the library is full/) });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const kept = db.prepare('SELECT count(*) FROM tracks WHERE root_id = (SELECT id FROM roots WHERE path = ?)').pluck().get(small);
      expect(kept).toBe(30);

      expect(mount(disk, ROOMY_DISK, true)).toBe(true);
      const after = await scanLibrary(db, { roots, pool, indexDir: disk });
      const cleanDb = openDatabase(join(tempDir('sleeve-full-clean-'), 'library.db'));
      const clean = await scanLibrary(cleanDb, { roots, pool });
      const counts = ({ tracks, albums, artworks, errors, cancelled }: typeof clean) => ({ tracks, albums, artworks, errors, cancelled });
      expect(counts(after)).toEqual(counts(clean));
      expect(coverChoices(db)).toEqual(coverChoices(cleanDb));
      expect(db.prepare('SELECT count(*) FROM scan_lock').pluck().get()).toBe(0);
      cleanDb.close();
      db.close();
    } finally {
      unmount(disk);
      rmdirSync(disk);
    }
  });
});
