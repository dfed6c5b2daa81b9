// What a newcomer does, in a real browser against the real server: look around, register, create an
// association, invite someone with a link and QR code, organize an event together, and see it everywhere.
// Elements are found by form field names, hrefs and form actions, never by (translated) visible text.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  clickAndLand, clickAndLoad, dateTimeLocal, launchBrowser, newPerson, outsideRequests, shareBoxAndBrowser, type E2eBox, type Person,
} from './harness.ts';

const password = 'correct horse battery staple';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });
const people: Person[] = [];

async function person(options: { javaScriptEnabled?: boolean } = {}) {
  const p = await newPerson(browser, e2e.origin, options);
  people.push(p);
  return p;
}

/** Fills and submits the register form of the current page; lands where its hidden `next` field says. */
async function register(page: Page, who: { username: string; name: string }, landOn: string | RegExp) {
  const form = page.locator('main form[action="/register"]');
  await form.locator('input[name="username"]').fill(who.username);
  await form.locator('input[name="name"]').fill(who.name);
  await form.locator('input[name="password"]').fill(password);
  await clickAndLand(page, form.locator('button[type="submit"]'), landOn);
  await expectSignedInAs(page, who.username);
}

async function expectSignedInAs(page: Page, username: string) {
  await expect(page.locator('header form[action="/logout"]').count()).resolves.toBe(1);
  await expect(page.locator('header a[href="/me"]').textContent()).resolves.toBe(username);
}

/** Fills the create form for an organization and submits it; returns the new element's slug. */
async function createOrganization(page: Page, values: { name: string; kind: string; communeInsee: string }) {
  await page.goto('/new/organization');
  const form = page.locator('main form[action="/new/organization"]');
  await form.locator('input[name="name"]').fill(values.name);
  await form.locator('select[name="kind"]').selectOption(values.kind);
  await form.locator('select[name="visibility"]').selectOption('public');
  await form.locator('select[name="communeInsee"]').selectOption(values.communeInsee);
  const path = await clickAndLand(page, form.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);
  await expect(page.locator('main h1').textContent()).resolves.toBe(values.name);
  return path.slice('/e/'.length);
}

/** The slug of the signed-in person's own page, from the "my profile" link on /me. */
async function ownSlug(page: Page) {
  await page.goto('/me');
  const href = await page.locator('main a[href^="/e/"]').first().getAttribute('href');
  expect(href).toMatch(/^\/e\/[a-z0-9-]+$/);
  return href!.slice('/e/'.length);
}

const cardLink = (page: Page, slug: string) => page.locator(`main ul.cards a[href="/e/${slug}"]`);

describe('a newcomer in a real browser', () => {
  it('looks around, registers, creates an association, invites someone, and they organize an event together', async () => {
    // 1. Anonymous visit of the home page: the box title and the demo's upcoming events, nothing from outside.
    const visitor = await person();
    await visitor.page.goto('/');
    const boxName = (await visitor.page.locator('header a.brand').textContent())?.trim();
    expect(boxName).toBeTruthy();
    await expect(visitor.page.locator('main h1').textContent()).resolves.toBe(boxName);
    await expect(visitor.page.title()).resolves.toContain(boxName);
    const upcoming = visitor.page.locator('main section:has(a[href="/events"]) li.card');
    expect(await upcoming.count()).toBeGreaterThan(0);
    expect(await upcoming.first().locator('.when').count()).toBe(1);
    await expect(visitor.page.locator('header a[href="/register"]').count()).resolves.toBe(1);
    expect(visitor.requests.some((url) => url.endsWith('/assets/copi.css'))).toBe(true);
    expect(outsideRequests(visitor, e2e.origin)).toEqual([]);

    // 2. A registers from the header link, lands signed in on the home page, and creates an association.
    const a = await person();
    await a.page.goto('/');
    await clickAndLand(a.page, a.page.locator('header a[href="/register"]'), '/register');
    await register(a.page, { username: 'alice', name: 'Alice Martin' }, '/');
    await expect(a.page.locator('main a[href="/new/organization"]').count()).resolves.toBe(1);
    const association = await createOrganization(a.page, { name: 'Les Amis du Lavoir', kind: 'association', communeInsee: '26114' });
    await expect(a.page.locator('main dl.facts').textContent()).resolves.toContain('Dieulefit');
    const aSlug = await ownSlug(a.page);
    await a.page.goto(`/e/${association}`);
    expect(await cardLink(a.page, aSlug).count()).toBe(1); // the creator is a member
    const newEventHref = await a.page.locator('main a[href^="/new/event?organizer="]').getAttribute('href');
    const associationId = new URL(newEventHref!, e2e.origin).searchParams.get('organizer');
    expect(associationId).toMatch(/^[0-9a-f-]{36}$/);

    // 3. A opens "Invite", makes an invitation link, reads it and sees its QR code.
    await clickAndLand(a.page, a.page.locator(`main a[href="/e/${association}/invite"]`), `/e/${association}/invite`);
    await clickAndLand(a.page, a.page.locator(`main form[action="/e/${association}/invite"] button`), `/e/${association}/invite`);
    const inviteUrl = await a.page.locator('main input.invite-link').inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${e2e.origin}/invite/[\\w-]+$`));
    await expect(a.page.locator('main .qr svg').isVisible()).resolves.toBe(true);
    const invitePath = new URL(inviteUrl).pathname;

    // 4. B opens the link, is asked to register, registers (back to the invitation), accepts, and is a member.
    const b = await person();
    await b.page.goto(inviteUrl);
    await expect(b.page.locator('main form button').count()).resolves.toBe(0); // no accept button before signing in
    const registerLink = b.page.locator(`main a[href="/register?next=${encodeURIComponent(invitePath)}"]`);
    await expect(registerLink.count()).resolves.toBe(1);
    await expect(b.page.locator(`main a[href="/login?next=${encodeURIComponent(invitePath)}"]`).count()).resolves.toBe(1);
    await clickAndLand(b.page, registerLink, '/register');
    await expect(b.page.locator('main form input[name="next"]').inputValue()).resolves.toBe(invitePath);
    await register(b.page, { username: 'bernard', name: 'Bernard Roux' }, invitePath);
    await clickAndLand(b.page, b.page.locator('main form:not([action]) button'), `/e/${association}`);
    await expect(b.page.locator(`main form[action="/e/${association}/leave"]`).count()).resolves.toBe(1);
    await expect(b.page.locator(`main form[action="/e/${association}/join"]`).count()).resolves.toBe(0);
    const bSlug = await ownSlug(b.page);
    await b.page.goto(`/e/${association}`);
    expect(await cardLink(b.page, bSlug).count()).toBe(1);
    await expect(b.page.locator('main a[href^="/new/event?organizer="]').count()).resolves.toBe(0); // member, not admin
    await expect(b.page.locator(`main a[href="/e/${association}/invite"]`).count()).resolves.toBe(0);
    await a.page.goto(`/e/${association}`);
    expect(await cardLink(a.page, bSlug).count()).toBe(1);

    // 5. B creates an event for the association, picking it as organizer.
    await b.page.goto('/new/event');
    const form = b.page.locator('main form[action="/new/event"]');
    const organizer = form.locator('select[name="organizerId"]');
    await expect(organizer.locator(`option[value="${associationId}"]`).count()).resolves.toBe(1);
    await form.locator('input[name="name"]').fill('Nettoyage du lavoir');
    await form.locator('select[name="kind"]').selectOption('meeting');
    await form.locator('input[name="startsAt"]').fill(dateTimeLocal(20));
    await form.locator('select[name="communeInsee"]').selectOption('26114');
    await organizer.selectOption(associationId!);
    const eventPath = await clickAndLand(b.page, form.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);
    const event = eventPath.slice('/e/'.length);
    await expect(b.page.locator('main h1').textContent()).resolves.toBe('Nettoyage du lavoir');
    await expect(b.page.locator('main .when').textContent()).resolves.toContain('18:30');
    expect(await cardLink(b.page, association).count()).toBe(1); // listed under organizers

    // 6. Both see the event on the association page and in the events list; A sees it on its own page.
    for (const who of [a, b]) {
      await who.page.goto(`/e/${association}`);
      expect(await cardLink(who.page, event).count()).toBe(1);
      await who.page.goto('/events');
      expect(await cardLink(who.page, event).count()).toBe(1);
    }
    await clickAndLand(a.page, cardLink(a.page, event), `/e/${event}`);
    await expect(a.page.locator('main h1').textContent()).resolves.toBe('Nettoyage du lavoir');
    expect(await cardLink(a.page, association).count()).toBe(1);
    // Public, so the anonymous visitor sees it too, among the upcoming events of the home page.
    await visitor.page.goto('/');
    expect(await cardLink(visitor.page, event).count()).toBe(1);

    for (const who of [visitor, a, b]) {
      expect(outsideRequests(who, e2e.origin)).toEqual([]);
      expect(who.problems).toEqual([]);
    }
  }, 45_000);

  it('registers and creates an element with JavaScript disabled', async () => {
    const c = await person({ javaScriptEnabled: false });
    await c.page.goto('/register');
    await register(c.page, { username: 'claire', name: 'Claire Noscript' }, '/');
    const slug = await createOrganization(c.page, { name: 'Collectif sans script', kind: 'group', communeInsee: '26056' });
    await expect(c.page.locator('main dl.facts').textContent()).resolves.toContain('Bourdeaux');
    await c.page.goto('/organizations');
    expect(await cardLink(c.page, slug).count()).toBe(1);
    expect(outsideRequests(c, e2e.origin)).toEqual([]);
    expect(c.problems).toEqual([]);
  }, 20_000);

  it('shows a form error next to its field and keeps the other values', async () => {
    const d = await person({ javaScriptEnabled: false });
    await d.page.goto('/register');
    await register(d.page, { username: 'denise', name: 'Denise Erreur' }, '/');
    await d.page.goto('/new/organization');
    const form = d.page.locator('main form[action="/new/organization"]');
    await form.locator('select[name="kind"]').selectOption('business');
    await form.locator('input[name="shortDescription"]').fill('Une épicerie sans nom');
    await form.locator('input[name="tags"]').fill('vrac, épicerie');
    await form.locator('select[name="communeInsee"]').selectOption('26243');
    await form.locator('select[name="visibility"]').selectOption('members');
    await form.locator('input[name="contactEmail"]').fill('contact@example.org');
    const landed = await clickAndLoad(d.page, form.locator('button[type="submit"]'));
    expect(landed).toBe('/new/organization'); // answered in place (422), no redirect

    const again = d.page.locator('main form[action="/new/organization"]');
    const nameField = again.locator('.field.invalid:has(input[name="name"])');
    await expect(nameField.count()).resolves.toBe(1);
    await expect(nameField.locator('p.error').isVisible()).resolves.toBe(true);
    expect((await nameField.locator('p.error').textContent())?.trim()).toBeTruthy();
    await expect(nameField.locator('input[name="name"]').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(again.locator('.field.invalid').count()).resolves.toBe(1); // only the name is wrong
    await expect(d.page.locator('main .error-summary[role="alert"]').count()).resolves.toBe(1);
    await expect(again.locator('select[name="kind"]').inputValue()).resolves.toBe('business');
    await expect(again.locator('input[name="shortDescription"]').inputValue()).resolves.toBe('Une épicerie sans nom');
    await expect(again.locator('input[name="tags"]').inputValue()).resolves.toBe('vrac, épicerie');
    await expect(again.locator('select[name="communeInsee"]').inputValue()).resolves.toBe('26243');
    await expect(again.locator('select[name="visibility"]').inputValue()).resolves.toBe('members');
    await expect(again.locator('input[name="contactEmail"]').inputValue()).resolves.toBe('contact@example.org');

    // Fixing the name is enough to create it.
    await again.locator('input[name="name"]').fill('Épicerie du coin');
    await clickAndLand(d.page, again.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);
    await expect(d.page.locator('main h1').textContent()).resolves.toBe('Épicerie du coin');
    expect(outsideRequests(d, e2e.origin)).toEqual([]);
    expect(d.problems).toEqual([]);
  }, 20_000);

  it('fails with a clear message, rather than skipping, when chromium is missing', async () => {
    await expect(launchBrowser('/nonexistent/chromium')).rejects.toThrow(/Chromium is missing at \/nonexistent\/chromium.*apt-get install -y chromium/);
  });
});
