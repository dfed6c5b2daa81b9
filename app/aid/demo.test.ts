// The demo's mutual aid: entries in the demo communes that answer each other, one for members only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../core/db/database.ts';
import { removeDemoContent } from '../demo/seed.ts';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { seedDemoAid } from './demo.ts';
import { deleteDemoAid } from './storage.ts';

let box: TestBox;
const idsOf = (type: string) =>
  (box.deps.db.prepare('SELECT id FROM elements WHERE type = ? AND is_demo = 1 ORDER BY rowid').all(type) as { id: string }[]).map((row) => row.id);
const slugOf = (name: string) => (box.deps.db.prepare('SELECT slug FROM elements WHERE name = ?').get(name) as { slug: string }).slug;

beforeAll(() => {
  box = createTestBox({ demo: true });
  // The lead wires seedDemoAid into the demo seed; until then this test calls it the same way.
  if (idsOf('aid').length === 0) {
    transaction(box.deps.db, () => seedDemoAid(box.deps, { persons: idsOf('person'), organizations: idsOf('organization'), projects: [], events: [] }, new Date()));
  }
});
afterAll(() => box.close());

describe('the demo mutual aid', () => {
  it('shows needs with the offers that answer them', async () => {
    const page = await (await box.request(`/aid/${slugOf('Garde de mes deux enfants le mercredi après-midi')}`)).text();
    expect(page).toContain(`href="/aid/${slugOf('Je garde vos enfants le mercredi')}"`);
    expect(page).toContain('même commune');
  });

  it('has an offer for members only, hidden from anonymous visitors', async () => {
    const slug = slugOf('Accompagnement aux démarches administratives');
    expect((await box.request(`/aid/${slug}`)).status).toBe(404);
    const member = await box.register('curieuse');
    expect((await box.request(`/aid/${slug}`, { as: member })).status).toBe(200);
    expect(await (await box.request('/aid')).text()).not.toContain(slug);
  });

  it('goes with the demo content, its matches too', () => {
    expect((box.deps.db.prepare('SELECT count(*) AS n FROM aid_matches WHERE is_demo = 1').get() as { n: number }).n).toBeGreaterThan(4);
    removeDemoContent(box.deps.db);
    deleteDemoAid(box.deps.db);
    expect((box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE type = 'aid' AND deleted_at IS NULL").get() as { n: number }).n).toBe(0);
    expect((box.deps.db.prepare('SELECT count(*) AS n FROM aid_matches').get() as { n: number }).n).toBe(0);
  });
});
