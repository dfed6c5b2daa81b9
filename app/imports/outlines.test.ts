// Commune outlines from GeoJSON through the whole pipeline: staged with a reason for each feature left
// out, committed (outline, commune row, the zone tiles around it), imported again, undone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { tileX, tileY } from '../zones/build/tiles.ts';
import { drawZoneTiles } from '../zones/local-outlines.ts';
import { outlinesFormat } from './formats/outlines.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { undoImport } from './undo.ts';
import { checkImportFile } from './read/file.ts';
import { stagedSample } from './storage.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);


let box: TestBox;
beforeEach(() => { box = createTestBox(); });
afterEach(() => box.close());

async function stage(path: string, name = 'COMMUNE.geojson') {
  return stageImport(box.deps, { file: checkImportFile(path, { name, maxBytes: outlinesFormat.maxBytes }), format: outlinesFormat, origin: 'cli', createdBy: null });
}

const rejections = (importId: string) => stagedSample(box.deps.db, importId, 'rejected', 20).map((row) => `${row.line} ${row.field}: ${row.reason}`);

interface Feature { type: number; geometry: number[][] | number[][][]; tags: { id?: string; level: string } }

/** Dieulefit's outline in the fixture, and its northernmost point (moved 300 m north from zones.db's). */
const fixtureDieulefit = () => {
  const file = JSON.parse(readFileSync(fixture('outlines-admin-express.geojson'), 'utf8'));
  return file.features[0].geometry.coordinates[0][0] as number[][];
};
const northernmost = (ring: number[][]) => ring.reduce((best, point) => (point[1] > best[1] ? point : best));
const zoneOutlineRing = (id: string) => (box.deps.zones.findOutline(id)!.coordinates as number[][][])[0] as number[][];

const TILE = { z: 10, x: Math.floor(tileX(5.0614, 10)), y: Math.floor(tileY(44.5255, 10)) };

async function servedTile(): Promise<Buffer> {
  const response = await box.request(`/tiles/zones/${TILE.z}/${TILE.x}/${TILE.y}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const featuresOf = (data: Buffer) => (JSON.parse(gunzipSync(data).toString('utf8')) as { features: Feature[] }).features;

/** Whether a border of the tile passes within 3 units (~20 m) of the [lon, lat] point. */
function drawsNear(data: Buffer, [lon, lat]: number[]): boolean {
  const [px, py] = [(tileX(lon, TILE.z) - TILE.x) * 4096, (tileY(lat, TILE.z) - TILE.y) * 4096];
  return featuresOf(data).some((feature) => feature.type === 2
    && (feature.geometry as number[][][]).some((line) => line.some(([x, y]) => Math.hypot(x - px, y - py) <= 3)));
}

/** The level of the border drawn nearest the point on the tile. */
function levelNear(data: Buffer, [lon, lat]: number[]): string | undefined {
  const [px, py] = [(tileX(lon, TILE.z) - TILE.x) * 4096, (tileY(lat, TILE.z) - TILE.y) * 4096];
  const distance = (feature: Feature) => Math.min(...(feature.geometry as number[][][]).flat().map(([x, y]) => Math.hypot(x - px, y - py)));
  return featuresOf(data).filter((feature) => feature.type === 2).sort((a, b) => distance(a) - distance(b))[0]?.tags.level;
}

const communeRow = (insee: string) => box.deps.db.prepare('SELECT outline, lat, lon FROM communes WHERE insee = ?').get(insee) as
  { outline: string; lat: number; lon: number };
const localTiles = () => box.deps.db.prepare('SELECT z, x, y, hex(data) AS data, import_id FROM zone_tiles_local ORDER BY z, x, y').all();

describe('commune outlines (GeoJSON)', () => {
  it('stages the valid outline and says why a broken ring and a Lambert-93 file are left out', async () => {
    const staged = await stage(fixture('outlines-admin-express.geojson'));
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ updated: 1, rejected: 2, new: 0, unchanged: 0 });
    expect(rejections(staged.id)).toEqual([
      '2 geometry: ring 1 is not closed: its last position differs from its first',
      '3 geometry: The file is in Lambert-93 (EPSG:2154) metres: export it in WGS84 / EPSG:4326',
    ]);
    // The preview says what the file holds.
    expect(staged.warnings).toEqual(['Outlines of communes, found by their code in the property INSEE_COM']);
    // Nothing is live before the commit.
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM zone_outlines').get()).toEqual({ n: 0 });
    expect(localTiles()).toEqual([]);
  });

  it('commits: the tile over the commune draws its new outline, its commune row moves; the undo puts back the bytes', async () => {
    const tileBefore = await servedTile();
    const rowBefore = communeRow('26114');
    const shippedNorth = northernmost(zoneOutlineRing('commune:26114'));
    expect(drawsNear(tileBefore, shippedNorth)).toBe(true);

    const staged = await stage(fixture('outlines-admin-express.geojson'));
    const committed = await commitImport(box.deps, staged.id);
    expect(committed.status).toBe('committed');

    const tileAfter = await servedTile();
    expect(tileAfter.equals(tileBefore)).toBe(false);
    expect(drawsNear(tileAfter, northernmost(fixtureDieulefit()))).toBe(true);
    expect(drawsNear(tileAfter, shippedNorth)).toBe(false);
    // The moved border is drawn as the border it replaces (between communes), not as France's edge.
    expect(levelNear(tileAfter, northernmost(fixtureDieulefit()))).toBe(levelNear(tileBefore, shippedNorth));
    // The same bytes as a tile drawn from the outlines now on the box.
    expect(tileAfter.equals(drawZoneTiles(box.deps.db, [TILE]).get(`${TILE.z}/${TILE.x}/${TILE.y}`)!)).toBe(true);
    // Dieulefit's name is still on it.
    expect(featuresOf(tileAfter).some((feature) => feature.tags.id === 'commune:26114')).toBe(true);

    const stored = box.deps.db.prepare('SELECT lat, lon FROM zone_outlines WHERE zone_id = ?').get('commune:26114') as { lat: number; lon: number };
    const rowAfter = communeRow('26114');
    expect(rowAfter).toMatchObject({ lat: stored.lat, lon: stored.lon });
    expect([rowAfter.lat, rowAfter.lon]).not.toEqual([rowBefore.lat, rowBefore.lon]);
    expect(JSON.parse(rowAfter.outline)).toMatchObject({ type: 'MultiPolygon' });
    expect(northernmost(JSON.parse(rowAfter.outline).coordinates[0][0])[1]).toBeCloseTo(northernmost(fixtureDieulefit())[1], 4);

    const undone = await undoImport(box.deps, staged.id);
    expect(undone.status).toBe('undone');
    expect((await servedTile()).equals(tileBefore)).toBe(true);
    expect(communeRow('26114')).toEqual(rowBefore);
    expect(localTiles()).toEqual([]);
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM zone_outlines').get()).toEqual({ n: 0 });
  });

  it('imports the same file a second time as a no-op', async () => {
    await commitImport(box.deps, (await stage(fixture('outlines-admin-express.geojson'))).id);
    const tiles = localTiles();
    const row = communeRow('26114');
    expect(tiles.length).toBeGreaterThan(0);
    const again = await stage(fixture('outlines-admin-express.geojson'));
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 1, rejected: 2 });
    await commitImport(box.deps, again.id);
    expect(localTiles()).toEqual(tiles);
    expect(communeRow('26114')).toEqual(row);
  });

  it('reads Etalab\'s code/nom files and rejects a ring crossing itself, an unknown code and a point', async () => {
    const staged = await stage(fixture('outlines-etalab.geojson'), 'communes-26.geojson');
    expect(staged.status).toBe('staged');
    expect(staged.counts.new + staged.counts.updated + staged.counts.unchanged).toBe(1);
    expect(rejections(staged.id)).toEqual([
      '2 geometry: ring 1 crosses itself',
      '3 code: No commune has the code 26999',
      '4 geometry: A Point is not an outline: expected a Polygon or a MultiPolygon',
    ]);
    expect(staged.warnings).toEqual(['Outlines of communes, found by their code in the property code']);
  });

  it('fails on a file that is not GeoJSON, naming it', async () => {
    const path = join(box.dir, 'communes.geojson');
    writeFileSync(path, 'INSEE_COM;NOM\n26114;Dieulefit\n');
    const failed = await stage(path, 'communes.geojson');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^communes\.geojson is not JSON/);
    writeFileSync(path, '{"type": "Feature", "geometry": null}');
    expect((await stage(path, 'communes.geojson')).error).toBe('communes.geojson is not a GeoJSON FeatureCollection: its type is "Feature"');
  });

  it('refuses to undo an import whose outline a later import changed, naming the commune; in order, both undo', async () => {
    const first = await stage(fixture('outlines-admin-express.geojson'));
    await commitImport(box.deps, first.id);
    const shipped = localTiles().length;
    const file = JSON.parse(readFileSync(fixture('outlines-admin-express.geojson'), 'utf8'));
    const ring = file.features[0].geometry.coordinates[0][0] as number[][];
    ring.forEach((point) => { point[0] += 0.001; });
    const path = join(box.dir, 'dieulefit-2.geojson');
    writeFileSync(path, JSON.stringify({ ...file, features: [file.features[0]] }));
    const second = await stage(path);
    expect(second.counts.updated).toBe(1);
    await commitImport(box.deps, second.id);

    await expect(undoImport(box.deps, first.id)).rejects.toThrow('A later import changed the outline of Dieulefit: undo it first');
    expect(shipped).toBeGreaterThan(0);
    await undoImport(box.deps, second.id);
    expect(box.deps.db.prepare('SELECT import_id FROM zone_outlines').all()).toEqual([{ import_id: first.id }]);
    await undoImport(box.deps, first.id);
    expect(localTiles()).toEqual([]);
  });
});
