// Federation in a real browser, as two box admins live it: two real box processes on loopback ports, each admin at
// their own browser (cookies are per host, not per port: one context per box). Each names their box, reads its
// fingerprint on /admin/sync, and adds the other box with its address and that fingerprint; a sync before the other
// side added this box says so, one after brings A's new association to B, where the search marks it with A's name.
// Elements are found by form actions, hrefs and data attributes; the sentences checked are the catalog's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { translator } from '../core/i18n/index.ts';
import { startBoxes, stopAll, type BoxProcess } from '../sync/testing/box-process.ts';
import { clickAndLand, launchBrowser, newPerson, outsideRequests, type Person } from './harness.ts';

let a: BoxProcess;
let b: BoxProcess;
let browser: Browser;
const t = translator('fr');

beforeAll(async () => {
  [[a, b], browser] = await Promise.all([startBoxes(2), launchBrowser()]);
}, 40_000);
afterAll(async () => {
  await browser?.close();
  await stopAll([a, b].filter(Boolean));
});

/** The box's admin at their own browser, signed in with the session the box harness made. */
async function adminOf(box: BoxProcess): Promise<Person> {
  const person = await newPerson(browser, box.url);
  await person.context.addCookies(box.admin.cookie.split('; ').map((pair) => {
    const [name, ...value] = pair.split('=');
    return { name, value: value.join('='), url: box.url };
  }));
  return person;
}

async function nameBox(page: Page, name: string) {
  await page.goto('/admin/settings');
  const form = page.locator('main form[action="/admin/settings"]');
  await form.locator('input[name="name"]').fill(name);
  await clickAndLand(page, form.locator('button'), '/admin/settings');
}

async function fingerprintOn(page: Page) {
  await page.goto('/admin/sync');
  return (await page.locator('main .sync-identity .fingerprint').textContent())!.trim();
}

async function addPeer(page: Page, url: string, fingerprint: string) {
  await page.goto('/admin/sync');
  const form = page.locator('main form[action="/admin/sync/peers"]');
  await form.locator('input[name="url"]').fill(url);
  await form.locator('input[name="fingerprint"]').fill(fingerprint);
  // By hand only: no scheduled sync of either box may run in the middle of the test.
  await form.locator('select[name="schedule"]').selectOption('');
  await clickAndLand(page, form.locator('button').last(), /^\/admin\/sync\?added=/);
}

/** Clicks "Sync now" on the peer's card; returns the card. */
async function syncNow(page: Page, peerName: string) {
  const card = page.locator('main article.sync-peer', { has: page.locator('h3', { hasText: peerName }) });
  const form = card.locator('form[action$="/sync"]');
  await clickAndLand(page, form.locator('button'), /^\/admin\/sync\?started=/);
  return card;
}

describe('federation in a real browser', () => {
  it('two admins add each other by address and fingerprint, and A’s association is found on B marked with A’s name', async () => {
    const [adminA, adminB] = await Promise.all([adminOf(a), adminOf(b)]);
    const pageA = adminA.page;
    const pageB = adminB.page;
    await nameBox(pageA, 'Box de Crest');
    await nameBox(pageB, 'Box de Die');
    const fingerprintA = await fingerprintOn(pageA);
    const fingerprintB = await fingerprintOn(pageB);
    expect(fingerprintA).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
    expect(fingerprintA).not.toBe(fingerprintB);

    // B adds A; A has not added B yet, so a sync says so in words.
    await addPeer(pageB, a.url, fingerprintA);
    await expect(pageB.locator('main article.sync-peer h3').allTextContents()).resolves.toEqual(['Box de Crest']);
    let card = await syncNow(pageB, 'Box de Crest');
    await expect(card.locator('.sync-error .error').textContent({ timeout: 15_000 }))
      .resolves.toBe(t('sync.error.notAdded', { name: 'Box de Crest' }));

    // A adds B; A creates an association; B syncs again.
    await addPeer(pageA, b.url, fingerprintB);
    await expect(pageA.locator('main article.sync-peer h3').allTextContents()).resolves.toEqual(['Box de Die']);
    const created = await a.json('/api/v1/elements', 'POST', {
      type: 'organization', kind: 'association', communeInsee: '26108', name: 'Repair café des Tilleuls',
    }, a.admin);
    expect(created.status).toBe(201);
    // The page it lands on (…?started=) may already have refreshed itself: the outcome below is what counts.
    card = await syncNow(pageB, 'Box de Crest');
    // While it runs the page reloads itself every 2 s; the counts replace the "under way" line when it ends.
    const outcome = card.locator('.sync-outcome');
    await outcome.waitFor({ timeout: 15_000 });
    // Exactly the one association (B has nothing of its own to share).
    expect([await outcome.getAttribute('data-received'), await outcome.getAttribute('data-sent'), await outcome.getAttribute('data-refused')])
      .toEqual(['1', '0', '0']);
    expect(await card.locator('.sync-error').count()).toBe(0);

    // B's search finds the association of A, marked with where it comes from.
    await pageB.goto('/search?q=tilleuls');
    const found = pageB.locator('main ul.cards li.card', { has: pageB.locator('strong', { hasText: 'Repair café des Tilleuls' }) });
    await expect(found.count()).resolves.toBe(1);
    await expect(found.locator('.from-box').textContent()).resolves.toBe(t('further.fromBox', { box: 'Box de Crest' }));

    for (const [person, box] of [[adminA, a], [adminB, b]] as const) {
      expect(outsideRequests(person, new URL(box.url).origin)).toEqual([]);
      expect(person.problems).toEqual([]);
      await person.context.close();
    }
  }, 60_000);
});
