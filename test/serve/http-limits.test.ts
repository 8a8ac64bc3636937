import { renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaReply } from '../../src/main/api/media.js';
import { openApiService } from '../../src/main/api/service.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src/main/serve/server.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/**
 * The HTTP edge of browser mode, with a stand-in service: an oversize body
 * is answered 413 (with Connection: close) rather than a reset connection, a
 * NUL in the address is a 400, and a track is streamed only while its file is
 * the one the reply names.
 */
const tempDir = temporaryFolders();
const TOKEN = 'http-limits-test-token';
const CAP = 4 * 1024 * 1024;

let dir: string;
let server: RunningServer;
let calls = 0;
let mediaReply: MediaReply | null = null;

beforeAll(async () => {
  dir = tempDir('sleeve-http-');
  const service = {
    log: () => {},
    call: async () => {
      calls++;
      return { ok: true, result: {} };
    },
    media: async () => mediaReply,
  } as unknown as ServeOptions['service'];
  server = await startServer({ service, port: 0, staticDir: tempDir('sleeve-http-static-'), token: TOKEN });
});

afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request sent as written: the path untouched, the body in 64 KiB pieces, a write error after the answer ignored. */
function send(method: string, path: string, body: Buffer | null, headers: Record<string, string | number> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      { host: '127.0.0.1', port: server.port, method, path, headers: { Authorization: `Bearer ${TOKEN}`, ...headers } },
      (res) => {
        answered = true;
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (body) {
      const piece = 64 * 1024;
      const write = (at: number): void => {
        if (at >= body.length) {
          req.end();
          return;
        }
        if (req.destroyed) return;
        req.write(body.subarray(at, at + piece), () => write(at + piece));
      };
      write(0);
    } else {
      req.end();
    }
  });
}

describe('an oversize request body', () => {
  it('is refused from its declared length with 413 and Connection: close, never reaching the service', async () => {
    const before = calls;
    const body = Buffer.alloc(CAP + 1024 * 1024, 0x20);
    const answer = await send('POST', '/api/library.status', body, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(calls).toBe(before);
  });

  it('is refused the same way when it is sent without a length and grows past the cap', async () => {
    const before = calls;
    const body = Buffer.alloc(CAP + 1024 * 1024, 0x20);
    const answer = await send('POST', '/api/library.status', body, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(calls).toBe(before);
  });

  it('is accepted up to the cap', async () => {
    const before = calls;
    const body = Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(CAP - 64, 0x61), Buffer.from('"}')]);
    const answer = await send('POST', '/api/library.status', body, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    expect(answer.status).toBe(200);
    expect(calls).toBe(before + 1);
  });
});

describe('a NUL in the address', () => {
  it('is a 400 everywhere, not an internal error', async () => {
    for (const path of ['/%00', '/assets/app%00.js', `/media/track/1%00?t=${TOKEN}`]) {
      const answer = await send('GET', path, null);
      expect(answer.status, path).toBe(400);
      expect(answer.body).toMatch(/NUL/);
    }
    expect((await send('POST', '/api/library.status%00', Buffer.from('{}'), { 'Content-Type': 'application/json' })).status).toBe(400);
  });
});

describe('a streamed track', () => {
  it('is sent while its file is the recorded one, and 404 once a symlink is swapped in before streaming', async () => {
    const track = join(dir, 'track.mp3');
    writeFileSync(track, Buffer.from('ID3 pretend audio bytes'));
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'root:x:0:0:secret');
    const st = statSync(track);
    mediaReply = {
      status: 200,
      headers: { 'Content-Type': 'audio/mpeg', 'Content-Length': String(st.size) },
      body: { kind: 'file', path: track, start: 0, end: st.size - 1, identity: { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs } },
    };
    const served = await send('GET', `/media/track/1?t=${TOKEN}`, null);
    expect(served.status).toBe(200);
    expect(served.body).toBe('ID3 pretend audio bytes');

    renameSync(track, join(dir, 'moved.mp3'));
    symlinkSync(secret, track);
    const swapped = await send('GET', `/media/track/1?t=${TOKEN}`, null);
    expect(swapped.status).toBe(404);
    expect(swapped.body).not.toContain('secret');
  });
});

describe('a NUL or a foreign absolute path in a request body', () => {
  it('is a 400 bad_request from the service, and nothing is added', async () => {
    const service = openApiService({ databasePath: join(tempDir('sleeve-http-db-'), 'library.db'), mode: 'browser' });
    const real = await startServer({ service, port: 0, staticDir: tempDir('sleeve-http-static-'), token: TOKEN });
    try {
      const post = (method: string, args: unknown) =>
        fetch(`http://127.0.0.1:${real.port}/api/${method}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(args),
        });
      for (const path of [`${dir}\u0000/music`, 'C:\\..', '\\\\server\\share']) {
        const answer = await post('library.roots.add', { path });
        expect(answer.status, JSON.stringify(path)).toBe(400);
        expect(await answer.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      }
      expect(await (await post('library.roots.list', {})).json()).toMatchObject({ ok: true, result: [] });
    } finally {
      await real.close();
      await service.close();
    }
  });
});
