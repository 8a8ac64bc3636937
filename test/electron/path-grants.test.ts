import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DROPPED_PATH_CHANNEL, PathGrants, refuseUngrantedPath } from '../../src/main/electron/path-grants.js';

const WINDOW = 1;
const OTHER_WINDOW = 2;

function refusal(grants: PathGrants, windowId: number, method: string, args: unknown) {
  return refuseUngrantedPath(method, args, (kind, path) => grants.allows(windowId, kind, path));
}

describe('paths the user picked, per window', () => {
  it('lets a folder picked in the folder dialog become a music folder, in that window only', () => {
    const grants = new PathGrants();
    grants.grant(WINDOW, 'folder', '/home/ana/Music');
    expect(refusal(grants, WINDOW, 'library.roots.add', { path: '/home/ana/Music' })).toBeNull();
    expect(refusal(grants, OTHER_WINDOW, 'library.roots.add', { path: '/home/ana/Music' })?.ok).toBe(false);
  });

  it('refuses a music folder the user never picked, with a sentence for a person', () => {
    const grants = new PathGrants();
    grants.grant(WINDOW, 'folder', '/home/ana/Music');
    const refused = refusal(grants, WINDOW, 'library.roots.add', { path: '/etc' });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'Sleeve adds a music folder only when you choose it in the folder dialog or drop it on the window.' },
    });
  });

  it('saves a playlist only to the file chosen in the save dialog, not to a picked folder', () => {
    const grants = new PathGrants();
    grants.grant(WINDOW, 'saveTarget', '/home/ana/Documents/Mix.m3u8');
    grants.grant(WINDOW, 'folder', '/home/ana/Music');
    const args = { trackIds: [1], format: 'm3u8', path: '/home/ana/Documents/Mix.m3u8' };
    expect(refusal(grants, WINDOW, 'playlists.export', args)).toBeNull();
    const elsewhere = refusal(grants, WINDOW, 'playlists.export', { ...args, path: '/home/ana/.bashrc' });
    expect(elsewhere?.ok === false && elsewhere.error).toEqual({ code: 'unauthorized', message: 'Sleeve saves a playlist only where you chose in the save dialog.' });
    expect(refusal(grants, WINDOW, 'playlists.export', { ...args, path: '/home/ana/Music' })?.ok).toBe(false);
    // A picked save target is no music folder either.
    expect(refusal(grants, WINDOW, 'library.roots.add', { path: '/home/ana/Documents/Mix.m3u8' })?.ok).toBe(false);
  });

  it('compares paths as the same place however they are written', () => {
    const grants = new PathGrants();
    grants.grant(WINDOW, 'folder', '/home/ana/Music/');
    expect(refusal(grants, WINDOW, 'library.roots.add', { path: '/home/ana/./Music' })).toBeNull();
    expect(refusal(grants, WINDOW, 'library.roots.add', { path: '/home/ana/Music/../Music2' })?.ok).toBe(false);
  });

  it('leaves other methods, and requests without a path, to the service', () => {
    const grants = new PathGrants();
    expect(refusal(grants, WINDOW, 'albums.list', { path: '/etc' })).toBeNull();
    expect(refusal(grants, WINDOW, 'library.roots.add', {})).toBeNull();
    expect(refusal(grants, WINDOW, 'library.roots.add', null)).toBeNull();
    expect(refusal(grants, WINDOW, 'toString', { path: '/etc' })).toBeNull();
  });

  it('forgets a closed window, and keeps only the most recent picks', () => {
    const grants = new PathGrants();
    grants.grant(WINDOW, 'folder', '/music/first');
    for (let i = 0; i < 100; i++) grants.grant(WINDOW, 'folder', `/music/${i}`);
    expect(grants.allows(WINDOW, 'folder', '/music/99')).toBe(true);
    expect(grants.allows(WINDOW, 'folder', '/music/first')).toBe(false);
    grants.forget(WINDOW);
    expect(grants.allows(WINDOW, 'folder', '/music/99')).toBe(false);
  });
});

describe('the preload', () => {
  const preload = readFileSync(new URL('../../src/main/electron/preload.cts', import.meta.url), 'utf8');

  it('reports dropped paths on the channel the main process listens to', () => {
    expect(preload).toContain(`const DROPPED_PATH_CHANNEL = '${DROPPED_PATH_CHANNEL}';`);
    expect(preload).toMatch(/ipcRenderer\.send\(DROPPED_PATH_CHANNEL, path\)/);
  });
});
