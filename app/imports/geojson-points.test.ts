// GeoJSON points through the whole pipeline: points become places, outlines and Lambert-93 points are refused
// with their reason, a cut file keeps what came before, and a file that is not a FeatureCollection fails whole.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { pointsFormat } from './formats/geojson-points.ts';
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

async function stage(path: string, options: ImportOptions = {}, name = 'lieux.geojson') {
  return stageImport(box.deps, { file: checkImportFile(path, { name, maxBytes: pointsFormat.maxBytes }), format: pointsFormat, origin: 'cli', options, createdBy: null });
}

const places = () => box.deps.db.prepare(
  `SELECT e.type, e.name, e.kind, e.commune_insee, e.lat, e.lon, e.tags, e.url, ie.source_key
   FROM elements e JOIN imported_elements ie ON ie.element_id = e.id ORDER BY e.name`,
).all() as { type: string; name: string; kind: string; commune_insee: string; lat: number; lon: number; tags: string; url: string; source_key: string }[];

const rejections = (importId: string) => stagedSample(box.deps.db, importId, 'rejected', 10).map((row) => `${row.line} ${row.field ?? '-'}: ${row.reason}`);

/** A file of its own in the box's folder. */
function write(name: string, text: string) {
  const path = join(box.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('a GeoJSON file of points', () => {
  it('imports its points as places, refusing a polygon and a Lambert-93 point with their reasons', async () => {
    const staged = await stage(fixture('points-lieux.geojson'));
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ new: 3, rejected: 2, outside: 1 });
    expect(rejections(staged.id)).toEqual([
      expect.stringMatching(/^3 geometry: A Polygon: only points become places; commune outlines go through the outlines format$/),
      expect.stringMatching(/^4 geometry: The position 866315.2, 6382512.4 looks like Lambert-93 metres .*export the file in WGS84 \/ EPSG:4326/),
    ]);
    await commitImport(box.deps, staged.id);
    const imported = places();
    expect(imported.map((place) => [place.source_key, place.name, place.kind, place.commune_insee])).toEqual([
      [expect.stringMatching(/^geojson:[0-9a-f]{16}$/), 'Banc du Roubion', 'place', '26056'],
      ['geojson:42', 'Boîte à livres de Vesc', 'sharedLibrary', '26373'],
      ['geojson:fontaine-chateauras', 'Fontaine de la place Châteauras', 'history', '26114'],
    ]);
    expect(imported.find((place) => place.name === 'Boîte à livres de Vesc')).toMatchObject({ type: 'poi', lat: 44.5101, lon: 5.1577 });
    expect(JSON.parse(imported.find((place) => place.name === 'Boîte à livres de Vesc')!.tags)).toEqual(['lecture', 'partage']);
    expect(imported.find((place) => place.name === 'Banc du Roubion')!.url).toBe('https://www.bourdeaux.fr');
  });

  it('imports the same file again as a no-op', async () => {
    await commitImport(box.deps, (await stage(fixture('points-lieux.geojson'))).id);
    const before = places();
    const again = await stage(fixture('points-lieux.geojson'));
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3, vanished: 0 });
    await commitImport(box.deps, again.id);
    expect(places()).toEqual(before);
  });

  it('follows a mapping over the properties and a chosen type', async () => {
    const path = write('assos.geojson', JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [5.0645, 44.5262] }, properties: { raison: 'Les Amis de la Poterie', forme: 'association' } }],
    }));
    const staged = await stage(path, { mapping: { raison: 'name', forme: 'kind', absente: 'url' }, type: 'organization' });
    expect(staged.counts).toMatchObject({ new: 1 });
    expect(staged.warnings).toContain('No feature has the properties "absente" named in the mapping');
    await commitImport(box.deps, staged.id);
    expect(places()[0]).toMatchObject({ type: 'organization', name: 'Les Amis de la Poterie', kind: 'association', commune_insee: '26114' });
  });

  it('keeps the points before the end of a truncated file, and marks nothing vanished', async () => {
    await commitImport(box.deps, (await stage(fixture('points-lieux.geojson'))).id);
    const text = readFileSync(fixture('points-lieux.geojson'), 'utf8');
    const staged = await stage(write('cut.geojson', text.slice(0, text.indexOf('Banc du Roubion') + 5)));
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ unchanged: 2, rejected: 3, vanished: 0 });
    expect(rejections(staged.id).at(-1)).toMatch(/^5 -: The file ends in the middle of its JSON: it looks truncated \(copied only in part\?\); the 4 features before were read/);
    expect(staged.warnings).toContain('The file ends early, so rows it no longer lists were not marked as vanished.');
  });

  it('fails whole, naming the problem, on a file that is not JSON or not a FeatureCollection', async () => {
    const cases: [string, RegExp][] = [
      ['<html>not json</html>', /bad\.geojson is not JSON/],
      ['', /bad\.geojson is empty/],
      ['[{"type":"Feature"}]', /bad\.geojson is not a GeoJSON FeatureCollection: it is a JSON list/],
      ['{"type":"Feature","geometry":{"type":"Point","coordinates":[5,44]}}', /not a GeoJSON FeatureCollection: its type is "Feature"/],
      ['{"type":"Topology","objects":{}}', /not a GeoJSON FeatureCollection: its type is "Topology"/],
      ['{"name":"lieux"}', /not a GeoJSON FeatureCollection: it has no "type": "FeatureCollection" and no "features"/],
    ];
    for (const [text, error] of cases) {
      const staged = await stage(write('bad.geojson', text), {}, 'bad.geojson');
      expect(staged.status, text).toBe('failed');
      expect(staged.error, text).toMatch(error);
      expect(stagedSample(box.deps.db, staged.id, 'rejected', 10)).toEqual([]);
    }
  });

  it('is recognised by its extension, or as JSON holding a FeatureCollection of points', () => {
    expect(pointsFormat.recognizes('lieux.geojson', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point"')).toBe(true);
    expect(pointsFormat.recognizes('export.json', '{"type":"FeatureCollection","features":[{"geometry":{"type":"Point"')).toBe(true);
    expect(pointsFormat.recognizes('communes.geojson', '{"type":"FeatureCollection","features":[{"geometry":{"type":"Polygon"')).toBe(false);
    expect(pointsFormat.recognizes('data.json', '{"items":[]}')).toBe(false);
  });
});
