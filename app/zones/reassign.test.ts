// When the zone database changes, elements follow: a merged commune's code becomes its new commune,
// and elements placed by position alone are placed again; what an author wrote is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { reassignCommunes } from './reassign.ts';

let box: TestBox;
let author: Session;

beforeAll(async () => {
  box = createTestBox();
  author = await box.register('arpenteuse');
});
afterAll(() => box.close());

const create = async (body: Record<string, unknown>) => {
  const response = await box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', ...body }, author);
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};
const row = (id: string) => box.deps.db.prepare('SELECT commune_insee, commune_source FROM elements WHERE id = ?').get(id) as
  { commune_insee: string | null; commune_source: string | null };
const namesIn = async (zone: string) =>
  ((await (await box.request(`/api/v1/elements?zone=${zone}&limit=200`)).json()) as { items: { name: string }[] }).items.map((item) => item.name);
/** The box as it was under an older zone database, which put these elements elsewhere. */
const asUnderAnOlderBuild = (placements: [string, string][]) => {
  for (const [id, insee] of placements) box.deps.db.prepare('UPDATE elements SET commune_insee = ? WHERE id = ?').run(insee, id);
  box.deps.db.prepare("UPDATE box_settings SET value = 'an older build' WHERE key = 'zones_build'").run();
};

describe('elements when the zone database changes', () => {
  it('remembers how each element’s commune was found', async () => {
    expect(row(await create({ name: 'Belvédère', lat: 45.04, lon: 5.368 }))).toEqual({ commune_insee: '26117', commune_source: 'position' });
    expect(row(await create({ name: 'Lavoir', communeInsee: '26114' }))).toEqual({ commune_insee: '26114', commune_source: 'insee' });
    expect(row(await create({ name: 'Four', postalCode: '26460', locality: 'Bourdeaux' }))).toMatchObject({ commune_source: 'postal-code' });
  });

  it('places again only elements placed by position, moves merged codes to their commune, and does it once per build', async () => {
    expect(reassignCommunes(box.deps.db, box.deps.zones).ran).toBe(true); // the box's first placement against this build
    const byPosition = await create({ name: 'Table d’orientation', lat: 45.04, lon: 5.368 }); // in Échevis
    const written = await create({ name: 'Abri', communeInsee: '26117', lat: 45.04, lon: 5.368 }); // the author chose Échevis
    const onFormerCode = await create({ name: 'Chapelle', communeInsee: '26289' }); // Saillans
    asUnderAnOlderBuild([[byPosition, '26302'], [written, '26302'], [onFormerCode, '26371']]); // Véronne merged into Saillans
    expect(await namesIn('commune:26117')).not.toContain('Table d’orientation');

    expect(reassignCommunes(box.deps.db, box.deps.zones)).toEqual({ ran: true, merged: 1, moved: 1 });
    expect(row(byPosition).commune_insee).toBe('26117');
    expect(row(written).commune_insee).toBe('26302'); // what the author wrote stays
    expect(row(onFormerCode).commune_insee).toBe('26289');
    expect(await namesIn('commune:26117')).toContain('Table d’orientation');
    expect(await namesIn('commune:26289')).toContain('Chapelle');
    expect(reassignCommunes(box.deps.db, box.deps.zones)).toEqual({ ran: false, merged: 0, moved: 0 });
  });

  it('keeps how the commune was found across an edit that leaves the address alone', async () => {
    const id = await create({ name: 'Source', lat: 45.04, lon: 5.368 });
    const response = await box.json(`/api/v1/elements/${id}`, 'PATCH', { name: 'Source vive' }, author);
    expect(response.status).toBe(200);
    expect(row(id)).toEqual({ commune_insee: '26117', commune_source: 'position' });
    await box.json(`/api/v1/elements/${id}`, 'PATCH', { communeInsee: '26302' }, author);
    expect(row(id)).toEqual({ commune_insee: '26302', commune_source: 'insee' });
  });
});
