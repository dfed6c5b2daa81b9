// The marketplace: ads published by form (with photos) and API, prices as people read them, refusals that
// write nothing, expiry, sold ads, members-only ads, and the module turned off and on again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { csrfOf, formData, png } from '../media/testing.ts';
import { saveModulesOff } from '../modules/modules.ts';

let box: TestBox;
let seller: Session;
let neighbour: Session;

interface AdJson { id: string; slug: string; name: string; price: { amountCents: number; currency: string } | null; expiresAt: string; closed: boolean; expired: boolean }

const publish = async (body: Record<string, unknown>, as = seller) => {
  const response = await box.json('/api/v1/market', 'POST', { kind: 'sale', category: 'furniture', communeInsee: '26054', ...body }, as);
  return { response, ad: (await response.clone().json()) as AdJson };
};
const countAds = () => (box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE type = 'classified'").get() as { n: number }).n;
const listNames = async (path: string, as?: Session) =>
  ((await (await box.request(path, { as })).json()) as { items: { name: string }[] }).items.map((item) => item.name);
const fr = { 'accept-language': 'fr' };

beforeAll(async () => {
  box = createTestBox();
  seller = await box.register('vendeuse');
  neighbour = await box.register('voisin');
});
afterAll(() => box.close());

describe('the marketplace', () => {
  it('publishes an ad through the API and shows its price formatted in the reader\'s language', async () => {
    const { response, ad } = await publish({ name: 'Table en chêne', price: '12,50' });
    expect(response.status).toBe(201);
    expect(ad.price).toEqual({ amountCents: 1250, currency: 'EUR' });
    const list = await (await box.request('/market', { headers: fr })).text();
    expect(list).toContain('Table en chêne');
    expect(list).toMatch(/12,50\s€/u);
    const english = await (await box.request(`/market/${ad.slug}`, { headers: { 'accept-language': 'en' } })).text();
    expect(english).toContain('€12.50');
  });

  it('gives an ad called "New" its own address, leaving /market/new the form to publish', async () => {
    const { ad } = await publish({ name: 'New', price: 3 });
    expect(ad.slug).toBe('new-2');
    expect(await (await box.request('/market/new-2')).text()).toContain('<h1>New</h1>');
    expect(await (await box.request('/market/new', { as: seller })).text()).toContain('action="/market/new"');
  });

  it('shows a gift as free and Ğ1 prices with their sign', async () => {
    const gift = await publish({ name: 'Chaton à donner', kind: 'gift', category: 'other' });
    expect(gift.response.status).toBe(201);
    const g1 = await publish({ name: 'Miel de lavande', category: 'food', price: 8, currency: 'G1' });
    expect(g1.response.status).toBe(201);
    const page = await (await box.request(`/market/${gift.ad.slug}`, { headers: fr })).text();
    expect(page).toContain('Gratuit');
    const honey = await (await box.request(`/market/${g1.ad.slug}`, { headers: fr })).text();
    expect(honey).toMatch(/8,00\sĞ1/u);
    const free = await listNames('/api/v1/market?free=1');
    expect(free).toContain('Chaton à donner');
    expect(free).not.toContain('Miel de lavande');
  });

  it('refuses negative, absurd and given-away prices and unknown categories, naming the field, writing nothing', async () => {
    const before = countAds();
    for (const [body, field] of [
      [{ name: 'Négatif', price: -5 }, 'price'],
      [{ name: 'Absurde', price: 1_000_001 }, 'price'],
      [{ name: 'Don payant', kind: 'gift', category: 'other', price: 3 }, 'price'],
      [{ name: 'Catégorie inconnue', category: 'spaceships' }, 'category'],
      [{ name: 'Privée', visibility: 'private' }, 'visibility'],
      [{ name: 'Pas une annonce', type: 'event' }, 'type'],
    ] as const) {
      const { response } = await publish(body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    const french = await box.request('/api/v1/market', { method: 'POST', as: seller, headers: { ...fr, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'sale', category: 'books', name: 'Livre', price: -1 }) });
    expect(((await french.json()) as { error: { message: string } }).error.message).toContain('négatif');
    expect(countAds()).toBe(before);
  });

  it('publishes an ad from the form with its photos, shown as a thumbnail in the list', async () => {
    const csrf = await csrfOf(box, seller, '/market/new');
    const fields = { _csrf: csrf, kind: 'rent', category: 'garden', name: 'Motoculteur à louer', price: '25', currency: 'EUR', communeInsee: '26054',
      visibility: 'public', expiresAt: '', description: 'Le week-end.' };
    const body = formData(fields, [{ name: 'moto.png', data: await png(200, 150) }, { name: 'detail.png', data: await png() }]);
    const response = await box.request('/market/new', { method: 'POST', as: seller, body });
    expect(response.status).toBe(303);
    const slug = response.headers.get('location')!.replace('/market/', '');
    const ad = box.deps.db.prepare('SELECT id, expires_at FROM elements WHERE slug = ?').get(slug) as { id: string; expires_at: string };
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM media_files WHERE element_id = ?').get(ad.id)).toEqual({ n: 2 });
    // No date given: the ad lasts 60 days.
    expect(Math.round((Date.parse(ad.expires_at) - Date.now()) / 86_400_000)).toBe(60);
    const list = await (await box.request('/market?kind=rent')).text();
    expect(list).toMatch(/<img class="ad-thumb" src="\/media\/[\w-]+\/thumb"/);
    const page = await (await box.request(`/market/${slug}`)).text();
    expect(page).toContain('Motoculteur à louer, photo 2');
  });

  it('keeps the form\'s values and writes nothing when the form is refused', async () => {
    const before = countAds();
    const csrf = await csrfOf(box, seller, '/market/new');
    const body = formData({ _csrf: csrf, kind: 'gift', category: 'books', name: 'Encyclopédie', price: '10', currency: 'EUR', visibility: 'public' },
      [{ name: 'livres.png', data: await png() }]);
    const response = await box.request('/market/new', { method: 'POST', as: seller, headers: { 'accept-language': 'en' }, body });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('Something given away has no price');
    expect(page).toContain('value="Encyclopédie"');
    expect(countAds()).toBe(before);
    expect(box.deps.db.prepare("SELECT count(*) AS n FROM media_files WHERE name = 'livres.png'").get()).toEqual({ n: 0 });
  });

  it('hides an expired ad from the list and from search for others, and shows it to its author', async () => {
    const { ad } = await publish({ name: 'Vélo expiré', category: 'sport', price: 40 });
    box.deps.db.prepare("UPDATE elements SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?").run(ad.id);
    expect(await listNames('/api/v1/market', neighbour)).not.toContain('Vélo expiré');
    expect(await listNames('/api/v1/search?q=vélo', neighbour)).not.toContain('Vélo expiré');
    expect((await box.request(`/market/${ad.slug}`, { as: neighbour })).status).toBe(404);
    const own = await box.request(`/market/${ad.slug}`, { as: seller, headers: { 'accept-language': 'en' } });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('Expired');
    expect(await listNames('/api/v1/market?mine=1', seller)).toContain('Vélo expiré');
    // Renewing gives it 60 days from now.
    const renewed = (await (await box.json(`/api/v1/market/${ad.id}/renew`, 'POST', undefined, seller)).json()) as AdJson;
    expect(Math.round((Date.parse(renewed.expiresAt) - Date.now()) / 86_400_000)).toBe(60);
    expect(await listNames('/api/v1/market', neighbour)).toContain('Vélo expiré');
  });

  it('marks a sold ad on its page, takes it out of the list, and only its author may do so', async () => {
    const { ad } = await publish({ name: 'Buffet vendu', price: 150 });
    expect((await box.json(`/api/v1/market/${ad.id}/close`, 'POST', undefined, neighbour)).status).toBe(403);
    const csrf = await csrfOf(box, seller, `/market/${ad.slug}`);
    const closed = await box.request(`/market/${ad.slug}/close`, { method: 'POST', as: seller,
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString() });
    expect(closed.status).toBe(303);
    expect(await (await box.request(`/market/${ad.slug}`, { headers: fr })).text()).toContain('Vendu');
    expect(await listNames('/api/v1/market')).not.toContain('Buffet vendu');
    const reopened = (await (await box.json(`/api/v1/market/${ad.id}/reopen`, 'POST', undefined, seller)).json()) as AdJson;
    expect(reopened.closed).toBe(false);
    expect(await listNames('/api/v1/market')).toContain('Buffet vendu');
  });

  it('hides a members-only ad from anonymous visitors, and shows it to every signed-in person', async () => {
    const { ad } = await publish({ name: 'Poussette (membres)', category: 'other', price: 20, visibility: 'members' });
    expect(await listNames('/api/v1/market')).not.toContain('Poussette (membres)');
    expect((await box.request(`/market/${ad.slug}`)).status).toBe(404);
    expect(await listNames('/api/v1/market', neighbour)).toContain('Poussette (membres)');
    expect(await (await box.request(`/market/${ad.slug}`, { as: neighbour, headers: fr })).text()).toContain('Membres seulement');
  });

  it('shows no e-mail or phone unless the author gives them, and then only to signed-in people', async () => {
    const plain = await publish({ name: 'Sans coordonnées', price: 5 });
    expect(await (await box.request(`/market/${plain.ad.slug}`, { as: neighbour })).text()).not.toContain('mailto:');
    const given = await publish({ name: 'Avec coordonnées', price: 5, contactEmail: 'moi@example.org' });
    expect(await (await box.request(`/market/${given.ad.slug}`, { as: neighbour })).text()).toContain('mailto:moi@example.org');
    expect(await (await box.request(`/market/${given.ad.slug}`)).text()).not.toContain('moi@example.org');
  });

  it('filters by kind, category, commune and words', async () => {
    await publish({ name: 'Cours de guitare', kind: 'job', category: 'work' });
    expect(await listNames('/api/v1/market?kind=job')).toEqual(['Cours de guitare']);
    expect(await listNames('/api/v1/market?q=guitare')).toEqual(['Cours de guitare']);
    // Words as people type them on a phone: no accents, any case, the last one unfinished.
    expect(await listNames('/api/v1/market?q=CHENE')).toEqual(['Table en chêne']);
    expect(await listNames('/api/v1/market?q=cours guit')).toEqual(['Cours de guitare']);
    expect(await listNames('/api/v1/market?category=work&zone=commune:26054')).toEqual(['Cours de guitare']);
    expect(await listNames('/api/v1/market?zone=commune:75056')).toEqual([]);
    expect((await box.request('/api/v1/market?kind=spaceship')).status).toBe(422);
  });

  it('sends /e/<slug> of an ad to its marketplace page', async () => {
    const { ad } = await publish({ name: 'Lampe', price: 3 });
    const response = await box.request(`/e/${ad.slug}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/market/${ad.slug}`);
  });

  it('disappears with its module turned off, data kept, and comes back when turned on', async () => {
    const { ad } = await publish({ name: 'Armoire normande', price: 90 });
    saveModulesOff(box.deps.db, ['marketplace']);
    try {
      const page = await box.request('/market', { headers: { 'accept-language': 'en' } });
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('The marketplace is turned off on this box');
      const api = await box.request('/api/v1/market', { headers: { 'accept-language': 'en' } });
      expect(api.status).toBe(404);
      expect(((await api.json()) as { error: { message: string } }).error.message).toBe('The marketplace is turned off on this box');
      expect((await box.request(`/market/${ad.slug}`)).status).toBe(404);
      expect(await listNames('/api/v1/search?q=armoire')).toEqual([]);
    } finally {
      saveModulesOff(box.deps.db, []);
    }
    expect(await listNames('/api/v1/search?q=armoire')).toEqual(['Armoire normande']);
    expect(await listNames('/api/v1/market')).toContain('Armoire normande');
  });
});
