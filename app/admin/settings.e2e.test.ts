// Box settings and module toggles in a real browser: the admin gives the box its colours and logo and turns
// the marketplace off; the header follows at once and holds on a phone. Elements are found by names and
// addresses, never by (translated) visible text.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, shareBoxAndBrowser } from '../e2e/harness.ts';
import { png } from '../media/testing.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

describe('box settings in a real browser', () => {
  it('colours, logo and a turned-off module show in the header of every page, also on a phone', async () => {
    const admin = await newPerson(browser, e2e.origin);
    const { page } = admin;
    await page.goto(e2e.box.setupUrl!);
    const setup = page.locator('main form[action^="/setup/"]');
    await setup.locator('input[name="username"]').fill('gardienne');
    await setup.locator('input[name="password"]').fill('correct horse battery staple');
    await clickAndLand(page, setup.locator('button[type="submit"]'), '/admin');

    await page.goto('/admin/settings');
    const colours = page.locator('main form[action="/admin/settings/colours"]').first();
    await colours.locator('input[name="accent"]').fill('#7a1f5c');
    await clickAndLand(page, colours.locator('button'), '/admin/settings');
    await expect(page.locator('header.top').evaluate((header) => getComputedStyle(header).backgroundColor)).resolves.toBe('rgb(122, 31, 92)');

    const logo = page.locator('main form[action="/admin/settings/logo"]');
    await logo.locator('input[name="logo"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: await png(160, 60) });
    await clickAndLand(page, logo.locator('button'), '/admin/settings');
    const headerLogo = page.locator('header.top .brand img');
    await expect(headerLogo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).resolves.toBe(160);

    await page.goto('/admin/modules');
    const modules = page.locator('main form[action="/admin/modules"]');
    await modules.locator('input[name="marketplace"]').uncheck();
    await clickAndLand(page, modules.locator('button'), '/admin/modules');
    expect(await page.locator('header.top a[href="/market"]').count()).toBe(0);
    expect(await page.locator('header.top a[href="/aid"]').count()).toBe(1);

    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    expect(await page.locator('header.top a[href="/organizations"]').isVisible()).toBe(false);
    await page.locator('header.top details.more summary').click();
    expect(await page.locator('header.top a[href="/organizations"]').isVisible()).toBe(true);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);

    expect(admin.problems).toEqual([]);
    expect(outsideRequests(admin, e2e.origin)).toEqual([]);
    await admin.context.close();
  });
});
