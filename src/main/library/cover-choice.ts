import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import type { IPicture } from 'music-metadata';
import type { KindName } from '../artwork/kinds.js';
import { getSetting, setSetting, type Db } from '../store/db.js';
import type { ScanStore } from '../store/scan-store.js';
import { DISC_FOLDER } from './formats.js';
import { faultPoint } from './scan-fault.js';
import { describeDeclaredType, sniffPicture } from './picture.js';
import { baseNameRaw, parentRaw, type RawPath } from './raw-path.js';
import { describeFsError, dirKey, type FolderImage, type WalkedFile } from './walk.js';
import type { ArtworkRunner } from './scan-pool.js';

/** Pictures larger than this are refused before reading them whole. */
const MAX_PICTURE_BYTES = 64 * 1024 * 1024;

/** The cover-source preference the library's covers were last chosen under. */
const COVER_PREFERENCE_APPLIED = 'coverPreferenceApplied';

export type CoverChoice = { artworkId: number; source: 'embedded' | 'folder' } | null;

export interface CoverPreference {
  readonly value: string;
  readonly preferFolder: boolean;
  /** True when the library's covers were chosen under the other preference: every track's is chosen again. */
  readonly changed: boolean;
}

export function coverPreference(db: Db): CoverPreference {
  const value = getSetting(db, 'coverPreference') ?? 'embedded';
  return { value, preferFolder: value === 'folder', changed: (getSetting(db, COVER_PREFERENCE_APPLIED) ?? 'embedded') !== value };
}

/** Every track's cover has been chosen under this preference. */
export function markCoverPreferenceApplied(db: Db, value: string): void {
  setSetting(db, COVER_PREFERENCE_APPLIED, value);
}

/**
 * Every distinct picture, by the SHA-256 of its bytes: stored once,
 * validated, thumbnailed and described once in the worker pool, however
 * many tracks carry it; a picture that failed is not decoded again.
 */
export class ArtworkCatalog {
  /** Pictures met in this scan; earlier ones are looked up by hash (100,000 covers are not loaded for one new album). */
  private readonly good = new Map<string, number>();
  private readonly bad = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<number | string>>();

  constructor(
    private readonly store: ScanStore,
    private readonly pool: ArtworkRunner,
    /** The descriptor kinds computed with each new picture (none: described later). */
    private readonly kinds: readonly KindName[],
    /** Called once a new artwork is committed. */
    private readonly onAdded: () => void,
  ) {}

  /** The picture's artwork id, or the reason it cannot be used. */
  artworkFor(bytes: Uint8Array, source: 'embedded' | 'folder', originPath: RawPath, originPicture: number | null): Promise<number | string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const known = this.good.get(sha256) ?? this.bad.get(sha256) ?? this.inFlight.get(sha256);
    if (known !== undefined) return Promise.resolve(known);
    const stored = this.store.knownPicture(sha256);
    if (stored !== undefined) {
      if (typeof stored === 'number') this.good.set(sha256, stored);
      else this.bad.set(sha256, stored);
      return Promise.resolve(stored);
    }
    const work = this.add(sha256, bytes, source, originPath, originPicture);
    this.inFlight.set(sha256, work);
    void work.finally(() => this.inFlight.delete(sha256)).catch(() => {});
    return work;
  }

  private async add(sha256: string, bytes: Uint8Array, source: 'embedded' | 'folder', originPath: RawPath, originPicture: number | null) {
    const result = await this.pool.run({ bytes: Uint8Array.from(bytes), kinds: [...this.kinds], thumbnail: true });
    if (!result.ok) {
      this.store.markBad(sha256, result.reason);
      this.bad.set(sha256, result.reason);
      return result.reason;
    }
    const id = this.store.addArtwork(
      {
        sha256, format: result.format, width: result.width, height: result.height, bytes: bytes.length, source,
        originPath, originPicture, thumbnail: result.thumbnail, thumbnailFormat: result.thumbnail ? result.thumbnailFormat : null,
      },
      result.vectors,
    );
    this.good.set(sha256, id);
    this.onAdded();
    faultPoint('artwork');
    return id;
  }
}

/**
 * Chooses each track's cover: the embedded front cover, else the first
 * usable embedded picture; folder images (cover, folder, front…, including
 * the album folder above a "Disc N" folder) when none is usable, or first
 * when the library prefers folder art. Each reason a picture was passed over
 * is added to `problems`.
 */
export class CoverChooser {
  /** One folder's outcome, shared by all its tracks. */
  private readonly folders = new Map<string, Promise<{ choice: CoverChoice; problems: string[] }>>();

  constructor(
    private readonly catalog: ArtworkCatalog,
    private readonly preferFolder: boolean,
  ) {}

  async choose(file: WalkedFile, pictures: readonly IPicture[], folderImages: Map<string, FolderImage[]>, problems: string[]): Promise<CoverChoice> {
    const fromFolder = async () => {
      const folder = await this.folderChoice(file, folderImages);
      if (!folder.choice) problems.push(...folder.problems);
      return folder.choice;
    };
    if (this.preferFolder) return (await fromFolder()) ?? (await this.embeddedChoice(file, pictures, problems));
    return (await this.embeddedChoice(file, pictures, problems)) ?? (await fromFolder());
  }

  private async embeddedChoice(file: WalkedFile, pictures: readonly IPicture[], problems: string[]): Promise<CoverChoice> {
    const order = pictures.map((p, i) => ({ p, i }));
    order.sort((a, b) => Number(isFront(b.p)) - Number(isFront(a.p)));
    for (const { p, i } of order) {
      const sniffed = sniffPicture(p.data);
      if (!sniffed) {
        problems.push(`embedded picture ${i + 1} is not an image (${describeDeclaredType(p.format)})`);
        continue;
      }
      const bytes = sniffed.offset > 0 ? p.data.subarray(sniffed.offset) : p.data;
      const outcome = await this.catalog.artworkFor(bytes, 'embedded', file.pathRaw, i);
      if (typeof outcome === 'number') return { artworkId: outcome, source: 'embedded' };
      problems.push(`embedded picture ${i + 1}: ${outcome}`);
    }
    return null;
  }

  private folderChoice(file: WalkedFile, folderImages: Map<string, FolderImage[]>) {
    const cacheKey = dirKey(file.dirRaw);
    let cached = this.folders.get(cacheKey);
    if (!cached) {
      const dirs = [file.dirRaw];
      if (DISC_FOLDER.test(baseNameRaw(file.dirRaw).toString('utf8'))) dirs.push(parentRaw(file.dirRaw));
      cached = this.firstUsableFolderImage(dirs, folderImages);
      this.folders.set(cacheKey, cached);
    }
    return cached;
  }

  private async firstUsableFolderImage(dirs: readonly RawPath[], folderImages: Map<string, FolderImage[]>) {
    const problems: string[] = [];
    for (const dir of dirs) {
      for (const image of folderImages.get(dirKey(dir)) ?? []) {
        const outcome = await readFolderImage(image);
        if (typeof outcome === 'string') {
          problems.push(`${image.path}: ${outcome}`);
          continue;
        }
        const result = await this.catalog.artworkFor(outcome, 'folder', image.pathRaw, null);
        if (typeof result === 'number') return { choice: { artworkId: result, source: 'folder' as const }, problems };
        problems.push(`${image.path}: ${result}`);
      }
    }
    return { choice: null, problems };
  }
}

function isFront(picture: IPicture): boolean {
  return typeof picture.type === 'string' && /front/i.test(picture.type);
}

async function readFolderImage(image: FolderImage): Promise<Uint8Array | string> {
  try {
    const st = await fsp.stat(image.pathRaw);
    if (st.size === 0) return 'empty image file';
    if (st.size > MAX_PICTURE_BYTES) return `picture file too large (${(st.size / 1048576).toFixed(0)} MB)`;
    const bytes = await fsp.readFile(image.pathRaw);
    const sniffed = sniffPicture(bytes);
    if (!sniffed) return 'not an image';
    return sniffed.offset > 0 ? bytes.subarray(sniffed.offset) : bytes;
  } catch (error) {
    return describeFsError(error);
  }
}
