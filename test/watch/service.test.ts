import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiService, type ApiService } from '../../src/main/api/service.js';
import { makeCover } from '../../src/main/demo/covers.js';
import { id3v2Tag } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';
import type { ApiMethod, ApiResult } from '../../src/shared/api.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const tempDir = temporaryFolders();
/**
 * Generous: a change waits for the scan before it (describing a new cover
 * included), which takes tens of seconds on a machine as busy as CI's. The
 * goal (a new album visible within 5 s) is for figures, not tests.
 */
const WAIT_MS = 60_000;

async function call<M extends ApiMethod>(service: ApiService, method: M, args: object = {}): Promise<ApiResult<M>> {
  const answer = await service.call(method, args);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.result as ApiResult<M>;
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('the library did not change in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function writeAlbum(root: string, artist: string, album: string, seed: number): Promise<void> {
  const folder = join(root, artist, album);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'cover.jpg'), await makeCover(seed, 'neon', 200));
  for (let i = 1; i <= 2; i++) writeFileSync(join(folder, `0${i}.mp3`), Buffer.concat([id3v2Tag({ title: `Song ${i}`, artist, album, track: i }), silentMp3(1)]));
}

describe('the library keeps itself current while the app runs', () => {
  let root: string;
  let service: ApiService;
  const titles = async () => (await call(service, 'albums.list', { limit: 100 })).items.map((a) => a.album).sort();

  beforeAll(async () => {
    root = tempDir('sleeve-serve-watch-');
    await writeAlbum(root, 'Owls', 'Signals', 1);
    service = openApiService({ databasePath: join(tempDir('sleeve-serve-watch-db-'), 'library.db'), mode: 'browser', log: () => {}, scanThreads: 1 });
    await call(service, 'library.roots.add', { path: root });
    service.scanIfLibrary();
    await eventually(async () => (await titles()).includes('Signals') && !(await call(service, 'scan.progress')).running);
    await eventually(async () => (await call(service, 'watch.get')).folders.length === 1);
  });
  afterAll(() => service.close());

  it('watches the music folder', async () => {
    expect(await call(service, 'watch.get')).toMatchObject({ enabled: true, folders: [{ root, mode: 'watching', reason: null }] });
  });

  it('shows a folder added, its cover described by the threads started as the folder came', async () => {
    await writeAlbum(root, 'Rust', 'Iron Age', 2);
    await eventually(async () => (await titles()).includes('Iron Age'));
    const added = (await call(service, 'albums.list', { query: 'Iron Age' })).items[0];
    const similar = await call(service, 'albums.similar', { id: added.id });
    expect(similar.map((a) => a.album.album)).toEqual(['Signals']);
  });

  it('reads a changed file again', async () => {
    const file = join(root, 'Rust', 'Iron Age', '02.mp3');
    writeFileSync(file, Buffer.concat([id3v2Tag({ title: 'Renamed Song', artist: 'Rust', album: 'Iron Age', track: 2 }), silentMp3(1)]));
    appendFileSync(file, Buffer.alloc(0));
    await eventually(async () => (await call(service, 'tracks.list', { limit: 100 })).items.some((t) => t.title === 'Renamed Song'));
  });

  it('keeps the tracks of a renamed folder', async () => {
    const before = (await call(service, 'tracks.list', { limit: 100 })).items.filter((t) => t.path.includes('/Owls/Signals/')).map((t) => t.id).sort();
    renameSync(join(root, 'Owls'), join(root, 'The Owls'));
    await eventually(async () => (await call(service, 'tracks.list', { limit: 100 })).items.some((t) => t.path.includes('/The Owls/Signals/')));
    const after = (await call(service, 'tracks.list', { limit: 100 })).items.filter((t) => t.path.includes('/The Owls/Signals/')).map((t) => t.id).sort();
    expect(after).toEqual(before);
  });

  it('forgets an album deleted', async () => {
    rmSync(join(root, 'Rust'), { recursive: true });
    await eventually(async () => !(await titles()).includes('Iron Age'));
    expect(await titles()).toEqual(['Signals']);
  });

  it('stops watching when the setting is turned off', async () => {
    const off = await call(service, 'watch.set', { enabled: false });
    expect(off).toMatchObject({ enabled: false, folders: [] });
    await writeAlbum(root, 'Pines', 'Needles', 3);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await titles()).toEqual(['Signals']);
    await call(service, 'watch.set', { enabled: true });
    await eventually(async () => (await titles()).includes('Needles'));
  });
});
