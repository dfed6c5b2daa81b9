// Zone pages: what a zone holds, counted with the visibility rule, its sub-zones and its map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
beforeAll(() => { box = createTestBox({ demo: true }); });
afterAll(() => box.close());

interface Summary {
  zone: { id: string; name: string };
  ancestors: { id: string }[];
  children: { id: string; name: string }[];
  total: number;
  types: { type: string; count: number }[];
}

describe('zone pages', () => {
  it('list what an intercommunality holds, counts per type that add up, and its communes', async () => {
    const response = await box.request('/api/v1/zones/epci:242600492');
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Summary;
    expect(summary.zone.name).toBe('CC Dieulefit-Bourdeaux');
    expect(summary.children).toHaveLength(21);
    expect(summary.ancestors.map((zone) => zone.id)).toEqual(expect.arrayContaining(['dep:26', 'region:84', 'country:FR']));
    expect(summary.types.reduce((sum, facet) => sum + facet.count, 0)).toBe(summary.total);
    // Demo persons have no place; every other public demo element sits in the territory.
    const visible = box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE visibility = 'public' AND deleted_at IS NULL AND commune_insee IS NOT NULL").get() as { n: number };
    expect(summary.total).toBe(visible.n);
  });

  it('show a commune page with its outline on the map and its elements', async () => {
    const page = await (await box.request('/zones/commune:26114', { headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain('<h1>Dieulefit</h1>');
    // The outline comes from the zone database or the box's own communes: a polygon either way.
    const map = JSON.parse(/data-map="([^"]+)"/.exec(page)![1].replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as { outline: { type: string } };
    expect(['Polygon', 'MultiPolygon']).toContain(map.outline.type);
    expect(page).toContain('href="/zones/epci:242600492"');
  });

  it('answer 404 for an unknown zone and never a 500 for a malformed one', async () => {
    expect((await box.request('/zones/commune:99999')).status).toBe(404);
    expect((await box.request('/api/v1/zones/planet:mars')).status).toBe(404);
    expect((await box.request('/api/v1/zones/%27%3B%20DROP')).status).toBe(404);
  });
});
