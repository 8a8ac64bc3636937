import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from './serve-process.js';

let dir: string;
let server: ServeProcess;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sleeve-security-'));
  server = await startServe(join(dir, 'library.db'));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function api(method: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${server.token}` }) {
  return fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A request with the path sent exactly as written (fetch would normalise `..`). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sleeve serve', () => {
  it('listens on 127.0.0.1 only and prints the URL with its token first', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses API requests without the token, or with a wrong one', async () => {
    const missing = await api('library.status', {}, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await api('library.status', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await api('library.status', {}, { 'x-sleeve-token': `${server.token}x` })).status).toBe(401);
    expect((await api('library.status', {}, { 'x-sleeve-token': server.token })).status).toBe(200);
    const ok = await api('library.status', {});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, result: { albums: 0, scanning: false } });
  });

  it('answers a bad request with 400 and says what is wrong', async () => {
    const wrongType = await api('albums.get', { id: 'x' });
    expect(wrongType.status).toBe(400);
    const body = (await wrongType.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/albums\.get: id: .*expected number/);
    expect((await api('albums.get', '{not json')).status).toBe(400);
    expect((await api('albums.explode', {})).status).toBe(404);
    expect((await fetch(`${server.origin}/api/library.status`, { headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(405);
  });

  it('serves media only with the token and only for the library', async () => {
    expect((await fetch(`${server.origin}/media/track/1`)).status).toBe(401);
    expect((await fetch(`${server.origin}/media/cover/1?t=wrong`)).status).toBe(401);
    expect((await fetch(`${server.origin}/media/track/1?t=${server.token}`)).status).toBe(404);
    expect((await fetch(`${server.origin}/media/cover/1?t=${server.token}`)).status).toBe(404);
    expect((await rawGet(`/media/track/..%2F..%2Fetc%2Fpasswd?t=${server.token}`)).status).toBe(404);
    expect((await rawGet(`/media/../../etc/passwd?t=${server.token}`)).status).toBe(404);
  });

  it('never serves files outside the renderer', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc/passwd']) {
      const response = await rawGet(path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('"name": "sleeve"');
    }
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses other Host names (DNS rebinding)', async () => {
    expect((await rawGet('/', { Host: 'attacker.example' })).status).toBe(421);
  });
});
