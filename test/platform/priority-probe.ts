/** A worker thread that lowers its own priority and reports the niceness it, and the process, have then. */
import { readlinkSync } from 'node:fs';
import { getPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { lowerThreadPriority } from '../../src/main/platform/thread-priority.js';

const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
const before = getPriority(tid);
const lowered = lowerThreadPriority();
parentPort?.postMessage({ before, lowered, after: getPriority(tid), process: getPriority(process.pid) });
