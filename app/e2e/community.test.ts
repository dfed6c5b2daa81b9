// The community loop in a real browser: Aline writes on her association's wall, mentions Bruno and attaches
// a photo taken with a GPS-tagged camera; the box serves the photo without its EXIF; Bruno, with a page
// open, sees the notification arrive without reloading, follows it to the post and comments; Aline is told
// of the comment and finds it on the post. Nothing is ever fetched from outside the box.
// Elements are found by form actions, hrefs and data attributes, never by (translated) text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { jpegWithGps } from '../media/testing.ts';
import {
  clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser,
} from './harness.ts';


let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

const photos = mkdtempSync(join(tmpdir(), 'copi-e2e-photo-'));
afterAll(() => rmSync(photos, { recursive: true, force: true }));


/** The header's notifications link once its script listens to the box. */
async function liveCount(page: Page) {
  await page.waitForSelector('header a.notifications-link[data-live="on"]');
  return page.locator('header a.notifications-link');
}

describe('posts, mentions, photos, comments and notifications in a real browser', () => {
  it('a mention with a photo reaches the person live, the photo has lost its GPS, and the comment comes back', async () => {
    const aline = await newPerson(browser, e2e.origin);
    await register(aline.page, 'aline', 'Aline');
    await aline.page.goto('/new/organization');
    const create = aline.page.locator('main form[action="/new/organization"]');
    await create.locator('input[name="name"]').fill('Amicale des jardiniers');
    await create.locator('select[name="kind"]').selectOption('association');
    const wallPath = await clickAndLand(aline.page, create.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);

    // Bruno signs up, finds his own address from his account page, and stays there.
    const bruno = await newPerson(browser, e2e.origin);
    await register(bruno.page, 'bruno', 'Bruno');
    await bruno.page.goto('/me');
    const profile = await bruno.page.locator('main a[href^="/e/"]').first().getAttribute('href');
    const brunoSlug = profile!.slice('/e/'.length);
    expect(brunoSlug).toMatch(/^bruno[a-z0-9-]*$/);
    const brunoCount = await liveCount(bruno.page);
    await expect(brunoCount.getAttribute('data-unread')).resolves.toBe('0');
    await expect(brunoCount.textContent()).resolves.toBe(await brunoCount.getAttribute('data-label'));

    // Aline writes on the wall with a photo straight from her camera (position in its EXIF).
    const photoPath = join(photos, 'potager.jpg');
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    writeFileSync(photoPath, original);
    const postForm = aline.page.locator(`main form.post-form[action="${wallPath}/posts"]`);
    await postForm.locator('textarea[name="body"]').fill(`Les premières tomates ! Merci @${brunoSlug} pour les plants.`);
    await postForm.locator('input[type="file"][name="files"]').setInputFiles(photoPath);
    await clickAndLand(aline.page, postForm.locator('button').last(), wallPath);
    const hash = new URL(aline.page.url()).hash;
    expect(hash).toMatch(/^#post-[0-9a-f-]{36}$/);
    const postId = hash.slice('#post-'.length);
    const post = aline.page.locator(`main article.post[data-post="${postId}"]`);
    await expect(post.locator(`.prose a.mention[href="/e/${brunoSlug}"]`).textContent()).resolves.toBe('@Bruno');

    // The photo shows, served by the box, and neither it nor its thumbnail keeps the camera's EXIF.
    const image = post.locator('.post-images a img');
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const full = await post.locator('.post-images a').getAttribute('href');
    const thumb = await image.getAttribute('src');
    for (const path of [full!, thumb!]) {
      expect(path).toMatch(/^\/media\//);
      const response = await aline.page.request.get(path);
      expect(response.status()).toBe(200);
      const served = await sharp(await response.body()).metadata();
      expect(served.format).toBe('jpeg');
      expect(served.exif).toBeUndefined();
    }
    expect((await sharp(await (await aline.page.request.get(full!)).body()).metadata()).width).toBe(800);

    // Bruno's open page follows without reloading: the count and a toast leading to the post.
    await bruno.page.waitForSelector('header a.notifications-link[data-unread="1"]');
    expect(await brunoCount.textContent()).toContain('(1)');
    const toast = bruno.page.locator('.toasts .toast a');
    await expect(toast.textContent()).resolves.toContain('Aline');
    await clickAndLand(bruno.page, toast, `/posts/${postId}`);
    await expect(bruno.page.locator('header a.notifications-link').getAttribute('data-unread')).resolves.toBe('0');
    await expect(bruno.page.locator(`main article.post[data-post="${postId}"] .post-images img`).count()).resolves.toBe(1);

    // Aline stays on the wall; Bruno answers on the post's page.
    const alineCount = await liveCount(aline.page);
    await expect(alineCount.getAttribute('data-unread')).resolves.toBe('0');
    const commentForm = bruno.page.locator('main section.comments > form[action="/comments"]');
    await commentForm.locator('textarea[name="body"]').fill('Avec plaisir, il m’en reste pour la fête !');
    await clickAndLand(bruno.page, commentForm.locator('button'), `/posts/${postId}`);
    const commentId = new URL(bruno.page.url()).hash.slice('#comment-'.length);
    expect(commentId).toMatch(/^[0-9a-f-]{36}$/);

    // Aline's count follows live too; her notifications page leads to the comment on the post.
    await aline.page.waitForSelector('header a.notifications-link[data-unread="1"]');
    await aline.page.goto('/notifications');
    const told = aline.page.locator('main li.notification.unread[data-kind="comment"] a');
    await expect(told.textContent()).resolves.toContain('Bruno');
    await clickAndLand(aline.page, told, `/posts/${postId}`);
    expect(new URL(aline.page.url()).hash).toBe(`#comment-${commentId}`);
    const comment = aline.page.locator(`main section.comments li[data-comment="${commentId}"]`);
    await expect(comment.locator('.comment-body').textContent()).resolves.toContain('il m’en reste pour la fête');
    await expect(comment.locator(`.meta a[href="/e/${brunoSlug}"]`).count()).resolves.toBe(1);

    for (const who of [aline, bruno]) {
      expect(outsideRequests(who, e2e.origin)).toEqual([]);
      expect(who.problems).toEqual([]);
    }
    await aline.context.close();
    await bruno.context.close();
  }, 40_000);
});
