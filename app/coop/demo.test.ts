import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { deleteDemoCoop } from './storage.ts';
import { recount } from './tally.ts';

let box: TestBox;

// The demo seed (run by createTestBox) fills the cooperative spaces along with the rest of the demo content.
beforeAll(() => { box = createTestBox({ demo: true }); });
afterAll(() => box.close());

describe('demo cooperative spaces', () => {
  it('hold a proposal open to amendments, a vote under way, a resolution whose tally a recount confirms, and actions late and done', async () => {
    const db = box.deps.db;
    const statuses = (db.prepare('SELECT status FROM coop_proposals ORDER BY status').all() as { status: string }[]).map((row) => row.status);
    expect(statuses).toEqual(['adopted', 'amending', 'voting', 'voting']);
    const resolution = db.prepare("SELECT id, tally, close_clock_source FROM coop_proposals WHERE status = 'adopted'").get() as { id: string; tally: string; close_clock_source: string };
    expect(JSON.parse(resolution.tally)).toEqual(recount(db, resolution.id));
    expect(resolution.close_clock_source).toBe('network');
    const slug = (db.prepare("SELECT slug FROM elements WHERE name = 'Les Jardins Partagés de Bourdeaux'").get() as { slug: string }).slug;
    const actions = await (await box.request(`/coop/${slug}/actions`)).text();
    expect(actions).toContain('data-state="late"');
    expect(actions).toContain('data-state="done"');
    for (const path of [`/coop/${slug}`, `/coop/${slug}/resolutions`, `/coop/proposals/${resolution.id}`, '/coop']) {
      expect((await box.request(path)).status, path).toBe(200);
    }
  });

  it('goes with the demo content', () => {
    deleteDemoCoop(box.deps.db);
    for (const table of ['coop_rooms', 'coop_proposals', 'coop_ballots', 'coop_amendments', 'coop_actions', 'coop_proposal_history']) {
      expect(box.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
  });
});
