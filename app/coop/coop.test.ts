import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { saveModulesOff } from '../modules/modules.ts';
import { closingPassed, createSpace, setClock, votingProposal, type Space } from './testing/space.ts';
import { recount } from './tally.ts';

let box: TestBox;
let space: Space;

beforeAll(async () => {
  box = createTestBox();
  space = await createSpace(box, 'coop', 3);
});
afterAll(() => box.close());
beforeEach(() => { setClock(box.deps.db, 'network'); });

const ok = async (response: Response, status = 200) => {
  if (response.status !== status) throw new Error(`${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
};

describe('anonymous votes', () => {
  it('no read path says who voted what: proposal page, proposal JSON, tally, whole-box export', async () => {
    const id = await votingProposal(box, space, { anonymous: true, resultsVisible: 'live' });
    const [alice, bruno, chloe] = space.members;
    await ok(await box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice: 'for' }, alice));
    await ok(await box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice: 'against' }, bruno));
    await ok(await box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice: 'blank' }, chloe));
    const voterIds = [alice, bruno, chloe].map((person) => person.personId);
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM coop_ballots WHERE proposal_id = ? AND voter_id IS NOT NULL').get(id)).toEqual({ n: 0 });

    const admin = await box.register('coop-boxadmin', { admin: true });
    const pages: string[] = [];
    const proposalJson: string[] = [];
    const read = async (as: Space['admin'] | undefined) => {
      pages.push(await (await box.request(`/coop/proposals/${id}`, { as })).text());
      pages.push(await (await box.request(`/api/v1/coop/spaces/${space.organizationId}`, { as })).text());
      proposalJson.push(await (await box.request(`/api/v1/coop/proposals/${id}`, { as })).text());
      proposalJson.push(await (await box.request(`/api/v1/coop/proposals/${id}/tally`, { as })).text());
    };
    for (const as of [space.admin, alice, admin, undefined]) await read(as);
    closingPassed(box.deps.db, id);
    for (const as of [space.admin, alice, admin, undefined]) await read(as);
    for (const [path, as] of [['/api/v1/export/box', admin], ['/api/v1/export/me', alice], [`/api/v1/elements/${space.organizationId}/export`, space.admin]] as const) {
      const exported = await box.request(path, { as });
      expect(exported.status, path).toBe(200);
      pages.push(await exported.text());
    }
    // Voters appear elsewhere (as members), never beside a choice of this vote; the proposal's JSON names none of them.
    for (const reading of [...pages, ...proposalJson]) {
      expect(reading).not.toContain('ballot_key');
      expect(reading).not.toContain('coop_ballots');
      expect(reading).not.toMatch(/"voters":\[\{/);
      expect(reading).not.toContain('coop-voters');
    }
    for (const reading of proposalJson) for (const personId of voterIds) expect(reading).not.toContain(personId);
    expect(JSON.parse(proposalJson.at(-1)!)).toMatchObject({ status: 'rejected', tally: { for: 1, against: 1, blank: 1 } });
    expect(pages[0]).toContain('data-anonymous="true"');
    expect(recount(box.deps.db, id)).toMatchObject({ for: 1, against: 1, blank: 1 });
  });

  it('a named vote lists who voted what with the results; an anonymous one stores no voter id even by mistake', async () => {
    const id = await votingProposal(box, space, { resultsVisible: 'live' });
    await ok(await box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice: 'for' }, space.members[0]));
    const view = await ok(await box.request(`/api/v1/coop/proposals/${id}`, { as: space.members[1] }));
    expect(view.voters).toEqual([{ personId: space.members[0].personId, name: 'coop-m0', choice: 'for' }]);

    const anonymous = await votingProposal(box, space, { anonymous: true });
    expect(() => box.deps.db.prepare(`INSERT INTO coop_ballots (proposal_id, ballot_key, voter_id, choice, cast_at, updated_at)
      VALUES (?, 'k', ?, 'for', '2026-01-01', '2026-01-01')`).run(anonymous, space.members[0].personId)).toThrow(/anonymous/);
  });

  it('results hidden until the closing are not shown to members while voting', async () => {
    const id = await votingProposal(box, space);
    await ok(await box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice: 'for' }, space.members[0]));
    expect(await ok(await box.request(`/api/v1/coop/proposals/${id}/tally`, { as: space.members[0] }))).toEqual({ status: 'voting', tally: null });
  });
});

describe('amendments', () => {
  it('an amendment with more for than against is applied when the vote starts, and recorded in the history', async () => {
    const created = await ok(await box.json('/api/v1/coop/proposals', 'POST', { roomId: space.roomId, title: 'Charte', body: 'Article 1.' }, space.admin), 201);
    const id = created.id as string;
    await ok(await box.json(`/api/v1/coop/proposals/${id}/amending`, 'POST', {}, space.admin));
    const added = await ok(await box.json(`/api/v1/coop/proposals/${id}/amendments`, 'POST', { mode: 'add', body: 'Article 2.' }, space.members[0]), 201);
    const refused = await ok(await box.json(`/api/v1/coop/proposals/${id}/amendments`, 'POST', { mode: 'replace', body: 'Tout autre chose.' }, space.members[1]), 201);
    await ok(await box.json(`/api/v1/coop/amendments/${added.id}/vote`, 'PUT', { choice: 'for' }, space.members[1]));
    await ok(await box.json(`/api/v1/coop/amendments/${added.id}/vote`, 'PUT', { choice: 'against' }, space.members[2]));
    await ok(await box.json(`/api/v1/coop/amendments/${added.id}/vote`, 'PUT', { choice: 'for' }, space.members[2])); // changed
    await ok(await box.json(`/api/v1/coop/amendments/${refused.id}/vote`, 'PUT', { choice: 'against' }, space.members[2]));
    expect((await box.json(`/api/v1/coop/amendments/${added.id}/vote`, 'PUT', { choice: 'for' }, space.outsider)).status).toBe(403);

    const voting = await ok(await box.json(`/api/v1/coop/proposals/${id}/voting`, 'POST', { closesAt: new Date(Date.now() + 3_600_000).toISOString() }, space.admin));
    expect(voting.body).toBe('Article 1.\n\nArticle 2.');
    expect(voting.version).toBe(2);
    const view = await ok(await box.request(`/api/v1/coop/proposals/${id}`));
    const events = (view.history as { event: string }[]).map((entry) => entry.event);
    expect(events).toEqual(['created', 'amending', 'amendment', 'amendment', 'amendment_accepted', 'amendment_rejected', 'voting']);
    expect((view.amendments as { status: string }[]).map((a) => a.status)).toEqual(['accepted', 'rejected']);
  });

  it('an amendment to a proposal under vote or closed is refused with a clear error', async () => {
    const id = await votingProposal(box, space);
    const during = await box.json(`/api/v1/coop/proposals/${id}/amendments`, 'POST', { body: 'Encore un article.' }, space.members[0]);
    expect(during.status).toBe(409);
    closingPassed(box.deps.db, id);
    const after = await box.json(`/api/v1/coop/proposals/${id}/amendments`, 'POST', { body: 'Encore un article.' }, space.members[0]);
    expect(after.status).toBe(409);
    expect(((await after.json()) as { error: { message: string } }).error.message).toBe('Cette proposition n’est pas ouverte aux amendements');
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM coop_amendments WHERE proposal_id = ?').get(id)).toEqual({ n: 0 });
  });
});

describe('space, resolutions, actions and pages', () => {
  it('an adopted proposal shows among the resolutions with its tally; anyone reads a public space but only members write', async () => {
    const id = await votingProposal(box, space);
    await ok(await box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice: 'for' }, space.members[0]));
    closingPassed(box.deps.db, id);
    const page = await box.request(`/coop/${space.slug}/resolutions`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-proposal="${id}"`);
    expect((await box.json(`/api/v1/coop/spaces/${space.organizationId}/rooms`, 'POST', { name: 'Intrus' }, space.outsider)).status).toBe(403);
    expect((await box.json('/api/v1/coop/proposals', 'POST', { roomId: space.roomId, title: 'x', body: 'y' }, space.outsider)).status).toBe(403);
    for (const path of ['/coop', `/coop/${space.slug}`, `/coop/${space.slug}/actions`, `/coop/proposals/${id}`]) {
      expect((await box.request(path)).status, path).toBe(200);
      expect((await box.request(path, { as: space.members[0] })).status, path).toBe(200);
    }
  });

  it('a members-only organization’s space is not found for others', async () => {
    const hidden = await createSpace(box, 'hidden', 1, 'members');
    expect((await box.request(`/coop/${hidden.slug}`)).status).toBe(404);
    expect((await box.request(`/coop/${hidden.slug}`, { as: hidden.outsider })).status).toBe(404);
    expect((await box.request(`/coop/${hidden.slug}`, { as: hidden.members[0] })).status).toBe(200);
  });

  it('actions: actors must be members, they are told, and a passed due date shows the action late', async () => {
    const action = await ok(await box.json(`/api/v1/coop/spaces/${space.organizationId}/actions`, 'POST', {
      title: 'Acheter la broyeuse', dueDate: '2020-01-01', actorIds: [space.members[0].personId],
    }, space.admin), 201);
    const bad = await box.json(`/api/v1/coop/spaces/${space.organizationId}/actions`, 'POST', { title: 'x', actorIds: [space.outsider.personId] }, space.admin);
    expect(bad.status).toBe(422);
    const page = await (await box.request(`/coop/${space.slug}/actions`)).text();
    expect(page).toMatch(new RegExp(`data-action="${action.id}" data-state="late"`));
    const notified = box.deps.db.prepare("SELECT params FROM notifications WHERE person_id = ? AND kind = 'coop'").all(space.members[0].personId) as { params: string }[];
    expect(notified.map((row) => JSON.parse(row.params).variant)).toContain('action');
    await ok(await box.json(`/api/v1/coop/actions/${action.id}`, 'PATCH', { status: 'done' }, space.members[0]));
    expect(await (await box.request(`/coop/${space.slug}/actions`)).text()).toMatch(new RegExp(`data-action="${action.id}" data-state="done"`));
  });

  it('pages work as plain forms: a room, a proposal, a ballot', async () => {
    const form = async (path: string, fields: Record<string, string>, as = space.admin) => {
      const page = await box.request(path.split('?')[0].endsWith('/ballot') ? `/coop/${space.slug}` : path, { as });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
      return box.request(path, { method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...fields }) });
    };
    const room = await form(`/coop/${space.slug}/rooms/new`, { name: 'Fêtes', description: '' });
    expect(room.status).toBe(303);
    const roomId = (box.deps.db.prepare("SELECT id FROM coop_rooms WHERE name = 'Fêtes'").get() as { id: string }).id;
    const invalid = await form(`/coop/proposals/new?room=${roomId}`, { title: '', body: 'x', majority: 'simple', resultsVisible: 'live' });
    expect(invalid.status).toBe(422);
    const created = await form(`/coop/proposals/new?room=${roomId}`, { title: 'Fête d’été', body: 'Le 21 juin.', majority: 'simple', resultsVisible: 'live' });
    expect(created.status).toBe(303);
    const proposalPath = created.headers.get('location')!;
    expect((await form(`${proposalPath}/voting`, { opensAt: '', closesAt: '2099-06-01T18:00' })).status).toBe(303);
    expect((await form(`${proposalPath}/ballot`, { choice: 'for' }, space.members[0])).status).toBe(303);
    const page = await (await box.request(proposalPath, { as: space.members[0] })).text();
    expect(page).toContain('data-choice="for"');
    expect(page).toContain('data-count="for">1<');
  });

  it('turned off, the cooperative space answers 404 and keeps its data', async () => {
    saveModulesOff(box.deps.db, ['coop']);
    expect((await box.request(`/coop/${space.slug}`)).status).toBe(404);
    expect((await box.request(`/api/v1/coop/spaces/${space.organizationId}`)).status).toBe(404);
    saveModulesOff(box.deps.db, []);
    expect((await box.request(`/coop/${space.slug}`)).status).toBe(200);
  });
});
