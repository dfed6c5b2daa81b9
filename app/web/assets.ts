// Serves the box's own CSS, icons and built browser assets; nothing comes from outside the box.
import { Hono } from 'hono';
import { readFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { notFound } from '../core/errors.ts';

export const publicDir = join(import.meta.dirname, 'public');

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2',
};

// Text assets are gzipped once, when first asked for: Leaflet goes from 147 KB to about 43 KB on a
// phone's slow Wi-Fi, for no CPU per request.
const compressible = new Set(['.css', '.js', '.svg', '.json']);

export function staticAssets() {
  const assets = new Hono();
  const cache = new Map<string, { raw: Buffer; gzip: Buffer | null }>();
  assets.get('/*', (c) => {
    const relative = normalize(decodeURIComponent(c.req.path.replace(/^\/assets\//, ''))).replace(/^(\.\.(\/|$))+/, '');
    const type = types[extname(relative)];
    const file = join(publicDir, relative);
    if (!type || !file.startsWith(publicDir) || !existsSync(file)) throw notFound('File');
    let entry = cache.get(file);
    if (!entry) {
      const raw = readFileSync(file);
      entry = { raw, gzip: compressible.has(extname(relative)) ? gzipSync(raw, { level: 9 }) : null };
      cache.set(file, entry);
    }
    const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600', Vary: 'Accept-Encoding' };
    if (entry.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      return c.body(new Uint8Array(entry.gzip), 200, { ...headers, 'Content-Encoding': 'gzip' });
    }
    return c.body(new Uint8Array(entry.raw), 200, headers);
  });
  return assets;
}
