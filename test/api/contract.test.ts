import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type HandlerTable } from '../../src/main/api/dispatch.js';
import { openApiService, type ApiService } from '../../src/main/api/service.js';
import { api, IPC_CHANNEL, type ApiErrorBody } from '../../src/shared/api.js';

let dir: string;
let service: ApiService;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sleeve-api-'));
  service = openApiService({ databasePath: join(dir, 'library.db'), mode: 'browser', log: () => {} });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

async function refused(method: string, args: unknown): Promise<ApiErrorBody> {
  const response = await service.call(method, args);
  if (response.ok) throw new Error(`${method} was accepted: ${JSON.stringify(response.result)}`);
  return response.error;
}

describe('requests are validated against the contract', () => {
  it('names an unknown method', async () => {
    expect(await refused('albums.delete', {})).toEqual({ code: 'unknown_method', message: 'Unknown API method "albums.delete".' });
    expect((await refused('__proto__', {})).code).toBe('unknown_method');
  });

  it('says which argument has the wrong type', async () => {
    const error = await refused('albums.get', { id: 'seven' });
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^Invalid arguments for albums\.get: id: .*expected number, received string/);
  });

  it('says when a required argument is missing', async () => {
    expect((await refused('albums.get', {})).message).toMatch(/id: .*expected number, received undefined/);
  });

  it('refuses arguments the method does not know', async () => {
    const error = await refused('albums.list', { search: 'x' });
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('"search"');
  });

  it('refuses out-of-range numbers and arguments that are not an object', async () => {
    expect((await refused('albums.list', { limit: 1_000_000 })).message).toMatch(/limit/);
    expect((await refused('albums.get', { id: -3 })).message).toMatch(/id/);
    expect((await refused('library.status', 42)).code).toBe('bad_request');
    expect((await refused('library.status', [1, 2])).code).toBe('bad_request');
  });

  it('wants absolute, existing folders', async () => {
    expect((await refused('library.roots.add', { path: 'Music' })).message).toMatch(/absolute/);
    const missing = await refused('library.roots.add', { path: join(dir, 'no-such-folder') });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toMatch(/There is no folder at .*no-such-folder/);
  });

  it('refuses a journey to the same album and an empty export', async () => {
    expect((await refused('playlists.journey', { fromAlbumId: 4, toAlbumId: 4 })).message).toMatch(/two different albums/);
    expect((await refused('playlists.export', { trackIds: [], path: join(dir, 'x.m3u8') })).message).toMatch(/the playlist is empty/);
    expect((await refused('playlists.export', { trackIds: [1], path: join(dir, 'x.m3u8'), format: 'wpl' })).message).toMatch(/format/);
  });

  it('checks settings: theme names, known descriptor kinds, a usable mix', async () => {
    expect((await refused('settings.set', { theme: 'purple' })).message).toMatch(/theme/);
    const unknown = await refused('settings.set', { descriptorWeights: { sparkle: 1 } });
    expect(unknown.message).toMatch(/Unknown descriptor kind "sparkle"/);
    expect((await refused('settings.set', { descriptorWeights: { gist: 0 } })).message).toMatch(/at least one kind/);
  });

  it('answers not_found for an album that is not in the library', async () => {
    expect(await refused('albums.get', { id: 12345 })).toMatchObject({ code: 'not_found', message: expect.stringMatching(/album 12345/) });
  });

  it('keeps native dialogs to the desktop app', async () => {
    expect((await refused('dialog.openFolder', {})).code).toBe('desktop_only');
  });

  it('refuses to scan a library without folders', async () => {
    expect((await refused('scan.start', {})).message).toMatch(/Add a music folder first/);
  });
});

describe('valid requests', () => {
  it('store settings and give them back, the mix normalised', async () => {
    const set = await service.call('settings.set', { theme: 'dark', descriptorWeights: { gist: 0.5, color: 0.25 } });
    expect(set.ok).toBe(true);
    const got = await service.call('settings.get', {});
    expect(got).toEqual({
      ok: true,
      result: { theme: 'dark', coverSource: 'embedded', exportRelative: true, descriptorWeights: { color: 1 / 3, gist: 2 / 3 } },
    });
  });

  it('answer with results that match the contract', async () => {
    for (const method of ['app.info', 'library.status', 'library.roots.list', 'scan.progress', 'settings.get', 'errors.list', 'albums.list', 'insights.get'] as const) {
      const response = await service.call(method, {});
      if (!response.ok) throw new Error(`${method}: ${response.error.message}`);
      expect(() => api[method].result.parse(response.result)).not.toThrow();
    }
  });
});

describe('dispatch', () => {
  it('turns a crashing handler into an internal error answer', async () => {
    const logged: string[] = [];
    const crashing = new Proxy({} as HandlerTable, {
      get: () => () => {
        throw new Error('disk on fire');
      },
    });
    const response = await dispatch(crashing, { desktop: false, log: (m) => logged.push(m), databasePath: join(dir, 'library.db') }, 'library.status', {});
    expect(response).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/^Something went wrong \(library\.status\): disk on fire\. Details are in .*sleeve-errors\.log\.$/) } });
    expect(logged.join('\n')).toContain('disk on fire');
    const logFile = /Details are in (.*)\.$/.exec((response as { error: { message: string } }).error.message)?.[1] as string;
    expect(readFileSync(logFile, 'utf8')).toMatch(/library\.status\nError: disk on fire\n\s+at /);
  });
});

describe('the Electron preload', () => {
  it('uses the contract’s IPC channel (it cannot import it: sandboxed preloads load no project files)', () => {
    const preload = readFileSync(new URL('../../src/main/electron/preload.cts', import.meta.url), 'utf8');
    expect(preload).toContain(`const IPC_CHANNEL = '${IPC_CHANNEL}';`);
  });
});
