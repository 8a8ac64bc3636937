import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Niceness of background threads (index rebuilds, neural describing): under
 * contention the scheduler then gives a thread answering the user about nine
 * times their share of a core (CFS weights 1024 against 110), and nothing
 * changes while cores are free.
 */
export const BACKGROUND_NICENESS = 10;

/**
 * Lowers the priority of the calling worker thread alone, and of the threads
 * it starts afterwards (a native library's pool inherits it). Linux gives
 * every thread its own id, which setpriority(2) accepts; elsewhere the call
 * would reach the whole process, so nothing is done. False when nothing was
 * changed.
 */
export function lowerThreadPriority(niceness = BACKGROUND_NICENESS): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // /proc/thread-self links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid === process.pid) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}
