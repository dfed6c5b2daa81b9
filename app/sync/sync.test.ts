// Two real box processes on loopback ports, peered through their admin API, syncing over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxes, stopAll, type BoxProcess } from './testing/box-process.ts';

let a: BoxProcess;
let b: BoxProcess;

interface Identity { boxId: string; fingerprint: string }
const identity = async (box: BoxProcess) => (await (await box.request('/api/v1/sync', { as: box.admin })).json()) as Identity;

async function peer(box: BoxProcess, other: BoxProcess, settings: Record<string, unknown> = {}) {
  const { fingerprint } = await identity(other);
  const response = await box.json('/api/v1/sync/peers', 'POST', { url: other.url, fingerprint, schedule: '', ...settings }, box.admin);
  expect(response.status, await response.clone().text()).toBe(201);
}

const syncNow = async (box: BoxProcess, other: BoxProcess) => {
  const response = await box.json(`/api/v1/sync/peers/${(await identity(other)).boxId}/sync`, 'POST', {}, box.admin);
  expect(response.status).toBe(200);
  return (await response.json()) as { pulled: { accepted: number }; pushed: { accepted: number } | null; error: string | null };
};

const searchNames = async (box: BoxProcess, words: string) =>
  ((await (await box.request(`/api/v1/search?q=${encodeURIComponent(words)}`)).json()) as { items: { name: string }[] }).items.map((item) => item.name);

async function create(box: BoxProcess, body: Record<string, unknown>) {
  const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', communeInsee: '26108', ...body }, box.admin);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

beforeAll(async () => {
  [a, b] = await startBoxes(2);
}, 60_000);
afterAll(() => stopAll([a, b]));

describe('two boxes over HTTP', () => {
  it('refuse a peer whose key does not match the fingerprint typed', async () => {
    const response = await a.json('/api/v1/sync/peers', 'POST', { url: b.url, fingerprint: 'AAAA-BBBB-CCCC-DDDD' }, a.admin);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('fingerprint');
  });

  it('answer a box that was not added with 403, then sync both ways once both admins added each other', async () => {
    await peer(a, b);
    expect((await syncNow(a, b)).error).toMatch(/403.*not a peer/);
    await peer(b, a);
    await create(a, { name: 'Repair café des Tilleuls' });
    await create(b, { name: 'Chorale des Tilleuls' });
    const outcome = await syncNow(b, a);
    expect(outcome.error).toBeNull();
    expect(outcome.pulled.accepted).toBe(1);
    expect(outcome.pushed?.accepted).toBe(1);
    expect((await searchNames(a, 'tilleuls')).sort()).toEqual(['Chorale des Tilleuls', 'Repair café des Tilleuls']);
    expect((await searchNames(b, 'tilleuls')).sort()).toEqual(['Chorale des Tilleuls', 'Repair café des Tilleuls']);
  });

  it('bring a change and a deletion across, and nothing twice', async () => {
    const choir = await create(a, { name: 'Fanfare du Lavoir' });
    await syncNow(b, a);
    expect(await searchNames(b, 'fanfare')).toEqual(['Fanfare du Lavoir']);
    expect((await a.json(`/api/v1/elements/${choir.id}`, 'PATCH', { name: 'Harmonie du Lavoir' }, a.admin)).status).toBe(200);
    await syncNow(b, a);
    expect(await searchNames(b, 'lavoir')).toEqual(['Harmonie du Lavoir']);
    expect((await a.request(`/api/v1/elements/${choir.id}`, { method: 'DELETE', as: a.admin })).status).toBeLessThan(300);
    const outcome = await syncNow(b, a);
    expect(outcome.pulled.accepted).toBe(1);
    expect(await searchNames(b, 'lavoir')).toEqual([]);
    expect((await syncNow(b, a)).pulled.accepted).toBe(0);
  });

  it('fetch a card’s description on demand from its origin, checked against the card', async () => {
    await create(a, { name: 'Atelier vélo du Lavoir', description: 'Réparations **tous les samedis**, outils prêtés.' });
    await syncNow(b, a);
    const slug = ((await (await b.request('/api/v1/search?q=atelier')).json()) as { items: { slug: string }[] }).items[0].slug;
    const before = await (await b.request(`/e/${slug}`, { as: b.admin })).text();
    expect(before).not.toContain('tous les samedis');
    expect(before).toContain(`action="/e/${slug}/details"`);
    const csrf = /copi_csrf=([^;]+)/.exec(b.admin.cookie)?.[1] ?? '';
    const fetched = await b.request(`/e/${slug}/details`, {
      method: 'POST', as: b.admin, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(fetched.status).toBe(303);
    const after = await (await b.request(`/e/${slug}`, { as: b.admin })).text();
    expect(after).toContain('<strong>tous les samedis</strong>');
    expect(after).not.toContain(`action="/e/${slug}/details"`);
  });
});
