// Embed map first-load bytes: what a browser downloads the first time it shows /embed/map/<slug> in an
// iframe (the HTML, every script and stylesheet, the zone tiles it asks for), counted in Debian's chromium
// from the bytes on the wire (compressed bodies plus headers), beside the same count for the box's full
// /map page in the same run. A fresh demo box in a temporary folder, in this process, unless `origin`
// names a running box (then a bench account makes the map through the API).
// Alone: `node scripts/bench/embed.ts` prints the figures as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { readConfig } from '../../app/core/config.ts';
import { startBox } from '../../app/server.ts';
import { figure, type Figure } from './report.ts';

export interface FirstLoad {
  path: string;
  /** Bytes on the wire: response headers plus (compressed) bodies. */
  bytes: number;
  requests: number;
  /** Requests to another origin than the box: must stay 0. */
  outside: number;
}

export interface EmbedBytes {
  embed: FirstLoad;
  fullMap: FirstLoad;
  points: number;
}

const demoMap = { title: 'Réparer et cultiver (bench)', types: ['organization', 'project', 'event', 'poi'], tags: ['réparation', 'réemploi', 'jardin'] };

async function makeMap(origin: string): Promise<{ slug: string; points: number }> {
  const post = (path: string, body: unknown, cookie = '') => fetch(new URL(path, origin), {
    method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en', cookie }, body: JSON.stringify(body),
  });
  const registered = await post('/api/v1/auth/register', { username: `bench-embed-${Date.now()}`, password: 'correct horse battery staple' });
  if (!registered.ok) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const cookie = registered.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const created = await post('/api/v1/maps', demoMap, cookie);
  if (created.status !== 201) throw new Error(`map: ${created.status} ${await created.text()}`);
  const { slug } = (await created.json()) as { slug: string };
  const read = (await (await fetch(new URL(`/api/v1/maps/${slug}`, origin))).json()) as { points: unknown[] };
  return { slug, points: read.points.length };
}

async function firstLoad(origin: string, path: string): Promise<FirstLoad> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    // A fresh context: an empty cache, as for a first visit.
    const context = await browser.newContext({ viewport: { width: 800, height: 450 } });
    const page = await context.newPage();
    const responses: Promise<number>[] = [];
    let outside = 0;
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).origin !== origin) outside += 1;
      responses.push(request.sizes().then((sizes) => sizes.responseHeadersSize + sizes.responseBodySize));
    });
    await page.goto(new URL(path, origin).href, { waitUntil: 'networkidle' });
    const sizes = await Promise.all(responses);
    await context.close();
    return { path, bytes: sizes.reduce((sum, size) => sum + size, 0), requests: sizes.length, outside };
  } finally {
    await browser.close();
  }
}

export async function benchEmbedBytes(origin?: string): Promise<EmbedBytes> {
  const dir = origin ? null : mkdtempSync(join(tmpdir(), 'copi-bench-embed-'));
  const box = dir ? await startBox(readConfig({ COPI_DATA: dir, PORT: '0', HOST: '127.0.0.1', COPI_BACKUP_AT: 'off' }), () => {}) : null;
  const base = origin ?? new URL(box!.url).origin;
  try {
    const { slug, points } = await makeMap(base);
    const embed = await firstLoad(base, `/embed/map/${slug}`);
    const fullMap = await firstLoad(base, '/map');
    return { embed, fullMap, points };
  } finally {
    await box?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The figure for the report: the embed's first load against the full map page's, measured in the same run. */
export function embedFigures(result: EmbedBytes): Figure[] {
  return [figure({
    id: 'embed-map-first-load', title: `Embed map first load (${result.points} elements, ${result.embed.requests} requests)`, unit: 'KiB',
    value: result.embed.bytes / 1024, baselineName: `full /map page first load (${result.fullMap.requests} requests)`, baseline: result.fullMap.bytes / 1024,
    target: null, details: { ...result },
  })];
}

if (process.argv[1] === import.meta.filename) console.log(JSON.stringify(await benchEmbedBytes(), null, 2));
