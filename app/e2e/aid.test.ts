// Mutual aid in a real browser: a gardener offers a hand in Dieulefit; a neighbour of the next village posts
// a matching need, whose page proposes the offer; the gardener is told of the match and finds the need from
// the notification. An offer for the box's members only stays out of sight of a visitor who is not signed in.
// Elements are found by form actions, names, hrefs and data attributes, never by (translated) text.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser } from './harness.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

const entryPath = /^\/aid\/(?!new$)[a-z0-9-]+$/;

interface AidFields {
  kind: 'need' | 'offer';
  category: string;
  name: string;
  description: string;
  communeInsee: string;
  visibility?: 'public' | 'members';
}

/** Posts a need or an offer through /aid/new; returns the entry's path. */
async function postAid(page: Page, fields: AidFields): Promise<string> {
  await page.goto(`/aid/new?kind=${fields.kind}`);
  const form = page.locator('main form[action="/aid/new"]');
  await expect(form.locator(`input[name="kind"][value="${fields.kind}"]`).isChecked()).resolves.toBe(true);
  await form.locator('select[name="category"]').selectOption(fields.category);
  await form.locator('input[name="name"]').fill(fields.name);
  await form.locator('textarea[name="description"]').fill(fields.description);
  await form.locator('select[name="communeInsee"]').selectOption(fields.communeInsee);
  await form.locator('select[name="visibility"]').selectOption(fields.visibility ?? 'public');
  await clickAndLand(page, form.locator('button[type="submit"]'), entryPath);
  return new URL(page.url()).pathname;
}

const entryIdOf = (path: string) =>
  (e2e.box.deps.db.prepare('SELECT id FROM elements WHERE slug = ?').get(path.slice('/aid/'.length)) as { id: string }).id;

describe('mutual aid in a real browser', () => {
  it('a need posted near an offer proposes it, and the offer’s author is told of the match', async () => {
    const gardener = await newPerson(browser, e2e.origin);
    await register(gardener.page, 'jardiniere', 'Jeanne');
    const offer = await postAid(gardener.page, {
      kind: 'offer', category: 'gardening', name: 'Taille de haies et d’arbres fruitiers',
      description: 'Je taille vos haies et vos fruitiers le samedi, avec mon sécateur et mon échelle.', communeInsee: '26114',
    });
    await expect(gardener.page.locator('main article.aid-entry').getAttribute('data-kind')).resolves.toBe('offer');

    // A neighbour in Le Poët-Laval, next to Dieulefit, needs exactly that: the box proposes the offer.
    const neighbour = await newPerson(browser, e2e.origin);
    await register(neighbour.page, 'voisin', 'Victor');
    const need = await postAid(neighbour.page, {
      kind: 'need', category: 'gardening', name: 'Tailler une haie de laurier',
      description: 'Ma haie de laurier déborde sur la route, je cherche quelqu’un pour la tailler.', communeInsee: '26243',
    });
    const proposed = neighbour.page.locator(`main section.aid-matches li[data-match="${entryIdOf(offer)}"]`);
    await expect(proposed.locator(`a[href="${offer}"]`).count()).resolves.toBe(1);

    // The gardener is told of the match, follows it to the need, which their offer's page proposes too.
    await gardener.page.goto('/notifications');
    const told = gardener.page.locator('main li.notification.unread[data-kind="aid_match"] a');
    await expect(told.count()).resolves.toBe(1);
    await clickAndLand(gardener.page, told, need);
    await expect(gardener.page.locator('main article.aid-entry').getAttribute('data-kind')).resolves.toBe('need');
    await expect(gardener.page.locator(`main form[action="${need}/contact"]`).count()).resolves.toBe(1);
    await gardener.page.goto(offer);
    await expect(gardener.page.locator(`main section.aid-matches li[data-match="${entryIdOf(need)}"] a[href="${need}"]`).count()).resolves.toBe(1);

    for (const person of [gardener, neighbour]) {
      expect(outsideRequests(person, e2e.origin)).toEqual([]);
      expect(person.problems).toEqual([]);
      await person.context.close();
    }
  }, 40_000);

  it('an offer for the box’s members is seen by a member, not by a visitor who is not signed in', async () => {
    const lender = await newPerson(browser, e2e.origin);
    await register(lender.page, 'preteur', 'Paul');
    const membersOnly = await postAid(lender.page, {
      kind: 'offer', category: 'tools', name: 'Prêt de mon broyeur de végétaux',
      description: 'Broyeur thermique, à venir chercher à Dieulefit.', communeInsee: '26114', visibility: 'members',
    });
    const forAll = await postAid(lender.page, {
      kind: 'offer', category: 'tools', name: 'Prêt de ma bétonnière',
      description: 'Bétonnière électrique, pour un week-end.', communeInsee: '26114',
    });
    const member = await newPerson(browser, e2e.origin);
    await register(member.page, 'membre', 'Mona');
    await member.page.goto('/aid?kind=offer');
    await expect(member.page.locator(`main a[href="${membersOnly}"]`).count()).resolves.toBe(1);

    const visitor = await newPerson(browser, e2e.origin);
    await visitor.page.goto('/aid?kind=offer');
    await expect(visitor.page.locator(`main a[href="${forAll}"]`).count()).resolves.toBe(1);
    await expect(visitor.page.locator(`main a[href="${membersOnly}"]`).count()).resolves.toBe(0);
    expect((await visitor.page.goto(membersOnly))!.status()).toBe(404);
    await expect(visitor.page.locator('main').textContent()).resolves.not.toContain('broyeur');

    for (const person of [lender, member, visitor]) {
      expect(outsideRequests(person, e2e.origin)).toEqual([]);
      expect(person.problems).toEqual([]);
      await person.context.close();
    }
  }, 40_000);
});
