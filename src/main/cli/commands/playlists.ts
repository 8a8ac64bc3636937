import { parseArgs } from 'node:util';
import { UsageError, withService, type Command } from '../context.js';

/** `sleeve playlists [--json]`: the saved playlists, newest first. */
export const playlistsCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, allowPositionals: false, options: { json: { type: 'boolean', default: false } } });
  return withService(ctx, 'read', async (service) => {
    const saved = await service.call('playlists.saved.list', {});
    if (values.json) {
      ctx.stdout(`${JSON.stringify(saved)}\n`);
      return 0;
    }
    if (saved.length === 0) ctx.stdout('No saved playlists yet.\n');
    for (const p of saved) ctx.stdout(`${String(p.id).padStart(4)}  ${p.name}  (${p.tracks} tracks)${p.file ? `  → ${p.file}` : ''}\n`);
    return 0;
  });
};
