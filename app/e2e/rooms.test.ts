// Shared rooms in a real browser: a place's admin opens a room on approval, an association's admin books
// it, the place admin approves it with a message, the association sees it approved with that message, and
// the slot shows on the room's week and on its printable door sheet.
// Elements are found by form field names, hrefs, form actions and data attributes, never by (translated) text.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser,
} from './harness.ts';


let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });


async function createElement(page: Page, type: 'poi' | 'organization', name: string, kind: string) {
  await page.goto(`/new/${type}`);
  const form = page.locator(`main form[action="/new/${type}"]`);
  await form.locator('input[name="name"]').fill(name);
  await form.locator('select[name="kind"]').selectOption(kind);
  return clickAndLand(page, form.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);
}

describe('shared rooms in a real browser', () => {
  it('an association books a room, the place admin approves it, the association sees it approved and on the week', async () => {
    // The place's admin creates the place and a room that needs approval.
    const placeAdmin = await newPerson(browser, e2e.origin);
    await register(placeAdmin.page, 'gardienne');
    const placePath = await createElement(placeAdmin.page, 'poi', 'Maison des associations', 'place');
    await clickAndLand(placeAdmin.page, placeAdmin.page.locator('main section.rooms a[href^="/rooms/new?place="]'), '/rooms/new');
    const roomForm = placeAdmin.page.locator('main form[action^="/rooms/new"]');
    await roomForm.locator('input[name="name"]').fill('Salle du haut');
    await roomForm.locator('input[name="capacity"]').fill('25');
    await roomForm.locator('select[name="bookingPolicy"]').selectOption('approval');
    const roomPath = await clickAndLand(placeAdmin.page, roomForm.locator('button'), /^\/rooms\/[0-9a-f-]{36}$/);
    await placeAdmin.page.goto(placePath);
    expect(await placeAdmin.page.locator(`main section.rooms a[href="${roomPath}"]`).count()).toBe(1);

    // The association's admin books it for the association, from the room's page.
    const asso = await newPerson(browser, e2e.origin);
    await register(asso.page, 'tresoriere');
    await createElement(asso.page, 'organization', 'Chorale du Jabron', 'association');
    await asso.page.goto(roomPath);
    await clickAndLand(asso.page, asso.page.locator(`main a[href="${roomPath}/book"]`), `${roomPath}/book`);
    const bookForm = asso.page.locator(`main form[action="${roomPath}/book"]`);
    await bookForm.locator('input[name="purpose"]').fill('Répétition générale');
    await bookForm.locator('input[name="startsAt"]').fill('2027-02-11T18:00');
    await bookForm.locator('input[name="endsAt"]').fill('2027-02-11T20:00');
    await clickAndLand(asso.page, bookForm.locator('button'), '/rooms/bookings');
    const row = asso.page.locator('main table.bookings tr[data-booking]');
    await expect(row.getAttribute('data-status')).resolves.toBe('pending');
    const bookingId = (await row.getAttribute('data-booking'))!;

    // The place admin answers from "room bookings": approved, with a message.
    await placeAdmin.page.goto('/rooms/bookings');
    const request = placeAdmin.page.locator(`main ul.requests li[data-booking="${bookingId}"]`);
    await request.locator('input[name="message"]').fill('Les clés sont à la mairie');
    await clickAndLand(placeAdmin.page, request.locator(`button:not([formaction])`), '/rooms/bookings');
    expect(await placeAdmin.page.locator(`main ul.requests li[data-booking="${bookingId}"]`).count()).toBe(0);

    // The association sees the answer, and the slot on the room's week and door sheet.
    await asso.page.goto('/rooms/bookings');
    await expect(asso.page.locator(`main tr[data-booking="${bookingId}"]`).getAttribute('data-status')).resolves.toBe('approved');
    await expect(asso.page.locator(`main .notices li[data-booking="${bookingId}"]`).textContent()).resolves.toContain('Les clés sont à la mairie');
    await clickAndLand(asso.page, asso.page.locator(`main tr[data-booking="${bookingId}"] a[href^="${roomPath}?week="]`), roomPath);
    const slot = asso.page.locator(`main table.room-week tr[data-date="2027-02-11"] li[data-booking="${bookingId}"]`);
    await expect(slot.getAttribute('data-status')).resolves.toBe('approved');
    await expect(slot.textContent()).resolves.toContain('18:00–20:00');
    await asso.page.goto(`${roomPath}/sheet?week=2027-02-08`);
    expect(await asso.page.locator(`table.room-week li[data-booking="${bookingId}"]`).count()).toBe(1);

    for (const who of [placeAdmin, asso]) {
      expect(outsideRequests(who, e2e.origin)).toEqual([]);
      expect(who.problems).toEqual([]);
    }
  }, 30_000);
});
