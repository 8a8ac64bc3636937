import { sep } from 'node:path';
import type { PlaylistEntry } from './m3u.js';

/**
 * XSPF version 1 (https://xspf.org/spec): each track's location is an
 * absolute file:// URI, with title, creator, album and duration in
 * milliseconds when known.
 */
export function formatXspf(entries: readonly PlaylistEntry[], title: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<playlist version="1" xmlns="http://xspf.org/ns/0/">',
    `  <title>${xmlText(title)}</title>`,
    '  <trackList>',
  ];
  for (const entry of entries) {
    lines.push('    <track>');
    lines.push(`      <location>${xmlText(fileUri(entry.path))}</location>`);
    lines.push(`      <title>${xmlText(entry.title)}</title>`);
    lines.push(`      <creator>${xmlText(entry.artist)}</creator>`);
    lines.push(`      <album>${xmlText(entry.album)}</album>`);
    if (entry.duration !== null) lines.push(`      <duration>${Math.round(entry.duration * 1000)}</duration>`);
    lines.push('    </track>');
  }
  lines.push('  </trackList>', '</playlist>');
  return `${lines.join('\n')}\n`;
}

/**
 * file:// URI of an absolute path (RFC 8089): each segment percent-encoded as
 * UTF-8 (encodeURIComponent keeps only RFC 3986 unreserved characters and a
 * few sub-delimiters, which are legal in a path), so '#', '?', '%', '[', ']'
 * and spaces never change the meaning. Windows drive letters stay as `/C:/`.
 */
export function fileUri(path: string): string {
  const slashed = sep === '\\' ? path.replace(/\\/g, '/') : path;
  const rooted = slashed.startsWith('/') ? slashed : `/${slashed}`;
  const encoded = rooted
    .split('/')
    .map((segment, i) => (i === 1 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
  return `file://${encoded}`;
}

/** Text content escaped for XML 1.0, dropping the control characters XML 1.0 cannot carry. */
function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
