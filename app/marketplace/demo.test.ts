// The marketplace's demo content: ads of every kind in the demo communes, one for members only, one sold, one
// from an organization, a conversation; all gone with the demo content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../core/db/database.ts';
import { removeDemoContent } from '../demo/seed.ts';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { deleteDemoMarketplace, seedDemoMarketplace } from './demo.ts';

let box: TestBox;
const idsOf = (type: string) =>
  (box.deps.db.prepare('SELECT id FROM elements WHERE type = ? AND is_demo = 1 ORDER BY id').all(type) as { id: string }[]).map((row) => row.id);

beforeAll(() => {
  box = createTestBox({ demo: true });
  // Until app/demo/seed.ts calls it, seed the ads here (idempotence is the lead's seed's business).
  if (idsOf('classified').length === 0) {
    transaction(box.deps.db, () => seedDemoMarketplace(box.deps, {
      persons: idsOf('person'), organizations: idsOf('organization'), projects: idsOf('project'), events: idsOf('event'),
    }, new Date()));
  }
});
afterAll(() => box.close());

describe('the marketplace demo', () => {
  it('has ads of every kind, a sold one, a members-only one and one from an organization, and a conversation', async () => {
    const kinds = box.deps.db.prepare("SELECT DISTINCT kind FROM elements WHERE type = 'classified' ORDER BY kind").all();
    expect(kinds).toEqual([{ kind: 'gift' }, { kind: 'job' }, { kind: 'rent' }, { kind: 'sale' }]);
    const anonymous = ((await (await box.request('/api/v1/market?limit=100')).json()) as { items: { name: string }[] }).items.map((item) => item.name);
    expect(anonymous).toContain('Table de ferme en chêne');
    expect(anonymous).not.toContain('Poussette et siège auto (membres)');
    expect(anonymous).not.toContain('Scie circulaire');
    const page = await (await box.request('/market/meubles-et-vaisselle-de-reemploi')).text();
    expect(page).toContain('La Ressourcerie du Jabron');
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 2 });
  });

  it('goes with the demo content', () => {
    transaction(box.deps.db, () => deleteDemoMarketplace(box.deps.db));
    removeDemoContent(box.deps.db);
    expect(box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE type = 'classified' AND deleted_at IS NULL").get()).toEqual({ n: 0 });
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM conversations').get()).toEqual({ n: 0 });
  });
});
