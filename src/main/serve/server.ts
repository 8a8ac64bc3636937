import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP_STATUS, type ApiResponse } from '../../shared/api.js';
import { openReplyFile, textReply, type MediaReply } from '../api/media.js';
import type { ApiService } from '../api/service.js';
import { SECURITY_HEADERS } from './headers.js';
import { staticReply } from './static.js';
import { newToken, tokenFromHeaders, tokenMatches } from './token.js';

/** Browser mode binds to the loopback interface only: nothing on the network can reach it. */
export const SERVE_HOST = '127.0.0.1';
/** API request bodies are small JSON objects; a playlist of 100,000 ids fits well within this. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/**
 * After refusing an oversize body, how long its remaining bytes are read and
 * dropped before the connection is closed: closing with unread bytes makes
 * the kernel reset the connection, and the client could lose the 413 answer
 * (Apache's "lingering close").
 */
const LINGER_MS = 2000;

export interface ServeOptions {
  readonly service: ApiService;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** For tests; a random one otherwise. */
  readonly token?: string;
}

export interface RunningServer {
  /** The URL to open, token included (in the fragment, so it is never sent in a request line). */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/**
 * `sleeve serve`: the renderer and the API contract over HTTP on 127.0.0.1.
 * Every /api/ and /media/ request needs the per-run token (media may carry it
 * as `?t=` because <img> and <audio> cannot send headers).
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  let port = options.port;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.service.log(`serve: ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) void sendReply(req, res, textReply(500, 'Internal error.'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      await sendReply(req, res, textReply(421, 'Sleeve answers only at 127.0.0.1 or localhost.'));
      return;
    }
    const url = new URL(req.url ?? '/', `http://${SERVE_HOST}`);
    // No file or method name holds a NUL; file-system calls would throw on it.
    if (url.pathname.includes('%00')) {
      await sendReply(req, res, textReply(400, 'The address contains a NUL character.'));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url.pathname.slice('/api/'.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      await sendReply(req, res, { ...textReply(405, 'Method not allowed.'), headers: { Allow: 'GET, HEAD' } });
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      const given = tokenFromHeaders(req.headers) ?? url.searchParams.get('t') ?? undefined;
      if (!tokenMatches(token, given)) {
        await sendReply(req, res, textReply(401, 'Missing or wrong token.'));
        return;
      }
      const reply = await options.service.media(url.pathname, req.headers.range);
      await sendReply(req, res, reply ?? textReply(404, 'Not found.'));
      return;
    }
    await sendReply(req, res, await staticReply(options.staticDir, url.pathname));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, methodPath: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, { ok: false, error: { code: 'bad_request', message: 'API calls are POST requests with a JSON body.' } });
      return;
    }
    if (!tokenMatches(token, tokenFromHeaders(req.headers))) {
      sendJson(res, 401, {
        ok: false,
        error: { code: 'unauthorized', message: 'Missing or wrong token: open the URL printed by `sleeve serve`.' },
      });
      return;
    }
    // Refused from its declared length before reading it, or once it grows past the cap.
    const declared = Number(req.headers['content-length'] ?? 0);
    const body = declared > MAX_BODY_BYTES ? 'too-large' : await readBody(req);
    if (body === 'too-large') {
      refuseTooLarge(req, res);
      return;
    }
    let args: unknown;
    try {
      args = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'bad_request', message: 'The request body is not valid JSON.' } });
      return;
    }
    let method: string;
    try {
      method = decodeURIComponent(methodPath);
    } catch {
      method = methodPath;
    }
    const response = await options.service.call(method, args);
    sendJson(res, response.ok ? 200 : HTTP_STATUS[response.error.code], response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, SERVE_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${SERVE_HOST}:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Refuses other Host names, so a web page cannot reach the server through DNS rebinding. */
function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `${SERVE_HOST}:${port}` || host === `localhost:${port}`;
}

/** The body, or 'too-large' as soon as it passes the cap (what is read so far is dropped, the rest is left unread). */
function readBody(req: IncomingMessage): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** 413 with `Connection: close`; the rest of the body is then read and dropped for a moment so the answer arrives. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse): void {
  sendJson(
    res,
    413,
    { ok: false, error: { code: 'too_large', message: `The request is larger than the ${MAX_BODY_BYTES / 1024 / 1024} MiB the app accepts.` } },
    { Connection: 'close' },
  );
  const linger = setTimeout(() => req.socket.destroy(), LINGER_MS);
  linger.unref();
  req.on('end', () => clearTimeout(linger));
  req.on('close', () => clearTimeout(linger));
  req.resume();
}

function sendJson(res: ServerResponse, status: number, body: ApiResponse, extraHeaders: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    ...extraHeaders,
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-store',
  });
  res.end(bytes);
}

/**
 * Writes a reply. A file is opened before the status is sent, through
 * openReplyFile: a library file only while it is still the one the scan
 * recorded (else 404), streamed from that open descriptor.
 */
async function sendReply(req: IncomingMessage, res: ServerResponse, reply: MediaReply): Promise<void> {
  const body = reply.body;
  if (body.kind === 'file') {
    const handle = await openReplyFile(body);
    if (!handle) {
      await sendReply(req, res, textReply(404, 'The file is missing or changed since the last scan.'));
      return;
    }
    res.writeHead(reply.status, { ...SECURITY_HEADERS, ...reply.headers });
    if (req.method === 'HEAD') {
      await handle.close();
      res.end();
      return;
    }
    const stream = handle.createReadStream({ start: body.start, end: body.end });
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
    return;
  }
  res.writeHead(reply.status, { ...SECURITY_HEADERS, ...reply.headers });
  if (req.method === 'HEAD' || body.kind === 'empty') res.end();
  else res.end(body.bytes);
}
