// The mutual aid pages and API as people use them: posting through the form without JavaScript, closing,
// renewing, writing to the author; bad input refused with nothing written; the module turned off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { saveModulesOff } from '../modules/modules.ts';

let box: TestBox;
let helper: Session;
let needer: Session;
let offer: { id: string; slug: string };

const countAid = () => (box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE type = 'aid'").get() as { n: number }).n;
const countMatches = () => (box.deps.db.prepare('SELECT count(*) AS n FROM aid_matches').get() as { n: number }).n;
const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];

async function submit(path: string, as: Session, fields: Record<string, string>, formPath = path) {
  const csrf = csrfOf(await (await box.request(formPath, { as })).text());
  return box.request(path, {
    method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

beforeAll(async () => {
  box = createTestBox();
  helper = await box.register('jardiniere');
  needer = await box.register('voisin');
  const response = await box.json('/api/v1/aid', 'POST', {
    kind: 'offer', category: 'gardening', name: 'J’arrose vos jardins en été', description: 'Arrosage et **potager**.', communeInsee: '26056',
    availability: 'Juillet et août',
  }, helper);
  expect(response.status).toBe(201);
  offer = (await response.json() as { entry: typeof offer }).entry;
});
afterAll(() => box.close());

describe('the mutual aid pages', () => {
  it('list needs and offers with tabs, categories grouped by kind of help and communes', async () => {
    const page = await (await box.request('/aid')).text();
    expect(page).toContain(`href="/aid/${offer.slug}"`);
    expect([...page.matchAll(/<optgroup label="([^"]+)"/g)].map((match) => match[1])).toEqual(['Services', 'Compétences', 'Objets à prêter']);
    expect(page).toContain('href="/aid/new?kind=need"');
    const needsOnly = await (await box.request('/aid?kind=need')).text();
    expect(needsOnly).not.toContain(`href="/aid/${offer.slug}"`);
    const otherCommune = await (await box.request('/aid?zone=commune:26114')).text();
    expect(otherCommune).not.toContain(`href="/aid/${offer.slug}"`);
  });

  it('post a need through the form, without JavaScript, and show the offers that may answer it', async () => {
    const form = await (await box.request('/aid/new?kind=need', { as: needer })).text();
    expect(form).toMatch(/<input type="radio" name="kind" value="need" checked/);
    const response = await submit('/aid/new', needer, {
      kind: 'need', category: 'gardening', name: 'Arroser mon jardin en août', description: '', availability: '', communeInsee: '26056',
      postalCode: '', locality: '', visibility: 'public', expiresAt: '',
    }, '/aid/new?kind=need');
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/aid\/arroser-mon-jardin-en-aout/);
    const page = await (await box.request(location, { as: needer })).text();
    expect(page).toContain(`data-match="${offer.id}"`);
    expect(page).toContain('même commune');
    expect(page).toContain('jardin');
  });

  it('refuse a form with an unknown category, showing the error next to the field, and write nothing', async () => {
    const before = countAid();
    const response = await submit('/aid/new', needer, { kind: 'need', category: 'sorcery', name: 'Un sort', communeInsee: '26056', visibility: 'public' }, '/aid/new');
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('id="f-category-error"');
    expect(countAid()).toBe(before);
  });

  it('let the author write nothing to themselves but let a neighbour write through the in-box messages', async () => {
    const ownPage = await (await box.request(`/aid/${offer.slug}`, { as: helper })).text();
    expect(ownPage).not.toContain(`/aid/${offer.slug}/contact`);
    const response = await submit(`/aid/${offer.slug}/contact`, needer, { body: 'Bonjour, je pars en août, pourriez-vous arroser ?' }, `/aid/${offer.slug}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/messages\//);
    const told = box.deps.db.prepare("SELECT count(*) AS n FROM notifications WHERE kind = 'message' AND person_id = ?").get(helper.personId) as { n: number };
    expect(told.n).toBe(1);
    const anonymous = await (await box.request(`/aid/${offer.slug}`)).text();
    expect(anonymous).toContain('/login?next=');
  });

  it('let the author mark it fulfilled (gone from the list), open it again and renew it', async () => {
    const page = await (await box.request(`/aid/${offer.slug}`, { as: helper })).text();
    expect(page).toContain(`action="/aid/${offer.slug}/close"`);
    expect((await submit(`/aid/${offer.slug}/close`, helper, {}, `/aid/${offer.slug}`)).status).toBe(303);
    expect(await (await box.request('/aid')).text()).not.toContain(`href="/aid/${offer.slug}"`);
    expect(await (await box.request('/aid?closed=1')).text()).toContain(`href="/aid/${offer.slug}"`);
    expect((await submit(`/aid/${offer.slug}/reopen`, helper, {}, `/aid/${offer.slug}`)).status).toBe(303);
    expect(await (await box.request('/aid')).text()).toContain(`href="/aid/${offer.slug}"`);

    box.deps.db.prepare("UPDATE elements SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").run(offer.id);
    expect((await box.request(`/aid/${offer.slug}`)).status).toBe(404);
    expect(await (await box.request(`/aid/${offer.slug}`, { as: helper })).text()).toContain('class="notice"');
    const renewed = await box.json(`/api/v1/aid/${offer.id}/renew`, 'POST', {}, helper);
    expect(renewed.status).toBe(200);
    const { expiresAt } = (await renewed.json()) as { expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect((await box.request(`/aid/${offer.slug}`)).status).toBe(200);
  });

  it('let only its admins close, renew or delete an entry', async () => {
    expect((await box.json(`/api/v1/aid/${offer.id}/close`, 'POST', {}, needer)).status).toBe(403);
    expect((await box.json(`/api/v1/aid/${offer.id}/renew`, 'POST', {}, needer)).status).toBe(403);
    expect((await box.request(`/api/v1/aid/${offer.id}`, { method: 'DELETE', as: needer })).status).toBe(403);
  });

  it('send /e/<slug> of an entry to its mutual aid page', async () => {
    const response = await box.request(`/e/${offer.slug}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/aid/${offer.slug}`);
  });
});

describe('bad input is refused, naming the field, and nothing is written', () => {
  const refused = async (body: Record<string, unknown>, field: string) => {
    const before = countAid();
    const matchesBefore = countMatches();
    const response = await box.json('/api/v1/aid', 'POST', { kind: 'need', category: 'tools', name: 'Une perceuse', communeInsee: '26056', ...body }, needer);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    expect(countAid()).toBe(before);
    expect(countMatches()).toBe(matchesBefore);
  };

  it('an unknown category', () => refused({ category: 'sorcery' }, 'category'));
  it('a price (only classified ads have one)', () => refused({ price: 12 }, 'price'));
  it('an expiry in the past', () => refused({ expiresAt: '2020-01-01' }, 'expiresAt'));
  it('a kind that is neither need nor offer', () => refused({ kind: 'sale' }, 'kind'));
  it('another element type', () => refused({ type: 'event' }, 'type'));
  it('a private entry (aid is public or for the box’s members)', () => refused({ visibility: 'private' }, 'visibility'));

  it('an anonymous visitor cannot post', async () => {
    const response = await box.json('/api/v1/aid', 'POST', { kind: 'need', category: 'tools', name: 'Une perceuse' });
    expect(response.status).toBe(401);
  });
});

describe('the module turned off', () => {
  it('answers 404 on its pages and API, and its entries come back when it is turned on again', async () => {
    saveModulesOff(box.deps.db, ['aid']);
    try {
      for (const path of ['/aid', '/aid/new', `/aid/${offer.slug}`, '/api/v1/aid', `/api/v1/aid/${offer.id}`]) {
        expect((await box.request(path, { as: helper })).status, path).toBe(404);
      }
      expect(await (await box.request('/aid')).text()).toContain('L’entraide est désactivée sur cette box');
    } finally {
      saveModulesOff(box.deps.db, []);
    }
    expect((await box.request(`/aid/${offer.slug}`)).status).toBe(200);
  });
});
