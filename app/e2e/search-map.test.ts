// From search to map in a real browser: search, switch to the map, zoom into clusters until single
// elements show, open one; and the weight of the map's first view (page, scripts, styles, clusters, zone tiles).
// Elements are found by hrefs, Leaflet classes and the counts clusters show, never by (translated) visible text.
import { describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import type { MapFeature } from '../map/clusters.ts';
import {
  clickAndLand, type E2eBox, newPerson, outsideRequests, shareBoxAndBrowser,
} from './harness.ts';

const query = 'fête'; // six demo elements with a position: an association, a project, events and a place
const maxClusterClicks = 6;
const firstViewBudget = 200 * 1024;

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

interface MapView {
  zoom: number;
  total: number;
  clusters: Extract<MapFeature, { kind: 'cluster' }>[];
  elements: Extract<MapFeature, { kind: 'element' }>[];
}

const isClustersResponse = (response: Response) => new URL(response.url()).pathname === '/api/v1/map/clusters';

/**
 * Waits for the next clusters answer (the first one with a zoom above `aboveZoom`, if given), then until the
 * map has drawn exactly what it says: one div icon per cluster, one circle marker per element.
 */
async function nextView(page: Page, action: () => Promise<unknown>, aboveZoom = -1): Promise<MapView> {
  const answered = page.waitForResponse((response) => isClustersResponse(response)
    && Number(new URL(response.url()).searchParams.get('zoom')) > aboveZoom);
  await action();
  const response = await answered;
  expect(response.status()).toBe(200);
  const url = new URL(response.url());
  expect(url.searchParams.get('q')).toBe(query); // the search's parameters follow it to the map
  const body = await response.json() as { total: number; features: MapFeature[] };
  const view: MapView = {
    zoom: Number(url.searchParams.get('zoom')),
    total: body.total,
    clusters: body.features.filter((f) => f.kind === 'cluster'),
    elements: body.features.filter((f) => f.kind === 'element'),
  };
  await page.waitForFunction(([clusters, elements]) =>
    document.querySelectorAll('#search-map .leaflet-marker-pane .leaflet-marker-icon.cluster').length === clusters
      && document.querySelectorAll('#search-map .leaflet-overlay-pane path.leaflet-interactive').length === elements,
  [view.clusters.length, view.elements.length]);
  return view;
}

/** Features of a view whose position lies in a box (inclusive), counted in elements. */
const countWithin = (view: MapView, box: { west: number; south: number; east: number; north: number }) =>
  [...view.clusters, ...view.elements]
    .filter((f) => f.lat >= box.south - 1e-9 && f.lat <= box.north + 1e-9 && f.lon >= box.west - 1e-9 && f.lon <= box.east + 1e-9)
    .reduce((sum, f) => sum + (f.kind === 'cluster' ? f.count : 1), 0);

/** The div icon of a cluster, by the count it shows. */
const clusterIcon = (page: Page, count: number) =>
  page.locator('#search-map .leaflet-marker-pane .leaflet-marker-icon.cluster', { has: page.locator(`span:text-is("${count}")`) }).first();

/** The circle marker nearest the map's centre, so its popup opens without the map having to pan. */
async function centralMarker(page: Page) {
  const map = (await page.locator('#search-map').boundingBox())!;
  const centre = { x: map.x + map.width / 2, y: map.y + map.height / 2 };
  const markers = page.locator('#search-map .leaflet-overlay-pane path.leaflet-interactive');
  let best = { index: -1, distance: Infinity };
  for (let index = 0; index < await markers.count(); index++) {
    const box = await markers.nth(index).boundingBox();
    if (!box) continue;
    const distance = Math.hypot(box.x + box.width / 2 - centre.x, box.y + box.height / 2 - centre.y);
    if (distance < best.distance) best = { index, distance };
  }
  expect(best.index).toBeGreaterThanOrEqual(0);
  return markers.nth(best.index);
}

describe('search, map, cluster, element in a real browser', () => {
  it('searches, switches to the map, zooms into a cluster and opens an element', async () => {
    const person = await newPerson(browser, e2e.origin);
    const { page } = person;

    // 1. Search: the form, a query, results counted and listed as cards.
    await page.goto('/search');
    const form = page.locator('main form[role="search"]');
    await form.locator('input[name="q"]').fill(query);
    await clickAndLand(page, form.locator('button[type="submit"]'), /^\/search\?/);
    expect(new URL(page.url()).searchParams.get('q')).toBe(query);
    const found = Number((await page.locator('main p[role="status"]').textContent())?.match(/\d+/)?.[0]);
    expect(found).toBeGreaterThan(1);
    const cards = await page.locator('main ul.cards li.card a[href^="/e/"]').count();
    expect(cards).toBeGreaterThan(1);
    expect(cards).toBeLessThanOrEqual(found);

    // 2. The map of the same search: page, Leaflet, then the first clusters for the whole territory.
    const mapLink = page.locator('main p[role="status"] a[href^="/map"]');
    expect(new URL((await mapLink.getAttribute('href'))!, e2e.origin).searchParams.get('q')).toBe(query);
    let view = await nextView(page, () => clickAndLand(page, mapLink, '/map'));
    expect(new URL(page.url()).searchParams.get('q')).toBe(query);
    expect(view.total).toBe(found); // every result has a position, and the first view shows the territory
    expect(view.clusters.length).toBeGreaterThan(0);
    // The count under the map says how many results the view holds; the legend names each marker colour.
    await expect(page.locator('#search-map-status').textContent()).resolves.toContain(String(found));
    expect(await page.locator('ul.map-legend li').count()).toBe(7);
    const views = [view];

    // 3. Click clusters until single elements show; each click zooms in and splits the cluster it opened.
    let clicks = 0;
    while ((clicks === 0 || view.elements.length === 0) && view.clusters.length > 0) {
      expect(clicks).toBeLessThan(maxClusterClicks);
      const { count } = view.clusters.reduce((a, b) => (b.count < a.count ? b : a)); // the smallest splits soonest
      const before = view;
      view = await nextView(page, () => clusterIcon(page, count).click(), before.zoom);
      clicks++;
      views.push(view);
      expect(view.zoom).toBeGreaterThan(before.zoom);
      // The cluster's elements are all still in view (it may have shared its count with another cluster),
      // now as smaller clusters or single markers: the grid's cells only split as the zoom grows.
      const opened = before.clusters.filter((c) => c.count === count);
      expect(opened.some((c) => countWithin(view, c.bbox) === count)).toBe(true);
      expect(Math.max(0, ...view.clusters.map((c) => c.count))).toBeLessThanOrEqual(Math.max(...before.clusters.map((c) => c.count)));
    }
    expect(clicks).toBeGreaterThan(0);
    expect(view.elements.length).toBeGreaterThan(0);
    console.log(`search-map: ${views.map((v) => `zoom ${v.zoom}: ${v.clusters.map((c) => c.count).join('+') || '-'} clustered, ${v.elements.length} single`).join(' → ')}`);

    // 4. Click a single element: its popup links to its page, whose title is its name.
    const marker = await centralMarker(page);
    await marker.click();
    const popupLink = page.locator('#search-map .leaflet-popup-content a[href^="/e/"]');
    await popupLink.waitFor();
    const href = (await popupLink.getAttribute('href'))!;
    const name = (await popupLink.textContent())!;
    const element = view.elements.find((e) => `/e/${e.slug}` === href);
    expect(element?.name).toBe(name);
    await clickAndLand(page, popupLink, href);
    await expect(page.locator('main h1').textContent()).resolves.toBe(name);

    // 5. Everything came from the box, and nothing failed.
    expect(outsideRequests(person, e2e.origin)).toEqual([]);
    expect(person.problems).toEqual([]);
  }, 30_000);

  // The issue's budget counts what crosses the air to a phone: page, scripts, styles, clusters and
  // zone tiles as transferred (gzip where the browser accepts it). Decoded sizes are only logged.
  it('loads the first view of the map, zone tiles included, in less than 200 KB transferred', async () => {
    const visitor = await newPerson(browser, e2e.origin); // a fresh context: nothing cached
    const { page } = visitor;
    const responses: Response[] = [];
    page.on('response', (response) => { responses.push(response); });
    const firstClusters = page.waitForResponse(isClustersResponse);
    await page.goto(`/map?q=${encodeURIComponent(query)}`);
    await (await firstClusters).finished();
    await page.waitForLoadState('networkidle'); // the zone tiles of the first view
    const loaded = [...responses];
    const sizes = await Promise.all(loaded.map(async (response) => {
      const wire = await response.request().sizes(); // as transferred: headers, and the body as encoded
      return { path: new URL(response.url()).pathname, body: response.status() === 204 ? 0 : (await response.body()).length, wire: wire.responseHeadersSize + wire.responseBodySize };
    }));
    const body = sizes.reduce((sum, s) => sum + s.body, 0);
    const wire = sizes.reduce((sum, s) => sum + s.wire, 0);
    console.log(`search-map first view: ${body} bytes of bodies (${(body / 1024).toFixed(1)} KiB), ${wire} bytes with headers, `
      + `${sizes.length} responses: ${sizes.map((s) => `${s.path} ${s.body}`).join(', ')}`);
    expect(sizes.map((s) => s.path)).toEqual(expect.arrayContaining(['/map', '/assets/build/leaflet/leaflet.js', '/assets/map-search.js', '/api/v1/map/clusters']));
    expect(sizes.some((s) => s.path.startsWith('/tiles/zones/'))).toBe(true);
    expect(wire).toBeLessThan(firstViewBudget);
    expect(outsideRequests(visitor, e2e.origin)).toEqual([]);
    expect(visitor.problems).toEqual([]);
  }, 20_000);
});
