// Real-browser test harness: a real box on an ephemeral port, Debian's chromium driven by playwright-core.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { readConfig } from '../core/config.ts';
import { startBox, type RunningBox } from '../server.ts';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches Debian's chromium. Never skips: a missing browser is a failure (.ci/run installs it).
 * playwright-core gives every launch a fresh temporary profile (user-data-dir) and deletes it on close;
 * it refuses a --user-data-dir argument to launch().
 */
export async function launchBrowser(executablePath = chromiumPath): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: the browser tests need it and do not skip. `
      + 'Install it with "apt-get install -y chromium" (.ci/run installs it in CI).');
  }
  return chromium.launch({ executablePath, args: chromiumArgs, timeout: 30_000 });
}

export interface E2eBox {
  box: RunningBox;
  origin: string;
  close(): Promise<void>;
}

/** The real server in this process, with demo content seeded on a fresh database in a temp folder. */
export async function startE2eBox(): Promise<E2eBox> {
  const dir = mkdtempSync(join(tmpdir(), 'copi-e2e-'));
  const box = await startBox(readConfig({ COPI_DATA: dir, PORT: '0', HOST: '127.0.0.1' }), () => {});
  return {
    box,
    origin: new URL(box.url).origin,
    async close() {
      await box.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One box and one browser for all the tests of a file: started before them (handed over through `use`),
 * stopped after them.
 */
export function shareBoxAndBrowser(use: (e2e: E2eBox, browser: Browser) => void): void {
  let e2e: E2eBox | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    e2e = await startE2eBox();
    browser = await launchBrowser();
    use(e2e, browser);
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });
}

/** One person at their own browser: a separate context (cookies), one tab, and every request it made. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for, page loads and sub-resources. */
  requests: string[];
  /** Sub-resources that failed (other than aborted by leaving the page) or answered with an error status. */
  problems: string[];
}

export async function newPerson(browser: Browser, origin: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Person> {
  const context = await browser.newContext({
    baseURL: origin,
    locale: 'fr-FR',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(10_000);
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (request) => { requests.push(request.url()); });
  context.on('requestfailed', (request) => {
    // ERR_ABORTED is the browser dropping a sub-resource (the favicon, say) because the next page was asked for.
    const error = request.failure()?.errorText;
    if (request.resourceType() !== 'document' && error !== 'net::ERR_ABORTED') problems.push(`${request.url()} failed: ${error}`);
  });
  context.on('response', (response) => {
    if (response.request().resourceType() !== 'document' && response.status() >= 400) problems.push(`${response.url()} answered ${response.status()}`);
  });
  return { context, page: await context.newPage(), requests, problems };
}

/** Requests that left the box: anything not on its origin. */
export const outsideRequests = (person: Person, origin: string) =>
  person.requests.filter((url) => new URL(url).origin !== origin);

/**
 * Clicks a submit button (or a link) and waits until the page it leads to has loaded,
 * including a form answered on the same URL (a 422 with errors). Returns the new path and query.
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<string> {
  const loaded = page.waitForEvent('load');
  await target.click();
  await loaded;
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Clicks, then waits for the browser to land on `path` (exact path, or a regular expression on path + query). */
export async function clickAndLand(page: Page, target: Locator, path: string | RegExp): Promise<string> {
  const landed = await clickAndLoad(page, target);
  await page.waitForURL((url) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname + url.search)));
  return landed;
}

/** The password every browser test registers its persons with. */
export const testPassword = 'correct horse battery staple';

/** Registers through /register (the name defaults to the username) and checks the header shows the person signed in. */
export async function register(page: Page, username: string, name = username): Promise<void> {
  await page.goto('/register');
  const form = page.locator('main form[action="/register"]');
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="name"]').fill(name);
  await form.locator('input[name="password"]').fill(testPassword);
  await clickAndLand(page, form.locator('button[type="submit"]'), /.*/);
  await expect(page.locator('header a[href="/me"]').textContent()).resolves.toBe(username);
}

/** A datetime-local value, `days` from now at 18:30. */
export function dateTimeLocal(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T18:30`;
}
