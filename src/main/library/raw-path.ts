/**
 * File paths as the bytes the file system gives. Node's string paths cannot
 * name a file whose name is not valid UTF-8, but every fs call accepts a
 * Buffer, so the scan keeps each path as bytes and shows a decoded copy.
 */
export type RawPath = Buffer;

const SEPARATOR = Buffer.from('/');

export function joinRaw(dir: RawPath, name: RawPath): RawPath {
  return dir.length > 0 && dir[dir.length - 1] === SEPARATOR[0] ? Buffer.concat([dir, name]) : Buffer.concat([dir, SEPARATOR, name]);
}

/** A readable path: invalid UTF-8 sequences become U+FFFD. */
export function displayPath(raw: RawPath): string {
  return raw.toString('utf8');
}

/** True when the path's bytes are valid UTF-8, so the string form opens the same file. */
export function isUtf8Path(raw: RawPath): boolean {
  return Buffer.from(raw.toString('utf8'), 'utf8').equals(raw);
}

export function parentRaw(raw: RawPath): RawPath {
  const at = raw.lastIndexOf(SEPARATOR[0]);
  return at <= 0 ? raw.subarray(0, at === 0 ? 1 : 0) : raw.subarray(0, at);
}

export function baseNameRaw(raw: RawPath): RawPath {
  return raw.subarray(raw.lastIndexOf(SEPARATOR[0]) + 1);
}
