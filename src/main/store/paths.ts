import { existsSync, promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, posix, win32 } from 'node:path';

/** The database's file name, in every place Sleeve has kept it. */
const DATABASE_FILE = 'library.db';

/** Where the library is, and why there. */
export interface LibraryLocation {
  readonly path: string;
  /** 'override': SLEEVE_DB; 'standard': this OS's place; 'earlier': found where an earlier version kept it. */
  readonly source: 'override' | 'standard' | 'earlier';
  /** One line for the log when the choice needs saying (an earlier place, or two libraries); null otherwise. */
  readonly notice: string | null;
}

export interface LibraryPlaces {
  /** This OS's place for the library, shared by the command line and the app. */
  readonly standard: string;
  /** Where earlier versions kept it (the app in Electron's userData, the command line in ~/.local/share), other than the standard place. */
  readonly earlier: readonly string[];
}

function pathsFor(platform: NodeJS.Platform): typeof posix {
  return platform === 'win32' ? win32 : posix;
}

/** XDG base directories must be absolute; a relative value is ignored (XDG Base Directory Specification). */
function xdgDir(value: string | undefined, fallback: string): string {
  return value && posix.isAbsolute(value) ? value : fallback;
}

/**
 * The standard place per OS (Linux and other Unixes: $XDG_DATA_HOME/sleeve,
 * default ~/.local/share/sleeve; macOS: ~/Library/Application Support/Sleeve;
 * Windows: %APPDATA%\Sleeve) and the places earlier versions used.
 */
export function libraryPlaces(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): LibraryPlaces {
  const path = pathsFor(platform);
  const xdgData = xdgDir(env.XDG_DATA_HOME, path.join(home, '.local', 'share'));
  const cliBefore = path.join(xdgData, 'sleeve', DATABASE_FILE);
  let standard: string;
  let appData: string;
  if (platform === 'win32') {
    appData = env.APPDATA && win32.isAbsolute(env.APPDATA) ? env.APPDATA : win32.join(home, 'AppData', 'Roaming');
    standard = win32.join(appData, 'Sleeve', DATABASE_FILE);
  } else if (platform === 'darwin') {
    appData = posix.join(home, 'Library', 'Application Support');
    standard = posix.join(appData, 'Sleeve', DATABASE_FILE);
  } else {
    appData = xdgDir(env.XDG_CONFIG_HOME, posix.join(home, '.config'));
    standard = cliBefore;
  }
  // The app kept it in Electron's userData: the app's name under appData, "sleeve" in development and "Sleeve" when packaged.
  const appBefore = ['sleeve', 'Sleeve'].map((name) => path.join(appData, name, DATABASE_FILE));
  // macOS and Windows compare names without case by default: "sleeve" there is the standard place itself.
  const key = (p: string) => (platform === 'win32' || platform === 'darwin' ? p.toLowerCase() : p);
  const seen = new Set([key(standard)]);
  const earlier: string[] = [];
  for (const candidate of [...appBefore, cliBefore]) {
    if (seen.has(key(candidate))) continue;
    seen.add(key(candidate));
    earlier.push(candidate);
  }
  return { standard, earlier };
}

/**
 * The library to open when none is named: SLEEVE_DB, else the standard
 * place, else a library an earlier version left elsewhere (found and used,
 * never silently abandoned), else the standard place for a new one. `exists`
 * tells whether a database file is there (sync or pre-probed, so that this
 * stays pure and testable for every OS).
 */
export function resolveLibraryLocation(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
  exists: (path: string) => boolean,
): LibraryLocation {
  if (env.SLEEVE_DB) return { path: env.SLEEVE_DB, source: 'override', notice: null };
  const { standard, earlier } = libraryPlaces(platform, env, home);
  const found = earlier.filter((path) => exists(path));
  if (exists(standard)) {
    if (found.length === 0) return { path: standard, source: 'standard', notice: null };
    return {
      path: standard,
      source: 'standard',
      notice:
        `Using the library at ${standard}; an earlier version left another at ${found.join(' and ')}, which is kept as it was. ` +
        `To use that one instead, quit Sleeve and move it (with the files beside it) into ${dirname(standard)}, or set SLEEVE_DB to it.`,
    };
  }
  if (found.length === 0) return { path: standard, source: 'standard', notice: null };
  const [chosen, ...others] = found;
  const alsoThere = others.length > 0 ? ` Another library is at ${others.join(' and ')}; set SLEEVE_DB to use that one.` : '';
  return {
    path: chosen,
    source: 'earlier',
    notice:
      `Using the library at ${chosen}, where an earlier version of Sleeve kept it; the usual place is now ${standard} ` +
      `(to move it there, quit Sleeve and move it with the files beside it).${alsoThere}`,
  };
}

/** The library location on this computer, probing the disk synchronously (for the command line, before anything else runs). */
export function libraryLocation(env: NodeJS.ProcessEnv = process.env): LibraryLocation {
  return resolveLibraryLocation(process.platform, env, homedir(), existsSync);
}

/** The same, probing the disk without blocking (for the thread that answers the app's window). */
export async function findLibraryLocation(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): Promise<LibraryLocation> {
  const { standard, earlier } = libraryPlaces(platform, env, home);
  const present = new Set<string>();
  await Promise.all(
    [standard, ...earlier].map((path) =>
      fsp.access(path).then(
        () => present.add(path),
        () => undefined,
      ),
    ),
  );
  return resolveLibraryLocation(platform, env, home, (path) => present.has(path));
}

/** Where the library is when no --db is given: see libraryLocation. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return libraryLocation(env).path;
}

/** Index files sit beside the database. */
export function indexDirectory(databasePath: string): string {
  return dirname(databasePath);
}
