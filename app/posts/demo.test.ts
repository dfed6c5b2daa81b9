// The demo territory comes with a few posts, in French, that go with the rest of the demo content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { removeDemoContent } from '../demo/seed.ts';

let box: TestBox;
beforeAll(() => { box = createTestBox({ demo: true }); });
afterAll(() => box.close());

const count = (where = '1 = 1') => (box.deps.db.prepare(`SELECT count(*) AS n FROM posts WHERE ${where}`).get() as { n: number }).n;

describe('demo posts', () => {
  it('show on the live feed of the territory, with a mention, tags and a preview card; the members-only one stays hidden', async () => {
    expect(count('is_demo = 1')).toBeGreaterThanOrEqual(5);
    const html = await (await box.request('/live')).text();
    expect(html).toContain('Grande collecte de printemps');
    expect(html).toContain('class="mention"');
    expect(html).toContain('class="cards previews"');
    expect(html).not.toContain('Réunion du bureau');
  });

  it('carry a short comment thread, a reply under the first comment', async () => {
    const [postId] = (box.deps.db.prepare("SELECT id FROM posts WHERE body LIKE 'Grande collecte%'").all() as { id: string }[]).map((row) => row.id);
    const page = await (await box.request(`/posts/${postId}`)).text();
    expect(page).toContain('J’ai deux chaises et une table basse');
    expect(page).toContain('on vous garde une place');
    expect(await (await box.request('/live')).text()).toMatch(/Comments? \(2\)|Commentaires \(2\)/);
  });

  it('go with the demo content; a real person’s post stays', async () => {
    const person = await box.register('habitante');
    const posted = await box.json(`/api/v1/elements/${person.personId}/posts`, 'POST', { body: 'Mon premier message' }, person);
    expect(posted.status).toBe(201);
    removeDemoContent(box.deps.db);
    expect(count('is_demo = 1')).toBe(0);
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM comments').get()).toEqual({ n: 0 });
    expect(count()).toBe(1);
    expect(await (await box.request('/live')).text()).not.toContain('Grande collecte de printemps');
  });
});
