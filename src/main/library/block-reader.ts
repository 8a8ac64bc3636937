
/** Reads at a position, as FileHandle.read does. */
export interface PositionalReader {
  read(target: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

/** Small reads are served from one cached block of this size. */
const BLOCK_BYTES = 16 * 1024;

/**
 * Tag parsers read a file in many tiny pieces (frame headers, and ID3
 * padding ten bytes at a time); each would be a separate system call and
 * thread-pool round trip. This serves small reads from one cached block and
 * passes large ones (pictures) straight through, copying only the part the
 * block already holds. `bytesRead` counts what really came from the disk.
 */
export class BlockReader implements PositionalReader {
  bytesRead = 0;
  private block = Buffer.alloc(BLOCK_BYTES);
  private blockStart = 0;
  private blockLength = 0;

  constructor(
    private readonly file: PositionalReader,
    private readonly size: number,
  ) {}

  async read(target: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number; buffer: Uint8Array }> {
    const want = Math.max(0, Math.min(length, this.size - position));
    let copied = 0;
    // The front of the request that the cached block already holds.
    if (position >= this.blockStart && position < this.blockStart + this.blockLength) {
      copied = Math.min(want, this.blockStart + this.blockLength - position);
      this.block.copy(target, offset, position - this.blockStart, position - this.blockStart + copied);
    }
    const rest = want - copied;
    if (rest === 0) return { bytesRead: copied, buffer: target };
    if (rest >= BLOCK_BYTES) {
      const got = await this.fill(target, offset + copied, rest, position + copied);
      return { bytesRead: copied + got, buffer: target };
    }
    this.blockStart = position + copied;
    this.blockLength = await this.fill(this.block, 0, Math.min(BLOCK_BYTES, this.size - this.blockStart), this.blockStart);
    const more = Math.min(rest, this.blockLength);
    this.block.copy(target, offset + copied, 0, more);
    return { bytesRead: copied + more, buffer: target };
  }

  private async fill(target: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.file.read(target, offset + done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    this.bytesRead += done;
    return done;
  }
}
