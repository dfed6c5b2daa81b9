// An offline basemap through the import pipeline: a tiny raster PMTiles archive (written by the v3 spec,
// fixtures/pmtiles-archive.ts) staged, committed, served under /tiles/base, replaced, undone; wrong files refused with their reason.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import sharp from 'sharp';
import { TileType } from 'pmtiles';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { basemapPath, basemapTiles } from '../map/basemap.ts';
import { pmtilesFormat } from './formats/pmtiles.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { undoImport } from './undo.ts';
import { checkImportFile } from './read/file.ts';
import { stagedSample } from './storage.ts';
import { archive } from './fixtures/pmtiles-archive.ts';


const png = (colour: string) => sharp({ create: { width: 256, height: 256, channels: 3, background: colour } }).png().toBuffer();

let box: TestBox;
let tiles: Hono;
let green: Buffer;
let blue: Buffer;
beforeEach(async () => {
  box = createTestBox();
  tiles = new Hono().route('/', basemapTiles(box.deps));
  green = await png('#7fb77e');
  blue = await png('#6fa8dc');
});
afterEach(() => box.close());

function file(name: string, bytes: Buffer) {
  const path = join(box.dir, name);
  writeFileSync(path, bytes);
  return path;
}

const stage = (path: string) => stageImport(box.deps, {
  file: checkImportFile(path, { name: path.split('/').at(-1)!, maxBytes: pmtilesFormat.maxBytes }), format: pmtilesFormat, origin: 'upload', createdBy: null,
});

const tileBytes = async (path: string) => {
  const response = await tiles.request(path);
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
};

describe('an offline basemap (raster PMTiles)', () => {
  it('is staged as a copy, committed, served tile by tile, then undone', async () => {
    expect((await tiles.request('/tiles/base.json')).status).toBe(204);
    const path = file('dieulefit.pmtiles', archive([{ z: 0, x: 0, y: 0, data: green }, { z: 1, x: 1, y: 0, data: blue }]));
    const staged = await stage(path);
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ new: 1 });
    expect(stagedSample(box.deps.db, staged.id, 'new', 1)[0].payload).toMatchObject({ format: 'png', minZoom: 0, maxZoom: 1, bounds: [4.9, 44.4, 5.2, 44.7] });
    expect(existsSync(basemapPath(box.deps.config))).toBe(false); // nothing live before the commit

    await commitImport(box.deps, staged.id);
    const json = await (await tiles.request('/tiles/base.json')).json() as { tiles: string[]; minzoom: number; maxzoom: number; attribution: string };
    expect(json).toMatchObject({ minzoom: 0, maxzoom: 1, attribution: '© OpenStreetMap contributors' });
    expect(json.tiles[0]).toMatch(/^\/tiles\/base\/\{z\}\/\{x\}\/\{y\}\?v=/);
    expect(await tileBytes('/tiles/base/1/1/0')).toEqual({ status: 200, type: 'image/png', bytes: blue });
    expect(await tileBytes('/tiles/base/0/0/0')).toMatchObject({ status: 200, bytes: green });
    expect((await tiles.request('/tiles/base/1/0/1')).status).toBe(204);
    expect((await tiles.request('/tiles/base/1/2/0')).status).toBe(404);

    await undoImport(box.deps, staged.id);
    expect((await tiles.request('/tiles/base.json')).status).toBe(204);
    expect((await tiles.request('/tiles/base/0/0/0')).status).toBe(404);
  });

  it('replaces the basemap, says when the same file comes again, and puts the previous one back on undo', async () => {
    await commitImport(box.deps, (await stage(file('first.pmtiles', archive([{ z: 0, x: 0, y: 0, data: green }])))).id);
    const same = await stage(file('again.pmtiles', archive([{ z: 0, x: 0, y: 0, data: green }])));
    expect(same.counts).toMatchObject({ new: 0, updated: 0, unchanged: 1 });
    await commitImport(box.deps, same.id);
    const second = await stage(file('second.pmtiles', archive([{ z: 0, x: 0, y: 0, data: blue }])));
    expect(second.counts).toMatchObject({ updated: 1 });
    await commitImport(box.deps, second.id);
    expect((await tileBytes('/tiles/base/0/0/0')).bytes).toEqual(blue);
    await undoImport(box.deps, second.id);
    expect((await tileBytes('/tiles/base/0/0/0')).bytes).toEqual(green);
    expect(readdirSync(join(box.dir, 'imports'))).toEqual([]);
  });

  it('refuses a file that is not a PMTiles archive, and a vector one, with their reasons and no copy left', async () => {
    const notArchive = await stage(file('photo.pmtiles', green));
    expect(notArchive.status).toBe('failed');
    expect(notArchive.error).toMatch(/^photo\.pmtiles is not a PMTiles v3 archive \(Wrong magic number/);
    const vector = await stage(file('vector.pmtiles', archive([{ z: 0, x: 0, y: 0, data: Buffer.from('not really mvt') }], TileType.Mvt)));
    expect(vector.status).toBe('failed');
    expect(vector.error).toBe('vector.pmtiles holds vector tiles: vector basemaps need a renderer the box does not ship; give a raster .pmtiles');
    expect(existsSync(join(box.dir, 'imports')) ? readdirSync(join(box.dir, 'imports')) : []).toEqual([]);
  });
});
