// The Wi-Fi poster in a real browser: a box admin makes it, and it prints on one A4 page without the
// site's menu. Elements are found by form field names and classes, never by (translated) visible text.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  clickAndLand, type E2eBox, newPerson, outsideRequests, shareBoxAndBrowser,
} from './harness.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

/** Pages of a PDF, by its page objects. */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

describe('Wi-Fi poster in a real browser', () => {
  it('is made by the box admin and prints on one A4 page, without the menu', async () => {
    const admin = await newPerson(browser, e2e.origin);
    const { page } = admin;
    await page.goto(e2e.box.setupUrl!);
    const setup = page.locator('main form[action^="/setup/"]');
    await setup.locator('input[name="username"]').fill('gardien');
    await setup.locator('input[name="password"]').fill('correct horse battery staple');
    await clickAndLand(page, setup.locator('button[type="submit"]'), '/admin');

    await page.goto('/admin/wifi-poster');
    const form = page.locator('main form[action="/admin/wifi-poster"]');
    await form.locator('input[name="ssid"]').fill('Tiers-lieu du Jabron');
    await form.locator('input[name="passphrase"]').fill('soupe-aux-orties');
    await form.locator('button').click();
    await page.locator('.poster .qr svg').nth(1).waitFor();
    await expect(page.locator('.poster-ssid').textContent()).resolves.toBe('Tiers-lieu du Jabron');
    expect(await page.locator('.poster .qr svg').count()).toBe(2);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('.poster').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdfPages(pdf)).toBe(1);
    expect(outsideRequests(admin, e2e.origin)).toEqual([]);
    expect(admin.problems).toEqual([]);
  }, 30_000);
});
