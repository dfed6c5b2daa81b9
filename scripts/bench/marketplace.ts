// Marketplace figures: the first page of GET /api/v1/market (anonymous, over HTTP) on a box holding 20,000
// ads, unfiltered, by category and commune, by words (through the search index), beside /healthz measured the same way in
// the same run. A fresh box in a temporary folder, in this process; ads written straight into the database.
// Alone: `node scripts/bench/marketplace.ts` prints the figures as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../app/core/config.ts';
import { transaction } from '../../app/core/db/database.ts';
import { insertElement } from '../../app/elements/storage.ts';
import { addLink } from '../../app/links/storage.ts';
import { adCategories, adKinds } from '../../app/marketplace/model.ts';
import { startBox } from '../../app/server.ts';
import { figure, type Figure } from './report.ts';
import { measureOneByOne as measure, type Latency } from './load.ts';

export interface MarketplaceFigures {
  ads: number;
  list: Latency;
  filtered: Latency;
  words: Latency;
  healthz: Latency;
}

const communes = [['26056', 'Bourdeaux', '26460'], ['26114', 'Dieulefit', '26220'], ['26111', 'Crupies', '26460'], ['26373', 'Vesc', '26220']] as const;

export async function marketplaceBench(options: { ads?: number; samples?: number; warmup?: number } = {}): Promise<MarketplaceFigures> {
  const count = options.ads ?? 20_000;
  const samples = options.samples ?? 300;
  const warmup = options.warmup ?? 30;
  const dir = mkdtempSync(join(tmpdir(), 'copi-bench-market-'));
  const box = await startBox(readConfig({ COPI_DATA: dir, PORT: '0', HOST: '127.0.0.1', COPI_DEMO: '0', COPI_BACKUP_AT: 'off' }), () => {});
  try {
    const { db } = box.deps;
    const author = (await (await fetch(new URL('/api/v1/auth/register', box.url), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-vendeur', password: 'correct horse battery staple' }),
    })).json() as { personId: string }).personId;
    const expiresAt = new Date(Date.now() + 60 * 86_400_000).toISOString();
    transaction(db, () => {
      for (let i = 0; i < count; i++) {
        const [insee, locality, postalCode] = communes[i % communes.length];
        const kind = adKinds[i % adKinds.length];
        const id = insertElement(db, box.deps.box.boxId, {
          type: 'classified', kind, slug: `annonce-${i}`, name: `Annonce ${i} ${i % 50 === 0 ? 'armoire' : 'objet'}`, shortDescription: '',
          description: 'Une annonce du banc d’essai.', tags: [], street: '', postalCode, communeInsee: insee, locality, lat: null, lon: null,
          visibility: i % 10 === 0 ? 'members' : 'public', contactEmail: '', contactPhone: '', url: '', stage: null, startsAt: null, endsAt: null,
          allDay: false, parentId: null, category: adCategories[i % adCategories.length], priceCents: kind === 'gift' ? null : (i % 500) * 100,
          currency: kind === 'gift' ? null : 'EUR', expiresAt,
        }, author);
        addLink(db, { fromId: author, toId: id, kind: 'member', isAdmin: true });
      }
    });
    const get = (path: string) => fetch(new URL(path, box.url)).then(async (response) => {
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    });
    const list = await measure(warmup, samples, () => get('/api/v1/market'));
    const filtered = await measure(warmup, samples, () => get('/api/v1/market?category=garden&zone=commune:26056'));
    const words = await measure(warmup, samples, () => get('/api/v1/market?q=armoire'));
    const healthz = await measure(warmup, samples, () => get('/healthz'));
    return { ads: count, list, filtered, words, healthz };
  } finally {
    await box.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures for bench/report.json (information only: the issue sets no target for the marketplace). */
export function marketplaceFigures(result: MarketplaceFigures): Figure[] {
  const baseline = { baseline: result.healthz.p95Ms, baselineName: 'same box, GET /healthz', target: null };
  return [
    figure({ id: 'market_list_p95', title: `Marketplace first page, ${result.ads} ads, anonymous, p95, 1 client`, unit: 'ms',
      value: result.list.p95Ms, ...baseline, details: { list: result.list, healthz: result.healthz } }),
    figure({ id: 'market_filtered_p95', title: `Marketplace by category and commune, ${result.ads} ads, p95`, unit: 'ms',
      value: result.filtered.p95Ms, ...baseline, details: { filtered: result.filtered } }),
    figure({ id: 'market_words_p95', title: `Marketplace by words, ${result.ads} ads, p95`, unit: 'ms',
      value: result.words.p95Ms, ...baseline, details: { words: result.words } }),
  ];
}

if (process.argv[1] === import.meta.filename) console.log(JSON.stringify(marketplaceFigures(await marketplaceBench()), null, 2));
