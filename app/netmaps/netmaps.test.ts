// Network maps through the real app: made by form and API, shown on their page and in an embed with public
// elements only (whoever looks), framable embeds, bad input refused by field, and the module switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { saveModulesOff } from '../modules/modules.ts';

let box: TestBox;
let maker: Session;
let other: Session;
let boxAdmin: Session;

const epci = 'epci:242600492';
const bourdeaux = { communeInsee: '26056', lat: 44.5787, lon: 5.1510 };

const create = async (as: Session, body: Record<string, unknown>) => {
  const response = await box.json('/api/v1/elements', 'POST', body, as);
  if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; slug: string };
};

/** A form post as a signed-in person: the CSRF token comes from a page they opened. */
async function postForm(path: string, as: Session, fields: Record<string, string>) {
  const page = await box.request('/maps/new', { as });
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const cookie = [as.cookie, ...page.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
  return box.request(path, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(), redirect: 'manual',
  });
}

beforeAll(async () => {
  box = createTestBox();
  maker = await box.register('faiseuse');
  other = await box.register('voisin');
  boxAdmin = await box.register('admin', { admin: true });
  await create(maker, { type: 'organization', kind: 'association', name: 'Répar’Café de Bourdeaux', visibility: 'public', tags: 'réparation', ...bourdeaux });
  await create(maker, { type: 'poi', kind: 'place', name: 'Jardin partagé du Roubion', visibility: 'public', tags: 'jardin', ...bourdeaux });
  await create(maker, { type: 'organization', kind: 'group', name: 'Atelier secret', visibility: 'private', tags: 'réparation', ...bourdeaux });
  await create(boxAdmin, { type: 'organization', kind: 'group', name: 'Club des membres', visibility: 'members', tags: 'jardin', ...bourdeaux });
  await create(maker, { type: 'organization', kind: 'association', name: 'Chorale', visibility: 'public', tags: 'musique', ...bourdeaux });
  await create(maker, { type: 'organization', kind: 'association', name: 'Répar’Lyon', visibility: 'public', tags: 'réparation', lat: 45.76, lon: 4.83, communeInsee: '69123' });
});
afterAll(() => box.close());

const mapBody = { title: 'Réparer et cultiver', types: ['organization', 'poi'], tags: ['Réparation', 'jardin'], zones: [epci], colours: { organization: '#AA3300' } };

describe('network maps', () => {
  it('are made through the API and show only public elements of their types, tags and zones', async () => {
    const response = await box.json('/api/v1/maps', 'POST', mapBody, maker);
    expect(response.status).toBe(201);
    const map = (await response.json()) as { slug: string; tags: string[]; colours: Record<string, string> };
    expect(map.slug).toBe('reparer-et-cultiver');
    expect(map.tags).toEqual(['réparation', 'jardin']);
    expect(map.colours).toEqual({ organization: '#aa3300', poi: '#2b6cb0' });
    // Even for the box admin, who may see the members-only and private organizations elsewhere.
    const read = await box.request(`/api/v1/maps/${map.slug}`, { as: boxAdmin });
    const names = ((await read.json()) as { points: { name: string }[] }).points.map((point) => point.name);
    expect(names).toEqual(['Jardin partagé du Roubion', 'Répar’Café de Bourdeaux']);
  });

  it('are made by the form, and their page shows the legend, the elements and the embed code', async () => {
    const response = await postForm('/maps/new', other, {
      title: 'Jardins du pays', 'type:poi': 'on', 'type:organization': 'on', tags: 'jardin', [`zone:${epci}`]: 'on', 'colour:poi': '#00ff00', 'colour:organization': '#112233',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/maps/jardins-du-pays');
    const page = await (await box.request('/maps/jardins-du-pays', { as: boxAdmin })).text();
    expect(page).toContain('Jardin partagé du Roubion');
    expect(page).not.toContain('Club des membres');
    expect(page).toContain('--type-poi: #00ff00');
    expect(page).toContain('&lt;iframe src=&quot;http://box.test/embed/map/jardins-du-pays&quot;');
    const list = await (await box.request('/maps')).text();
    expect(list).toContain('Jardins du pays');
  });

  it('embed public elements only, even for a signed-in box admin, and may be framed by another site', async () => {
    const response = await box.request('/embed/map/reparer-et-cultiver', { as: boxAdmin });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('content-security-policy')).toBe('frame-ancestors *');
    const page = await response.text();
    expect(page).toContain('Répar’Café de Bourdeaux');
    expect(page).not.toContain('Atelier secret');
    expect(page).not.toContain('Club des membres');
    expect(page).not.toContain('Répar’Lyon');
    expect(page).not.toContain('Chorale');
    // No header nor footer of the box: the map alone.
    expect(page).not.toContain('class="top"');
  });

  it('refuse an unknown type, zone or colour, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...mapBody, types: ['organization', 'castle'] }, 'types.1'],
      [{ ...mapBody, zones: ['epci:200000000'] }, 'zones.0'],
      [{ ...mapBody, colours: { organization: 'red' } }, 'colours.organization'],
      [{ ...mapBody, colours: { castle: '#000000' } }, 'colours.castle'],
      [{ ...mapBody, types: [] }, 'types'],
      [{ ...mapBody, slug: 'new' }, 'slug'],
      [{ ...mapBody, slug: 'reparer-et-cultiver' }, 'slug'],
    ];
    for (const [body, field] of cases) {
      const response = await box.json('/api/v1/maps', 'POST', body, maker);
      expect(response.status, field).toBe(422);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await box.json('/api/v1/maps', 'POST', mapBody)).status).toBe(401);
  });

  it('are changed and deleted by their maker or a box admin only', async () => {
    expect((await box.json('/api/v1/maps/reparer-et-cultiver', 'PATCH', { title: 'Pris' }, other)).status).toBe(403);
    const renamed = await box.json('/api/v1/maps/reparer-et-cultiver', 'PATCH', { title: 'Réparer, cultiver', types: ['poi'] }, maker);
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { colours: Record<string, string> }).colours).toEqual({ poi: '#2b6cb0' });
    expect((await box.request('/api/v1/maps/reparer-et-cultiver', { method: 'DELETE', as: other })).status).toBe(403);
    expect((await box.request('/api/v1/maps/reparer-et-cultiver', { method: 'DELETE', as: boxAdmin })).status).toBe(204);
    expect((await box.request('/maps/reparer-et-cultiver')).status).toBe(404);
  });

  it('disappear while the module is off, and come back with it', async () => {
    saveModulesOff(box.deps.db, ['netmaps']);
    expect((await box.request('/maps')).status).toBe(404);
    expect((await box.request('/embed/map/jardins-du-pays')).status).toBe(404);
    expect((await box.request('/api/v1/maps')).status).toBe(404);
    saveModulesOff(box.deps.db, []);
    expect((await box.request('/embed/map/jardins-du-pays')).status).toBe(200);
  });
});
