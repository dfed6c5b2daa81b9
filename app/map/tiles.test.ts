import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestBox } from '../testing/test-box.ts';

const box = createTestBox();
afterAll(() => box.close());

interface Tile { features: { type: number; geometry: unknown[]; tags: { id: string; level: string; name: string } }[] }

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

const DIEULEFIT = { lat: 44.5255, lon: 5.0614 };

describe('zone tiles', () => {
  it('a tile over the Drôme at zoom 8 draws the department outline and its name', async () => {
    const tile = await tileAt(DIEULEFIT.lat, DIEULEFIT.lon, 8);
    const drome = tile.features.filter((f) => f.tags.id === 'dep:26');
    expect(drome.map((f) => f.type).sort()).toEqual([1, 2]);
    expect(drome.find((f) => f.type === 1)?.tags.name).toBe('Drôme');
  });

  it('a tile over Dieulefit at zoom 11 draws the commune and its name', async () => {
    const tile = await tileAt(DIEULEFIT.lat, DIEULEFIT.lon, 11);
    const dieulefit = tile.features.filter((f) => f.tags.id === 'commune:26114');
    expect(dieulefit.map((f) => f.type).sort()).toEqual([1, 2]);
    expect(dieulefit[0].tags).toMatchObject({ level: 'commune', name: 'Dieulefit' });
    // Department names are gone at this zoom: they would crowd the commune names.
    expect(tile.features.some((f) => f.type === 1 && f.tags.level === 'dep')).toBe(false);
  });

  it('region names show when zoomed out', async () => {
    const tile = await tileAt(DIEULEFIT.lat, DIEULEFIT.lon, 5);
    expect(tile.features.some((f) => f.type === 1 && f.tags.id === 'region:84')).toBe(true);
  });

  it('tiles are cached by the browser', async () => {
    const { x, y } = tileOf(DIEULEFIT.lat, DIEULEFIT.lon, 8);
    const response = await box.request(`/tiles/zones/8/${x}/${y}`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('a tile with nothing to draw is empty', async () => {
    // Mid-Atlantic, and past the deepest zoom of the tiles.
    const ocean = tileOf(40, -40, 6);
    expect((await box.request(`/tiles/zones/6/${ocean.x}/${ocean.y}`)).status).toBe(204);
    const deep = tileOf(DIEULEFIT.lat, DIEULEFIT.lon, 14);
    expect((await box.request(`/tiles/zones/14/${deep.x}/${deep.y}`)).status).toBe(204);
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
