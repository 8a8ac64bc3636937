import { parseArgs } from 'node:util';
import { AlbumSort } from '../../../shared/api-entities.js';
import { LIMITS } from '../../../shared/api.js';
import { UsageError, withService, type CliService, type Command } from '../context.js';

const jsonOnly = (args: string[]) =>
  parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: false }).values.json;

function duration(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Every item of a paged list, a page of the contract's largest size at a time. */
async function allPages<T>(fetch: (offset: number, limit: number) => Promise<{ total: number; items: T[] }>): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await fetch(items.length, LIMITS.page);
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

export const albumsCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, search: { type: 'string' }, sort: { type: 'string', default: 'artist' } },
  });
  const sort = AlbumSort.safeParse(values.sort);
  if (!sort.success) throw new UsageError(`--sort must be ${AlbumSort.options.join(', ')} (got "${values.sort}")`);
  return withService(ctx, 'read', async (service: CliService) => {
    const albums = await allPages((offset, limit) => service.call('albums.list', { query: values.search ?? '', sort: sort.data, offset, limit }));
    if (values.json) {
      const out = albums.map(({ id, artist, album, year, genre, compilation, tracks, cover }) => ({ id, artist, album, year, genre, compilation, tracks, cover }));
      ctx.stdout(`${JSON.stringify(out)}\n`);
    } else {
      for (const a of albums) {
        const cover = a.cover ? `${a.cover.format} ${a.cover.width}×${a.cover.height} (${a.cover.source})` : 'no cover';
        ctx.stdout(`${String(a.id).padStart(5)}  ${a.artist} — ${a.album}  [${a.tracks} tracks, ${cover}]\n`);
      }
    }
    return 0;
  });
};

export const tracksCommand: Command = async (args, ctx) => {
  const json = jsonOnly(args);
  return withService(ctx, 'read', async (service) => {
    const tracks = await allPages((offset, limit) => service.call('tracks.list', { offset, limit }));
    if (json) ctx.stdout(`${JSON.stringify(tracks)}\n`);
    else for (const t of tracks) ctx.stdout(`${t.artist ?? '?'} — ${t.title} (${duration(t.duration)})  ${t.path}\n`);
    return 0;
  });
};

export const errorsCommand: Command = async (args, ctx) => {
  const json = jsonOnly(args);
  return withService(ctx, 'read', async (service) => {
    const errors = (await allPages((offset, limit) => service.call('errors.list', { offset, limit }))).map(({ path, reason }) => ({ path, reason }));
    if (json) ctx.stdout(`${JSON.stringify(errors)}\n`);
    else if (errors.length === 0) ctx.stdout('No errors.\n');
    else for (const e of errors) ctx.stdout(`${e.path}\n    ${e.reason}\n`);
    return 0;
  });
};

export const statusCommand: Command = async (args, ctx) => {
  const json = jsonOnly(args);
  return withService(ctx, 'read', async (service) => {
    const s = await service.call('library.status', {});
    const lastScan = s.lastScan === null ? null : new Date(s.lastScan).toISOString();
    if (json) {
      ctx.stdout(
        `${JSON.stringify({
          database: s.databasePath,
          roots: s.rootPaths,
          tracks: s.tracks,
          albums: s.albums,
          artworks: s.artworks,
          errors: s.errors,
          descriptors: s.descriptors,
          lastScan,
          scanningElsewhere: s.scanningElsewhere,
        })}\n`,
      );
      return 0;
    }
    ctx.stdout(`Library: ${s.databasePath}\n`);
    ctx.stdout(`Music folders: ${s.rootPaths.length > 0 ? s.rootPaths.join(', ') : 'none yet'}\n`);
    ctx.stdout(`${s.tracks} tracks, ${s.albums} albums, ${s.artworks} covers, ${s.errors} errors\n`);
    for (const d of s.descriptors) ctx.stdout(`  ${d.kind} v${d.version}: ${d.count} covers described\n`);
    if (lastScan) ctx.stdout(`Last scan: ${lastScan}\n`);
    if (s.scanningElsewhere) {
      ctx.stdout(`A scan is running now (process ${s.scanningElsewhere.pid} on ${s.scanningElsewhere.host}, since ${new Date(s.scanningElsewhere.since).toISOString()}).\n`);
    }
    return 0;
  });
};
