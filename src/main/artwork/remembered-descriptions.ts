import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeImageFile } from './describe-file.js';
import type { AnyKindName } from './kinds.js';

/** Images remembered at most: seeds are a handful at a time. */
export const REMEMBERED_IMAGES = 32;

export type DescribeVector = (path: string, kind: AnyKindName) => Promise<number[]>;

/**
 * Descriptors of images described on the fly (seeds that are not in the
 * library), remembered while the file is unchanged. A seed image is named
 * by separate calls, each of which would otherwise decode and describe it
 * again: "looks like" and then what the seed was (the CLI's `similar
 * IMAGE`), a learned kind and the kinds it projects, a playlist's seeds.
 */
export class RememberedDescriptions {
  readonly #entries = new Map<string, { readonly stamp: string; readonly vector: Promise<number[]> }>();

  constructor(
    private readonly describe: DescribeVector,
    private readonly limit = REMEMBERED_IMAGES,
  ) {}

  /** The image's descriptor of one kind: a copy of its own, for the caller to keep or change. */
  async vector(path: string, kind: AnyKindName): Promise<number[]> {
    return (await this.remembered(path, kind)).slice();
  }

  private async remembered(path: string, kind: AnyKindName): Promise<number[]> {
    const absolute = resolve(path);
    const key = `${kind}\0${absolute}`;
    const stamp = await fileStamp(absolute);
    const known = this.#entries.get(key);
    this.#entries.delete(key);
    if (known && stamp !== null && known.stamp === stamp) {
      this.#entries.set(key, known);
      return known.vector;
    }
    const vector = this.describe(absolute, kind);
    if (stamp === null) return vector;
    const entry = { stamp, vector };
    this.#entries.set(key, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.limit) break;
      this.#entries.delete(oldest);
    }
    // A picture that could not be described is tried again next time (it may be mid-copy).
    vector.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return vector;
  }
}

/** Changes when the file is rewritten or replaced; null when it cannot be read (describing then says why). */
async function fileStamp(path: string): Promise<string | null> {
  try {
    const info = await stat(path, { bigint: true });
    return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
  } catch {
    return null;
  }
}

/** The service's own: every cover session describes seed images through it. */
export const rememberedDescriptions = new RememberedDescriptions(async (path, kind) => (await describeImageFile(path, kind)).vector);
