import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { SleeveError } from '../../shared/errors.js';
import type { Db } from './db.js';

/**
 * One scan at a time per library, across processes: the scan holds the one
 * row of `scan_lock` (migration 4), taken with BEGIN IMMEDIATE so two
 * processes cannot both see it free. A holder that died without letting go
 * (killed, crashed, power cut) is recognised and its lock taken over: on
 * this host by its process being gone (or its pid reused by a process
 * started later); on another host by its heartbeat being older than
 * REMOTE_STALE_MS.
 */

export interface ScanLockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  /** When the holder last said it is still scanning (milliseconds since the epoch). */
  readonly heartbeatAt: number;
  /** True when the holder is this process. */
  readonly thisProcess: boolean;
}

/** How often a holder says it is alive. */
const HEARTBEAT_MS = 60_000;
/** A holder on another host silent this long is taken to have died (a scan's longest synchronous step is well under it). */
const REMOTE_STALE_MS = 10 * 60_000;

interface LockRow {
  token: string;
  pid: number;
  hostname: string;
  process_start: string | null;
  started_at: number;
  heartbeat_at: number;
}

/** Tokens of the locks this process holds: a row with our pid but another token was left by an earlier process. */
const heldHere = new Set<string>();

/**
 * The scan holding the library's lock, or null when none is running (a lock
 * left by a dead process counts as none). For front ends to say "a scan is
 * running in another process".
 */
export function scanLockHolder(db: Db, now = Date.now()): ScanLockHolder | null {
  const row = readLock(db);
  if (!row || isAbandoned(row, now)) return null;
  return {
    pid: row.pid,
    hostname: row.hostname,
    startedAt: row.started_at,
    heartbeatAt: row.heartbeat_at,
    thisProcess: heldHere.has(row.token),
  };
}

export class ScanLock {
  private readonly timer: NodeJS.Timeout;
  private released = false;

  constructor(
    private readonly db: Db,
    private readonly token: string,
  ) {
    this.timer = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Tells other hosts this scan is alive. A failed write (disk full, busy) is retried at the next beat. */
  heartbeat(): void {
    try {
      this.db.prepare('UPDATE scan_lock SET heartbeat_at = ? WHERE token = ?').run(Date.now(), this.token);
    } catch {
      // The lock stays held; only its freshness is not updated this time.
    }
  }

  /**
   * Lets go of the lock. Never throws: if the row cannot be deleted (a full
   * disk), it is left to be recognised as abandoned by the next scan.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    heldHere.delete(this.token);
    try {
      if (this.db.open) this.db.prepare('DELETE FROM scan_lock WHERE token = ?').run(this.token);
    } catch {
      // See above: abandoned locks of dead processes are taken over.
    }
  }
}

/** Takes the library's scan lock, or throws SleeveError('busy') naming the scan that holds it. */
export function acquireScanLock(db: Db): ScanLock {
  const token = randomBytes(16).toString('hex');
  const now = Date.now();
  const take = db.transaction(() => {
    const row = readLock(db);
    if (row && !isAbandoned(row, now)) throw busyError(row);
    db.prepare(
      `INSERT INTO scan_lock (id, token, pid, hostname, process_start, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET token = excluded.token, pid = excluded.pid, hostname = excluded.hostname,
         process_start = excluded.process_start, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(token, process.pid, hostname(), processStart(process.pid), now, now);
  });
  try {
    take.immediate();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new SleeveError('busy', 'The library is being written by another program; try the scan again in a moment.', { cause: error });
    }
    throw error;
  }
  heldHere.add(token);
  return new ScanLock(db, token);
}

function readLock(db: Db): LockRow | undefined {
  return db.prepare('SELECT token, pid, hostname, process_start, started_at, heartbeat_at FROM scan_lock WHERE id = 1').get() as
    | LockRow
    | undefined;
}

function busyError(row: LockRow): SleeveError {
  const where = row.hostname === hostname() ? '' : ` on ${row.hostname}`;
  const since = new Date(row.started_at).toLocaleString();
  const who = heldHere.has(row.token) ? 'this program' : `process ${row.pid}${where}`;
  return new SleeveError('busy', `A scan of this library is already running (${who}, started ${since}).`);
}

function isAbandoned(row: LockRow, now: number): boolean {
  if (row.hostname !== hostname()) return now - row.heartbeat_at > REMOTE_STALE_MS;
  // Our own pid with a token we do not hold: an earlier process that had our pid.
  if (row.pid === process.pid) return !heldHere.has(row.token);
  if (!isRunning(row.pid)) return true;
  // The pid is alive, but a process started after the lock was taken reused it.
  const start = processStart(row.pid);
  return row.process_start !== null && start !== null && start !== row.process_start;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, in clock ticks since boot (field 22 of Linux's
 * /proc/PID/stat, proc(5)); null where there is no /proc. Fields are counted
 * after the last ')' because the command name may hold spaces.
 */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
