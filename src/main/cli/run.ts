import { readFileSync } from 'node:fs';
import { defaultDatabasePath, libraryLocation } from '../api/location.js';
import { COMMANDS } from './commands/index.js';
import type { CliContext } from './context.js';
import { CliCallError, UsageError } from './errors.js';
import { EXIT_CODE_HELP, EXIT_CODES } from './exit-codes.js';
import { cliHint } from './hints.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const lines = [
    'Sleeve: sounds-like-it-looks playlists from the album art in your music library.',
    '',
    'Usage: sleeve [--db PATH] COMMAND [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    '',
    'The library is shared with the desktop app: on Linux $XDG_DATA_HOME/sleeve/library.db (default',
    '~/.local/share/sleeve), on macOS ~/Library/Application Support/Sleeve, on Windows %APPDATA%\\Sleeve;',
    '--db PATH or SLEEVE_DB puts it elsewhere. Sleeve never writes into your music folders.',
    'Run `sleeve COMMAND --help` for a command\'s options.',
    '',
    ...EXIT_CODE_HELP,
  ];
  return `${lines.join('\n')}\n`;
}

/** Splits off the global options (--db) wherever they stand, so `sleeve scan --db x` works too. */
function globalOptions(argv: string[]): { db?: string; rest: string[] } {
  const rest: string[] = [];
  let db: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--db') {
      db = argv[++i];
      if (db === undefined) throw new UsageError('--db needs a path');
    } else if (arg.startsWith('--db=')) db = arg.slice(5);
    else rest.push(arg);
  }
  return { db, rest };
}

export async function runCli(argv: string[], io: Pick<CliContext, 'stdout' | 'stderr' | 'interactive'>): Promise<number> {
  let dbPath: string | undefined;
  try {
    const { db, rest } = globalOptions(argv);
    const [name, ...args] = rest;
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      io.stdout(help());
      return name === undefined ? EXIT_CODES.usage : 0;
    }
    if (name === '--version' || name === '-V') {
      io.stdout(`${version()}\n`);
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) throw new UsageError(`unknown command "${name}". Run \`sleeve --help\` for the list.`);
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(`${entry.summary}\n\nUsage: ${entry.usage}\n`);
      return 0;
    }
    const command = await entry.load();
    dbPath = db ?? defaultLibrary(io);
    return await command(args, { ...io, dbPath });
  } catch (error) {
    return await reportFailure(error, io, dbPath);
  }
}

/** This OS's library, or one an earlier version left elsewhere: then a line says which is used and what to do. */
function defaultLibrary(io: Pick<CliContext, 'stderr'>): string {
  const location = libraryLocation();
  if (location.notice) io.stderr(`sleeve: ${location.notice}\n`);
  return location.path;
}

/** One sentence on stderr (with the CLI's hint), the exit status for its kind; an unexpected error's stack goes to a log file. */
async function reportFailure(error: unknown, io: Pick<CliContext, 'stderr'>, dbPath: string | undefined): Promise<number> {
  if (error instanceof UsageError) {
    io.stderr(`sleeve: ${error.message}\n`);
    return EXIT_CODES.usage;
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    io.stderr(`sleeve: ${(error as Error).message}\n`);
    return EXIT_CODES.usage;
  }
  // Loaded only on failure: naming a library error brings SQLite, which `sleeve --version` does not need.
  const [{ errorBody }, { logUnexpectedError }] = await Promise.all([import('../api/error-body.js'), import('../api/error-log.js')]);
  const known = errorBody(error, dbPath ?? defaultDatabasePath());
  if (known && known.code !== 'internal') {
    const hint = cliHint(error instanceof CliCallError ? error.method : undefined, known.code, known.message);
    io.stderr(`sleeve: ${known.message}${hint ? ` (${hint})` : ''}\n`);
    return EXIT_CODES[known.code];
  }
  const message = error instanceof Error ? error.message : String(error);
  const log = logUnexpectedError(dbPath ?? defaultDatabasePath(), error, `sleeve ${process.argv.slice(2).join(' ')}`);
  io.stderr(`sleeve: unexpected error: ${message}${log ? ` (details in ${log})` : ''}\n`);
  return EXIT_CODES.internal;
}
