import { homedir } from 'node:os';
import { join, dirname } from 'node:path';

/**
 * Where the CLI keeps its library: --db, else SLEEVE_DB, else
 * $XDG_DATA_HOME/sleeve/library.db (default ~/.local/share/sleeve).
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SLEEVE_DB) return env.SLEEVE_DB;
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.length > 0 ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(dataHome, 'sleeve', 'library.db');
}

/** Index files sit beside the database. */
export function indexDirectory(databasePath: string): string {
  return dirname(databasePath);
}
