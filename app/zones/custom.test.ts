// Custom territories: unions of zones across borders, and drawn polygons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { findCustomZone } from './custom.ts';

const decodeEntities = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

let box: TestBox;
let admin: Session;
let member: Session;

beforeAll(async () => {
  box = createTestBox({ demo: true });
  admin = await box.register('admin-territoire', { admin: true });
  member = await box.register('habitant');
});
afterAll(() => box.close());

/** Posts the admin page's territory form, as the browser does (the session already holds the CSRF cookie). */
function post(fields: Record<string, string>) {
  const csrf = admin.cookie.split('; ').find((c) => c.startsWith('copi_csrf='))!.split('=')[1];
  return box.request('/admin/territories', {
    method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ _csrf: csrf, ...fields }),
  });
}

const storedTerritories = () => (box.deps.db.prepare('SELECT count(*) AS n FROM custom_zones').get() as { n: number }).n;

const names = async (query: string) =>
  ((await (await box.request(`/api/v1/search?${query}&limit=200`)).json()) as { items: { name: string }[] }).items.map((item) => item.name);

describe('custom territories', () => {
  it('lists the elements of both departments of a territory drawn across their border', async () => {
    const valreas = await box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', name: 'Cartonnerie', postalCode: '84600', locality: 'Valréas' }, admin);
    expect(valreas.status).toBe(201);
    const created = await box.json('/api/v1/custom-zones', 'POST', { name: 'Pays de Dieulefit et Enclave', zones: ['epci:242600492', 'commune:84138'] }, admin);
    expect(created.status).toBe(201);
    const territory = (await created.json()) as { id: string; members: string[] };
    expect(territory.id).toBe('custom:pays-de-dieulefit-et-enclave');
    const found = await names(`zone=${territory.id}`);
    expect(found).toContain('Cartonnerie'); // Vaucluse
    expect(found).toContain('La Ressourcerie du Jabron'); // Drôme
    expect(await names('zone=dep:26')).not.toContain('Cartonnerie');
    const page = await (await box.request(`/zones/${territory.id}`)).text();
    expect(page).toContain('Valréas');
  });

  it('stores a drawn polygon as the communes inside it', async () => {
    // A square of about 6 km around Dieulefit.
    const ring = [[5.02, 44.50], [5.10, 44.50], [5.10, 44.55], [5.02, 44.55], [5.02, 44.50]];
    const response = await box.json('/api/v1/custom-zones', 'POST', { name: 'Autour de Dieulefit', polygon: { type: 'Polygon', coordinates: [ring] } }, admin);
    expect(response.status).toBe(201);
    expect(((await response.json()) as { members: string[] }).members).toContain('commune:26114');
  });

  it('refuses bad territories with a 4xx naming the field, storing nothing', async () => {
    const count = () => (box.deps.db.prepare('SELECT count(*) AS n FROM custom_zones').get() as { n: number }).n;
    const before = count();
    const bowtie = [[5.0, 44.5], [5.1, 44.6], [5.1, 44.5], [5.0, 44.6], [5.0, 44.5]];
    const huge = Array.from({ length: 100_000 }, (_, i) => [5 + Math.cos(i) / 10, 44.5 + Math.sin(i) / 10]);
    const cases: [unknown, number, string | null][] = [
      [{ name: 'Croisé', polygon: { type: 'Polygon', coordinates: [bowtie] } }, 422, 'polygon'],
      [{ name: 'Ouvert', polygon: { type: 'Polygon', coordinates: [[[5, 44], [6, 44], [6, 45], [5, 45]]] } }, 422, 'polygon'],
      [{ name: 'Immense', polygon: { type: 'Polygon', coordinates: [huge] } }, 413, null],
      [{ name: 'Inconnu', zones: ['dep:99'] }, 422, 'zones.0'],
      [{ name: 'Mal écrit', zones: ['planet:mars'] }, 422, 'zones.0'],
      [{ name: 'Les deux', zones: ['dep:26'], polygon: { type: 'Polygon', coordinates: [[[5, 44], [6, 44], [6, 45], [5, 44]]] } }, 422, 'zones'],
      [{ name: '' , zones: ['dep:26'] }, 422, 'name'],
    ];
    for (const [body, status, field] of cases) {
      const response = await box.json('/api/v1/custom-zones', 'POST', body, admin);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      if (field) expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await box.json('/api/v1/custom-zones', 'POST', { name: 'Le mien', zones: ['dep:26'] }, member)).status).toBe(403);
    expect(count()).toBe(before);
  });

  it('can be defined from the admin page without JavaScript, errors shown next to the field', async () => {
    const refused = await post({ name: 'Bassin', zones: 'epci:242600492, dep:99' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('epci:242600492, dep:99');
    const made = await post({ name: 'Bassin de vie', zones: 'epci:242600492, commune:84138' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/zones/custom:bassin-de-vie');
  });

  it('stores a polygon drawn on the admin page as the same territory the API stores', async () => {
    // The ring as the drawing island writes it into the hidden field: GeoJSON, closed on its first point.
    const ring = [[5.0, 44.49], [5.12, 44.49], [5.12, 44.56], [5.0, 44.56], [5.0, 44.49]];
    const polygon = { type: 'Polygon', coordinates: [ring] };
    const byApi = (await (await box.json('/api/v1/custom-zones', 'POST', { name: 'Tracé par API', polygon }, admin)).json()) as { id: string };
    const made = await post({ name: 'Tracé sur la carte', zones: '', polygon: JSON.stringify(polygon) });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/zones/custom:trace-sur-la-carte');
    const byForm = findCustomZone(box.deps.db, 'custom:trace-sur-la-carte')!;
    const reference = findCustomZone(box.deps.db, byApi.id)!;
    expect(byForm.polygon).toEqual(polygon);
    expect(byForm.members).toEqual(reference.members);
    expect(byForm.members).toContain('commune:26114'); // Dieulefit
    // Its zone page draws the outline and lists the communes inside.
    const page = await (await box.request('/zones/custom:trace-sur-la-carte')).text();
    const map = JSON.parse(decodeEntities(/data-map="([^"]+)"/.exec(page)![1])) as { outline: unknown };
    expect(map.outline).toEqual(polygon);
    expect(page).toContain('href="/zones/commune:26114"');
  });

  it('refuses a bad drawing from the admin page with the error next to the map, keeping the name, storing nothing', async () => {
    const before = storedTerritories();
    const polygon = (ring: number[][]) => JSON.stringify({ type: 'Polygon', coordinates: [ring] });
    const cases: [string, string][] = [
      ['bow-tie', polygon([[5.0, 44.5], [5.1, 44.6], [5.1, 44.5], [5.0, 44.6], [5.0, 44.5]])],
      ['open', polygon([[5.0, 44.5], [5.1, 44.5], [5.1, 44.6], [5.0, 44.6]])],
      ['two points', polygon([[5.0, 44.5], [5.1, 44.6], [5.0, 44.5]])],
      ['in the sea', polygon([[-30, 40], [-29, 40], [-29, 41], [-30, 40]])],
      ['too many points', polygon([...Array.from({ length: 2100 }, (_, i) => [5 + Math.cos(i / 400) / 10, 44.5 + Math.sin(i / 400) / 10]), [5.1, 44.5]])],
      ['not JSON', '{"type":"Polygon",'],
    ];
    for (const [label, drawn] of cases) {
      const refused = await post({ name: `Essai ${label}`, zones: '', polygon: drawn });
      expect(refused.status, label).toBe(422);
      const html = await refused.text();
      expect(html, label).toMatch(/<p class="error" id="f-polygon-error">[^<]+<\/p>/);
      expect(html, label).toContain(`value="Essai ${label}"`); // the name typed is kept
      expect(html, label).toContain('name="polygon"');
    }
    const bowtie = decodeEntities(/id="f-polygon-error">([^<]+)</.exec(await (await post({ name: 'Croisé', polygon: cases[0][1] })).text())![1]);
    expect(bowtie).toBe('The outline crosses itself');
    // Zones and a drawing together: one or the other.
    const both = await post({ name: 'Les deux', zones: 'dep:26', polygon: cases[0][1] });
    expect(both.status).toBe(422);
    expect(await both.text()).toContain('id="f-zones-error"');
    expect(storedTerritories()).toBe(before);
  });

  it('offers the drawing map only to JavaScript: the block is hidden until the island shows it', async () => {
    const page = await (await box.request('/admin', { as: admin })).text();
    expect(page).toMatch(/<div class="field draw-zone" data-draw-zone="[^"]+" hidden[ >=]/);
    expect(page).toMatch(/<input type="hidden" id="f-polygon" name="polygon" value\/>/); // empty until something is drawn
    expect(page).toContain('src="/assets/draw-zone.js"');
    expect((await box.request('/assets/draw-zone.js')).status).toBe(200);
  });

  it('draws a union of zones on its page with the outlines of its members', async () => {
    const made = await post({ name: 'Deux communes', zones: 'commune:26114, commune:26056' });
    expect(made.status).toBe(303);
    const page = await (await box.request(made.headers.get('location')!)).text();
    const map = JSON.parse(decodeEntities(/data-map="([^"]+)"/.exec(page)![1])) as { outline: { type: string; geometries: unknown[] } };
    expect(map.outline.type).toBe('GeometryCollection');
    expect(map.outline.geometries).toHaveLength(2);
  });

  it('can be removed by a box admin', async () => {
    const territory = (await (await box.json('/api/v1/custom-zones', 'POST', { name: 'Éphémère', zones: ['dep:26'] }, admin)).json()) as { id: string };
    expect((await box.request(`/api/v1/custom-zones/${territory.id}`, { method: 'DELETE', as: admin })).status).toBe(204);
    expect((await box.request(`/api/v1/zones/${territory.id}`)).status).toBe(404);
  });
});
