// "Search further" between three real box processes peered through their admin API: peers' answers merged and
// marked with their box within a second, slow and stopped peers named, replicated cards found with their box off.
import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxIdOf, newKeyPair } from '../box/identity.ts';
import { nowIso } from '../core/time.ts';
import type { FurtherResult } from './further.ts';
import { savePeer } from './storage.ts';
import { startBoxes, stopAll, type BoxProcess } from './testing/box-process.ts';

let a: BoxProcess;
let b: BoxProcess;
let c: BoxProcess;
let silent: Server;

const english = { 'accept-language': 'en' };
const ids = new Map<BoxProcess, string>();

interface Identity { boxId: string; fingerprint: string }
const identity = async (box: BoxProcess) => (await (await box.request('/api/v1/sync', { as: box.admin })).json()) as Identity;

async function rename(box: BoxProcess, name: string) {
  const csrf = /copi_csrf=([^;]+)/.exec(box.admin.cookie)![1];
  const response = await box.request('/admin/settings', {
    method: 'POST', as: box.admin, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, name }).toString(),
  });
  expect(response.status, box.output()).toBe(303);
}

async function peer(box: BoxProcess, other: BoxProcess) {
  const { fingerprint } = await identity(other);
  const response = await box.json('/api/v1/sync/peers', 'POST', { url: other.url, fingerprint, schedule: '' }, box.admin);
  expect(response.status, await response.clone().text()).toBe(201);
}

async function create(box: BoxProcess, body: Record<string, unknown>) {
  const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', communeInsee: '26108', ...body }, box.admin);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; slug: string };
}

interface Hit { id: string; name: string; slug: string; origin: string }
async function searchFurther(box: BoxProcess, words: string) {
  const response = await box.request(`/api/v1/search?q=${encodeURIComponent(words)}&further=1`);
  expect(response.status, box.output()).toBe(200);
  return (await response.json()) as { items: Hit[]; further: FurtherResult };
}

const page = async (box: BoxProcess, path: string) => {
  const response = await box.request(path, { headers: english });
  expect(response.status, box.output()).toBe(200);
  return response.text();
};

const statuses = (further: FurtherResult) => Object.fromEntries(further.peers.map((p) => [p.name, [p.status, p.count]]));
const found = (further: FurtherResult) => further.results.map((card) => `${card.name} @ ${card.box.name}`).sort();

beforeAll(async () => {
  [a, b, c] = await startBoxes(3);
  await Promise.all([rename(a, 'Alpha'), rename(b, 'Beta'), rename(c, 'Gamma')]);
  for (const box of [a, b, c]) ids.set(box, (await identity(box)).boxId);
  for (const [one, other] of [[a, b], [b, a], [a, c], [c, a], [b, c], [c, b]]) await peer(one, other);
  await create(a, { name: 'Vannerie des Tilleuls' });
  await create(b, { name: 'Atelier vannerie du Moulin', shortDescription: 'Paniers en osier' });
  await create(b, { name: 'Vannerie entre voisins', visibility: 'members' });
  await create(c, { name: 'Fête de la vannerie', type: 'event', kind: 'festival', startsAt: '2031-05-17T10:00:00+02:00' });
  await create(c, { name: 'Ferme du Moulin' });
}, 60_000);

afterAll(async () => {
  silent?.closeAllConnections();
  silent?.close();
  await stopAll([a, b, c]);
});

describe('search further', () => {
  it('brings the matching public elements of the other boxes, each marked with its box and linked to its page there', async () => {
    const { items, further } = await searchFurther(a, 'vannerie');
    expect(items.map((item) => item.name)).toEqual(['Vannerie des Tilleuls']);
    expect(found(further)).toEqual(['Atelier vannerie du Moulin @ Beta', 'Fête de la vannerie @ Gamma']);
    expect(statuses(further)).toEqual({ Beta: ['answered', 1], Gamma: ['answered', 1] });
    const workshop = further.results.find((card) => card.box.name === 'Beta')!;
    expect(workshop).toMatchObject({ type: 'organization', shortDescription: 'Paniers en osier', communeInsee: '26108', box: { boxId: ids.get(b) } });
    expect(workshop.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/e\/atelier-vannerie-du-moulin$/);

    const before = await page(a, '/search?q=vannerie');
    expect(before).toContain('Vannerie des Tilleuls');
    expect(before).toContain('href="/search?q=vannerie&amp;further=1"');
    expect(before).not.toContain('Atelier vannerie du Moulin');
    const after = await page(a, '/search?q=vannerie&further=1');
    expect(after).toContain('On other boxes');
    expect(after).toContain(`href="${workshop.url}"`);
    expect(after).toMatch(/Fête de la vannerie<\/strong><\/a>[^]*from Gamma/);
  });

  it('is answered only to signed requests of peers', async () => {
    const response = await b.request('/search/v1?q=vannerie');
    expect(response.status).toBe(401);
  });

  it('gets from each box only its own elements: a card another box holds comes once, from its origin', async () => {
    const synced = await b.json(`/api/v1/sync/peers/${ids.get(a)}/sync`, 'POST', {}, b.admin);
    expect(((await synced.json()) as { error: string | null }).error).toBeNull();
    const { further } = await searchFurther(c, 'tilleuls');
    expect(found(further)).toEqual(['Vannerie des Tilleuls @ Alpha']);
    expect(statuses(further)).toEqual({ Alpha: ['answered', 1], Beta: ['answered', 0] });
  });

  it('cuts off a box that does not answer within a second and says so, and names a box that refuses', async () => {
    silent = createServer(() => { /* accepts the request and never answers */ });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const db = new Database(a.dbPath, { timeout: 5000 });
    try {
      const fake = (name: string, url: string) => {
        const { publicKey } = newKeyPair();
        savePeer(db, {
          boxId: boxIdOf(publicKey), publicKey, url, name, shareTypes: [], shareZones: [], relayTo: false, acceptRelayed: 'none',
          schedule: '', createdAt: nowIso(), lastSyncAt: null, lastError: null,
        });
      };
      fake('Silent', `http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
      // Gamma's address under another box's identity: Gamma finds the request not signed for it.
      fake('Impostor', c.url);
    } finally {
      db.close();
    }
    const started = Date.now();
    const { items, further } = await searchFurther(a, 'vannerie');
    // The promise to the visitor: one second for all the peers, whatever the slowest does.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(statuses(further)).toEqual({
      Beta: ['answered', 0], Gamma: ['answered', 1], Silent: ['too slow', 0], Impostor: ['refused', 0],
    });
    // Beta's workshop came to A with the last sync: it is among A's own results, marked, and not repeated below.
    expect(found(further)).toEqual(['Fête de la vannerie @ Gamma']);
    expect(items.map((item) => [item.name, item.origin]).sort()).toEqual([['Atelier vannerie du Moulin', ids.get(b)], ['Vannerie des Tilleuls', ids.get(a)]]);
    expect(await page(a, '/search?q=vannerie&further=1')).toContain('Box Silent did not answer in time.');
  });

  it('finds a card replicated from a box that is off at once, marked with that box; the box itself is named unreachable', async () => {
    await a.kill();
    const { items, further } = await searchFurther(b, 'tilleuls');
    expect(items.map((item) => [item.name, item.origin])).toEqual([['Vannerie des Tilleuls', ids.get(a)]]);
    expect(statuses(further)).toEqual({ Alpha: ['unreachable', 0], Gamma: ['answered', 0] });

    const results = await page(b, '/search?q=tilleuls');
    expect(results).toMatch(/Vannerie des Tilleuls<\/strong><\/a>[^]*from Alpha/);
    const card = await page(b, `/e/${items[0].slug}`);
    expect(card).toContain('This card comes from box Alpha; it is kept up to date by that box.');
    expect(await page(b, '/search?q=moulin')).not.toContain('badge from-box');
  });
});
