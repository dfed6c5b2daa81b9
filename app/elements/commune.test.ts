// Every element lands in its commune, and so in every zone above it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let author: Session;

beforeAll(async () => {
  box = createTestBox();
  author = await box.register('cartographe');
});
afterAll(() => box.close());

const create = (body: Record<string, unknown>) =>
  box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', ...body }, author);
const communeOf = async (response: Response) => ((await response.json()) as { address: { communeInsee: string | null; locality: string } }).address;
const idsIn = async (zone: string) =>
  ((await (await box.request(`/api/v1/elements?zone=${zone}&limit=200`)).json()) as { items: { name: string }[] }).items.map((item) => item.name);

describe('assigning elements to communes', () => {
  it('uses a postal code and the commune’s name, written without accents', async () => {
    const response = await create({ name: 'Salle du temple', postalCode: '26460', locality: 'bezaudun sur bine' });
    expect(response.status).toBe(201);
    expect(await communeOf(response)).toMatchObject({ communeInsee: '26051' });
  });

  it('asks which commune when a postal code covers several and no name is given', async () => {
    const response = await create({ name: 'Lavoir', postalCode: '26460' });
    expect(response.status).toBe(422);
    const error = ((await response.json()) as { error: { field: string; message: string } }).error;
    expect(error.field).toBe('locality');
    expect(error.message).toContain('Bourdeaux');
    expect(error.message).toContain('Bézaudun-sur-Bîne');
  });

  it('takes the only commune of a postal code and fills in its name', async () => {
    expect(await communeOf(await create({ name: 'Four banal', postalCode: '38000' }))).toMatchObject({ communeInsee: '38185', locality: 'Grenoble' });
    const dieulefit = await communeOf(await create({ name: 'Bibliothèque', postalCode: '26220', locality: 'Dieulefit' }));
    expect(dieulefit).toMatchObject({ communeInsee: '26114', locality: 'Dieulefit' });
  });

  it('falls back on the position: the commune whose outline holds it', async () => {
    expect(await communeOf(await create({ name: 'Banc du parc', lat: 44.5265, lon: 5.0617 }))).toMatchObject({ communeInsee: '26114' });
    // Inside little Échevis, though nearer the centre of its bigger neighbour Sainte-Eulalie-en-Royans.
    const element = await create({ name: 'Belvédère', lat: 45.04, lon: 5.368 });
    expect(await communeOf(element)).toMatchObject({ communeInsee: '26117', locality: 'Échevis' });
    expect(await idsIn('commune:26117')).toContain('Belvédère');
    expect(await idsIn('commune:26302')).not.toContain('Belvédère');
  });

  it('refuses an unknown INSEE code or postal code, naming the field', async () => {
    const insee = await create({ name: 'Nulle part', communeInsee: '99999' });
    expect(insee.status).toBe(422);
    expect(((await insee.json()) as { error: { field: string } }).error.field).toBe('communeInsee');
    const postal = await create({ name: 'Nulle part', postalCode: '00000' });
    expect(((await postal.json()) as { error: { field: string } }).error.field).toBe('postalCode');
  });

  it('places an element anywhere in France in its department and region, beyond the demo territory', async () => {
    expect(await communeOf(await create({ name: 'Halle de la Croix-Rousse', postalCode: '69004', locality: 'Lyon' }))).toMatchObject({ communeInsee: '69123' });
    expect(await idsIn('dep:69')).toContain('Halle de la Croix-Rousse');
    expect(await idsIn('region:84')).toEqual(expect.arrayContaining(['Halle de la Croix-Rousse', 'Bibliothèque']));
    expect(await idsIn('dep:26')).not.toContain('Halle de la Croix-Rousse');
    expect(await idsIn('epci:242600492')).toContain('Bibliothèque');
  });

  it('moves an element when its postal code changes', async () => {
    const element = (await (await create({ name: 'Kiosque', postalCode: '26220', locality: 'Dieulefit' })).json()) as { id: string };
    const moved = await box.json(`/api/v1/elements/${element.id}`, 'PATCH', { postalCode: '26400', locality: 'Crest' }, author);
    expect(moved.status).toBe(200);
    expect(await communeOf(moved)).toMatchObject({ communeInsee: '26108', locality: 'Crest' });
  });
});
