// The marketplace in a real browser: a seller publishes an ad with a price typed the French way and a photo;
// a neighbour finds it, writes to the seller through the box (no address or phone number shown), the seller
// is told, reads and answers, the neighbour reads the answer; once the seller marks it sold, the market no
// longer offers it. Nothing is ever fetched from outside the box.
// Elements are found by form actions, names, hrefs and data attributes, never by (translated) text.
import { describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { png } from '../media/testing.ts';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser } from './harness.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

const adPath = /^\/market\/(?!new$)[a-z0-9-]+$/;
const conversationPath = /^\/messages\/[0-9a-f-]{36}$/;

/** Waits until an image has been fetched and decoded; returns its width in pixels. */
async function loadedWidth(image: Locator) {
  await image.scrollIntoViewIfNeeded();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  return image.evaluate((img: HTMLImageElement) => img.naturalWidth);
}

describe('the marketplace in a real browser', () => {
  it('an ad is published with its photo, a buyer writes through the box, the seller answers, then marks it sold', async () => {
    const seller = await newPerson(browser, e2e.origin);
    await register(seller.page, 'ebeniste', 'Éloïse');

    // The ad, priced "45,50" as a French keyboard types it, with a photo from the phone.
    await seller.page.goto('/market/new');
    const form = seller.page.locator('main form[action="/market/new"]');
    await form.locator('select[name="kind"]').selectOption('sale');
    await form.locator('select[name="category"]').selectOption('furniture');
    await form.locator('input[name="name"]').fill('Buffet en noyer restauré');
    await form.locator('textarea[name="description"]').fill('Buffet de ferme, deux portes, restauré à la cire.');
    await form.locator('input[name="price"]').fill('45,50');
    await form.locator('select[name="currency"]').selectOption('EUR');
    await form.locator('select[name="communeInsee"]').selectOption('26114');
    await form.locator('input[type="file"][name="photos"]').setInputFiles({ name: 'buffet.png', mimeType: 'image/png', buffer: await png(640, 480) });
    await clickAndLand(seller.page, form.locator('button[type="submit"]'), adPath);
    const path = new URL(seller.page.url()).pathname;

    const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(45.5);
    await expect(seller.page.locator('main article.ad .ad-price').textContent()).resolves.toBe(euros);
    const photoLink = seller.page.locator('main article.ad ul.ad-photos a');
    expect(await photoLink.getAttribute('href')).toMatch(/^\/media\//);
    expect(await loadedWidth(photoLink.locator('img'))).toBeGreaterThan(0);

    // The market lists it with its price and its thumbnail.
    await seller.page.goto('/market');
    const card = seller.page.locator('main ul.ads li.ad-card').filter({ has: seller.page.locator(`a[href="${path}"]`) });
    await expect(card.locator('.price').textContent()).resolves.toBe(euros);
    expect(await loadedWidth(card.locator('img.ad-thumb'))).toBeGreaterThan(0);

    // A neighbour opens it: no address nor phone number to copy, a form to write through the box.
    const buyer = await newPerson(browser, e2e.origin);
    await register(buyer.page, 'chineur', 'Chloé');
    await buyer.page.goto('/market');
    await clickAndLand(buyer.page, buyer.page.locator(`main ul.ads a[href="${path}"]`), path);
    await expect(buyer.page.locator('main a[href^="mailto:"], main a[href^="tel:"]').count()).resolves.toBe(0);
    expect(await buyer.page.locator(`main form[action^="${path}/"]`).count()).toBe(1);
    const contact = buyer.page.locator(`main form[action="${path}/contact"]`);
    await contact.locator('textarea[name="body"]').fill('Bonjour, je peux passer samedi matin avec une remorque ?');
    await clickAndLand(buyer.page, contact.locator('button[type="submit"]'), conversationPath);
    const conversation = new URL(buyer.page.url()).pathname;
    await expect(buyer.page.locator(`main a[href="${path}"]`).count()).resolves.toBe(1);

    // The seller is told, finds the conversation in their messages, unread, and answers in it.
    await seller.page.goto('/notifications');
    const told = seller.page.locator('main li.notification.unread[data-kind="message"] a');
    await expect(told.count()).resolves.toBe(1);
    await seller.page.goto('/messages');
    const unread = seller.page.locator(`main ul.conversations li.conversation.unread:has(a[href="${conversation}"])`);
    await expect(unread.locator('.excerpt').textContent()).resolves.toContain('samedi matin');
    await seller.page.goto('/notifications');
    await clickAndLand(seller.page, told, conversation);
    await expect(seller.page.locator('main ol.messages li.message .body').last().textContent())
      .resolves.toBe('Bonjour, je peux passer samedi matin avec une remorque ?');
    const answer = seller.page.locator(`main form[action="${conversation}"]`);
    await answer.locator('textarea[name="body"]').fill('Oui, à partir de 9 h, le buffet vous attend.');
    await clickAndLand(seller.page, answer.locator('button[type="submit"]'), conversation);
    await seller.page.goto('/messages');
    await expect(seller.page.locator(`main li.conversation.unread a[href="${conversation}"]`).count()).resolves.toBe(0);

    // The buyer reads the answer.
    await buyer.page.goto('/messages');
    await clickAndLand(buyer.page, buyer.page.locator(`main li.conversation.unread a[href="${conversation}"]`), conversation);
    const messages = buyer.page.locator('main ol.messages li.message .body');
    await expect(messages.count()).resolves.toBe(2);
    await expect(messages.last().textContent()).resolves.toBe('Oui, à partir de 9 h, le buffet vous attend.');

    // Sold: the ad says so, the market no longer offers it, the seller still finds it among their own ads.
    await seller.page.goto(path);
    await clickAndLand(seller.page, seller.page.locator(`main form[action="${path}/close"] button`), path);
    await expect(seller.page.locator('main article.ad .badge.closed').count()).resolves.toBe(1);
    await expect(seller.page.locator(`main form[action="${path}/reopen"]`).count()).resolves.toBe(1);
    await buyer.page.goto('/market');
    await expect(buyer.page.locator(`main a[href="${path}"]`).count()).resolves.toBe(0);
    await buyer.page.goto(path);
    await expect(buyer.page.locator('main article.ad .badge.closed').count()).resolves.toBe(1);
    await expect(buyer.page.locator(`main form[action="${path}/contact"]`).count()).resolves.toBe(0);
    await seller.page.goto('/market?mine=1');
    await expect(seller.page.locator(`main li.ad-card:has(a[href="${path}"]) .badge.closed`).count()).resolves.toBe(1);

    for (const person of [seller, buyer]) {
      expect(outsideRequests(person, e2e.origin)).toEqual([]);
      expect(person.problems).toEqual([]);
    }
    await seller.context.close();
    await buyer.context.close();
  }, 40_000);
});
