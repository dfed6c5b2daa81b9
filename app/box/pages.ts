// The box's own files for every page: its logo (GET /box/logo?v=<version>).
import { Hono } from 'hono';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { readLogo } from './logo.ts';

export function boxPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  pages.get('/box/logo', async (c) => {
    const found = await readLogo(deps);
    if (!found) throw notFound('Logo');
    // The address names the version: an old version asked for gets the current logo, but is not kept for good.
    const current = c.req.query('v') === found.logo.version;
    return c.body(new Uint8Array(found.bytes), 200, {
      'content-type': found.logo.mime,
      'cache-control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  });
  return pages;
}
