import { readFileSync } from 'node:fs';
import { defaultDatabasePath } from '../store/paths.js';
import { NewerDatabaseError } from '../store/db.js';
import { COMMANDS } from './commands/index.js';
import { UsageError, type CliContext } from './context.js';

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
    'The library database is $XDG_DATA_HOME/sleeve/library.db (default ~/.local/share/sleeve);',
    '--db PATH or SLEEVE_DB puts it elsewhere. Sleeve never writes into your music folders.',
    'Run `sleeve COMMAND --help` for a command\'s options.',
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
  try {
    const { db, rest } = globalOptions(argv);
    const [name, ...args] = rest;
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      io.stdout(help());
      return name === undefined ? 2 : 0;
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
    return await command(args, { ...io, dbPath: db ?? defaultDatabasePath() });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`sleeve: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof NewerDatabaseError) {
      io.stderr(`sleeve: ${error.message}\n`);
      return 3;
    }
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      io.stderr(`sleeve: ${(error as Error).message}\n`);
      return 2;
    }
    io.stderr(`sleeve: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

// `sleeve tracks | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  interactive: process.stderr.isTTY === true,
});
process.exitCode = code;
