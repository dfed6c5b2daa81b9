// SCDL public facilities (équipements publics) through the whole pipeline: staged, committed, imported again.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { scdlFormat } from './formats/scdl.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { checkImportFile } from './read/file.ts';
import { stagedSample } from './storage.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

// The commit finds the format in the registry; until the registry lists it, the test adds it.

let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(() => box.close());

async function stage(path: string, name = 'equipements.csv') {
  return stageImport(box.deps, { file: checkImportFile(path, { name, maxBytes: scdlFormat.maxBytes }), format: scdlFormat, origin: 'cli', createdBy: null });
}

const places = () => box.deps.db.prepare(
  `SELECT e.name, e.kind, e.commune_insee, e.lat, e.lon, e.tags, e.street, e.description, e.contact_phone, e.contact_email, e.url, ie.source_key
   FROM elements e JOIN imported_elements ie ON ie.element_id = e.id ORDER BY ie.source_key`,
).all() as { name: string; kind: string; commune_insee: string; lat: number; lon: number; tags: string; street: string; description: string;
  contact_phone: string; contact_email: string; url: string; source_key: string }[];

describe('an SCDL list of public facilities', () => {
  it.each(['scdl-equipements-latin1.csv', 'scdl-equipements-utf8.csv'])('%s: stages the facilities of the territory, naming the column of each bad line', async (file) => {
    const staged = await stage(fixture(file));
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ new: 5, rejected: 4, outside: 1 });
    const rejected = stagedSample(box.deps.db, staged.id, 'rejected', 10).map((row) => `${row.line} ${row.field}: ${row.reason}`);
    expect(rejected).toEqual([
      expect.stringMatching(/^8 EQUIP_UID: The facility has no identifier/),
      expect.stringMatching(/^9 EQUIP_NOM: The facility has no name/),
      expect.stringMatching(/^10 EQUIP_LAT: .*looks like Lambert-93 metres.*export the file in WGS84 \/ EPSG:4326/),
      expect.stringMatching(/^11 EQUIP_LAT: The position 144.52, 5.06 is not in degrees/),
    ]);
    expect(places()).toEqual([]);
  });

  it('commits places with their kind, position, accents, opening hours and contacts', async () => {
    const committed = await commitImport(box.deps, (await stage(fixture('scdl-equipements-latin1.csv'))).id);
    expect(committed.status).toBe('committed');
    expect(places().map((place) => [place.source_key, place.name, place.kind, place.commune_insee])).toEqual([
      ['scdl:24260049200019-BIB-004', 'Bibliothèque de Comps', 'sharedLibrary', '26101'],
      ['scdl:24260049200019-DEC-001', 'Déchèterie de Dieulefit', 'recoveryCenter', '26114'],
      ['scdl:24260049200019-MED-001', 'Médiathèque intercommunale de Dieulefit', 'sharedLibrary', '26114'],
      ['scdl:24260049200019-PKG-003', 'Parking du Champ de Mars', 'parking', '26056'],
      ['scdl:24260049200019-SAL-005', 'Salle des fêtes d\'Aleyrac', 'place', '26003'],
    ]);
    const library = places().find((place) => place.source_key === 'scdl:24260049200019-MED-001')!;
    expect(library).toMatchObject({
      lat: 44.5257, lon: 5.0613, street: '2 place de l\'Église', contact_phone: '04 75 46 41 01', contact_email: 'mediatheque@ccdb26.fr',
      url: 'https://www.mediatheque-dieulefit.fr',
    });
    expect(library.description).toContain('Horaires : Mar 14h-18h ; Mer 10h-12h, 14h-18h ; Sam 10h-12h');
    expect(JSON.parse(library.tags)).toEqual(['culture', 'médiathèque']);
  });

  it('imports the same list again, in the other encoding and delimiter, as a no-op', async () => {
    await commitImport(box.deps, (await stage(fixture('scdl-equipements-latin1.csv'))).id);
    const before = places();
    const again = await stage(fixture('scdl-equipements-utf8.csv'));
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 5, vanished: 0 });
    await commitImport(box.deps, again.id);
    expect(places()).toEqual(before);
  });

  it('fails clearly on a CSV that is not an SCDL list, keeping nothing', async () => {
    const path = join(box.dir, 'other.csv');
    writeFileSync(path, 'EQUIP_UID;EQUIP_NOM;ADR_COMMUNE\nX1;Mairie;Dieulefit\n');
    const staged = await stage(path);
    expect(staged.status).toBe('failed');
    expect(staged.error).toMatch(/not an SCDL list of public facilities: it lacks the columns EQUIP_TYPE, ADR_CODEPOSTAL, EQUIP_LAT, EQUIP_LONG/);
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10)).toEqual([]);
  });

  it('is recognised by its EQUIP_UID column', () => {
    expect(scdlFormat.recognizes('equipements.csv', 'COLL_NOM;COLL_SIRET;EQUIP_UID;EQUIP_THEME\r\n')).toBe(true);
    expect(scdlFormat.recognizes('equipements.csv', 'nom;ville\n')).toBe(false);
  });
});
