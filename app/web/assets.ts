// Serves the box's own CSS, icons and built browser assets; nothing comes from outside the box.
import { Hono } from 'hono';
import { readFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { notFound } from '../core/errors.ts';

export const publicDir = join(import.meta.dirname, 'public');

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2',
};

export function staticAssets() {
  const assets = new Hono();
  const cache = new Map<string, Buffer>();
  assets.get('/*', (c) => {
    const relative = normalize(decodeURIComponent(c.req.path.replace(/^\/assets\//, ''))).replace(/^(\.\.(\/|$))+/, '');
    const type = types[extname(relative)];
    const file = join(publicDir, relative);
    if (!type || !file.startsWith(publicDir) || !existsSync(file)) throw notFound('File');
    let body = cache.get(file);
    if (!body) cache.set(file, (body = readFileSync(file)));
    return c.body(new Uint8Array(body), 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
  });
  return assets;
}
