// The unified search on the demo territory, through the real API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { rebuildSearchIndex } from './search.ts';

let box: TestBox;
let owner: Session;

interface Result {
  items: { id: string; name: string; type: string; distanceKm?: number }[];
  total: number;
  facets: { types: { type: string; count: number }[]; tags: { tag: string; count: number }[]; communes: { insee: string; count: number }[] };
  nextCursor: string | null;
}

const find = async (query: string, as?: Session): Promise<Result> => {
  const response = await box.request(`/api/v1/search?${query}`, { as });
  expect(response.status).toBe(200);
  return (await response.json()) as Result;
};
const names = (result: Result) => result.items.map((item) => item.name);
const create = async (body: Record<string, unknown>) => {
  const response = await box.json('/api/v1/elements', 'POST', body, owner);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; slug: string };
};

beforeAll(async () => {
  box = createTestBox({ demo: true });
  owner = await box.register('chercheuse');
});
afterAll(() => box.close());

describe('unified search', () => {
  it('finds a village’s places with and without accents, in any case', async () => {
    const accented = await find('q=Béconne');
    const plain = await find('q=BECONNE');
    expect(names(accented)).toContain('Château de Béconne');
    expect(names(plain)).toEqual(names(accented));
  });

  it('finds a village by its name with and without accents, and leads to its zone page', async () => {
    for (const q of ['Bézaudun-sur-Bîne', 'bezaudun sur bine', 'BEZAUDUN']) {
      const result = (await (await box.request(`/api/v1/search?q=${encodeURIComponent(q)}`)).json()) as { zones: { id: string }[] };
      expect(result.zones.map((zone) => zone.id), q).toContain('commune:26051');
    }
    const page = await (await box.request('/search?q=bezaudun')).text();
    expect(page).toContain('href="/zones/commune:26051"');
  });

  it('completes the last word as a prefix, for type-ahead', async () => {
    expect(names(await find('q=ressour'))).toContain('La Ressourcerie du Jabron');
  });

  it('ranks a match in the name above a match in the description', async () => {
    const result = await find('q=céramique&limit=200');
    const inName = result.items.filter((item) => /céramique/i.test(item.name)).length;
    expect(inName).toBeGreaterThan(0);
    expect(result.items.length).toBeGreaterThan(inName);
    expect(result.items.slice(0, inName).every((item) => /céramique/i.test(item.name))).toBe(true);
  });

  it('gives facet counts that add up to the number of results', async () => {
    const result = await find('q=fête&limit=200');
    expect(result.facets.types.reduce((sum, facet) => sum + facet.count, 0)).toBe(result.total);
    expect(result.items).toHaveLength(result.total);
  });

  it('pages through every result without a cap', async () => {
    const seen = new Set<string>();
    let cursor: string | null = '';
    let total = 0;
    while (cursor !== null) {
      const page: Result = await find(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      page.items.forEach((item) => seen.add(item.id));
      total = page.total;
      cursor = page.nextCursor;
    }
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThan(60);
  });

  it('keeps a private element out of results, counts and facets, except for those who may see it', async () => {
    await create({ type: 'organization', kind: 'group', name: 'Cercle xylophoniste', visibility: 'private', tags: ['xylophone'], communeInsee: '26114' });
    const anonymous = await find('q=xylophoniste');
    expect(anonymous.total).toBe(0);
    expect(anonymous.facets.types).toEqual([]);
    expect((await find('tag=xylophone')).facets.tags).toEqual([]);
    expect((await find('q=xylophoniste', owner)).total).toBe(1);
  });

  it('searches a radius around a commune across the department border', async () => {
    // Valréas is in Vaucluse, about 17 km south-west of Dieulefit (Drôme); Lyon is far away.
    await create({ type: 'poi', kind: 'place', name: 'Cartonnerie de Valréas', lat: 44.3847, lon: 4.9908 });
    await create({ type: 'poi', kind: 'place', name: 'Halle de Lyon', lat: 45.764, lon: 4.8357 });
    const within = await find('near=commune:26114&radius_km=20&type=poi&limit=200');
    expect(names(within)).toContain('Cartonnerie de Valréas');
    expect(names(within)).not.toContain('Halle de Lyon');
    expect(within.items.every((item) => item.distanceKm !== undefined && item.distanceKm <= 20)).toBe(true);
    expect(names(await find('near=commune:26114&radius_km=10&type=poi&limit=200'))).not.toContain('Cartonnerie de Valréas');
  });

  it('turns the page form’s commune + radius into a search around that commune', async () => {
    const page = await box.request('/search?zone=commune:26114&radius_km=10&type=poi');
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('Cartonnerie de Valréas');
  });

  it('scopes to several zones at once', async () => {
    const both = await find('zone=commune:26114,commune:26056&limit=200');
    const communes = new Set(both.facets.communes.map((facet) => facet.insee));
    expect([...communes].sort()).toEqual(['26056', '26114']);
  });

  it('stays current on every write and can be rebuilt from scratch', async () => {
    const element = await create({ type: 'project', name: 'Potager suspendu' });
    expect((await find('q=potager suspendu')).total).toBe(1);
    await box.json(`/api/v1/elements/${element.id}`, 'PATCH', { name: 'Verger partagé' }, owner);
    expect((await find('q=suspendu')).total).toBe(0);
    expect((await find('q=verger partagé')).total).toBe(1);
    await box.request(`/api/v1/elements/${element.id}`, { method: 'DELETE', as: owner });
    expect((await find('q=verger partagé')).total).toBe(0);
    const before = await find('q=fête&limit=200');
    box.deps.db.exec('DELETE FROM search_text; DELETE FROM search_meta'); // search tables lost
    expect((await find('q=fête')).total).toBe(0);
    const indexed = rebuildSearchIndex(box.deps.db);
    expect(indexed).toBeGreaterThan(90);
    expect(names(await find('q=ressourcerie'))).toContain('La Ressourcerie du Jabron');
    const after = await find('q=fête&limit=200');
    expect(after.total).toBe(before.total);
    expect(after.facets).toEqual(before.facets);
    expect(names(after)).toEqual(names(before));
  });
});

describe('search input', () => {
  it('treats FTS5 syntax and emoji as plain text, never as an error', async () => {
    for (const q of ['"unbalanced', 'NEAR(pain four)', 'pain*', '-four', 'name:secret', '((pain', 'pain AND NOT four', '🌻🌻', '%', "l'eau"]) {
      const response = await box.request(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
    }
  });

  it('refuses a 10 KB query, bad radii, out-of-range positions and unknown zones with a 4xx naming the field', async () => {
    const cases: [string, string][] = [
      [`q=${'a'.repeat(10_000)}`, 'q'],
      ['near=commune:26114&radius_km=0', 'radius_km'],
      ['near=commune:26114&radius_km=40000', 'radius_km'],
      ['near=91,5&radius_km=5', 'near'],
      ['near=44.5,abc', 'near'],
      ['radius_km=5', 'radius_km'],
      ['near=commune:99999', 'near'],
      ['zone=planet:earth', 'zone.0'],
      ['type=unicorn', 'type.0'],
      ['colour=blue', 'colour'],
    ];
    for (const [query, field] of cases) {
      const response = await box.request(`/api/v1/search?${query}`);
      expect(response.status, query).toBeGreaterThanOrEqual(400);
      expect(response.status, query).toBeLessThan(500);
      expect(((await response.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
  });

  it('shows the search page without JavaScript, with results and refinements', async () => {
    const page = await (await box.request('/search?q=march%C3%A9', { headers: { 'accept-language': 'en' } })).text();
    expect(page).toMatch(/\d+ results/);
    expect(page).toContain('Marché paysan du vendredi');
    const refused = await box.request(`/search?q=${'a'.repeat(300)}`);
    expect(refused.status).toBe(400);
  });
});
