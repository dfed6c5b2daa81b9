import { describe, expect, it } from 'vitest';
import { parse } from '../core/validation.ts';
import { createElementSchema } from '../elements/model.ts';
import type { ImportedFields } from './model.ts';
import { checkedQuickly, type CheckedFields } from './well-formed.ts';

const association: ImportedFields = {
  type: 'organization', kind: 'association', name: 'Comité des fêtes de Dieulefit', shortDescription: 'Animer la vie du village',
  description: 'Animer la vie du village\n\nDéclarée le 12/03/1998 (RNA W261000001).', street: '12 Rue de la Mairie', postalCode: '26220',
  communeInsee: '26114', locality: 'Dieulefit', url: '', tags: ['association'],
};

const keys: (keyof CheckedFields)[] = ['kind', 'name', 'shortDescription', 'description', 'tags', 'street', 'postalCode', 'communeInsee',
  'locality', 'lat', 'lon', 'url', 'contactEmail', 'contactPhone', 'startsAt', 'endsAt', 'allDay'];
const byZod = (fields: ImportedFields) => {
  const data = parse(createElementSchema, { ...fields, visibility: 'public' }) as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, data[key]]));
};
const quickly = (fields: ImportedFields) => {
  const data = checkedQuickly(fields);
  return data && Object.fromEntries(keys.map((key) => [key, data[key]]));
};

describe('the quick check of an imported row', () => {
  it('returns for a plain row what the element schema returns', () => {
    const rows: ImportedFields[] = [
      association,
      { type: 'organization', kind: 'association', name: 'Chorale' },
      { ...association, kind: 'business', postalCode: '', communeInsee: '', locality: '', tags: [], contactPhone: '04 75 00 00 00', allDay: false },
      { type: 'project', name: 'Jardin partagé', kind: '', street: '', description: '  spaces kept  ' },
      { type: 'poi', kind: 'sharedLibrary', name: 'Boîte à livres', communeInsee: '2A004' },
    ];
    for (const row of rows) expect(quickly(row)).toEqual(byZod(row));
  });

  it('leaves to the schema every row it cannot vouch for, so a bad row gets the schema\'s message', () => {
    const unsure: ImportedFields[] = [
      { ...association, name: '' },
      { ...association, name: '  Comité  ' },
      { ...association, name: 'x'.repeat(121) },
      { ...association, shortDescription: 'x'.repeat(281) },
      { ...association, description: 'a\u0000b' },
      { ...association, locality: 'Dieulefit\uD800' },
      { ...association, postalCode: '2622' },
      { ...association, communeInsee: '261' },
      { ...association, kind: 'club' },
      { ...association, kind: undefined },
      { ...association, tags: ['a,b'] },
      { ...association, tags: Array.from({ length: 21 }, (_, i) => `tag${i}`) },
      { ...association, url: 'https://example.org' },
      { ...association, contactEmail: 'a@example.org' },
      { ...association, contactPhone: 'call me' },
      { ...association, lat: 44.5, lon: 5.06 },
      { type: 'event', name: 'Concert', kind: 'concert', startsAt: '2026-06-21T20:00' },
      { ...association, unknown: 'x' } as ImportedFields,
    ];
    for (const row of unsure) expect(checkedQuickly(row), JSON.stringify(row)).toBeNull();
  });
});
