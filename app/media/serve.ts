// Serves stored files at /media/:id/:name and thumbnails at /media/:id/thumb, to whoever may see the
// element. Always the type found at upload (never HTML or SVG), with nosniff and a sandboxing CSP, so even a
// file that fooled the checks could not run as a page of the box; documents download, images show inline.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { readMediaFile } from './actions.ts';
import type { MediaFile } from './model.ts';
import { mediaPath, thumbnailPath } from './store.ts';

export function mediaFiles(deps: Deps) {
  const routes = new Hono<AppEnv>();
  routes.get('/media/:id/thumb', (c) => send(deps, c, true));
  routes.get('/media/:id/:name', (c) => send(deps, c, false));
  return routes;
}

async function send(deps: Deps, c: Ctx, thumbnail: boolean): Promise<Response> {
  const file = readMediaFile(deps, c.get('viewer'), c.req.param('id') ?? '');
  if (!file || (thumbnail && file.kind !== 'image')) throw notFound('File');
  const path = thumbnail ? thumbnailPath(deps.config, file.id) : mediaPath(deps.config, file.id);
  const size = await stat(path).then((found) => found.size, () => null);
  if (size === null) throw notFound('File');
  const etag = `"${file.sha256.slice(0, 32)}${thumbnail ? '-t' : ''}"`;
  const headers = new Headers({
    'content-type': thumbnail ? 'image/jpeg' : file.mime,
    'content-disposition': contentDisposition(file, thumbnail),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cross-origin-resource-policy': 'same-origin',
    // A stored file never changes (a new upload is a new id). Private: the element may become members-only.
    'cache-control': 'private, max-age=31536000, immutable',
    etag,
  });
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  headers.set('content-length', String(size));
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(Readable.toWeb(createReadStream(path)) as ReadableStream, { status: 200, headers });
}

/** RFC 6266: an ASCII fallback name, and the real one in RFC 5987 encoding. */
export function contentDisposition(file: Pick<MediaFile, 'name' | 'kind'>, thumbnail = false): string {
  const name = thumbnail ? file.name.replace(/\.[^.]*$/, '-thumb.jpg') : file.name;
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${file.kind === 'image' ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
