// Posts in a real browser: a member writes on their association's wall, the @mention suggestions insert a
// person's slug, the post shows the mention as a link with the name; the live feed's Atom document parses
// as XML in the browser's own parser. Elements are found by names, hrefs and data attributes, not by text.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser } from '../e2e/harness.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

describe('posts in a real browser', () => {
  it('suggests @mentions while typing, and the post shows the mention as a link with the name', async () => {
    const person = await newPerson(browser, e2e.origin);
    const { page } = person;
    await register(page, 'redactrice', 'Rédactrice');
    await page.goto('/new/organization');
    const create = page.locator('main form[action="/new/organization"]');
    await create.locator('input[name="name"]').fill('Gazette du village');
    await create.locator('select[name="kind"]').selectOption('association');
    const wallPath = await clickAndLand(page, create.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);

    const text = page.locator('form.post-form textarea[name="body"]');
    await text.click();
    await text.pressSequentially('Bravo @camille-m');
    const suggestion = page.locator('.mention-list [role="option"][data-slug="camille-martin"]');
    await expect(suggestion.waitFor({ state: 'visible' })).resolves.toBeUndefined();
    await text.press('Enter');
    await expect(text.inputValue()).resolves.toBe('Bravo @camille-martin ');
    await text.pressSequentially('pour la photo');
    await clickAndLand(page, page.locator('form.post-form button').last(), wallPath.split('#')[0]);
    const mention = page.locator('article.post .prose a.mention[href="/e/camille-martin"]');
    await expect(mention.textContent()).resolves.toBe('@Camille Martin');
    expect(outsideRequests(person, e2e.origin)).toEqual([]);
    expect(person.problems).toEqual([]);
    await person.context.close();
  });

  it('the Atom feeds are XML the browser’s parser reads, with an entry per public post', async () => {
    const person = await newPerson(browser, e2e.origin);
    await person.page.goto('/live');
    const feed = await person.page.evaluate(async () => {
      const text = await (await fetch('/live.atom')).text();
      const xml = new DOMParser().parseFromString(text, 'application/xml');
      return { error: xml.getElementsByTagName('parsererror').length, root: xml.documentElement.localName, entries: xml.getElementsByTagName('entry').length };
    });
    expect(feed).toMatchObject({ error: 0, root: 'feed' });
    expect(feed.entries).toBeGreaterThan(0);
    await person.context.close();
  });
});
