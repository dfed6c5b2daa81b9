// The basemap's two addresses: what a map asks before drawing it, and its tiles, read from the archive in
// the data folder as it is now (a file swapped in place is seen at the next request).
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TileType } from 'pmtiles';
import { archive } from '../imports/fixtures/pmtiles-archive.ts';
import { basemapPath, basemapTiles } from './basemap.ts';

let dataDir: string;
let routes: ReturnType<typeof basemapTiles>;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'copi-basemap-'));
  routes = basemapTiles({ config: { dataDir } });
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Puts an archive in place the way the import does: written aside, then renamed over. */
function install(bytes: Buffer) {
  const aside = join(dataDir, 'next.pmtiles');
  writeFileSync(aside, bytes);
  renameSync(aside, basemapPath({ dataDir }));
}

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

describe('the basemap routes', () => {
  it('say the box has no basemap (204) and answer 404 for its tiles', async () => {
    expect((await routes.request('/tiles/base.json')).status).toBe(204);
    expect((await routes.request('/tiles/base/0/0/0')).status).toBe(404);
  });

  it('describe the basemap, serve its tiles with their type, 204 for a tile it lacks, 404 off the pyramid', async () => {
    install(archive([{ z: 3, x: 4, y: 2, data: jpeg }, { z: 4, x: 8, y: 5, data: jpeg }], TileType.Jpeg, '<b>IGN</b> Plan'));
    const json = await (await routes.request('/tiles/base.json')).json();
    expect(json).toMatchObject({ format: 'jpg', minzoom: 3, maxzoom: 4, bounds: [4.9, 44.4, 5.2, 44.7], attribution: 'IGN Plan' });
    const tile = await routes.request('/tiles/base/3/4/2');
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await tile.arrayBuffer())).toEqual(jpeg);
    expect((await routes.request('/tiles/base/3/4/3')).status).toBe(204);
    expect((await routes.request('/tiles/base/9/0/0')).status).toBe(204); // beyond its zooms
    for (const path of ['/tiles/base/3/8/0', '/tiles/base/27/0/0', '/tiles/base/a/0/0', '/tiles/base/3/-1/0']) {
      expect((await routes.request(path)).status, path).toBe(404);
    }
  });

  it('serves the new file once another is swapped in, under a new tile address', async () => {
    install(archive([{ z: 0, x: 0, y: 0, data: jpeg }], TileType.Jpeg));
    const before = (await (await routes.request('/tiles/base.json')).json()) as { tiles: string[] };
    const other = Buffer.from([0xff, 0xd8, 9, 9, 0xff, 0xd9]);
    install(archive([{ z: 0, x: 0, y: 0, data: other }], TileType.Jpeg));
    const after = (await (await routes.request('/tiles/base.json')).json()) as { tiles: string[] };
    expect(after.tiles[0]).not.toBe(before.tiles[0]);
    expect(Buffer.from(await (await routes.request('/tiles/base/0/0/0')).arrayBuffer())).toEqual(other);
  });
});
