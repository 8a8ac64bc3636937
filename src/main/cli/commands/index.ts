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
    usage: 'sleeve scan [FOLDER…] [--json] [--no-describe] [--threads N] [-v] [--watch]',
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
  demo: {
    summary: 'make a sample library, scan it and open it in the browser',
    usage: 'sleeve demo [--dir DIR] [--albums N] [--port N] [--open] [--no-serve]',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  serve: {
    summary: 'the app in a browser, on 127.0.0.1 with a per-run token',
    usage: 'sleeve serve [--port N] [--db PATH] [--open]',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  describe: {
    summary: 'describe image files as a scan would (tiny, gist, color or neural)',
    usage: 'sleeve describe IMAGE… --kind tiny|gist|color|neural [--json] [--raw-size]',
    load: async () => (await import('./describe.js')).describeCommand,
  },
  similar: {
    summary: 'albums whose covers look most like an album (or any image)',
    usage: 'sleeve similar ALBUM [--kind neural|gist|color|tiny|learned|gist:0.7,color:0.3] [-k 20] [--json]',
    load: async () => (await import('./similar.js')).similarCommand,
  },
  playlist: {
    summary: 'write a sounds-like-it-looks playlist, or a journey from one album to another',
    usage: [
      'sleeve playlist --seed ALBUM [--seed ALBUM…] (--length N | --minutes M) --out FILE.m3u8|.m3u|.xspf',
      '       sleeve playlist --from ALBUM --to ALBUM --length N --out FILE',
      'Options: --kind KIND|MIX  --tracks-per-album N  --whole-albums  --no-seed-tracks  --max-per-artist N',
      '         --exclude-seed-artist  --lambda 0..1 (1 = closest covers, lower = more variety)',
      '         --random-seed N  --absolute  --force  --json',
    ].join('\n'),
    load: async () => (await import('./playlist.js')).playlistCommand,
  },
  atlas: {
    summary: "the map of the library's covers (x, y in [0, 1]), or a poster of it",
    usage: 'sleeve atlas [--kind KIND|MIX] [--json] [--png FILE.png [--size 4096] [--force]] [--relayout [--random-seed N]]',
    load: async () => (await import('./atlas.js')).atlasCommand,
  },
  playlists: {
    summary: 'the saved playlists',
    usage: 'sleeve playlists [--json]',
    load: async () => (await import('./playlists.js')).playlistsCommand,
  },
  eval: {
    summary: 'how well cover similarity predicts a shared label (AUC)',
    usage: 'sleeve eval --label genre|artist|decade [--json] | sleeve eval --images DIR --labels labels.csv [--label genre|look] [--json]',
    load: async () => (await import('./eval.js')).evalCommand,
  },
  learn: {
    summary: "fit the 'learned' descriptor kind to the library's own labels",
    usage: 'sleeve learn --label genre|artist|decade',
    load: async () => (await import('./learn.js')).learnCommand,
  },
};
