// The federation page through HTTP: box admins only; this box's fingerprint to give; adding a peer (the other
// box answers over real HTTP on a loopback port), with its errors next to the fields; the peers' settings,
// "sync now" and its outcome, and removal after a confirmation; bundles carried on a USB stick (a temp folder
// as the boxes' mount folder) written on one box's page and imported on the other's.
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { fingerprintOf } from '../box/identity.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { syncJobs } from './jobs.ts';
import { search } from '../search/search.ts';
import { syncPages } from './pages.ts';
import { findPeer } from './storage.ts';

interface Served {
  box: TestBox; admin: Session; url: string; server: ServerType;
  request(path: string, init?: RequestInit & { as?: Session }): Promise<Response>;
}
let a: Served;
let b: Served;

async function servedBox(): Promise<Served> {
  const box = createTestBox();
  const admin = await box.register('admin', { admin: true });
  const app = withSyncPages(box);
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const request = async (path: string, init: RequestInit & { as?: Session } = {}) => {
    const headers = new Headers(init.headers);
    if (init.as) headers.set('cookie', init.as.cookie);
    return app.request(path, { ...init, headers });
  };
  return { box, admin, server, request, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The box's app with the federation pages (mounted here until app.ts mounts them itself). */
function withSyncPages(box: TestBox) {
  const app = createApp(box.deps, { dbPath: box.dbPath });
  if (!app.routes.some((route) => route.path === '/admin/sync')) app.route('/', syncPages(box.deps));
  return app;
}

beforeAll(async () => {
  [a, b] = await Promise.all([servedBox(), servedBox()]);
});
afterAll(async () => {
  for (const { box, server } of [a, b]) {
    await syncJobs(box.deps).stop();
    await new Promise((resolve) => server.close(resolve));
    box.close();
  }
});

const csrfOf = (session: Session) => /copi_csrf=([^;]+)/.exec(session.cookie)?.[1] ?? '';
// Pages asked in English: the assertions read their text.
const english = { 'accept-language': 'en' };
const page = async (on: Served, path = '/admin/sync', as = on.admin) => (await on.request(path, { as, headers: english })).text();
const postForm = (on: Served, path: string, fields: Record<string, string>, as = on.admin) =>
  on.request(path, {
    method: 'POST', as, headers: { ...english, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(as), ...fields }).toString(),
  });
const fingerprint = (of: Served) => fingerprintOf(of.box.deps.box.boxId);
/** The field's block (label, input, error) of the add form. */
const fieldBlock = (text: string, id: string) => new RegExp(`<div class="field invalid"><label for="${id}">[\\s\\S]*?</div>`).exec(text)?.[0] ?? '';
const share = { 'share.organization': 'on', 'share.event': 'on', acceptRelayed: 'trusted' };

describe('the federation page', () => {
  it('is for box admins, shows the fingerprint to give, and is linked from the admin page', async () => {
    const text = await page(a);
    expect(text).toContain(fingerprint(a));
    expect(text).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/.exec(fingerprint(a))![0]);
    expect(text).toContain('http://box.test');
    expect(text).toContain('No peer box yet.');
    const member = await a.box.register('member');
    expect((await a.request('/admin/sync', { as: member })).status).toBe(403);
    expect((await postForm(a, '/admin/sync/peers', { url: b.url, fingerprint: fingerprint(b) }, member)).status).toBe(403);
    expect(findPeer(a.box.deps.db, b.box.deps.box.boxId)).toBeNull();
    expect((await a.request('/admin/sync')).headers.get('location')).toBe('/login?next=%2Fadmin%2Fsync');
    expect(await page(a, '/admin')).toContain('href="/admin/sync"');
  });

  it('shows a wrong fingerprint, or an address where no box answers, next to its field, keeping what was typed', async () => {
    const wrong = await postForm(a, '/admin/sync/peers', { url: b.url, fingerprint: 'AAAA-BBBB-CCCC-DDDD', ...share });
    expect(wrong.status).toBe(422);
    const text = await wrong.text();
    const block = fieldBlock(text, 'f-fingerprint');
    expect(block).toContain(`has fingerprint ${fingerprint(b)}, not AAAA-BBBB-CCCC-DDDD`);
    expect(block).toContain('value="AAAA-BBBB-CCCC-DDDD"');
    expect(fieldBlock(text, 'f-url')).toBe('');
    expect(text).toContain(`value="${b.url}"`);
    // What was ticked stays ticked, what was not stays unticked.
    expect(text).toMatch(/name="share.organization" value="on" checked/);
    expect(text).not.toMatch(/name="share.project" value="on" checked/);

    const nobody = await postForm(a, '/admin/sync/peers', { url: 'http://127.0.0.1:9', fingerprint: fingerprint(b), ...share });
    expect(nobody.status).toBe(422);
    expect(fieldBlock(await nobody.text(), 'f-url')).toContain('No box answered at http://127.0.0.1:9');

    const typo = await postForm(a, '/admin/sync/peers', { url: b.url, fingerprint: 'not a code', ...share });
    expect(fieldBlock(await typo.text(), 'f-fingerprint')).toContain('A fingerprint is 16 letters and digits');
    expect(findPeer(a.box.deps.db, b.box.deps.box.boxId)).toBeNull();
  });

  it('adds a peer and lists it; "sync now" says the other box has not added this one yet, then works once it has', async () => {
    const added = await postForm(a, '/admin/sync/peers', { url: b.url, fingerprint: fingerprint(b).toLowerCase(), ...share, schedule: '' });
    expect(added.status).toBe(303);
    const bId = b.box.deps.box.boxId;
    expect(added.headers.get('location')).toBe(`/admin/sync?added=${bId}#peer-${bId}`);
    let text = await page(a, added.headers.get('location')!);
    expect(text).toContain(`${b.box.deps.box.name} was added.`);
    expect(text).toContain(`data-peer="${bId}"`);
    expect(text).toContain(`<code>${b.url}</code>`);
    expect(text).toContain(`<code>${fingerprint(b)}</code>`);
    expect(text).toContain('Organizations, Events — everywhere');
    expect(text).toContain('By hand only');
    expect(text).toMatch(/Last sync<\/dt><dd>Never/);

    const syncNow = await postForm(a, `/admin/sync/peers/${bId}/sync`, {});
    expect(syncNow.headers.get('location')).toBe(`/admin/sync?started=${bId}#peer-${bId}`);
    await syncJobs(a.box.deps).idle();
    text = await page(a);
    expect(text).toContain(`${b.box.deps.box.name} has not added this box yet`);
    expect(text).toMatch(/answered 403/);

    // B's admin adds A on B's own page; A's next sync goes through and clears the error.
    expect((await postForm(b, '/admin/sync/peers', { url: a.url, fingerprint: fingerprint(a), ...share, schedule: '' })).status).toBe(303);
    const event = await a.box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Amicale du Four', communeInsee: '26108' }, a.admin);
    expect(event.status).toBe(201);
    await postForm(a, `/admin/sync/peers/${bId}/sync`, {});
    await syncJobs(a.box.deps).idle();
    text = await page(a);
    expect(text).not.toContain('has not added this box yet');
    expect(text).toMatch(/data-received="0" data-sent="1" data-refused="0"/);
    expect(text).toContain('0 received, 1 sent, 0 refused.');
    expect(findPeer(a.box.deps.db, bId)!.lastSyncAt).not.toBeNull();
    expect(await (await b.box.request('/api/v1/search?q=amicale')).text()).toContain('Amicale du Four');
  });

  it('changes a peer’s settings, with a bad zone shown next to its field', async () => {
    const bId = b.box.deps.box.boxId;
    const bad = await postForm(a, `/admin/sync/peers/${bId}`, { ...share, shareZones: 'commune:26108, nowhere', schedule: 'hourly' });
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toMatch(new RegExp(`<details open><summary>[^<]+</summary>\\s*<form method="post" action="/admin/sync/peers/${bId}"`));
    expect(text).toMatch(new RegExp(`<p class="error" id="peer-${bId}-shareZones-error">Unknown zone</p>`));
    expect(text).toContain('value="commune:26108, nowhere"');

    const saved = await postForm(a, `/admin/sync/peers/${bId}`, { 'share.poi': 'on', shareZones: 'commune:26108', relayTo: 'on', acceptRelayed: 'none', schedule: 'hourly' });
    expect(saved.status).toBe(303);
    const peer = findPeer(a.box.deps.db, bId)!;
    expect(peer).toMatchObject({ shareTypes: ['poi'], shareZones: ['commune:26108'], relayTo: true, acceptRelayed: 'none' });
    expect(peer.schedule).toMatch(/^\d+ \* \* \* \*$/);
    const shown = await page(a, saved.headers.get('location')!);
    expect(shown).toContain('Settings of');
    expect(shown).toMatch(/Places — Crest/);
    expect(shown).toContain('Every hour');
    expect(shown).toContain('Refuse them');

    // Saving the same schedule again keeps its minute.
    await postForm(a, `/admin/sync/peers/${bId}`, { 'share.poi': 'on', acceptRelayed: 'none', schedule: 'hourly' });
    expect(findPeer(a.box.deps.db, bId)!.schedule).toBe(peer.schedule);
  });

  it('removes a peer after a confirmation page', async () => {
    const bId = b.box.deps.box.boxId;
    const list = await page(a);
    expect(list).toContain(`href="/admin/sync/peers/${bId}/remove"`);
    const confirm = await page(a, `/admin/sync/peers/${bId}/remove`);
    expect(confirm).toContain(`Remove ${b.box.deps.box.name}?`);
    expect(confirm).toContain(`action="/admin/sync/peers/${bId}/remove"`);
    expect(findPeer(a.box.deps.db, bId)).not.toBeNull(); // asking is not removing

    const removed = await postForm(a, `/admin/sync/peers/${bId}/remove`, {});
    expect(removed.headers.get('location')).toBe('/admin/sync?removed=1');
    const after = await page(a, '/admin/sync?removed=1');
    expect(after).toContain('The peer was removed.');
    expect(after).toContain('No peer box yet.');
    expect(findPeer(a.box.deps.db, bId)).toBeNull();
    expect((await postForm(a, `/admin/sync/peers/${bId}/sync`, {})).status).toBe(404);
  });
});

describe('bundles on a USB stick, from the federation page', () => {
  let c: Served;
  let d: Served;
  let usb: string;
  const found = (on: Served, words: string) => search(on.box.deps.db, null, { q: words, offset: 0, limit: 20 }).items.map((item) => item.name);
  const create = async (on: Served, name: string) =>
    expect((await on.box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name, communeInsee: '26108' }, on.admin)).status).toBe(201);
  const stickFiles = () => readdirSync(join(usb, 'STICK', 'copi-sync')).filter((name) => !name.startsWith('.'));
  const bundleOf = (from: Served, to: Served) => `copi-sync-${from.box.deps.box.boxId}-${to.box.deps.box.boxId}`;

  beforeAll(async () => {
    [c, d] = await Promise.all([servedBox(), servedBox()]);
    // Both boxes' mount folder (COPI_USB_DIR): the same stick is carried from one to the other.
    usb = mkdtempSync(join(tmpdir(), 'copi-usb-'));
    for (const { box } of [c, d]) box.deps.config.backup.usbDir = usb;
    expect((await postForm(c, '/admin/sync/peers', { url: d.url, fingerprint: fingerprint(d), ...share, schedule: '' })).status).toBe(303);
    expect((await postForm(d, '/admin/sync/peers', { url: c.url, fingerprint: fingerprint(c), ...share, schedule: '' })).status).toBe(303);
  });
  afterAll(async () => {
    for (const { box, server } of [c, d]) {
      await syncJobs(box.deps).stop();
      await new Promise((resolve) => server.close(resolve));
      box.close();
    }
    rmSync(usb, { recursive: true, force: true });
  });

  it('asks for a stick when none is plugged in, and offers no button', async () => {
    const text = await page(c);
    expect(text).toContain('Plug in a USB stick, then reload this page.');
    expect(text).not.toContain('action="/admin/sync/bundles"');
    expect(text).not.toContain('Write a bundle for');
  });

  it('writes a bundle for a peer on the stick; the other box lists it, imports it, shows the counts and finds the card', async () => {
    mkdirSync(join(usb, 'STICK'));
    await create(c, 'Jardin partagé des Aubépines');
    let text = await page(c);
    expect(text).not.toContain('Plug in a USB stick');
    expect(text).toContain('On the USB stick “STICK”.');
    const dId = d.box.deps.box.boxId;
    expect(text).toContain(`<button name="to" value="${dId}">Write a bundle for`);

    const written = await postForm(c, '/admin/sync/bundles', { stick: 'STICK', to: dId });
    expect(written.status).toBe(303);
    expect(stickFiles()).toEqual([`${bundleOf(c, d)}-1.ndjson`]);
    text = await page(c, written.headers.get('location')!);
    expect(text).toContain('Written on the USB stick “STICK”:');
    expect(text).toMatch(/a bundle for [^<]+ \(records: 1\)/);
    // The writer's own bundle is listed, to be carried, not imported.
    expect(text).toContain('Written by this box: take the stick to the other box');

    // The stick goes to D.
    text = await page(d);
    const path = `STICK/copi-sync/${bundleOf(c, d)}-1.ndjson`;
    expect(text).toContain(`data-bundle="${path}"`);
    expect(text).toMatch(/Written by [^<]+ for this box<\/strong>\s*— records: 1/);
    expect(text).toContain(`<input type="hidden" name="path" value="${path}"/><button>Import</button>`);
    expect(found(d, 'aubépines')).toEqual([]);

    const imported = await postForm(d, '/admin/sync/bundles/import', { path });
    expect(imported.status).toBe(303);
    text = await page(d, imported.headers.get('location')!);
    expect(text).toMatch(/data-accepted="1" data-ignored="0" data-refused="0"/);
    expect(text).toMatch(/imported: 1 accepted, 0 ignored \(already here\), 0 refused\./);
    expect(found(d, 'aubépines')).toEqual(['Jardin partagé des Aubépines']);

    // The same bundle again: nothing new.
    text = await page(d, (await postForm(d, '/admin/sync/bundles/import', { path })).headers.get('location')!);
    expect(text).toContain('0 accepted, 1 ignored');
  });

  it('refuses a tampered bundle whole, saying why, and applies nothing', async () => {
    await create(c, 'Atelier vélo des Aubépines');
    const written = await postForm(c, '/admin/sync/bundles', { stick: 'STICK', to: d.box.deps.box.boxId });
    expect(written.status).toBe(303);
    const name = `${bundleOf(c, d)}-2.ndjson`;
    const file = join(usb, 'STICK', 'copi-sync', name);
    const bytes = readFileSync(file);
    // One byte of the records changed (after the header line), as a flaky stick or a hand would.
    const at = bytes.indexOf('Atelier');
    expect(at).toBeGreaterThan(bytes.indexOf(0x0a));
    bytes[at] = 'B'.charCodeAt(0);
    writeFileSync(file, bytes);

    const refused = await postForm(d, '/admin/sync/bundles/import', { path: `STICK/copi-sync/${name}` });
    expect(refused.status).toBe(422);
    const text = await refused.text();
    expect(text).toContain(`The bundle STICK/copi-sync/${name} was refused, nothing was applied:`);
    expect(text).toContain('The bundle’s records were altered: their SHA-256 is not the one its signed header gives');
    expect(found(d, 'atelier')).toEqual([]);
    expect(found(d, 'aubépines')).toEqual(['Jardin partagé des Aubépines']);
  });

  it('lets the admin choose the stick when several are plugged in, and says so in French', async () => {
    mkdirSync(join(usb, 'OTHER'));
    const text = await page(c);
    expect(text).toMatch(/<select id="bundle-stick" name="stick"><option value="OTHER">OTHER<\/option><option value="STICK">STICK<\/option><\/select>/);
    const written = await postForm(c, '/admin/sync/bundles', { stick: 'OTHER', to: 'all' });
    expect(written.status).toBe(303);
    expect(readdirSync(join(usb, 'OTHER', 'copi-sync'))).toEqual([`${bundleOf(c, d)}-1.ndjson`]);
    rmSync(join(usb, 'OTHER'), { recursive: true });
    rmSync(join(usb, 'STICK'), { recursive: true });
    const french = await (await c.request('/admin/sync', { as: c.admin, headers: { 'accept-language': 'fr' } })).text();
    expect(french).toContain('Branchez une clé USB, puis rechargez cette page.');
  });
});
