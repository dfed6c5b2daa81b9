// A network map in a real browser: a person places seed libraries on the box, one of them private, makes a map
// of the seed libraries of the intercommunality in a colour of their choosing, copies the embed code from the
// map's page into another site's page, and that page draws the public ones in that colour inside the iframe;
// the private one never reaches the embed. Inside the frame, nothing is fetched from outside the box.
// Elements are found by form actions, names, hrefs and data attributes, never by (translated) text.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser } from './harness.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

const markerColour = '#8e24aa';

// Another site of the network, on its own origin (the embed refuses to be framed by a data: or about:blank
// page, whose origin is opaque): it serves one page, whatever it is given to host.
let hostedHtml = '';
const neighbourSite: Server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(hostedHtml);
});
afterAll(() => new Promise<void>((done) => { neighbourSite.close(() => done()); }));

async function neighbourSiteHosting(html: string): Promise<string> {
  hostedHtml = html;
  if (!neighbourSite.listening) await new Promise<void>((done) => { neighbourSite.listen(0, '127.0.0.1', done); });
  return `http://127.0.0.1:${(neighbourSite.address() as AddressInfo).port}/`;
}

interface Place {
  name: string;
  communeInsee: string;
  lat: string;
  lon: string;
  visibility: 'public' | 'private';
}

/** Places a point of interest through /new/poi, tagged as a seed library; returns its slug. */
async function placeSeedLibrary(page: Page, place: Place): Promise<string> {
  await page.goto('/new/poi');
  const form = page.locator('main form[action="/new/poi"]');
  await form.locator('input[name="name"]').fill(place.name);
  await form.locator('select[name="kind"]').selectOption('sharedLibrary');
  await form.locator('input[name="tags"]').fill('grainothèque, semences');
  await form.locator('select[name="communeInsee"]').selectOption(place.communeInsee);
  await form.locator('input[name="lat"]').fill(place.lat);
  await form.locator('input[name="lon"]').fill(place.lon);
  await form.locator('select[name="visibility"]').selectOption(place.visibility);
  const path = await clickAndLand(page, form.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);
  return path.slice('/e/'.length);
}

/**
 * The blobs of a colour Leaflet drew on the frame's marker canvas (its overlay pane): pixels of that colour,
 * grouped by touching neighbours, specks of antialiasing left out. -1 while there is no canvas yet.
 */
function drawnMarkers(frame: Frame, colour: string): Promise<number> {
  return frame.evaluate((hex) => {
    const canvas = document.querySelector<HTMLCanvasElement>('.leaflet-overlay-pane canvas');
    if (!canvas || canvas.width === 0) return -1;
    const { width, height } = canvas;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    const want = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
    const inColour = new Uint8Array(width * height);
    for (let i = 0; i < width * height; i++) {
      inColour[i] = pixels[i * 4 + 3] > 128 && want.every((value, c) => Math.abs(pixels[i * 4 + c] - value) <= 12) ? 1 : 0;
    }
    let blobs = 0;
    for (let start = 0; start < inColour.length; start++) {
      if (!inColour[start]) continue;
      let size = 0;
      const stack = [start];
      inColour[start] = 0;
      while (stack.length) {
        const at = stack.pop()!;
        size++;
        const x = at % width;
        for (const next of [x > 0 ? at - 1 : -1, x < width - 1 ? at + 1 : -1, at - width, at + width]) {
          if (next >= 0 && next < inColour.length && inColour[next]) { inColour[next] = 0; stack.push(next); }
        }
      }
      if (size >= 20) blobs++;
    }
    return blobs;
  }, colour);
}

describe('network maps in a real browser', () => {
  it('a map made with the form is embedded on another page, which draws its public elements only', async () => {
    const maker = await newPerson(browser, e2e.origin);
    await register(maker.page, 'semeuse', 'Sandrine');
    // Two public seed libraries, in Dieulefit and Bourdeaux, and a private one halfway between them.
    const inDieulefit = await placeSeedLibrary(maker.page, {
      name: 'Grainothèque de la médiathèque', communeInsee: '26114', lat: '44.5262', lon: '5.0631', visibility: 'public',
    });
    const inBourdeaux = await placeSeedLibrary(maker.page, {
      name: 'Grainothèque du café associatif', communeInsee: '26056', lat: '44.5836', lon: '5.1354', visibility: 'public',
    });
    const hidden = await placeSeedLibrary(maker.page, {
      name: 'Grainothèque de mon jardin secret', communeInsee: '26356', lat: '44.5549', lon: '5.0993', visibility: 'private',
    });

    // The map: points of interest tagged "grainothèque" in the intercommunality, in purple.
    await maker.page.goto('/maps');
    await clickAndLand(maker.page, maker.page.locator('main a[href="/maps/new"]'), '/maps/new');
    const form = maker.page.locator('main form[action="/maps/new"]');
    await form.locator('input[name="title"]').fill('Les grainothèques du pays de Dieulefit');
    await form.locator('textarea[name="description"]').fill('Où échanger ses graines.');
    await form.locator('input[name="type:poi"]').check();
    await form.locator('input[name="colour:poi"]').fill(markerColour);
    await form.locator('input[name="tags"]').fill('grainothèque');
    await form.locator('input[name="zone:epci:242600492"]').check();
    const mapPath = await clickAndLand(maker.page, form.locator('button'), /^\/maps\/(?!new$)[a-z0-9-]+$/);
    const slug = mapPath.slice('/maps/'.length);

    // Its page lists the public seed libraries, in the chosen colour, and never the private one, not even to its owner.
    const list = maker.page.locator('main section.netmap-list');
    for (const shown of [inDieulefit, inBourdeaux]) await expect(list.locator(`a[href="/e/${shown}"]`).count()).resolves.toBe(1);
    await expect(list.locator(`a[href="/e/${hidden}"]`).count()).resolves.toBe(0);
    expect(await maker.page.locator('main ul.map-legend').getAttribute('style')).toContain(`--type-poi: ${markerColour}`);
    const snippet = await maker.page.locator('main textarea#netmap-snippet').inputValue();
    expect(snippet).toMatch(new RegExp(`^<iframe src="${e2e.origin}/embed/map/${slug}" [^>]*></iframe>$`));

    // Another site of the network pastes the code; its visitor sees two purple markers inside the frame.
    const visitor = await newPerson(browser, e2e.origin);
    const site = await neighbourSiteHosting(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Réseau des semeurs</title></head>
      <body><h1>Nos grainothèques</h1>${snippet}</body></html>`);
    await visitor.page.goto(site);
    const frame = (await (await visitor.page.locator('iframe').elementHandle())!.contentFrame())!;
    await frame.waitForSelector('#netmap.map-on .leaflet-overlay-pane canvas');
    expect(new URL(frame.url()).pathname).toBe(`/embed/map/${slug}`);
    await expect.poll(() => drawnMarkers(frame, markerColour)).toBe(2);
    const drawn = JSON.parse((await frame.locator('[data-netmap]').getAttribute('data-netmap'))!) as { points: [number, number, number, string, string][] };
    expect(drawn.points.map((point) => point[4]).sort()).toEqual([inBourdeaux, inDieulefit].sort());
    expect(await frame.content()).not.toContain('jardin secret');

    // Only the neighbour's own page came from elsewhere: the frame's page, scripts and tiles all came from the box.
    expect(outsideRequests(maker, e2e.origin)).toEqual([]);
    expect(outsideRequests(visitor, e2e.origin).filter((url) => url !== `${site}favicon.ico`)).toEqual([site]);
    for (const person of [maker, visitor]) expect(person.problems).toEqual([]);
    await maker.context.close();
    await visitor.context.close();
  }, 40_000);
});
