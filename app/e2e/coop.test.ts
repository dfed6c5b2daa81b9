// The cooperative space in a real browser: an association's admin writes a proposal and opens it to amendments,
// a member amends it, both accept the amendment by vote, the admin puts it to the vote, both vote, the vote's
// closing passes (on a network-synchronized clock), and the resolution reads with its tally and history.
// Elements are found by form actions, names and data attributes, never by (translated) text.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser } from './harness.ts';
import { addLink } from '../links/storage.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

const proposalPath = /^\/coop\/proposals\/[0-9a-f-]{36}$/;

async function submit(page: Page, action: string, fields: Record<string, string> = {}, button = 'button') {
  const form = page.locator(`main form[action="${action}"]`).first();
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value);
  return clickAndLand(page, form.locator(button).first(), /.*/);
}

describe('the cooperative space in a real browser', () => {
  it('a proposal is amended, voted on from two accounts, closed and read as a resolution', async () => {
    const admin = await newPerson(browser, e2e.origin);
    await register(admin.page, 'presidente');
    await admin.page.goto('/new/organization');
    const orgForm = admin.page.locator('main form[action="/new/organization"]');
    await orgForm.locator('input[name="name"]').fill('Verger partagé de Teyssières');
    await orgForm.locator('select[name="kind"]').selectOption('association');
    const orgPath = await clickAndLand(admin.page, orgForm.locator('button[type="submit"]'), /^\/e\/[a-z0-9-]+$/);
    const slug = orgPath.slice(3);

    // A room, then a proposal in it.
    await admin.page.goto(`/coop/${slug}`);
    await clickAndLand(admin.page, admin.page.locator(`main a[href="/coop/${slug}/rooms/new"]`), `/coop/${slug}/rooms/new`);
    await submit(admin.page, `/coop/${slug}/rooms/new`, { name: 'Arbres et récoltes' });
    await clickAndLand(admin.page, admin.page.locator('main a[href^="/coop/proposals/new?room="]'), '/coop/proposals/new');
    const newProposal = admin.page.locator('main form[action^="/coop/proposals/new"]');
    await newProposal.locator('input[name="title"]').fill('Planter dix pommiers');
    await newProposal.locator('textarea[name="body"]').fill('Nous plantons dix pommiers de variétés anciennes en novembre.');
    await newProposal.locator('select[name="majority"]').selectOption('two_thirds');
    await newProposal.locator('select[name="resultsVisible"]').selectOption('live');
    await clickAndLand(admin.page, newProposal.locator('button[type="submit"]'), proposalPath);
    const path = new URL(admin.page.url()).pathname;
    const proposalId = path.split('/').at(-1)!;
    await submit(admin.page, `${path}/amending`);
    await expect(admin.page.locator('main h1 [data-status]').getAttribute('data-status')).resolves.toBe('amending');

    // A member (added as such by the association) proposes an amendment; both vote for it.
    const member = await newPerson(browser, e2e.origin);
    await register(member.page, 'arboricultrice');
    const memberId = (e2e.box.deps.db.prepare("SELECT person_id FROM accounts WHERE username = 'arboricultrice'").get() as { person_id: string }).person_id;
    const organizationId = (e2e.box.deps.db.prepare('SELECT id FROM elements WHERE slug = ?').get(slug) as { id: string }).id;
    addLink(e2e.box.deps.db, { fromId: memberId, toId: organizationId, kind: 'member' });
    await member.page.goto(path);
    const amend = member.page.locator(`main form[action="${path}/amendments"]`);
    await amend.locator('select[name="mode"]').selectOption('add');
    await amend.locator('textarea[name="body"]').fill('Dont deux poiriers pour les abeilles.');
    await clickAndLand(member.page, amend.locator('button'), path);
    const amendmentItem = member.page.locator('main li[data-amendment]');
    const amendmentId = (await amendmentItem.getAttribute('data-amendment'))!;
    for (const person of [member, admin]) {
      await person.page.goto(path);
      await clickAndLand(person.page, person.page.locator(`main form[action="/coop/amendments/${amendmentId}/vote"] button[value="for"]`), /.*/);
    }

    // The admin puts it to the vote: the amendment is applied to the text.
    await admin.page.goto(path);
    await submit(admin.page, `${path}/voting`, { closesAt: '2099-12-31T18:00' });
    await expect(admin.page.locator(`main li[data-amendment="${amendmentId}"]`).getAttribute('data-status')).resolves.toBe('accepted');
    await expect(admin.page.locator('main .coop-body').textContent()).resolves.toContain('Dont deux poiriers pour les abeilles.');

    // Both vote for it; the member first votes against, then changes their mind.
    for (const [person, choice] of [[admin, 'for'], [member, 'against'], [member, 'for']] as const) {
      await person.page.goto(path);
      await person.page.locator(`main form[action="${path}/ballot"] input[value="${choice}"]`).check();
      await clickAndLand(person.page, person.page.locator(`main form[action="${path}/ballot"] button`), /.*/);
      await expect(person.page.locator('main .coop-my-ballot').getAttribute('data-choice')).resolves.toBe(choice);
    }
    await expect(member.page.locator('main .coop-results [data-count="for"]').textContent()).resolves.toBe('2');

    // The closing passes on a clock the box trusts; the next reader sees the result.
    e2e.box.deps.db.prepare("UPDATE box_clock SET source = 'network', source_at = ? WHERE id = 1").run(new Date().toISOString());
    e2e.box.deps.db.prepare('UPDATE coop_proposals SET closes_at = ? WHERE id = ?').run(new Date(Date.now() - 60_000).toISOString(), proposalId);
    await member.page.goto(path);
    await expect(member.page.locator('main .coop-outcome').getAttribute('data-adopted')).resolves.toBe('true');
    await expect(member.page.locator('main .coop-results [data-count="for"]').textContent()).resolves.toBe('2');
    expect(await member.page.locator('main form[action$="/ballot"]').count()).toBe(0);
    await expect(member.page.locator('main ol.coop-history li[data-event="adopted"]').count()).resolves.toBe(1);

    await member.page.goto(`/coop/${slug}/resolutions`);
    await expect(member.page.locator(`main article.coop-resolution[data-proposal="${proposalId}"]`).textContent()).resolves.toContain('Dont deux poiriers');

    for (const person of [admin, member]) {
      expect(outsideRequests(person, e2e.origin)).toEqual([]);
      expect(person.problems).toEqual([]);
    }
  }, 60_000);
});
