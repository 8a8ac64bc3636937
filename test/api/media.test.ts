import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverReply, openReplyFile, parseRange, trackReply, type MediaReply } from '../../src/main/api/media.js';
import { id3v2Tag } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';
import { scanLibrary } from '../../src/main/library/scan.js';
import { staticReply } from '../../src/main/serve/static.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';

let dir: string;
let db: Db;
let trackId: number;
const SIZE = 1000;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sleeve-media-'));
  db = openDatabase(join(dir, 'library.db'));
  const audio = join(dir, 'song.mp3');
  writeFileSync(audio, Buffer.from(Array.from({ length: SIZE }, (_, i) => i % 256)));
  const st = statSync(audio);
  trackId = Number(
    db
      .prepare('INSERT INTO tracks (path_raw, path, size, mtime_ms, dev, ino, title, scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
      .run(Buffer.from(audio), audio, SIZE, st.mtimeMs, st.dev, st.ino, 'Song').lastInsertRowid,
  );
  db.prepare(
    `INSERT INTO artworks (sha256, format, width, height, bytes, source, origin_path, created_at) VALUES ('a', 'png', 1, 1, 1, 'folder', ?, 0)`,
  ).run(Buffer.from(audio));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'export {}');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Range headers', () => {
  it('reads the three forms of one byte range', () => {
    expect(parseRange('bytes=0-99', SIZE)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', SIZE)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-10', SIZE)).toEqual({ start: 990, end: 999 });
    expect(parseRange('bytes=990-5000', SIZE)).toEqual({ start: 990, end: 999 });
  });

  it('sends everything for what it does not handle, and refuses ranges past the end', () => {
    expect(parseRange(undefined, SIZE)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', SIZE)).toBeNull();
    expect(parseRange('items=0-1', SIZE)).toBeNull();
    expect(parseRange('bytes=50-10', SIZE)).toBeNull();
    expect(parseRange('bytes=1000-', SIZE)).toBe('unsatisfiable');
  });
});

describe('track audio', () => {
  it('is sent whole with Accept-Ranges, or in part with 206 and Content-Range so seeking works', async () => {
    const whole = await trackReply(db, String(trackId), undefined);
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({ 'Accept-Ranges': 'bytes', 'Content-Length': '1000', 'Content-Type': 'audio/mpeg' });
    const part = await trackReply(db, String(trackId), 'bytes=100-199');
    expect(part.status).toBe(206);
    expect(part.headers).toMatchObject({ 'Content-Range': 'bytes 100-199/1000', 'Content-Length': '100' });
    expect(part.body).toMatchObject({ kind: 'file', start: 100, end: 199 });
    const past = await trackReply(db, String(trackId), 'bytes=5000-');
    expect(past.status).toBe(416);
    expect(past.headers['Content-Range']).toBe('bytes */1000');
  });

  it('is only sent for tracks of the library', async () => {
    expect((await trackReply(db, '999', undefined)).status).toBe(404);
    expect((await trackReply(db, '..%2Fsecret.txt', undefined)).status).toBe(404);
    expect((await trackReply(db, '1e3', undefined)).status).toBe(404);
  });

  it('is a 404 when the file went away', async () => {
    const gone = join(dir, 'gone.mp3');
    const id = db
      .prepare('INSERT INTO tracks (path_raw, path, size, mtime_ms, title, scanned_at) VALUES (?, ?, 1, 0, ?, 0)')
      .run(Buffer.from(gone), gone, 'Gone').lastInsertRowid;
    expect((await trackReply(db, String(id), undefined)).status).toBe(404);
  });
});

describe('a track file changed after the scan', () => {
  let lib: string;
  let scanned: Db;
  const secret = () => join(dir, 'secret.txt');
  const idOf = (name: string) => String(scanned.prepare('SELECT id FROM tracks WHERE path = ?').pluck().get(join(lib, name)));
  const mp3 = (title: string) => Buffer.concat([id3v2Tag({ title, artist: 'A', album: 'B' }), silentMp3(1)]);

  beforeAll(async () => {
    lib = join(dir, 'music');
    mkdirSync(lib);
    for (const name of ['one', 'two', 'three', 'four', 'five']) writeFileSync(join(lib, `${name}.mp3`), mp3(name));
    // A library may hold symlinked tracks: the scan reads through them.
    writeFileSync(join(dir, 'elsewhere.mp3'), mp3('linked'));
    symlinkSync(join(dir, 'elsewhere.mp3'), join(lib, 'linked.mp3'));
    scanned = openDatabase(join(dir, 'scanned.db'));
    await scanLibrary(scanned, { roots: [lib], describe: false, threads: 1 });
  }, 30_000);
  afterAll(() => scanned.close());

  it('is served while it is the file the scan read, a symlinked track included', async () => {
    for (const name of ['one.mp3', 'linked.mp3']) {
      const reply = await trackReply(scanned, idOf(name), undefined);
      expect(reply.status, name).toBe(200);
      expect(reply.body).toMatchObject({ kind: 'file', identity: { size: statSync(join(lib, name)).size } });
    }
  });

  it('is a 404 once replaced by a symlink to another file, even one with the same bytes', async () => {
    const one = join(lib, 'one.mp3');
    unlinkSync(one);
    symlinkSync(secret(), one);
    expect((await trackReply(scanned, idOf('one.mp3'), undefined)).status).toBe(404);
    const two = join(lib, 'two.mp3');
    const copy = join(dir, 'copy-of-two.mp3');
    writeFileSync(copy, mp3('two'));
    unlinkSync(two);
    symlinkSync(copy, two);
    expect((await trackReply(scanned, idOf('two.mp3'), undefined)).status).toBe(404);
  });

  it('is a 404 once another file is renamed over it, or it is written to', async () => {
    const other = join(dir, 'other.mp3');
    writeFileSync(other, mp3('three'));
    renameSync(other, join(lib, 'three.mp3'));
    expect((await trackReply(scanned, idOf('three.mp3'), undefined)).status).toBe(404);
    appendFileSync(join(lib, 'four.mp3'), Buffer.alloc(10));
    expect((await trackReply(scanned, idOf('four.mp3'), undefined)).status).toBe(404);
  });

  it('is not opened for streaming when swapped between the answer and the stream', async () => {
    const five = join(lib, 'five.mp3');
    const reply: MediaReply = await trackReply(scanned, idOf('five.mp3'), undefined);
    expect(reply.status).toBe(200);
    if (reply.body.kind !== 'file') throw new Error('expected a file reply');
    const kept = join(dir, 'five-kept.mp3');
    renameSync(five, kept);
    symlinkSync(secret(), five);
    expect(await openReplyFile(reply.body)).toBeNull();
    unlinkSync(five);
    renameSync(kept, five);
    const handle = await openReplyFile(reply.body);
    expect(handle).not.toBeNull();
    await handle?.close();
  });

  it('of a track recorded before device and inode were kept is served only as a plain file', async () => {
    const plain = join(dir, 'plain.mp3');
    writeFileSync(plain, mp3('plain'));
    const st = statSync(plain);
    const insert = scanned.prepare('INSERT INTO tracks (path_raw, path, size, mtime_ms, title, scanned_at) VALUES (?, ?, ?, ?, ?, 0)');
    const plainId = insert.run(Buffer.from(plain), plain, st.size, st.mtimeMs, 'plain').lastInsertRowid;
    expect((await trackReply(scanned, String(plainId), undefined)).status).toBe(200);
    const link = join(dir, 'legacy-link.mp3');
    symlinkSync(plain, link);
    const linkId = insert.run(Buffer.from(link), link, st.size, st.mtimeMs, 'legacy link').lastInsertRowid;
    expect((await trackReply(scanned, String(linkId), undefined)).status).toBe(404);
  });
});

describe('covers', () => {
  it('are a 404 without a stored thumbnail or for an unknown id', () => {
    expect(coverReply(db, '1').status).toBe(404);
    expect(coverReply(db, '77').status).toBe(404);
  });
});

describe('static files of the renderer', () => {
  const root = () => join(dir, 'renderer');

  it('serves index.html at / and assets with their type', async () => {
    const index = await staticReply(root(), '/');
    expect(index.status).toBe(200);
    expect(index.headers['Content-Type']).toBe('text/html; charset=utf-8');
    const script = await staticReply(root(), '/assets/app.js');
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['Cache-Control']).toContain('immutable');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets']) {
      expect((await staticReply(root(), path)).status, path).toBe(404);
    }
  });
});
