// Matching as people notice it: a need gets the offers near it, in its category, still open; their authors are told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { matchExpression, significantWords } from './matching.ts';

let box: TestBox;
let needer: Session;
let nearHelper: Session;
let farHelper: Session;
let otherHelper: Session;
let tooFarHelper: Session;

// Bourdeaux (Drôme) and points due north of it: 0.009° of latitude is about 1 km.
const bourdeaux = { lat: 44.57873, lon: 5.15105 };
const north = (km: number) => ({ lat: Math.round((bourdeaux.lat + km * 0.008993) * 1e5) / 1e5, lon: bourdeaux.lon });

interface Posted { entry: { id: string; slug: string; kind: string }; matches: { entryId: string; score: number; reasons: { distanceKm: number | null; words: string[] } }[] }

async function post(as: Session, body: Record<string, unknown>): Promise<Posted> {
  const response = await box.json('/api/v1/aid', 'POST', { availability: 'le week-end', ...body }, as);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Posted;
}

const aidMatchesOf = (personId: string) =>
  box.deps.db.prepare("SELECT subject_url, params FROM notifications WHERE kind = 'aid_match' AND person_id = ?").all(personId) as { subject_url: string; params: string }[];

let near: Posted;
let far: Posted;
let otherCategory: Posted;
let tooFar: Posted;
let need: Posted;

beforeAll(async () => {
  box = createTestBox();
  needer = await box.register('needer');
  nearHelper = await box.register('nearhelper');
  farHelper = await box.register('farhelper');
  otherHelper = await box.register('otherhelper');
  tooFarHelper = await box.register('toofarhelper');
  near = await post(nearHelper, { kind: 'offer', category: 'repairs', name: 'Je répare les vélos', description: 'Crevaisons, freins, dérailleurs.', ...north(2) });
  far = await post(farHelper, { kind: 'offer', category: 'repairs', name: 'Réparation de vélos à domicile', ...north(40) });
  otherCategory = await post(otherHelper, { kind: 'offer', category: 'gardening', name: 'Je répare les vélos et je jardine', ...north(1) });
  tooFar = await post(tooFarHelper, { kind: 'offer', category: 'repairs', name: 'Réparation vélo', ...north(100) });
  need = await post(needer, { kind: 'need', category: 'repairs', name: 'Mon vélo a un pneu crevé', ...bourdeaux });
});
afterAll(() => box.close());

describe('matching a new need', () => {
  it('proposes the nearby offer before the far one, with the distance and the words in common', () => {
    expect(need.matches.map((match) => match.entryId)).toEqual([near.entry.id, far.entry.id]);
    expect(need.matches[0].reasons.distanceKm).toBeCloseTo(2, 0);
    expect(need.matches[1].reasons.distanceKm).toBeCloseTo(40, 0);
    expect(need.matches[0].reasons.words).toContain('velo');
    expect(need.matches[0].score).toBeGreaterThan(need.matches[1].score);
  });

  it('never proposes an offer of another category, nor one beyond 60 km', () => {
    const ids = need.matches.map((match) => match.entryId);
    expect(ids).not.toContain(otherCategory.entry.id);
    expect(ids).not.toContain(tooFar.entry.id);
  });

  it('tells the authors of the matched offers, and no one else', () => {
    expect(aidMatchesOf(nearHelper.personId)).toEqual([{ subject_url: `/aid/${need.entry.slug}`, params: JSON.stringify({ name: 'Mon vélo a un pneu crevé', variant: 'need' }) }]);
    expect(aidMatchesOf(farHelper.personId)).toHaveLength(1);
    expect(aidMatchesOf(otherHelper.personId)).toHaveLength(0);
    expect(aidMatchesOf(tooFarHelper.personId)).toHaveLength(0);
    expect(aidMatchesOf(needer.personId)).toHaveLength(0);
  });

  it('shows the matches on the need’s page, and lets its author dismiss one so it no longer shows', async () => {
    const before = await (await box.request(`/aid/${need.entry.slug}`, { as: needer })).text();
    expect(before).toContain(`data-match="${near.entry.id}"`);
    expect(before).toContain('km');
    const dismissed = await box.json(`/api/v1/aid/${need.entry.id}/matches/${near.entry.id}/dismiss`, 'POST', {}, needer);
    expect(dismissed.status).toBe(204);
    const matches = (await (await box.request(`/api/v1/aid/${need.entry.id}/matches`, { as: needer })).json()) as { items: { entry: { id: string } }[] };
    expect(matches.items.map((match) => match.entry.id)).toEqual([far.entry.id]);
    expect(await (await box.request(`/aid/${need.entry.slug}`, { as: needer })).text()).not.toContain(`data-match="${near.entry.id}"`);
    // From the offer's side too.
    const fromOffer = (await (await box.request(`/api/v1/aid/${near.entry.id}/matches`, { as: nearHelper })).json()) as { items: unknown[] };
    expect(fromOffer.items).toEqual([]);
  });

  it('lets only the entry’s admins dismiss a match', async () => {
    const response = await box.json(`/api/v1/aid/${need.entry.id}/matches/${far.entry.id}/dismiss`, 'POST', {}, otherHelper);
    expect(response.status).toBe(403);
  });

  it('works the other way round: a new offer is matched with the needs it may answer, whose authors are told', async () => {
    const helper = await box.register('laterhelper');
    const offer = await post(helper, { kind: 'offer', category: 'repairs', name: 'Atelier vélo solidaire', ...north(3) });
    expect(offer.matches.map((match) => match.entryId)).toEqual([need.entry.id]);
    expect(aidMatchesOf(needer.personId)).toEqual([{ subject_url: `/aid/${offer.entry.slug}`, params: JSON.stringify({ name: 'Atelier vélo solidaire', variant: 'offer' }) }]);
    const fromNeed = (await (await box.request(`/api/v1/aid/${need.entry.id}/matches`, { as: needer })).json()) as { items: { entry: { id: string } }[] };
    expect(fromNeed.items.map((match) => match.entry.id)).toContain(offer.entry.id);
  });
});

describe('what is never matched', () => {
  it('skips fulfilled and expired offers', async () => {
    const closer = await box.register('closer');
    const closed = await post(closer, { kind: 'offer', category: 'childcare', name: 'Garde d’enfants le mercredi', ...north(1) });
    expect((await box.json(`/api/v1/aid/${closed.entry.id}/close`, 'POST', {}, closer)).status).toBe(200);
    const expired = await post(closer, { kind: 'offer', category: 'childcare', name: 'Baby-sitting le soir', ...north(1) });
    box.deps.db.prepare("UPDATE elements SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").run(expired.entry.id);
    const open = await post(closer, { kind: 'offer', category: 'childcare', name: 'Je garde vos enfants', ...north(1) });
    const parent = await box.register('parent');
    const wanted = await post(parent, { kind: 'need', category: 'childcare', name: 'Garde d’enfants mercredi après-midi', ...bourdeaux });
    expect(wanted.matches.map((match) => match.entryId)).toEqual([open.entry.id]);
  });

  it('keeps a members-only offer away from anonymous visitors, while signed-in members get it matched', async () => {
    const discreet = await box.register('discreet');
    const hidden = await post(discreet, { kind: 'offer', category: 'paperwork', name: 'Aide aux papiers administratifs', visibility: 'members', ...north(1) });
    const asker = await box.register('asker');
    const wanted = await post(asker, { kind: 'need', category: 'paperwork', name: 'Aide pour mes papiers de retraite', ...bourdeaux });
    expect(wanted.matches.map((match) => match.entryId)).toEqual([hidden.entry.id]);

    const anonymousMatches = (await (await box.request(`/api/v1/aid/${wanted.entry.id}/matches`)).json()) as { items: unknown[] };
    expect(anonymousMatches.items).toEqual([]);
    expect(await (await box.request(`/aid/${wanted.entry.slug}`)).text()).not.toContain(hidden.entry.slug);
    expect(await (await box.request('/aid')).text()).not.toContain(hidden.entry.slug);
    const anonymousList = (await (await box.request('/api/v1/aid?category=paperwork')).json()) as { items: { id: string }[] };
    expect(anonymousList.items.map((item) => item.id)).toEqual([wanted.entry.id]);
    expect((await box.request(`/aid/${hidden.entry.slug}`)).status).toBe(404);
    expect(await (await box.request('/aid', { as: asker })).text()).toContain(hidden.entry.slug);
  });
});

describe('the words the text similarity looks for', () => {
  it('are the significant words, folded, with no FTS syntax passed through', () => {
    expect(significantWords('Besoin d’aide : réparer MON vélo (urgent) !')).toEqual(['reparer', 'velo', 'urgent']);
    expect(matchExpression(['velo', 'NEAR'])).toBe('{name short_description description tags} : ("velo"* OR "NEAR"*)');
    expect(matchExpression(significantWords('" OR * ^ :'))).toBeNull();
  });
});
