import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import type { IPicture } from 'music-metadata';
import { ArtworkPool, type ArtworkResult } from '../artwork/pool.js';
import { DESCRIPTOR_KINDS, type KindName } from '../artwork/kinds.js';
import { currentLearnedKind, refreshLearnedVectors } from '../index/learned-vectors.js';
import { refreshIndexes } from '../index/refresh.js';
import { getSetting, setSetting, type Db } from '../store/db.js';
import { ScanStore, type FileErrorRow, type TrackRow } from '../store/scan-store.js';
import { albumIdentity, refreshAlbums } from './albums.js';
import { describePending } from './describe-pending.js';
import { DISC_FOLDER } from './formats.js';
import { describeDeclaredType, sniffPicture } from './picture.js';
import { baseNameRaw, parentRaw } from './raw-path.js';
import { readTags, UnreadableAudioError, type TrackTags } from './tags.js';
import { describeFsError, dirKey, walkRoot, type FolderImage, type WalkedFile } from './walk.js';

export interface ScanProgress {
  phase: 'walking' | 'reading' | 'describing' | 'indexing' | 'done';
  filesTotal: number;
  filesDone: number;
  tracks: number;
  covers: number;
  errors: number;
  described: number;
  toDescribe: number;
  elapsedSeconds: number;
  filesPerSecond: number;
  coversPerSecond: number;
  etaSeconds: number | null;
}

export interface ScanSummary {
  tracks: number;
  albums: number;
  artworks: number;
  errors: number;
  seconds: number;
  cancelled: boolean;
  /** Files read this time (new or changed), and the bytes read from them. */
  filesRead: number;
  bytesRead: number;
}

export interface ScanOptions {
  readonly roots: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Compute descriptors for new covers (default true). */
  readonly describe?: boolean;
  /** Rebuilds the similarity indexes here after describing (omit to skip). */
  readonly indexDir?: string;
  readonly log?: (message: string) => void;
  /** A pool to reuse; otherwise one is made for the scan and closed after. */
  readonly pool?: ArtworkPool;
  readonly threads?: number;
}

/** Files read at once: enough to overlap I/O with parsing on two cores. */
const READ_CONCURRENCY = 8;
/** Examined files per write transaction: a crash loses at most this batch. */
const BATCH_SIZE = 200;
/** Pictures larger than this are refused before reading them whole. */
const MAX_PICTURE_BYTES = 64 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 100;
/** The cover-source preference the library's covers were last chosen under. */
const COVER_PREFERENCE_APPLIED = 'coverPreferenceApplied';

type Choice = { artworkId: number; source: 'embedded' | 'folder' } | null;

/**
 * Scans music folders into the library: walks, skips files unchanged since
 * the last scan, reads tags and pictures from headers, stores each distinct
 * picture once (validated, thumbnailed and described in the worker pool),
 * groups albums, and removes what disappeared. Every problem with a file is
 * recorded against its path and the scan goes on.
 */
export async function scanLibrary(db: Db, options: ScanOptions): Promise<ScanSummary> {
  const started = performance.now();
  const store = new ScanStore(db);
  const describe = options.describe ?? true;
  const kinds: KindName[] = describe ? DESCRIPTOR_KINDS.map((k) => k.name) : [];
  const ownPool = options.pool ? null : new ArtworkPool({ threads: options.threads });
  const pool = options.pool ?? (ownPool as ArtworkPool);
  const log = options.log ?? (() => {});
  const coverPreference = getSetting(db, 'coverPreference') ?? 'embedded';
  const preferFolder = coverPreference === 'folder';
  // Files scanned under the other preference get their cover chosen again.
  const preferenceChanged = (getSetting(db, COVER_PREFERENCE_APPLIED) ?? 'embedded') !== coverPreference;

  const progress: ScanProgress = {
    phase: 'walking', filesTotal: 0, filesDone: 0, tracks: 0, covers: 0, errors: 0, described: 0, toDescribe: 0,
    elapsedSeconds: 0, filesPerSecond: 0, coversPerSecond: 0, etaSeconds: null,
  };
  let lastReport = 0;
  let readingStarted = 0;
  let filesToRead = 0;
  let filesRead = 0;
  let bytesRead = 0;
  let describeStarted = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    progress.elapsedSeconds = (now - started) / 1000;
    if (progress.phase === 'reading' && readingStarted > 0) {
      const secs = (now - readingStarted) / 1000;
      progress.filesPerSecond = secs > 0 ? filesRead / secs : 0;
      progress.coversPerSecond = secs > 0 ? progress.covers / secs : 0;
      progress.etaSeconds = progress.filesPerSecond > 0 ? (filesToRead - filesRead) / progress.filesPerSecond : null;
    } else if (progress.phase === 'describing' && describeStarted > 0) {
      const secs = (now - describeStarted) / 1000;
      progress.coversPerSecond = secs > 0 ? progress.described / secs : 0;
      progress.etaSeconds =
        progress.coversPerSecond > 0 ? (progress.toDescribe - progress.described) / progress.coversPerSecond : null;
    } else if (progress.phase === 'done') {
      progress.etaSeconds = 0;
    }
    options.onProgress?.({ ...progress });
  };

  const cancelled = () => options.signal?.aborted === true;
  const touchedAlbums: number[] = [];
  const { good, bad } = store.pictureCache();
  const inFlight = new Map<string, Promise<number | string>>();

  try {
    // 1. Walk every root first, so the progress bar knows the total.
    report(true);
    const walks = [];
    for (const root of options.roots) {
      const rootPath = resolve(root);
      const rootId = store.rootId(rootPath);
      store.clearWalkProblems(rootPath);
      const walk = await walkRoot(rootPath);
      const problems: FileErrorRow[] = walk.problems.map((p) => ({ ...p, size: null, mtimeMs: null }));
      store.writeBatch([], problems, []);
      progress.errors += problems.length;
      for (const p of walk.problems) log(`${p.path}: ${p.reason}`);
      walks.push({ rootPath, rootId, walk });
      progress.filesTotal += walk.files.length;
    }

    // 2. Decide what to read: new and changed files; forget deleted ones.
    const toRead: { file: WalkedFile; rootId: number; folderImages: Map<string, FolderImage[]> }[] = [];
    for (const { rootPath, rootId, walk } of walks) {
      const known = store.knownFiles(rootId, rootPath);
      const seen = new Set<string>();
      for (const file of walk.files) {
        const k = file.pathRaw.toString('latin1');
        seen.add(k);
        const before = known.get(k);
        const unchanged = before && before.size === file.size && before.mtimeMs === file.mtimeMs;
        if (unchanged && !(preferenceChanged && before.trackId !== null)) progress.filesDone++;
        else toRead.push({ file, rootId, folderImages: walk.folderImages });
      }
      if (walk.rootReadable) {
        const gone = [...known.keys()].filter((k) => !seen.has(k)).map((k) => Buffer.from(k, 'latin1'));
        if (gone.length > 0) {
          touchedAlbums.push(...store.removeFiles(gone));
          log(`${gone.length} file(s) no longer in ${rootPath}`);
        }
      } else {
        log(`${rootPath} could not be read: its tracks are kept until it can be`);
      }
    }

    // 3. Read them, a few at a time, writing in batches.
    progress.phase = 'reading';
    filesToRead = toRead.length;
    readingStarted = performance.now();
    report(true);
    let batchTracks: TrackRow[] = [];
    let batchErrors: FileErrorRow[] = [];
    let batchExamined: Buffer[] = [];
    const flush = () => {
      if (batchExamined.length === 0 && batchErrors.length === 0) return;
      touchedAlbums.push(...store.writeBatch(batchTracks, batchErrors, batchExamined));
      batchTracks = [];
      batchErrors = [];
      batchExamined = [];
    };

    /** A picture's artwork id, or the reason it cannot be used. Each distinct picture is decoded once. */
    const artworkFor = (
      bytes: Uint8Array,
      source: 'embedded' | 'folder',
      originPath: Buffer,
      originPicture: number | null,
    ): Promise<number | string> => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const known = good.get(sha256);
      if (known !== undefined) return Promise.resolve(known);
      const refused = bad.get(sha256);
      if (refused !== undefined) return Promise.resolve(refused);
      const pending = inFlight.get(sha256);
      if (pending) return pending;
      const work = (async (): Promise<number | string> => {
        const result: ArtworkResult = await pool.run({ bytes: Uint8Array.from(bytes), kinds, thumbnail: true });
        if (!result.ok) {
          bad.set(sha256, result.reason);
          store.markBad(sha256, result.reason);
          return result.reason;
        }
        const id = store.addArtwork(
          {
            sha256, format: result.format, width: result.width, height: result.height, bytes: bytes.length, source,
            originPath, originPicture, thumbnail: result.thumbnail, thumbnailFormat: result.thumbnail ? result.thumbnailFormat : null,
          },
          result.vectors,
        );
        good.set(sha256, id);
        progress.covers++;
        return id;
      })();
      inFlight.set(sha256, work);
      void work.finally(() => inFlight.delete(sha256));
      return work;
    };

    const embeddedChoice = async (file: WalkedFile, pictures: readonly IPicture[], problems: string[]): Promise<Choice> => {
      const order = pictures.map((p, i) => ({ p, i }));
      order.sort((a, b) => Number(isFront(b.p)) - Number(isFront(a.p)));
      for (const { p, i } of order) {
        const sniffed = sniffPicture(p.data);
        if (!sniffed) {
          problems.push(`embedded picture ${i + 1} is not an image (${describeDeclaredType(p.format)})`);
          continue;
        }
        const bytes = sniffed.offset > 0 ? p.data.subarray(sniffed.offset) : p.data;
        const outcome = await artworkFor(bytes, 'embedded', file.pathRaw, i);
        if (typeof outcome === 'number') return { artworkId: outcome, source: 'embedded' };
        problems.push(`embedded picture ${i + 1}: ${outcome}`);
      }
      return null;
    };

    const folderCache = new Map<string, Promise<{ choice: Choice; problems: string[] }>>();
    const folderChoice = (file: WalkedFile, folderImages: Map<string, FolderImage[]>) => {
      const dirs = [file.dirRaw];
      if (DISC_FOLDER.test(baseNameRaw(file.dirRaw).toString('utf8'))) dirs.push(parentRaw(file.dirRaw));
      const cacheKey = dirKey(file.dirRaw);
      let cached = folderCache.get(cacheKey);
      if (!cached) {
        cached = (async () => {
          const problems: string[] = [];
          for (const dir of dirs) {
            for (const image of folderImages.get(dirKey(dir)) ?? []) {
              const outcome = await readFolderImage(image);
              if (typeof outcome === 'string') {
                problems.push(`${image.path}: ${outcome}`);
                continue;
              }
              const result = await artworkFor(outcome, 'folder', image.pathRaw, null);
              if (typeof result === 'number') return { choice: { artworkId: result, source: 'folder' as const }, problems };
              problems.push(`${image.path}: ${result}`);
            }
          }
          return { choice: null, problems };
        })();
        folderCache.set(cacheKey, cached);
      }
      return cached;
    };

    const examine = async (file: WalkedFile, rootId: number, folderImages: Map<string, FolderImage[]>) => {
      const problems: string[] = [];
      let tags: TrackTags | null = null;
      let stable = false;
      for (let attempt = 0; attempt < 2 && !stable; attempt++) {
        try {
          const read = await readTags(file.pathRaw, file.path);
          bytesRead += read.bytesRead;
          tags = read.tags;
          stable = read.statAfter.size === file.size && read.statAfter.mtimeMs === file.mtimeMs;
          if (!stable) {
            // The file changed since the walk saw it: take its new state.
            (file as { size: number }).size = read.statAfter.size;
            (file as { mtimeMs: number }).mtimeMs = read.statAfter.mtimeMs;
          }
        } catch (error) {
          const reason = error instanceof UnreadableAudioError ? error.message : describeFsError(error);
          const vanished = (error as NodeJS.ErrnoException).code === 'ENOENT';
          batchErrors.push({
            pathRaw: file.pathRaw,
            path: file.path,
            reason: vanished ? 'file was deleted during the scan' : reason,
            size: vanished || !(error instanceof UnreadableAudioError) ? null : file.size,
            mtimeMs: vanished || !(error instanceof UnreadableAudioError) ? null : file.mtimeMs,
          });
          batchExamined.push(file.pathRaw);
          return;
        }
      }
      if (!tags || !stable) {
        batchErrors.push({ pathRaw: file.pathRaw, path: file.path, reason: 'file kept changing while it was read; it will be read again next scan', size: null, mtimeMs: null });
        batchExamined.push(file.pathRaw);
        return;
      }
      let choice: Choice = null;
      const tryFolder = async () => {
        const folder = await folderChoice(file, folderImages);
        if (!folder.choice) problems.push(...folder.problems);
        return folder.choice;
      };
      if (preferFolder) choice = (await tryFolder()) ?? (await embeddedChoice(file, tags.pictures, problems));
      else choice = (await embeddedChoice(file, tags.pictures, problems)) ?? (await tryFolder());

      const identity = albumIdentity(tags, file.path);
      batchTracks.push({
        pathRaw: file.pathRaw, path: file.path, rootId, size: file.size, mtimeMs: file.mtimeMs,
        albumKey: identity.key, albumArtist: identity.artist, albumTitle: identity.album,
        albumCompilation: identity.compilation, albumFolder: identity.folder,
        title: tags.title ?? fileTitle(file.path), artist: tags.artist, tagAlbumArtist: tags.albumArtist, album: tags.album,
        trackNo: tags.trackNo, discNo: tags.discNo, year: tags.year, genre: tags.genre, duration: tags.duration,
        container: tags.container, codec: tags.codec, compilation: identity.compilation,
        artworkId: choice?.artworkId ?? null, artworkSource: choice?.source ?? null,
      });
      for (const reason of problems) batchErrors.push({ pathRaw: file.pathRaw, path: file.path, reason, size: file.size, mtimeMs: file.mtimeMs });
      batchExamined.push(file.pathRaw);
      progress.tracks++;
    };

    let next = 0;
    const worker = async () => {
      while (next < toRead.length && !cancelled()) {
        const { file, rootId, folderImages } = toRead[next++];
        const errorsBefore = batchErrors.length;
        await examine(file, rootId, folderImages);
        progress.errors += batchErrors.length - errorsBefore;
        progress.filesDone++;
        filesRead++;
        if (batchExamined.length >= BATCH_SIZE) flush();
        report();
      }
    };
    await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
    flush();
    refreshAlbums(db, touchedAlbums);
    if (!cancelled() && touchedAlbums.length > 0) store.removeOrphanArtworks();
    if (!cancelled()) setSetting(db, COVER_PREFERENCE_APPLIED, coverPreference);

    // 4. Describe covers still missing a current descriptor (a version bump, or a scan without describing).
    if (describe && !cancelled()) {
      progress.phase = 'describing';
      describeStarted = performance.now();
      report(true);
      await describePending(db, pool, {
        signal: options.signal,
        log,
        onProgress: (done, total) => {
          progress.described = done;
          progress.toDescribe = total;
          report();
        },
      });
      // Covers added since `sleeve learn` get their learned vector too.
      refreshLearnedVectors(db);
    }

    // 5. Bring the similarity indexes up to date.
    if (options.indexDir && describe && !cancelled()) {
      progress.phase = 'indexing';
      report(true);
      const learned = currentLearnedKind(db);
      refreshIndexes(db, options.indexDir, log, learned ? [...DESCRIPTOR_KINDS, learned] : DESCRIPTOR_KINDS);
    }
  } finally {
    if (ownPool) await ownPool.close();
  }

  progress.phase = 'done';
  report(true);
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    tracks: count('SELECT count(*) FROM tracks'),
    albums: count('SELECT count(*) FROM albums'),
    artworks: count('SELECT count(*) FROM artworks'),
    errors: count('SELECT count(*) FROM errors'),
    seconds: (performance.now() - started) / 1000,
    cancelled: cancelled(),
    filesRead,
    bytesRead,
  };
}

function isFront(picture: IPicture): boolean {
  return typeof picture.type === 'string' && /front/i.test(picture.type);
}

function fileTitle(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
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

