// The demo one-page site on the demo box: the shared gardens' association, readable by anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, transaction } from '../core/db/database.ts';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { deleteDemoOnepage, seedDemoOnepage } from './demo.ts';

let box: TestBox;
beforeAll(() => {
  box = createTestBox({ demo: true });
  const idsOf = (type: string) => (sql(box.deps.db, 'SELECT id FROM elements WHERE type = ? AND is_demo = 1 ORDER BY rowid').all(type) as { id: string }[]).map((row) => row.id);
  const ids = { persons: idsOf('person'), organizations: idsOf('organization'), projects: idsOf('project'), events: idsOf('event') };
  transaction(box.deps.db, () => seedDemoOnepage(box.deps, ids, new Date()));
});
afterAll(() => box.close());

describe('the demo one-page site', () => {
  it('is published for the shared gardens and goes with the demo content', async () => {
    const response = await box.request('/p/jardins-partages');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<h1>Les Jardins Partagés de Bourdeaux</h1>');
    expect(page).toContain('site-banner');
    deleteDemoOnepage(box.deps.db);
    expect((await box.request('/p/jardins-partages')).status).toBe(404);
  });
});
