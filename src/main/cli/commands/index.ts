import type { Command } from '../context.js';

export interface CommandEntry {
  readonly summary: string;
  readonly usage: string;
  readonly load: () => Promise<Command>;
}

/** Every `sleeve` command, loaded on demand so a quick command starts quickly. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  scan: {
    summary: 'scan music folders into the library (again: only what changed)',
    usage: 'sleeve scan [FOLDER…] [--json] [--no-describe] [--threads N] [-v]',
    load: async () => (await import('./scan.js')).scanCommand,
  },
  albums: {
    summary: 'list the albums',
    usage: 'sleeve albums [--json] [--search TEXT] [--sort artist|album|year|added]',
    load: async () => (await import('./library.js')).albumsCommand,
  },
  tracks: {
    summary: 'list the tracks',
    usage: 'sleeve tracks [--json]',
    load: async () => (await import('./library.js')).tracksCommand,
  },
  errors: {
    summary: 'list what could not be read',
    usage: 'sleeve errors [--json]',
    load: async () => (await import('./library.js')).errorsCommand,
  },
  status: {
    summary: 'what the library holds and where it is',
    usage: 'sleeve status [--json]',
    load: async () => (await import('./library.js')).statusCommand,
  },
};
