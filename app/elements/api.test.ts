import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
beforeAll(() => { box = createTestBox({ demo: true }); });
afterAll(() => box.close());

describe('elements API', () => {
  it('pages through every visible element with cursors, without a hidden cap', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const response: Response = await box.request(`/api/v1/elements?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { id: string }[]; nextCursor: string | null };
      for (const item of page.items) seen.add(item.id);
      cursor = page.nextCursor;
    } while (cursor);
    const publicCount = box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE visibility = 'public' AND deleted_at IS NULL").get() as { n: number };
    expect(seen.size).toBe(publicCount.n);
  });

  it('creates an element for a signed-in person and makes them its admin', async () => {
    const alice = await box.register('alice');
    const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Les Amis du Lavoir', communeInsee: '26114' }, alice);
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; slug: string };
    const edit = await box.json(`/api/v1/elements/${created.id}`, 'PATCH', { shortDescription: 'Restaurer le lavoir' }, alice);
    expect(edit.status).toBe(200);
    expect(((await edit.json()) as { shortDescription: string }).shortDescription).toBe('Restaurer le lavoir');
  });

  it('filters by zone (commune, intercommunality)', async () => {
    const response = await box.request('/api/v1/elements?zone=commune:26114&limit=200');
    const page = (await response.json()) as { items: { address: { communeInsee: string } }[] };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((item) => item.address.communeInsee === '26114')).toBe(true);
    const epci = (await (await box.request('/api/v1/elements?zone=epci:242600492&limit=200')).json()) as { items: unknown[] };
    expect(epci.items.length).toBeGreaterThan(page.items.length);
  });
});
