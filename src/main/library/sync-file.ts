import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { RawPath } from './raw-path.js';
import { yieldIfSliceUsed } from './time-slice.js';

/**
 * The part of a FileHandle the tag reader uses, done with synchronous calls
 * in time slices (see time-slice.ts): most audio files sit in the page
 * cache, where a synchronous read is far cheaper than a thread-pool round trip.
 */
export class SyncFile {
  private constructor(private fd: number | null) {}

  static async open(path: RawPath): Promise<SyncFile> {
    await yieldIfSliceUsed();
    return new SyncFile(openSync(path, 'r'));
  }

  private get descriptor(): number {
    if (this.fd === null) throw new Error('file already closed');
    return this.fd;
  }

  async read(target: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number; buffer: Uint8Array }> {
    await yieldIfSliceUsed();
    return { bytesRead: readSync(this.descriptor, target, offset, length, position), buffer: target };
  }

  async stat(): Promise<Stats> {
    return fstatSync(this.descriptor);
  }

  async close(): Promise<void> {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
