import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLibraryLocation, libraryPlaces, resolveLibraryLocation } from '../../src/main/store/paths.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/** A disk that holds exactly these database files. */
const holding =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

const LINUX_HOME = '/home/ana';
const MAC_HOME = '/Users/ana';
const WIN_HOME = 'C:\\Users\\ana';
const WIN_ENV = { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' };

describe('the standard library place per OS', () => {
  it('is $XDG_DATA_HOME/sleeve on Linux, ~/.local/share/sleeve by default', () => {
    expect(resolveLibraryLocation('linux', {}, LINUX_HOME, holding()).path).toBe('/home/ana/.local/share/sleeve/library.db');
    expect(resolveLibraryLocation('linux', { XDG_DATA_HOME: '/data' }, LINUX_HOME, holding()).path).toBe('/data/sleeve/library.db');
    // The XDG spec says a relative value is to be ignored.
    expect(resolveLibraryLocation('linux', { XDG_DATA_HOME: 'data' }, LINUX_HOME, holding()).path).toBe('/home/ana/.local/share/sleeve/library.db');
  });

  it('is ~/Library/Application Support/Sleeve on macOS', () => {
    const location = resolveLibraryLocation('darwin', {}, MAC_HOME, holding());
    expect(location).toEqual({ path: '/Users/ana/Library/Application Support/Sleeve/library.db', source: 'standard', notice: null });
  });

  it('is %APPDATA%\\Sleeve on Windows (AppData\\Roaming when APPDATA is unset)', () => {
    expect(resolveLibraryLocation('win32', WIN_ENV, WIN_HOME, holding()).path).toBe('C:\\Users\\ana\\AppData\\Roaming\\Sleeve\\library.db');
    expect(resolveLibraryLocation('win32', {}, WIN_HOME, holding()).path).toBe('C:\\Users\\ana\\AppData\\Roaming\\Sleeve\\library.db');
  });

  it('gives way to SLEEVE_DB on every OS, whatever exists elsewhere', () => {
    for (const [platform, home] of [['linux', LINUX_HOME], ['darwin', MAC_HOME], ['win32', WIN_HOME]] as const) {
      const anywhere = () => true;
      expect(resolveLibraryLocation(platform, { SLEEVE_DB: '/elsewhere/x.db' }, home, anywhere)).toEqual({
        path: '/elsewhere/x.db',
        source: 'override',
        notice: null,
      });
    }
  });
});

describe('a library left where an earlier version kept it', () => {
  it("is used on Linux when only the desktop app's old folder (~/.config/sleeve) holds one, and the log line says where", () => {
    const old = '/home/ana/.config/sleeve/library.db';
    const location = resolveLibraryLocation('linux', {}, LINUX_HOME, holding(old));
    expect(location.path).toBe(old);
    expect(location.source).toBe('earlier');
    expect(location.notice).toContain(old);
    expect(location.notice).toContain('/home/ana/.local/share/sleeve/library.db');
  });

  it("follows XDG_CONFIG_HOME for the app's old folder, and finds the packaged app's capitalised name", () => {
    const old = '/cfg/Sleeve/library.db';
    expect(resolveLibraryLocation('linux', { XDG_CONFIG_HOME: '/cfg' }, LINUX_HOME, holding(old)).path).toBe(old);
  });

  it("is used on macOS and Windows when only the command line's old ~/.local/share/sleeve holds one", () => {
    const macOld = '/Users/ana/.local/share/sleeve/library.db';
    expect(resolveLibraryLocation('darwin', {}, MAC_HOME, holding(macOld)).path).toBe(macOld);
    const winOld = 'C:\\Users\\ana\\.local\\share\\sleeve\\library.db';
    expect(resolveLibraryLocation('win32', WIN_ENV, WIN_HOME, holding(winOld)).path).toBe(winOld);
  });

  it('is not listed twice on macOS and Windows, where the app\'s old "sleeve" folder is the new "Sleeve" one', () => {
    expect(libraryPlaces('darwin', {}, MAC_HOME).earlier).toEqual(['/Users/ana/.local/share/sleeve/library.db']);
    expect(libraryPlaces('win32', WIN_ENV, WIN_HOME).earlier).toEqual(['C:\\Users\\ana\\.local\\share\\sleeve\\library.db']);
    expect(libraryPlaces('linux', {}, LINUX_HOME).earlier).toEqual(['/home/ana/.config/sleeve/library.db', '/home/ana/.config/Sleeve/library.db']);
  });

  it('loses to a library in the standard place, and the log line names both and what to do', () => {
    const standard = '/home/ana/.local/share/sleeve/library.db';
    const old = '/home/ana/.config/sleeve/library.db';
    const location = resolveLibraryLocation('linux', {}, LINUX_HOME, holding(standard, old));
    expect(location.path).toBe(standard);
    expect(location.source).toBe('standard');
    expect(location.notice).toContain(old);
    expect(location.notice).toMatch(/move it/);
    expect(location.notice).toMatch(/SLEEVE_DB/);
  });

  it('says where the other one is when two earlier places hold a library', () => {
    const development = '/home/ana/.config/sleeve/library.db';
    const packaged = '/home/ana/.config/Sleeve/library.db';
    const location = resolveLibraryLocation('linux', {}, LINUX_HOME, holding(packaged, development));
    expect(location.path).toBe(development);
    expect(location.notice).toContain(packaged);
  });
});

describe('on this computer', () => {
  const tempDir = temporaryFolders();

  it('finds a real database file left in the old app folder, probing the disk with or without blocking', async () => {
    const home = tempDir('sleeve-home-');
    const old = join(home, '.config', 'sleeve', 'library.db');
    mkdirSync(join(home, '.config', 'sleeve'), { recursive: true });
    writeFileSync(old, '');
    expect(resolveLibraryLocation('linux', {}, home, existsSync).path).toBe(old);
    expect((await findLibraryLocation('linux', {}, home)).path).toBe(old);
    const standard = join(home, '.local', 'share', 'sleeve', 'library.db');
    mkdirSync(join(home, '.local', 'share', 'sleeve'), { recursive: true });
    writeFileSync(standard, '');
    const both = await findLibraryLocation('linux', {}, home);
    expect(both.path).toBe(standard);
    expect(both.notice).toContain(old);
  });
});
