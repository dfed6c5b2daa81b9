// The agenda in a real browser: a person creates a weekly workshop with the form's friendly recurrence
// (Tuesdays, three times, one place a date), finds its three dates on the month view and the printed
// programme, and takes the first Tuesday's place. Elements are found by form field names, hrefs and actions, never by visible text.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, shareBoxAndBrowser } from './harness.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

/** The first Tuesday of next month, as YYYY-MM-DD: its month then holds three Tuesdays from it. */
function firstTuesdayOfNextMonth(): string {
  const now = new Date();
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  while (day.getUTCDay() !== 2) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

describe('agenda in a real browser', () => {
  it('creates a weekly event from the form, shows its dates on the month view and the programme, and takes a place', async () => {
    const person = await newPerson(browser, e2e.origin);
    const { page } = person;
    await page.goto('/register');
    const register = page.locator('main form[action="/register"]');
    await register.locator('input[name="username"]').fill('cyclo');
    await register.locator('input[name="name"]').fill('Atelier Cyclo');
    await register.locator('input[name="password"]').fill('correct horse battery staple');
    await clickAndLand(page, register.locator('button[type="submit"]'), /^\//);

    const tuesday = firstTuesdayOfNextMonth();
    await page.goto('/new/event');
    const form = page.locator('main form[action="/new/event"]');
    await form.locator('input[name="name"]').fill('Atelier réparation vélo');
    await form.locator('select[name="kind"]').selectOption('workshop');
    await form.locator('input[name="startsAt"]').fill(`${tuesday}T18:00`);
    await form.locator('input[name="endsAt"]').fill(`${tuesday}T20:00`);
    await form.locator('select[name="repeat"]').selectOption('weekly');
    await form.locator('input[name="repeatTU"]').check();
    await form.locator('input[name="repeatEnd"][value="count"]').check();
    await form.locator('input[name="repeatCount"]').fill('3');
    await form.locator('input[name="capacity"]').fill('1');
    await form.locator('select[name="communeInsee"]').selectOption('26114');
    const eventPath = await clickAndLand(page, form.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);

    // Three Tuesdays on the month view, each at 18:00; the same three on the printed programme.
    await page.goto(`/agenda?view=month&date=${tuesday}`);
    const onGrid = page.locator(`main .agenda-grid a[href="${eventPath}"]`);
    expect(await onGrid.count()).toBe(3);
    for (const text of await onGrid.evaluateAll((links) => links.map((link) => link.closest('li')?.textContent ?? ''))) expect(text).toContain('18:00');
    await page.goto(`/agenda/print?span=month&date=${tuesday}`);
    expect(await page.locator(`main .programme a[href="${eventPath}"]`).count()).toBe(3);

    // The one place of the first Tuesday: "going" from that date on the event page, seen through the API as
    // one going on that date, while the next Tuesday still has its place.
    await page.goto(eventPath);
    const occurrences = await (await page.request.get(`/api/v1/events?from=${tuesday}&to=${tuesday}&element=${eventPath.slice(3)}`)).json() as
      { items: { originalStart: string; event: { id: string } }[] };
    const first = occurrences.items[0];
    await clickAndLand(page, page.locator(`main form[action="${eventPath}/attendance"]:has(input[name="occurrence"][value="${first.originalStart}"]):has(input[name="status"][value="going"]) button`), eventPath);
    const attendance = (date: string) => page.request.get(`/api/v1/events/${first.event.id}/attendance?occurrence=${encodeURIComponent(date)}`).then((r) => r.json());
    expect(await attendance(first.originalStart)).toMatchObject({ going: 1, capacity: 1, mine: 'going' });
    const nextWeek = new Date(Date.parse(first.originalStart) + 7 * 86_400_000).toISOString();
    expect(await attendance(nextWeek)).toMatchObject({ going: 0, mine: null });

    expect(outsideRequests(person, e2e.origin)).toEqual([]);
    expect(person.problems).toEqual([]);
  }, 30_000);
});
