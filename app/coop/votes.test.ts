import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { castBallot, closeProposal } from './actions.ts';
import { reachesMajority, recount, tallyOf } from './tally.ts';
import { findProposal } from './storage.ts';
import { bulkMembers, closingPassed, createSpace, setClock, votingProposal, type Space } from './testing/space.ts';
import type { Choice } from './model.ts';

let box: TestBox;
let space: Space;

beforeAll(async () => {
  box = createTestBox();
  space = await createSpace(box, 'votes', 2);
});
afterAll(() => box.close());
beforeEach(() => { setClock(box.deps.db, 'network'); });

const ballot = (id: string, choice: string, as: Space['admin']) => box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice }, as);

describe('tally', () => {
  it('the tally kept at closing equals a recount from the raw ballots, after many ballots some of them changed', async () => {
    const id = await votingProposal(box, space, { majority: 'two_thirds' });
    const voters = bulkMembers(box, space.organizationId, 300);
    const finalChoice = new Map<string, Choice>();
    const choices: Choice[] = ['for', 'against', 'blank'];
    voters.forEach((voter, index) => {
      const first = choices[index % 3];
      castBallot(box.deps, voter, id, { choice: first });
      finalChoice.set(voter.personId, first);
      if (index % 7 === 0) {
        castBallot(box.deps, voter, id, { choice: 'for' });
        finalChoice.set(voter.personId, 'for');
      }
    });
    closingPassed(box.deps.db, id);
    const closed = closeProposal(box.deps, voters[0], id);

    const expected = { for: 0, against: 0, blank: 0 };
    for (const choice of finalChoice.values()) expected[choice] += 1;
    const rows = box.deps.db.prepare('SELECT choice FROM coop_ballots WHERE proposal_id = ?').all(id) as { choice: Choice }[];
    expect(rows).toHaveLength(300);
    expect(closed.tally).toEqual(tallyOf(expected, 'two_thirds'));
    expect(closed.tally).toEqual(recount(box.deps.db, id));
    expect(closed.status).toBe(closed.tally!.adopted ? 'adopted' : 'rejected');
    expect(closed.closeClockSource).toBe('network');
    // The stored tally survives, and anyone may read it once closed.
    const tally = await box.request(`/api/v1/coop/proposals/${id}/tally`);
    expect(((await tally.json()) as { tally: unknown }).tally).toEqual(recount(box.deps.db, id));
  });

  it('majorities: 66 vs 34 misses two thirds, 67 vs 33 reaches it; a tie is no simple majority; blanks do not count', () => {
    expect(reachesMajority(66, 34, 'two_thirds')).toBe(false);
    expect(reachesMajority(67, 33, 'two_thirds')).toBe(true);
    expect(reachesMajority(2, 1, 'two_thirds')).toBe(true);
    expect(reachesMajority(50, 50, 'simple')).toBe(false);
    expect(reachesMajority(51, 49, 'simple')).toBe(true);
    expect(reachesMajority(74, 26, 'three_quarters')).toBe(false);
    expect(reachesMajority(75, 25, 'three_quarters')).toBe(true);
    expect(reachesMajority(89, 11, 'ninety')).toBe(false);
    expect(reachesMajority(90, 10, 'ninety')).toBe(true);
    expect(reachesMajority(0, 0, 'simple')).toBe(false);
    expect(tallyOf({ for: 2, against: 1, blank: 50 }, 'two_thirds').adopted).toBe(true);
  });

  it('a 2/3 vote closed at 66 for and 34 against is rejected; at 67 and 33 adopted', async () => {
    for (const [pour, contre, status] of [[66, 34, 'rejected'], [67, 33, 'adopted']] as const) {
      const id = await votingProposal(box, space, { majority: 'two_thirds' });
      const voters = bulkMembers(box, space.organizationId, 100);
      voters.forEach((voter, index) => castBallot(box.deps, voter, id, { choice: index < pour ? 'for' : 'against' }));
      expect(pour + contre).toBe(100);
      closingPassed(box.deps.db, id);
      expect(closeProposal(box.deps, voters[0], id).status).toBe(status);
    }
  });
});

describe('who votes, and when', () => {
  it('a non-member cannot vote (403), nor an anonymous visitor (401)', async () => {
    const id = await votingProposal(box, space);
    expect((await ballot(id, 'for', space.outsider)).status).toBe(403);
    expect((await box.json(`/api/v1/coop/proposals/${id}/ballot`, 'PUT', { choice: 'for' })).status).toBe(401);
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM coop_ballots WHERE proposal_id = ?').get(id)).toEqual({ n: 0 });
  });

  it('a member changes their vote until the closing; after it the vote is refused with a 409', async () => {
    const id = await votingProposal(box, space);
    expect((await ballot(id, 'for', space.members[0])).status).toBe(200);
    expect((await ballot(id, 'against', space.members[0])).status).toBe(200);
    const view = (await (await box.request(`/api/v1/coop/proposals/${id}`, { as: space.members[0] })).json()) as { myBallot: string };
    expect(view.myBallot).toBe('against');
    closingPassed(box.deps.db, id);
    const late = await ballot(id, 'for', space.members[0]);
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { message: string } }).error.message).toBe('Ce vote est clos');
    expect(findProposal(box.deps.db, id)!.tally).toMatchObject({ for: 0, against: 1 });
  });

  it('two votes at once by the same person leave one ballot', async () => {
    const id = await votingProposal(box, space);
    const answers = await Promise.all([ballot(id, 'for', space.members[1]), ballot(id, 'against', space.members[1]), ballot(id, 'blank', space.members[1])]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM coop_ballots WHERE proposal_id = ?').get(id)).toEqual({ n: 1 });
  });

  it('while the clock is not confirmed, closing is refused with a clear message and voting goes on', async () => {
    const id = await votingProposal(box, space);
    closingPassed(box.deps.db, id);
    for (const source of ['unknown', 'saved'] as const) {
      setClock(box.deps.db, source);
      const close = await box.json(`/api/v1/coop/proposals/${id}/close`, 'POST', {}, space.admin);
      expect(close.status).toBe(409);
      expect(((await close.json()) as { error: { message: string } }).error.message).toBe('L’horloge de la box n’est pas confirmée\u00a0; un administrateur de la box peut la régler depuis la page d’administration');
      expect((await ballot(id, 'for', space.members[0])).status).toBe(200);
      expect(findProposal(box.deps.db, id)!.status).toBe('voting');
    }
    const page = await box.request(`/coop/proposals/${id}`, { as: space.admin, headers: { 'accept-language': 'fr' } });
    expect(await page.text()).toContain('L’horloge de la box n’est pas confirmée');
    setClock(box.deps.db, 'browser');
    const close = await box.json(`/api/v1/coop/proposals/${id}/close`, 'POST', {}, space.admin);
    expect(close.status).toBe(200);
    expect((await close.json()) as { status: string; closeClockSource: string }).toMatchObject({ status: 'adopted', closeClockSource: 'browser' });
  });

  it('a vote cannot be closed before its closing time', async () => {
    const id = await votingProposal(box, space);
    const close = await box.json(`/api/v1/coop/proposals/${id}/close`, 'POST', {}, space.admin);
    expect(close.status).toBe(409);
  });

  it('a vote whose closing passed is closed when someone reads it, the clock being confirmed', async () => {
    const id = await votingProposal(box, space);
    await ballot(id, 'for', space.members[0]);
    closingPassed(box.deps.db, id);
    const read = (await (await box.request(`/api/v1/coop/proposals/${id}`)).json()) as { proposal: { status: string }; results: { for: number } };
    expect(read.proposal.status).toBe('adopted');
    expect(read.results.for).toBe(1);
  });
});
