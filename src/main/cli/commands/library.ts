import { parseArgs } from 'node:util';
import { libraryStatus, listAlbums, listErrors, listTracks, type AlbumSort } from '../../store/queries.js';
import { openLibrary, UsageError, type Command } from '../context.js';

const jsonOnly = (args: string[]) =>
  parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: false }).values.json;

function duration(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const albumsCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, search: { type: 'string' }, sort: { type: 'string', default: 'artist' } },
  });
  if (!['artist', 'album', 'year', 'added'].includes(values.sort as string)) {
    throw new UsageError(`--sort must be artist, album, year or added (got "${values.sort}")`);
  }
  const db = openLibrary(ctx);
  try {
    const { albums } = listAlbums(db, { search: values.search, sort: values.sort as AlbumSort });
    if (values.json) {
      const out = albums.map((a) => ({
        id: a.id,
        artist: a.artist,
        album: a.album,
        year: a.year,
        genre: a.genre,
        compilation: a.compilation,
        tracks: a.tracks,
        cover: a.cover && { sha256: a.cover.sha256, source: a.cover.source, format: a.cover.format, width: a.cover.width, height: a.cover.height },
      }));
      ctx.stdout(`${JSON.stringify(out)}\n`);
    } else {
      for (const a of albums) {
        const cover = a.cover ? `${a.cover.format} ${a.cover.width}×${a.cover.height} (${a.cover.source})` : 'no cover';
        ctx.stdout(`${String(a.id).padStart(5)}  ${a.artist} — ${a.album}  [${a.tracks} tracks, ${cover}]\n`);
      }
    }
    return 0;
  } finally {
    db.close();
  }
};

export const tracksCommand: Command = async (args, ctx) => {
  const json = jsonOnly(args);
  const db = openLibrary(ctx);
  try {
    const tracks = listTracks(db);
    if (json) {
      const out = tracks.map((t) => ({
        id: t.id,
        path: t.path,
        albumId: t.albumId,
        title: t.title,
        artist: t.artist,
        album: t.album,
        trackNo: t.trackNo,
        discNo: t.discNo,
        duration: t.duration,
        artwork: t.artwork,
        artworkSource: t.artworkSource,
      }));
      ctx.stdout(`${JSON.stringify(out)}\n`);
    } else {
      for (const t of tracks) ctx.stdout(`${t.artist ?? '?'} — ${t.title} (${duration(t.duration)})  ${t.path}\n`);
    }
    return 0;
  } finally {
    db.close();
  }
};

export const errorsCommand: Command = async (args, ctx) => {
  const json = jsonOnly(args);
  const db = openLibrary(ctx);
  try {
    const errors = listErrors(db);
    if (json) ctx.stdout(`${JSON.stringify(errors)}\n`);
    else if (errors.length === 0) ctx.stdout('No errors.\n');
    else for (const e of errors) ctx.stdout(`${e.path}\n    ${e.reason}\n`);
    return 0;
  } finally {
    db.close();
  }
};

export const statusCommand: Command = async (args, ctx) => {
  const json = jsonOnly(args);
  const db = openLibrary(ctx);
  try {
    const s = libraryStatus(db, ctx.dbPath);
    if (json) ctx.stdout(`${JSON.stringify(s)}\n`);
    else {
      ctx.stdout(`Library: ${s.database}\n`);
      ctx.stdout(`Music folders: ${s.roots.length > 0 ? s.roots.join(', ') : 'none yet'}\n`);
      ctx.stdout(`${s.tracks} tracks, ${s.albums} albums, ${s.artworks} covers, ${s.errors} errors\n`);
      for (const d of s.descriptors) ctx.stdout(`  ${d.kind} v${d.version}: ${d.count} covers described\n`);
      if (s.lastScan) ctx.stdout(`Last scan: ${s.lastScan}\n`);
    }
    return 0;
  } finally {
    db.close();
  }
};
