import fs, { existsSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openWorkerService, type WorkerService } from '../../src/main/api/remote-service.js';
import type { DialogRequest } from '../../src/main/api/service-protocol.js';
import { startServer, type RunningServer } from '../../src/main/serve/server.js';
import { libraryLocation } from '../../src/main/store/paths.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const manifest = inject('testLibrary');
const tempDir = temporaryFolders();
const TOKEN = 'worker-service-test-token';

/**
 * Records every synchronous fs call made from Sleeve's own code on this
 * thread (the worker has its own fs module, untouched); returns the undo.
 */
function recordSyncFsCalls(calls: string[]): () => void {
  const patched = fs as unknown as Record<string, unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const name of Object.keys(fs)) {
    const original = patched[name];
    if (!name.endsWith('Sync') || typeof original !== 'function') continue;
    originals.set(name, original as (...args: unknown[]) => unknown);
    patched[name] = function (this: unknown, ...args: unknown[]) {
      const ours = new Error().stack?.split('\n').find((line) => line.includes('/src/main/'));
      if (ours) calls.push(`${name} ${ours.trim()}`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  syncBuiltinESMExports();
  return () => {
    for (const [name, original] of originals) patched[name] = original;
    syncBuiltinESMExports();
  };
}

describe('browser mode with the service in a worker thread', () => {
  let dbPath: string;
  let service: WorkerService;
  let server: RunningServer;
  const logged: string[] = [];
  const syncCalls: string[] = [];
  let stopRecording = () => {};

  beforeAll(async () => {
    dbPath = join(tempDir('sleeve-worker-service-'), 'library.db');
    stopRecording = recordSyncFsCalls(syncCalls);
    // The recorder sees Sleeve's own synchronous calls: this one must show.
    libraryLocation({ SLEEVE_DB: '' });
    expect(syncCalls.some((call) => call.startsWith('existsSync'))).toBe(true);
    syncCalls.length = 0;
    service = await openWorkerService({ databasePath: dbPath, mode: 'browser', log: (m) => logged.push(m), scanThreads: 1 });
    server = await startServer({ service, port: 0, staticDir: tempDir('sleeve-no-renderer-'), token: TOKEN });
  });

  afterAll(async () => {
    stopRecording();
    await server?.close();
    await service?.close();
  });

  async function post(method: string, args: unknown = {}): Promise<{ status: number; body: any }> {
    const response = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sleeve-Token': TOKEN },
      body: JSON.stringify(args),
    });
    return { status: response.status, body: await response.json() };
  }

  it('keeps answering app.info while a scan with descriptors runs, and the scan finishes', async () => {
    expect((await post('library.roots.add', { path: manifest.root })).status).toBe(200);
    const started = await post('scan.start');
    expect(started.body.result.running).toBe(true);
    let answeredDuringScan = 0;
    let running = true;
    while (running) {
      const info = await post('app.info');
      expect(info.body).toMatchObject({ ok: true, result: { databasePath: dbPath, mode: 'browser' } });
      const progress = await post('scan.progress');
      running = progress.body.result.running;
      if (running) answeredDuringScan++;
    }
    expect(answeredDuringScan).toBeGreaterThan(0);
    const status = await post('library.status');
    expect(status.body.result.tracks).toBe(manifest.tracks.length);
    expect((await post('albums.list', {})).body.result.total).toBe(status.body.result.albums);
  }, 180_000);

  it('streams a cover and a byte range of a track from this thread', async () => {
    const list: { artworkId: number | null; id: number }[] = (await post('albums.list', {})).body.result.items;
    const withCover = list.find((album) => album.artworkId !== null);
    expect(withCover).toBeDefined();
    const cover = await fetch(`http://127.0.0.1:${server.port}/media/cover/${withCover?.artworkId}?t=${TOKEN}`);
    expect(cover.status).toBe(200);
    expect(cover.headers.get('content-type')).toMatch(/^image\//);
    expect((await cover.arrayBuffer()).byteLength).toBeGreaterThan(0);

    const album = (await post('albums.get', { id: withCover?.id })).body.result;
    const trackId = album.tracks[0].id as number;
    const part = await fetch(`http://127.0.0.1:${server.port}/media/track/${trackId}?t=${TOKEN}`, { headers: { Range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });

  it("answers the service's errors as error answers, with their codes", async () => {
    const wrongType = await post('albums.get', { id: 'seven' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('bad_request');
    const missing = await post('albums.get', { id: 987654 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const unknown = await post('albums.delete', {});
    expect(unknown.body.error.code).toBe('unknown_method');
    expect((await fetch(`http://127.0.0.1:${server.port}/media/cover/987654?t=${TOKEN}`)).status).toBe(404);
  });

  it('made no synchronous file-system call on the thread that answers, through the scan, media and errors', () => {
    expect(syncCalls).toEqual([]);
  });
});

describe('the worker-hosted service', () => {
  it('closes the library and ends the worker when closed: later calls say it has stopped', async () => {
    const dbPath = join(tempDir('sleeve-worker-close-'), 'library.db');
    const service = await openWorkerService({ databasePath: dbPath, mode: 'browser', log: () => {} });
    expect((await service.call('library.roots.list', {})).ok).toBe(true);
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    await service.close();
    // SQLite removes the write-ahead log when the last connection closes.
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const after = await service.call('app.info', {});
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.error.code).toBe('unavailable');
    await service.close();
  });

  it('rejects with the reason when the library cannot be opened', async () => {
    const dbPath = join(tempDir('sleeve-worker-bad-'), 'library.db');
    writeFileSync(dbPath, 'this is not a database, only some text that is long enough to be read as a header'.repeat(20));
    await expect(openWorkerService({ databasePath: dbPath, mode: 'browser', log: () => {} })).rejects.toThrow(/not a database/i);
  });

  it('shows the native dialogs on the calling thread, for the caller that asked', async () => {
    const dbPath = join(tempDir('sleeve-worker-dialogs-'), 'library.db');
    const asked: [DialogRequest, number | undefined][] = [];
    const service = await openWorkerService({
      databasePath: dbPath,
      mode: 'desktop',
      log: () => {},
      dialogs: async (request, caller) => {
        asked.push([request, caller]);
        return request.dialog === 'openFolder' ? '/picked/folder' : null;
      },
    });
    try {
      expect(await service.call('dialog.openFolder', { title: 'Choose' }, 7)).toEqual({ ok: true, result: { path: '/picked/folder' } });
      expect(await service.call('dialog.saveFile', { format: 'm3u' }, 8)).toEqual({ ok: true, result: { path: null } });
      expect(asked).toEqual([
        [{ dialog: 'openFolder', title: 'Choose' }, 7],
        [{ dialog: 'saveFile', defaultName: undefined, extension: 'm3u' }, 8],
      ]);
    } finally {
      await service.close();
    }
  });
});
