// Custom territories: unions of zones across borders, and drawn polygons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let admin: Session;
let member: Session;

beforeAll(async () => {
  box = createTestBox({ demo: true });
  admin = await box.register('admin-territoire', { admin: true });
  member = await box.register('habitant');
});
afterAll(() => box.close());

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
    // The session's cookies already hold the CSRF cookie set when the account was made.
    const csrf = admin.cookie.split('; ').find((c) => c.startsWith('copi_csrf='))!.split('=')[1];
    const post = (fields: Record<string, string>) => box.request('/admin/territories', {
      method: 'POST', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
    });
    const refused = await post({ name: 'Bassin', zones: 'epci:242600492, dep:99' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('epci:242600492, dep:99');
    const made = await post({ name: 'Bassin de vie', zones: 'epci:242600492, commune:84138' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe('/zones/custom:bassin-de-vie');
  });

  it('can be removed by a box admin', async () => {
    const territory = (await (await box.json('/api/v1/custom-zones', 'POST', { name: 'Éphémère', zones: ['dep:26'] }, admin)).json()) as { id: string };
    expect((await box.request(`/api/v1/custom-zones/${territory.id}`, { method: 'DELETE', as: admin })).status).toBe(204);
    expect((await box.request(`/api/v1/zones/${territory.id}`)).status).toBe(404);
  });
});
