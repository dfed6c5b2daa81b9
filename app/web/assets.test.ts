// The box's own assets: served from the box, compressed for phones that accept it.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
beforeAll(() => { box = createTestBox(); });
afterAll(() => box.close());

describe('static assets', () => {
  it('send Leaflet gzipped to a browser that accepts it, and plain otherwise', async () => {
    const plain = await box.request('/assets/build/leaflet/leaflet.js');
    const plainBytes = new Uint8Array(await plain.arrayBuffer());
    const zipped = await box.request('/assets/build/leaflet/leaflet.js', { headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    const zippedBytes = new Uint8Array(await zipped.arrayBuffer());
    expect(zippedBytes.length).toBeLessThan(plainBytes.length / 2);
    expect(Buffer.from(gunzipSync(zippedBytes)).equals(Buffer.from(plainBytes))).toBe(true);
  });

  it('never serve a file outside the assets folder', async () => {
    for (const path of ['/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/nothing.js']) {
      expect((await box.request(path)).status, path).toBe(404);
    }
  });
});
