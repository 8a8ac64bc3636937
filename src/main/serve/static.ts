import { promises as fsp } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { textReply, type MediaReply } from '../api/media.js';

const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names the files under assets/ by their content hash: they can be cached forever. */
const HASHED_ASSETS = '/assets/';

/**
 * A file of the built renderer. The URL path is decoded once, must not hold
 * NUL or backslashes, and the resolved real path (symlinks followed) must lie
 * inside the renderer folder: `..`, encoded or not, cannot reach anything else.
 */
export async function staticReply(rootDir: string, rawPathname: string): Promise<MediaReply> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPathname);
  } catch {
    return textReply(400, 'Bad path.');
  }
  if (pathname.includes('\0') || pathname.includes('\\') || !pathname.startsWith('/')) return textReply(404, 'Not found.');
  const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
  let root: string;
  let file: string;
  try {
    root = await fsp.realpath(rootDir);
    file = await fsp.realpath(join(root, normalize(relative)));
  } catch {
    return textReply(404, 'Not found.');
  }
  if (!file.startsWith(root + sep)) return textReply(404, 'Not found.');
  const stat = await fsp.stat(file).catch(() => null);
  if (!stat?.isFile()) return textReply(404, 'Not found.');
  return {
    status: 200,
    headers: {
      'Content-Type': STATIC_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(stat.size),
      'Cache-Control': pathname.startsWith(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
    body: stat.size === 0 ? { kind: 'empty' } : { kind: 'file', path: file, start: 0, end: stat.size - 1 },
  };
}
