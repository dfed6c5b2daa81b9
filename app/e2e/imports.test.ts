// Imports in a real browser: the box admin uploads an RNA register from the admin page, sees the preview
// (counts, a rejected line with its reason), commits, finds the imported association through the search
// (its page naming the source and licence), then undoes the import from the list and it is gone.
// Elements are found by form actions, hrefs and data attributes, never by (translated) text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixture } from '../imports/testing.ts';
import { clickAndLand, type E2eBox, newPerson, outsideRequests, register, shareBoxAndBrowser } from './harness.ts';

let e2e: E2eBox;
let browser: Browser;
shareBoxAndBrowser((box, chromium) => { e2e = box; browser = chromium; });

const importPath = /^\/admin\/imports\/[0-9a-f-]{36}$/;

/** How many search results for `query` link to `href`. */
async function searchFor(page: Page, query: string, href: string) {
  await page.goto(`/search?q=${encodeURIComponent(query)}`);
  return page.locator(`main ul.cards a[href="${href}"]`).count();
}

describe('imports in a real browser', () => {
  it('an RNA register is uploaded, previewed, committed, found by search, and undone', async () => {
    const admin = await newPerson(browser, e2e.origin);
    const { page } = admin;
    await register(page, 'archiviste', 'Arlette');
    e2e.box.deps.db.prepare("UPDATE accounts SET is_box_admin = 1 WHERE username = 'archiviste'").run();

    await page.goto('/admin');
    await clickAndLand(page, page.locator('main a[href="/admin/imports"]'), '/admin/imports');
    const form = page.locator('main form[action="/admin/imports/upload"]');
    await form.locator('input[name="licence"]').fill('Licence Ouverte 2.0');
    await form.locator('input[type="file"][name="file"]').setInputFiles({
      name: 'rna-waldec-26-latin1.csv', mimeType: 'text/csv', buffer: readFileSync(fixture('rna-waldec-26-latin1.csv')),
    });
    await clickAndLand(page, form.locator('button'), importPath);
    const path = new URL(page.url()).pathname;

    // The preview, once read (the page follows the progress by itself).
    await page.locator('main .import-status[data-status="staged"]').waitFor();
    await expect(page.locator('main tr[data-count="new"] td').textContent()).resolves.toBe('4');
    await expect(page.locator('main tr[data-count="rejected"] td').textContent()).resolves.toBe('4');
    await expect(page.locator('main .sample-rejected tbody tr').first().textContent()).resolves.toContain('"X123" is not an RNA number');

    await clickAndLand(page, page.locator(`main form[action="${path}/commit"] button`), path);
    await page.locator('main .import-status[data-status="committed"]').waitFor();
    expect(await page.locator(`main a[href="${path}/report"]`).count()).toBe(1);

    // Imported (beside the demo association of the same name): found by the search, its page names where it comes from.
    const { slug } = e2e.box.deps.db.prepare(`SELECT e.slug FROM elements e JOIN imported_elements ie ON ie.element_id = e.id
      WHERE ie.source_key = 'rna:W261000002'`).get() as { slug: string };
    const garden = `/e/${slug}`;
    expect(await searchFor(page, 'Jardins partagés', garden)).toBe(1);
    await page.goto(garden);
    await expect(page.locator('main dd.source').textContent()).resolves.toContain('Licence Ouverte 2.0');

    // Undone from the list: gone from the search.
    await page.goto('/admin/imports');
    await clickAndLand(page, page.locator(`main form[action="${path}/undo"] button`), '/admin/imports');
    await expect(page.locator(`main tr[data-import="${path.split('/').pop()}"]`).getAttribute('data-status')).resolves.toBe('undone');
    expect(await searchFor(page, 'Jardins partagés', garden)).toBe(0);

    expect(outsideRequests(admin, e2e.origin)).toEqual([]);
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  }, 60_000);
});
