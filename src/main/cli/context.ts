import { openDatabase, type Db } from '../store/db.js';
import { indexDirectory } from '../store/paths.js';

/** What every `sleeve` command gets: its output streams and where the library lives. */
export interface CliContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stderr is a terminal (progress bars are drawn only then). */
  readonly interactive: boolean;
  /** The library database path (--db, SLEEVE_DB, or the XDG default). */
  readonly dbPath: string;
}

/** A user-facing failure: printed as `sleeve: <message>` with a non-zero exit, no stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function openLibrary(ctx: CliContext): Db {
  return openDatabase(ctx.dbPath);
}

export function libraryIndexDir(ctx: CliContext): string {
  return indexDirectory(ctx.dbPath);
}

export type Command = (args: string[], ctx: CliContext) => Promise<number>;
