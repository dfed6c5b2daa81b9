// Notifications and the network view in a real browser: a person with a page open sees the count change
// and a toast when someone asks to join their association, without reloading; the network page draws its
// nodes with JavaScript and lists them without.
// Elements are found by form actions, hrefs and data attributes, never by (translated) text.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser,
} from './harness.ts';


let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });


describe('notifications in a real browser', () => {
  it('the admin of an association sees a join request arrive live, then opens it', async () => {
    const admin = await newPerson(browser, e2e.origin);
    await register(admin.page, 'presidente');
    await admin.page.goto('/new/organization');
    const form = admin.page.locator('main form[action="/new/organization"]');
    await form.locator('input[name="name"]').fill('Jardin partagé');
    await form.locator('select[name="kind"]').selectOption('association');
    const orgPath = await clickAndLand(admin.page, form.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);

    // The admin stays on the home page; its script listens to the box.
    await admin.page.goto('/');
    const count = admin.page.locator('header a.notifications-link');
    await expect(count.getAttribute('data-unread')).resolves.toBe('0');
    await admin.page.waitForSelector('header a.notifications-link[data-live="on"]');

    const neighbour = await newPerson(browser, e2e.origin);
    await register(neighbour.page, 'voisin');
    await neighbour.page.goto(orgPath);
    await clickAndLand(neighbour.page, neighbour.page.locator(`main form[action="${orgPath}/join"] button`), orgPath);

    // No reload: the header count and a toast follow.
    await admin.page.waitForSelector('header a.notifications-link[data-unread="1"]');
    expect(await count.textContent()).toContain('(1)');
    const toast = admin.page.locator('.toasts .toast a');
    await expect(toast.textContent()).resolves.toContain('voisin');
    await clickAndLand(admin.page, toast, orgPath);
    await expect(admin.page.locator('header a.notifications-link').getAttribute('data-unread')).resolves.toBe('0');

    for (const who of [admin, neighbour]) {
      expect(outsideRequests(who, e2e.origin)).toEqual([]);
      expect(who.problems).toEqual([]);
    }
    await admin.context.close();
    await neighbour.context.close();
  }, 40_000);
});

describe('the network page in a real browser', () => {
  it('draws the nodes with JavaScript, and lists them without', async () => {
    const withScript = await newPerson(browser, e2e.origin);
    await register(withScript.page, 'curieuse');
    await withScript.page.goto('/new/organization');
    const form = withScript.page.locator('main form[action="/new/organization"]');
    await form.locator('input[name="name"]').fill('Réseau des fermes');
    await form.locator('select[name="kind"]').selectOption('association');
    const orgPath = await clickAndLand(withScript.page, form.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);
    await clickAndLand(withScript.page, withScript.page.locator(`main a[href="${orgPath}/graph"]`), `${orgPath}/graph`);
    await withScript.page.waitForSelector('.graph svg a[data-node]');
    // The organization and its admin, drawn on a phone-sized screen too.
    expect(await withScript.page.locator('.graph svg a[data-node]').count()).toBeGreaterThanOrEqual(2);
    await withScript.page.setViewportSize({ width: 360, height: 740 });
    const box = await withScript.page.locator('.graph').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(360);
    expect(withScript.problems).toEqual([]);

    const noScript = await newPerson(browser, e2e.origin, { javaScriptEnabled: false });
    await noScript.context.addCookies(await withScript.context.cookies());
    await noScript.page.goto(`${orgPath}/graph`);
    expect(await noScript.page.locator('.graph-list li[data-hop="1"] a[data-node]').count()).toBeGreaterThanOrEqual(1);
    expect(await noScript.page.locator('.graph svg').count()).toBe(0);
    expect(await noScript.page.locator('.graph').isVisible()).toBe(false);
    await withScript.context.close();
    await noScript.context.close();
  }, 40_000);
});
