import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiService, type ApiService } from '../../src/main/api/service.js';
import type { ApiMethod, ApiResult } from '../../src/shared/api.js';
import type { Library } from '../playlists/fixture.js';
import { familyCovers, familyLibrary } from './families.js';

async function call<M extends ApiMethod>(service: ApiService, method: M, args: object = {}): Promise<ApiResult<M>> {
  const answer = await service.call(method, args);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.result as ApiResult<M>;
}

async function settledMap(service: ApiService, args: object = {}): Promise<ApiResult<'atlas.get'>> {
  for (;;) {
    const state = await call(service, 'atlas.get', args);
    if (!state.running) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the atlas and saved playlists through the API', () => {
  let library: Library;
  let service: ApiService;

  beforeAll(async () => {
    library = await familyLibrary(familyCovers(6, 1, ['ocean', 'neon', 'mono', 'pastel']));
    library.db.close();
    service = openApiService({ databasePath: library.dbPath, mode: 'browser', log: () => {} });
  });
  afterAll(async () => {
    await service.close();
    library.close();
  });

  it('lays the map out in the background on first asking, then answers with it', async () => {
    const first = await call(service, 'atlas.get');
    expect(first.running).toBe(true);
    const state = await settledMap(service);
    expect(state.error).toBeNull();
    expect(state.map?.points).toHaveLength(24);
    expect(state.map?.mix).toBe('color:0.3,gist:0.7');
    const again = await call(service, 'atlas.get');
    expect(again.running).toBe(false);
    expect(again.map?.points).toEqual(state.map?.points);
  });

  it('lays out again with another seed when asked', async () => {
    const before = (await settledMap(service)).map!;
    const started = await call(service, 'atlas.relayout', { seed: 9 });
    expect(started.running).toBe(true);
    const after = (await settledMap(service)).map!;
    expect(after.seed).toBe(9);
    expect(after.points.map((p) => [p.x, p.y])).not.toEqual(before.points.map((p) => [p.x, p.y]));
  });

  it('refuses an unknown kind in the mix with a clear error', async () => {
    const answer = await service.call('atlas.get', { mix: { nosuch: 1 } });
    const state = answer.ok ? await settledMap(service, { mix: { nosuch: 1 } }) : null;
    expect(state?.error ?? (answer.ok ? null : answer.error.message)).toMatch(/Unknown descriptor kind "nosuch"/);
  });

  it('saves a playlist into the playlist folder, lists it, rebuilds it with the same seed, and forgets it with its file', async () => {
    const folder = join(library.dir, 'playlists');
    mkdirSync(folder);
    await call(service, 'playlists.folder.set', { path: folder });
    const built = await call(service, 'playlists.build', { albumId: library.ids[0], length: 6, seed: 5 });
    const suggestion = await call(service, 'playlists.folder.get', { title: `Looks like ${built.seeds[0].label}` });
    expect(suggestion).toEqual({ path: folder, suggested: join(folder, `Looks like ${built.seeds[0].label.replace('/', ' ')}.m3u8`) });
    const saved = await call(service, 'playlists.saved.save', {
      name: 'Looks like the sea',
      recipe: { method: 'playlists.build', args: { albumId: library.ids[0], length: 6, seed: built.seed } },
      trackIds: built.tracks.map((t) => t.trackId),
      write: { format: 'm3u8' },
    });
    expect(saved.file).toBe(join(folder, 'Looks like the sea.m3u8'));
    expect(readFileSync(saved.file!, 'utf8')).toContain('#EXTM3U');
    expect((await call(service, 'playlists.saved.list')).map((p) => p.name)).toEqual(['Looks like the sea']);
    const rebuilt = await call(service, 'playlists.saved.rebuild', { id: saved.id });
    expect(rebuilt.items.map((t) => t.trackId)).toEqual(built.tracks.map((t) => t.trackId));
    const conflict = await service.call('playlists.saved.write', { id: saved.id });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(service, 'playlists.saved.delete', { id: saved.id, deleteFile: true })).toEqual({ removedFile: saved.file });
    expect(await call(service, 'playlists.saved.list')).toEqual([]);
  });
});
