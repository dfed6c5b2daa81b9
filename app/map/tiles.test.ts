import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestBox } from '../testing/test-box.ts';

const box = createTestBox();
afterAll(() => box.close());

/** The tile holding a point, as slippy-map tile numbers. */
function tileOf(lat: number, lon: number, z: number) {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

async function tileAt(lat: number, lon: number, z: number): Promise<Tile> {
  const { x, y } = tileOf(lat, lon, z);
  const response = await box.request(`/tiles/zones/${z}/${x}/${y}`);
  expect(response.status).toBe(200);
  // app.request() hands back the body as stored: the gzip bytes a browser would inflate.
  expect(response.headers.get('content-encoding')).toBe('gzip');
  return JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')) as Tile;
}

interface Tile { features: { type: number; geometry: unknown[]; tags: { id?: string; level: string; name?: string } }[] }

const linesOf = (tile: Tile, level: string) => tile.features.filter((f) => f.type === 2 && f.tags.level === level);
const namesOf = (tile: Tile, level: string) => tile.features.filter((f) => f.type === 1 && f.tags.level === level).map((f) => f.tags.name);

const DIEULEFIT = { lat: 44.5255, lon: 5.0614 };
const STRASBOURG = { lat: 48.5734, lon: 7.7521 };

describe('zone tiles', () => {
  it('a tile over the Drôme at zoom 7 draws department borders and the name Drôme', async () => {
    const tile = await tileAt(DIEULEFIT.lat, DIEULEFIT.lon, 7);
    expect(linesOf(tile, 'dep').length).toBeGreaterThan(0);
    expect(namesOf(tile, 'dep')).toContain('Drôme');
    expect(linesOf(tile, 'commune')).toEqual([]); // communes would be a grey smudge this far out
  });

  it('at zoom 8 the intercommunalities appear, with their names', async () => {
    const tile = await tileAt(DIEULEFIT.lat, DIEULEFIT.lon, 8);
    expect(linesOf(tile, 'epci').length).toBeGreaterThan(0);
    expect(namesOf(tile, 'epci')).toContain('CC Dieulefit-Bourdeaux');
  });

  it('a tile over Dieulefit at zoom 10 draws the commune borders and its name', async () => {
    const tile = await tileAt(DIEULEFIT.lat, DIEULEFIT.lon, 10);
    expect(linesOf(tile, 'commune').length).toBeGreaterThan(0);
    expect(tile.features.find((f) => f.tags.id === 'commune:26114')?.tags).toMatchObject({ level: 'commune', name: 'Dieulefit' });
    // Department names are gone at this zoom: they would crowd the commune names.
    expect(namesOf(tile, 'dep')).toEqual([]);
  });

  it('communes far from the demo territory have their borders and names too', async () => {
    const tile = await tileAt(STRASBOURG.lat, STRASBOURG.lon, 10);
    expect(linesOf(tile, 'commune').length).toBeGreaterThan(0);
    expect(namesOf(tile, 'commune')).toEqual(expect.arrayContaining(['Strasbourg', 'Schiltigheim']));
  });

  it('the first view of the demo territory stays light', async () => {
    // What the map of the territory loads at zoom 10 (scripts/bench/map.ts): four tiles.
    let bytes = 0;
    for (const [lat, lon] of [[44.64, 4.88], [44.64, 5.26], [44.42, 4.88], [44.42, 5.26]]) {
      const { x, y } = tileOf(lat, lon, 10);
      bytes += (await (await box.request(`/tiles/zones/10/${x}/${y}`)).arrayBuffer()).byteLength;
    }
    expect(bytes).toBeGreaterThan(5_000);
    expect(bytes).toBeLessThan(80_000);
  });

  it('region names show when zoomed out', async () => {
    const tile = await tileAt(DIEULEFIT.lat, DIEULEFIT.lon, 5);
    expect(tile.features.some((f) => f.type === 1 && f.tags.id === 'region:84')).toBe(true);
  });

  it('tiles are cached by the browser', async () => {
    const { x, y } = tileOf(DIEULEFIT.lat, DIEULEFIT.lon, 8);
    const response = await box.request(`/tiles/zones/8/${x}/${y}`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('a tile with nothing to draw is empty', async () => {
    // Mid-Atlantic, and past the deepest stored zoom: the map draws zoom 10 scaled up there.
    const ocean = tileOf(40, -40, 6);
    expect((await box.request(`/tiles/zones/6/${ocean.x}/${ocean.y}`)).status).toBe(204);
    for (const z of [11, 14]) {
      const deep = tileOf(DIEULEFIT.lat, DIEULEFIT.lon, z);
      expect((await box.request(`/tiles/zones/${z}/${deep.x}/${deep.y}`)).status).toBe(204);
    }
  });

  it.each(['/tiles/zones/15/0/0', '/tiles/zones/2/4/0', '/tiles/zones/2/0/-1', '/tiles/zones/a/0/0', '/tiles/zones/1/0/1.5', '/tiles/zones/8/1/2/3'])(
    // Outside /api/ the app's one error handler answers with its error page, as for any page.
    '%s is not found, without a server error',
    async (path) => {
      const response = await box.request(path);
      expect(response.status).toBe(404);
    },
  );
});
