// Server-side clusters over any search, through the real API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let owner: Session;
beforeAll(async () => {
  box = createTestBox({ demo: true });
  owner = await box.register('cartes');
  await box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', name: 'Cachette', visibility: 'private', lat: 44.527, lon: 5.062 }, owner);
});
afterAll(() => box.close());

interface Clusters {
  total: number;
  features: ({ kind: 'cluster'; count: number } | { kind: 'element'; name: string })[];
}
const territory = 'bbox=4.8,44.3,5.4,44.8';
const clustersOf = async (query: string, as?: Session) => {
  const response = await box.request(`/api/v1/map/clusters?${query}`, { as });
  expect(response.status, query).toBe(200);
  return (await response.json()) as Clusters;
};
const positioned = (where = '') =>
  (box.deps.db.prepare(`SELECT count(*) AS n FROM elements WHERE visibility = 'public' AND deleted_at IS NULL AND lat IS NOT NULL ${where}`).get() as { n: number }).n;

describe('map clusters', () => {
  it('count every visible element of the territory, whatever the zoom', async () => {
    for (const zoom of [6, 9, 12, 16]) {
      const result = await clustersOf(`${territory}&zoom=${zoom}`);
      expect(result.total, `zoom ${zoom}`).toBe(positioned());
      const summed = result.features.reduce((sum, f) => sum + (f.kind === 'cluster' ? f.count : 1), 0);
      expect(summed).toBe(result.total);
    }
  });

  it('gather many elements into few clusters when zoomed out, and show single elements zoomed in', async () => {
    const far = await clustersOf(`${territory}&zoom=6`);
    expect(far.features.length).toBeLessThan(5);
    const near = await clustersOf(`${territory}&zoom=16`);
    expect(near.features.some((f) => f.kind === 'element')).toBe(true);
  });

  it('follow the search filters, and never show a private element to those who may not see it', async () => {
    const events = await clustersOf(`${territory}&zoom=9&type=event`);
    expect(events.total).toBe(positioned("AND type = 'event'"));
    const anonymous = await clustersOf('bbox=5.06,44.52,5.07,44.53&zoom=17');
    expect(anonymous.features.some((f) => f.kind === 'element' && f.name === 'Cachette')).toBe(false);
    const mine = await clustersOf('bbox=5.06,44.52,5.07,44.53&zoom=17', owner);
    expect(mine.features.some((f) => f.kind === 'element' && f.name === 'Cachette')).toBe(true);
  });

  it('refuse inverted or out-of-range boxes and zooms with a 4xx naming the field', async () => {
    const cases: [string, string][] = [
      ['bbox=5.4,44.3,4.8,44.8&zoom=9', 'bbox'],
      ['bbox=4.8,44.8,5.4,44.3&zoom=9', 'bbox'],
      ['bbox=-200,0,0,10&zoom=9', 'bbox'],
      ['bbox=1,2,3&zoom=9', 'bbox'],
      [`${territory}&zoom=25`, 'zoom'],
      [`${territory}&zoom=-1`, 'zoom'],
      [`zoom=9`, 'bbox'],
      [`${territory}&zoom=9&radius_km=40000&near=commune:26114`, 'radius_km'],
    ];
    for (const [query, field] of cases) {
      const response = await box.request(`/api/v1/map/clusters?${query}`);
      expect(response.status, query).toBe(422);
      expect(((await response.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
  });

  it('offer the map page for any search, with a list to fall back on', async () => {
    const page = await (await box.request('/map?type=event&q=march%C3%A9')).text();
    expect(page).toContain('data-search-map=');
    expect(page).toContain('href="/search?type=event&amp;q=march%C3%A9"');
  });
});
