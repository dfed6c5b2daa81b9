// Comments and moderation in a real browser: a person comments on an event, a second person (without
// JavaScript) reports the comment, the event's admin hides it from the moderation queue, and the comment is
// gone from the event page. Elements are found by form field names, hrefs, actions and data attributes, never by text.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser,
} from './harness.ts';


let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });


describe('comments and moderation in a real browser', () => {
  it('a comment on an event is reported, hidden by the event admin from the queue, and gone from the event page', async () => {
    // The organizer creates the event: they are its admin, so its moderator.
    const organizer = await newPerson(browser, e2e.origin);
    await register(organizer.page, 'organisatrice');
    await organizer.page.goto('/new/event');
    const eventForm = organizer.page.locator('main form[action="/new/event"]');
    await eventForm.locator('input[name="name"]').fill('Bal du 14 juillet');
    await eventForm.locator('select[name="kind"]').selectOption('festival');
    await eventForm.locator('input[name="startsAt"]').fill('2027-07-14T21:00');
    const eventPath = await clickAndLand(organizer.page, eventForm.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);

    // A person comments from the event page.
    const commenter = await newPerson(browser, e2e.origin);
    await register(commenter.page, 'rouspeteur');
    await commenter.page.goto(eventPath);
    const commentForm = commenter.page.locator('main section.comments > form[action="/comments"]');
    await commentForm.locator('textarea[name="body"]').fill('Ce bal est une honte.\nVraiment.');
    await clickAndLand(commenter.page, commentForm.locator('button'), eventPath);
    expect(new URL(commenter.page.url()).hash).toMatch(/^#comment-[0-9a-f-]{36}$/);
    const commentId = new URL(commenter.page.url()).hash.slice('#comment-'.length);
    const onPage = commenter.page.locator(`main li[data-comment="${commentId}"]`);
    await expect(onPage.locator('.comment-body').textContent()).resolves.toContain('Vraiment.');

    // A second person, without JavaScript, reports it: the form opens in its <details>.
    const reporter = await newPerson(browser, e2e.origin, { javaScriptEnabled: false });
    await register(reporter.page, 'vigilante');
    await reporter.page.goto(eventPath);
    const item = reporter.page.locator(`main li[data-comment="${commentId}"]`);
    await item.locator('details.report > summary').click();
    const reportForm = item.locator('form[action="/reports"]');
    await reportForm.locator('input[name="reason"][value="abuse"]').check();
    await reportForm.locator('textarea[name="details"]').fill('Insultant pour les bénévoles');
    await clickAndLand(reporter.page, reportForm.locator('button'), eventPath);
    expect(await reporter.page.locator(`main li[data-comment="${commentId}"] details.report`).count()).toBe(0);

    // The event's admin sees there is something to look at, and hides it from the queue.
    await organizer.page.goto(eventPath);
    await clickAndLand(organizer.page, organizer.page.locator('main .moderation-count a[href="/moderation"]'), '/moderation');
    const entry = organizer.page.locator(`main .moderation-open li[data-target="comment:${commentId}"]`);
    await expect(entry.locator('.moderated-body').textContent()).resolves.toContain('Ce bal est une honte.');
    await expect(entry.locator('.reasons').textContent()).resolves.toContain('Insultant pour les bénévoles');
    await clickAndLand(organizer.page, entry.locator(`form[action="/moderation/comment/${commentId}/hide"] button`), '/moderation');
    expect(await organizer.page.locator(`main .moderation-open li[data-target="comment:${commentId}"]`).count()).toBe(0);
    expect(await organizer.page.locator(`main .moderation-hidden li[data-target="comment:${commentId}"] form[action="/moderation/comment/${commentId}/restore"]`).count()).toBe(1);

    // Gone from the event page, for everyone, its author included.
    for (const who of [commenter, reporter, organizer]) {
      await who.page.goto(eventPath);
      expect(await who.page.locator(`main li[data-comment="${commentId}"]`).count()).toBe(0);
      expect(await who.page.locator('main').textContent()).not.toContain('Ce bal est une honte.');
    }

    for (const who of [organizer, commenter, reporter]) {
      expect(outsideRequests(who, e2e.origin)).toEqual([]);
      expect(who.problems).toEqual([]);
    }
  }, 40_000);
});
