// Zone pages and custom territories in a real browser: a visitor reads the demo intercommunality's page
// (counts per type, their lists, its communes, its map from the box's zone tiles), and the box admin draws
// a territory on the admin page's map, first crossed (refused), then a real one, and lands on its page;
// without JavaScript the same form joins zones.
// Elements are found by hrefs, form fields, data attributes and Leaflet classes, never by (translated) text.
import { describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { findCustomZone } from '../zones/custom.ts';
import {
  clickAndLand, clickAndLoad, type E2eBox, newPerson, outsideRequests, type Person, shareBoxAndBrowser,
} from './harness.ts';

const epci = 'epci:242600492'; // CC Dieulefit-Bourdeaux, the demo territory
const password = 'correct horse battery staple';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

/** Every zone-tile answer the person's browser received, by status. */
function watchTiles(person: Person): Response[] {
  const tiles: Response[] = [];
  person.page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/tiles/zones/')) tiles.push(response);
  });
  return tiles;
}

/** Waits until a map has drawn vector paths (an outline, a drawing) and zone tiles on canvas. */
async function expectMapDrawn(page: Page, map: string, tiles: Response[]) {
  await page.locator(`${map}.leaflet-container .leaflet-overlay-pane svg path`).first().waitFor();
  await page.locator(`${map} .leaflet-tile-pane canvas`).first().waitFor();
  // A tile with no zone in it is answered 204 (no content); the zones' own tiles 200; nothing fails.
  await expect.poll(() => tiles.filter((response) => response.status() === 200).length).toBeGreaterThan(0);
  expect(tiles.filter((response) => response.status() !== 200 && response.status() !== 204).map((response) => response.url())).toEqual([]);
}

const firstNumber = async (page: Page, selector: string) => Number((await page.locator(selector).first().textContent())?.match(/\d+/)?.[0]);

/** Cards of a search, following its "more" links. */
async function countCards(page: Page): Promise<number> {
  let cards = await page.locator('main ul.cards li.card').count();
  const more = page.locator('main a[rel="next"]');
  for (let pages = 0; (await more.count()) > 0; pages++) {
    expect(pages).toBeLessThan(10);
    await clickAndLoad(page, more);
    cards += await page.locator('main ul.cards li.card').count();
  }
  return cards;
}

/** Clicks the drawing map at fractions of its width and height. */
async function drawAt(page: Page, corners: [number, number][]) {
  const node = page.locator('[data-draw-zone] .map');
  await node.scrollIntoViewIfNeeded();
  const map = (await node.boundingBox())!;
  for (const [x, y] of corners) await page.mouse.click(map.x + map.width * x, map.y + map.height * y);
}

const drawnRing = async (page: Page) => {
  const value = await page.locator('input[name="polygon"]').inputValue();
  return value ? (JSON.parse(value) as { type: string; coordinates: number[][][] }).coordinates[0] : [];
};

const storedTerritories = () => (e2e.box.deps.db.prepare('SELECT count(*) AS n FROM custom_zones').get() as { n: number }).n;

describe('zone pages and custom territories in a real browser', () => {
  it('shows an intercommunality: counts per type that match their lists, its communes, its outline on the map', async () => {
    const visitor = await newPerson(browser, e2e.origin);
    const { page } = visitor;
    const tiles = watchTiles(visitor);
    await page.goto(`/zones/${epci}`);
    await expect(page.locator('main h1').textContent()).resolves.toBe('CC Dieulefit-Bourdeaux');

    // The map: the intercommunality's outline (svg) over the box's zone tiles (canvas), every tile answered 200.
    await expectMapDrawn(page, 'main .map.map-on', tiles);

    // Counts per type add up to the total, and the list behind one count holds that many elements.
    const total = await firstNumber(page, 'main p[role="status"]');
    const typeLinks = page.locator(`main p[role="status"] a[href^="/search?zone=${epci}&type="]`);
    const facets = await Promise.all((await typeLinks.all()).map(async (link) => ({
      href: (await link.getAttribute('href'))!,
      count: Number((await link.textContent())?.match(/\((\d+)\)/)?.[1]),
    })));
    expect(facets.length).toBeGreaterThan(1);
    expect(facets.reduce((sum, facet) => sum + facet.count, 0)).toBe(total);
    const facet = facets.reduce((a, b) => (b.count > a.count ? b : a)); // the largest, to follow its pages too
    await clickAndLand(page, page.locator(`main p[role="status"] a[href="${facet.href}"]`), /^\/search\?/);
    expect(new URL(page.url()).searchParams.get('zone')).toBe(epci);
    expect(await firstNumber(page, 'main p[role="status"]')).toBe(facet.count);
    expect(await countCards(page)).toBe(facet.count);

    // Its 21 communes, each a link to its own page.
    await page.goto(`/zones/${epci}`);
    const communes = page.locator('main ul.zones a[href^="/zones/commune:"]');
    expect(await communes.count()).toBe(21);
    const dieulefit = page.locator('main ul.zones a[href="/zones/commune:26114"]');
    const name = (await dieulefit.textContent())!;
    await clickAndLand(page, dieulefit, '/zones/commune:26114');
    await expect(page.locator('main h1').textContent()).resolves.toBe(name);
    await expect(page.locator(`main .crumbs a[href="/zones/${epci}"]`).count()).resolves.toBe(1);
    await expectMapDrawn(page, 'main .map.map-on', tiles);

    expect(outsideRequests(visitor, e2e.origin)).toEqual([]);
    expect(visitor.problems).toEqual([]);
  }, 20_000);

  it('lets the box admin draw a territory on a map: a crossed outline is refused, a real one lands on its page', async () => {
    const admin = await newPerson(browser, e2e.origin);
    const { page } = admin;
    const tiles = watchTiles(admin);

    // The first admin, through the box's one-time setup link; it leads to the admin page.
    await page.goto(e2e.box.setupUrl!);
    const setup = page.locator('main form[action^="/setup/"]');
    await setup.locator('input[name="username"]').fill('gardienne');
    await setup.locator('input[name="password"]').fill(password);
    await clickAndLand(page, setup.locator('button[type="submit"]'), '/admin');

    const form = page.locator('main form[action="/admin/territories"]');
    const draw = form.locator('[data-draw-zone]');
    await expect(draw.isVisible()).resolves.toBe(true); // shown by the island; hidden without JavaScript
    await draw.locator('.map.leaflet-container').waitFor();
    await page.locator('[data-draw-zone] .leaflet-tile-pane canvas').first().waitFor();

    // 1. A bow-tie: refused next to the map, the name kept, the drawing kept, nothing stored.
    const before = storedTerritories();
    await form.locator('input[name="name"]').fill('Pays de la Lance');
    await drawAt(page, [[0.3, 0.3], [0.7, 0.7], [0.7, 0.3], [0.3, 0.7]]);
    expect(await drawnRing(page)).toHaveLength(5); // four corners, closed on the first
    const refusal = page.waitForResponse((response) => new URL(response.url()).pathname === '/admin/territories');
    await clickAndLoad(page, form.locator('button:not([type="button"])'));
    expect((await refusal).status()).toBe(422);
    const error = form.locator('.field.draw-zone.invalid p.error#f-polygon-error');
    await expect(error.isVisible()).resolves.toBe(true);
    await expect(form.locator('[data-draw-zone] .map').getAttribute('aria-describedby')).resolves.toContain('f-polygon-error');
    await expect(form.locator('input[name="name"]').inputValue()).resolves.toBe('Pays de la Lance');
    expect(await drawnRing(page)).toHaveLength(5);
    await draw.locator('.leaflet-overlay-pane svg path').first().waitFor(); // the kept drawing is shown again
    expect(storedTerritories()).toBe(before);

    // 2. Clear, draw a square around the middle of the territory with one corner too many, undo it, save.
    await draw.locator('button[data-draw="clear"]').click();
    expect(await drawnRing(page)).toEqual([]);
    await expect(draw.locator('button[data-draw="undo"]').isDisabled()).resolves.toBe(true);
    await drawAt(page, [[0.3, 0.25], [0.7, 0.25], [0.7, 0.75], [0.3, 0.75], [0.9, 0.9]]);
    expect(await drawnRing(page)).toHaveLength(6);
    await draw.locator('button[data-draw="undo"]').click();
    const ring = await drawnRing(page);
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    await clickAndLand(page, form.locator('button:not([type="button"])'), '/zones/custom:pays-de-la-lance');
    await expect(page.locator('main h1').textContent()).resolves.toBe('Pays de la Lance');
    await expectMapDrawn(page, 'main .map.map-on', tiles); // its outline on its map

    // Stored as drawn, with the communes inside it, which its page lists.
    const territory = findCustomZone(e2e.box.deps.db, 'custom:pays-de-la-lance')!;
    expect(territory.polygon).toEqual({ type: 'Polygon', coordinates: [ring] });
    expect(territory.members).toContain('commune:26114'); // Dieulefit, near the middle of the first view
    const listed = await page.locator('main ul.zones a[href^="/zones/commune:"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(listed.sort()).toEqual(territory.members.map((id) => `/zones/${id}`).sort());

    // A visitor sees the public elements of those communes, and only them.
    const visitor = await newPerson(browser, e2e.origin);
    await visitor.page.goto('/zones/custom:pays-de-la-lance');
    const inside = territory.members.map((id) => id.slice('commune:'.length));
    const communeOf = e2e.box.deps.db.prepare('SELECT commune_insee FROM elements WHERE slug = ?').pluck();
    const expected = e2e.box.deps.db.prepare(`SELECT count(*) FROM elements WHERE visibility = 'public' AND deleted_at IS NULL
      AND commune_insee IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(inside)) as number;
    expect(expected).toBeGreaterThan(0);
    expect(await firstNumber(visitor.page, 'main p[role="status"]')).toBe(expected);
    const cards = await visitor.page.locator('main ul.cards li.card > a[href^="/e/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(cards.length).toBeGreaterThan(0);
    for (const href of cards) expect(inside).toContain(communeOf.get(href.slice('/e/'.length)));

    for (const person of [admin, visitor]) {
      expect(outsideRequests(person, e2e.origin)).toEqual([]);
      expect(person.problems).toEqual([]);
    }
  }, 25_000);

  it('lets the box admin join zones without JavaScript: the drawing map stays out of the way', async () => {
    const admin = await newPerson(browser, e2e.origin, { javaScriptEnabled: false });
    const { page } = admin;
    await page.goto('/login?next=/admin');
    const login = page.locator('main form[action="/login"]');
    await login.locator('input[name="username"]').fill('gardienne'); // made through the setup link above
    await login.locator('input[name="password"]').fill(password);
    await clickAndLand(page, login.locator('button[type="submit"]'), '/admin');

    const form = page.locator('main form[action="/admin/territories"]');
    await expect(form.locator('[data-draw-zone]').isVisible()).resolves.toBe(false);
    await form.locator('input[name="name"]').fill('Dieulefit et Valréas');
    await form.locator('input[name="zones"]').fill('commune:26114, commune:84138');
    await clickAndLand(page, form.locator('button:not([type="button"])'), '/zones/custom:dieulefit-et-valreas');
    await expect(page.locator('main ul.zones a[href="/zones/commune:84138"]').count()).resolves.toBe(1);
    expect(outsideRequests(admin, e2e.origin)).toEqual([]);
    expect(admin.problems).toEqual([]);
  }, 10_000);
});
