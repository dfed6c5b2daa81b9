// The demo map on the demo box: repair and garden places of the demo intercommunality, public ones only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, transaction } from '../core/db/database.ts';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { seedDemoNetmaps, deleteDemoNetmaps } from './demo.ts';

let box: TestBox;
beforeAll(() => {
  box = createTestBox({ demo: true });
  const idsOf = (type: string) => (sql(box.deps.db, 'SELECT id FROM elements WHERE type = ? AND is_demo = 1 ORDER BY rowid').all(type) as { id: string }[]).map((row) => row.id);
  const ids = { persons: idsOf('person'), organizations: idsOf('organization'), projects: idsOf('project'), events: idsOf('event') };
  transaction(box.deps.db, () => seedDemoNetmaps(box.deps, ids, new Date()));
});
afterAll(() => box.close());

describe('the demo network map', () => {
  it('shows the repair cafés and shared gardens of the demo territory, and goes with the demo content', async () => {
    const response = await box.request('/api/v1/maps/reparer-et-cultiver');
    const names = ((await response.json()) as { points: { name: string }[] }).points.map((point) => point.name);
    expect(names).toContain('Les Jardins Partagés de Bourdeaux');
    expect(names).toContain('Répar’Café mensuel');
    expect(names).not.toContain('Chorale');
    expect((await box.request('/embed/map/reparer-et-cultiver')).status).toBe(200);
    deleteDemoNetmaps(box.deps.db);
    expect((await box.request('/maps/reparer-et-cultiver')).status).toBe(404);
  });
});
