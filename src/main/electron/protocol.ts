import { Readable } from 'node:stream';
import type { MediaReply } from '../api/media.js';
import { openReplyFile, textReply } from '../api/media.js';
import type { ApiService } from '../api/service.js';
import { SECURITY_HEADERS } from '../serve/headers.js';
import { staticReply } from '../serve/static.js';

/** The custom scheme of the desktop app: sleeve://app/ is the renderer, sleeve://app/media/... covers and audio. */
export const SCHEME = 'sleeve';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${SCHEME}://${APP_HOST}`;

/**
 * Answers a sleeve:// request with the same code as `sleeve serve`: media
 * only for artworks and tracks of the library (audio with Range support),
 * otherwise a file of the built renderer; anything else is a 404.
 */
export async function handleAppRequest(service: ApiService, rendererDir: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  let reply: MediaReply;
  if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
    reply = textReply(404, 'Not found.');
  } else {
    reply = (await service.media(url.pathname, request.headers.get('range') ?? undefined)) ?? (await staticReply(rendererDir, url.pathname));
  }
  return toResponse(reply, request.method === 'HEAD');
}

/** A file is streamed from the descriptor openReplyFile checked: a library file only while it is the one the scan recorded. */
async function toResponse(reply: MediaReply, head: boolean): Promise<Response> {
  const init = { status: reply.status, headers: { ...SECURITY_HEADERS, ...reply.headers } };
  const body = reply.body;
  if (body.kind === 'file') {
    const handle = await openReplyFile(body);
    if (!handle) return toResponse(textReply(404, 'The file is missing or changed since the last scan.'), head);
    if (head) {
      await handle.close();
      return new Response(null, init);
    }
    const stream = Readable.toWeb(handle.createReadStream({ start: body.start, end: body.end })) as ReadableStream<Uint8Array>;
    return new Response(stream, init);
  }
  if (head || body.kind === 'empty') return new Response(null, init);
  return new Response(new Uint8Array(body.bytes), init);
}
