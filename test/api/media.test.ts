import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverReply, parseRange, trackReply } from '../../src/main/api/media.js';
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
  trackId = Number(
    db
      .prepare('INSERT INTO tracks (path_raw, path, size, mtime_ms, title, scanned_at) VALUES (?, ?, ?, 0, ?, 0)')
      .run(Buffer.from(audio), audio, SIZE, 'Song').lastInsertRowid,
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
