// Any CSV through a mapping of its columns: places from a spreadsheet, an agenda, a wrong mapping, the guessed one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { csvFormat, readCsvPreview, suggestMapping } from './formats/csv-mapped.ts';
import type { ImportOptions } from './model.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { checkImportFile } from './read/file.ts';
import { stagedSample } from './storage.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

// The commit finds the format in the registry; until the registry lists it, the test adds it.

let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(() => box.close());

async function stage(path: string, options: ImportOptions, name = 'lieux.csv') {
  return stageImport(box.deps, { file: checkImportFile(path, { name, maxBytes: csvFormat.maxBytes }), format: csvFormat, origin: 'cli', options, createdBy: null });
}

const imported = () => box.deps.db.prepare(
  `SELECT e.type, e.name, e.kind, e.commune_insee, e.lat, e.lon, e.tags, e.street, e.url, e.contact_email, e.starts_at, e.ends_at, e.all_day, ie.source_key
   FROM elements e JOIN imported_elements ie ON ie.element_id = e.id ORDER BY e.name`,
).all() as Record<string, unknown>[];

const placesMapping = {
  Identifiant: 'key', 'Nom du lieu': 'name', 'Catégorie': 'kind', Adresse: 'street', 'Code postal': 'postalCode', Ville: 'locality',
  Latitude: 'lat', Longitude: 'lon', 'Site web': 'url', Courriel: 'contactEmail', 'Téléphone': 'contactPhone', 'Mots-clés': 'tags', Description: 'description',
};

describe('a CSV with a mapping of its columns', () => {
  it('imports places from a Latin-1 spreadsheet with French numbers, naming the column of each bad line', async () => {
    const staged = await stage(fixture('csv-lieux-latin1.csv'), { mapping: placesMapping, type: 'poi' });
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ new: 4, rejected: 3 });
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10).map((row) => `${row.line} ${row.field}: ${row.reason}`)).toEqual([
      expect.stringMatching(/^5 Latitude: .*Lambert-93 metres.*WGS84 \/ EPSG:4326/),
      expect.stringMatching(/^6 Nom du lieu: No name \(column "Nom du lieu"\)/),
      expect.stringMatching(/^8 Latitude: "quarante-quatre" is not a number \(column "Latitude"\)/),
    ]);
    await commitImport(box.deps, staged.id);
    expect(imported().map((row) => [row.source_key, row.name, row.kind, row.commune_insee])).toEqual([
      ['csv:L2', 'Boîte à livres du Lavoir', 'sharedLibrary', '26056'],
      ['csv:L1', 'La Fabrique, tiers-lieu', 'place', '26114'],
      ['csv:L3', 'Point compost des Reymonds', 'compostPickup', '26101'],
      ['csv:L6', 'Table d\'orientation de la Lance', 'something2See', '26202'],
    ]);
    const fabrique = imported().find((row) => row.source_key === 'csv:L1')!;
    expect(fabrique).toMatchObject({ type: 'poi', lat: 44.5262, lon: 5.0645, street: '3 rue du Bourg', url: 'https://lafabrique-dieulefit.fr',
      contact_email: 'contact@lafabrique-dieulefit.fr' });
    // Tags split on , ; and |, and a category the box has no kind for kept as a tag.
    expect(JSON.parse(fabrique.tags as string)).toEqual(['coworking', 'fablab', 'café', 'tiers-lieu']);
  });

  it('imports an agenda with French dates, keyed by a hash that stays the same from one import to the next', async () => {
    const mapping = { Titre: 'name', 'Date de début': 'startsAt', 'Date de fin': 'endsAt', Lieu: 'street', 'Code INSEE': 'communeInsee', Type: 'kind', Tags: 'tags' };
    const staged = await stage(fixture('csv-agenda-utf8.csv'), { mapping, type: 'event' }, 'agenda.csv');
    expect(staged.counts).toMatchObject({ new: 2, rejected: 1 });
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10).map((row) => `${row.line} ${row.field}: ${row.reason}`)).toEqual([
      expect.stringMatching(/^4 Date de début: "31\/02\/2026 20h30" is not a date/),
    ]);
    await commitImport(box.deps, staged.id);
    const [party, market] = imported();
    expect(market).toMatchObject({ type: 'event', name: 'Marché de producteurs', kind: 'market', commune_insee: '26056', all_day: 0 });
    expect(market.starts_at).toMatch(/^2026-06-06T08:00:00[+-]\d{2}:\d{2}$/);
    expect(party).toMatchObject({ name: 'Fête de la céramique', kind: 'getTogether', all_day: 1 });
    expect(String(market.source_key)).toMatch(/^csv:[0-9a-f]{16}$/);
    const again = await stage(fixture('csv-agenda-utf8.csv'), { mapping, type: 'event' }, 'agenda.csv');
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 2, vanished: 0 });
  });

  it('fails clearly when the mapping names a column the file does not have, keeping nothing', async () => {
    const staged = await stage(fixture('csv-lieux-latin1.csv'), { mapping: { Nom: 'name', Ville: 'locality' }, type: 'poi' });
    expect(staged.status).toBe('failed');
    expect(staged.error).toMatch(/The mapping names columns this file does not have: "Nom" \(read with ";" between values; columns found: Identifiant, Nom du lieu, Catégorie/);
    expect(stagedSample(box.deps.db, staged.id, 'rejected', 10)).toEqual([]);
    const noName = await stage(fixture('csv-lieux-latin1.csv'), { mapping: { Ville: 'locality' } });
    expect(noName.error).toMatch(/no column for the name/);
    const badField = await stage(fixture('csv-lieux-latin1.csv'), { mapping: { 'Nom du lieu': 'title' } });
    expect(badField.error).toMatch(/"Nom du lieu" is mapped to "title", which is not a field/);
    const badType = await stage(fixture('csv-lieux-latin1.csv'), { mapping: placesMapping, type: 'person' });
    expect(badType.error).toMatch(/Unknown element type "person": choose one of organization, project, event, poi/);
  });

  it('guesses the mapping of a French header', () => {
    expect(suggestMapping(['Identifiant', 'Nom du lieu', 'Catégorie', 'Adresse', 'Code postal', 'Ville', 'Latitude', 'Longitude', 'Site web',
      'Courriel', 'Téléphone', 'Mots-clés', 'Description'])).toEqual(placesMapping);
    expect(suggestMapping(['NOM', 'CP', 'COMMUNE', 'CODGEO', 'X', 'Y', 'Tél.', 'E-mail', 'Titre'])).toEqual({
      NOM: 'name', CP: 'postalCode', COMMUNE: 'locality', CODGEO: 'communeInsee', X: 'lon', Y: 'lat', 'Tél.': 'contactPhone', 'E-mail': 'contactEmail',
    });
  });

  it('imports with the guessed mapping when none is given, and says so', async () => {
    const path = join(box.dir, 'simple.csv');
    writeFileSync(path, 'nom,code postal,commune\nAtelier du Jabron,26220,Dieulefit\n');
    const staged = await stage(path, {});
    expect(staged.counts).toMatchObject({ new: 1 });
    expect(staged.warnings).toContain('No mapping was given; the columns were guessed: nom → name, code postal → postalCode, commune → locality');
  });

  it('previews the header, delimiter, encoding and first rows for the mapping step', async () => {
    const preview = await readCsvPreview(fixture('csv-lieux-latin1.csv'), 2);
    expect(preview).toMatchObject({ delimiter: ';', encoding: 'windows-1252' });
    expect(preview.columns).toContain('Mots-clés');
    expect(preview.sample).toHaveLength(2);
    expect(preview.sample[1]).toMatchObject({ 'Nom du lieu': 'Boîte à livres du Lavoir', Latitude: '44,5851' });
    expect(await readCsvPreview(fixture('csv-agenda-utf8.csv'))).toMatchObject({ delimiter: ',', encoding: 'utf-8', columns: ['Titre', 'Date de début',
      'Date de fin', 'Lieu', 'Code INSEE', 'Type', 'Tags'] });
  });
});
