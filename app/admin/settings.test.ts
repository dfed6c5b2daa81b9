import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { jpegWithGps, png } from '../media/testing.ts';
import { loadBoxSettings } from '../box/settings.ts';
import { mainTerritory } from '../zones/communes.ts';

let box: TestBox;
let admin: Session;
let member: Session;

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('setadmin', { admin: true });
  member = await box.register('setmember');
});
afterAll(() => box.close());

const csrfOf = (session: Session) => session.cookie.split('; ').find((part) => part.startsWith('copi_csrf='))!.split('=')[1];
const english = { 'accept-language': 'en' };

function post(path: string, fields: Record<string, string>, as: Session = admin) {
  return box.request(path, {
    method: 'POST', as, headers: { ...english, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(as), ...fields }).toString(),
  });
}

function uploadLogo(bytes: Uint8Array, name = 'logo.png', as: Session = admin) {
  const form = new FormData();
  form.set('_csrf', csrfOf(as));
  form.set('logo', new File([new Uint8Array(bytes)], name));
  return box.request('/admin/settings/logo', { method: 'POST', as, headers: english, body: form });
}

const stored = () => loadBoxSettings(box.deps.db);
const logoFiles = () => (existsSync(join(box.dir, 'box')) ? readdirSync(join(box.dir, 'box')) : []);

describe('box settings', () => {
  it('only a box admin opens the settings page or changes a setting', async () => {
    expect((await box.request('/admin/settings', { as: member })).status).toBe(403);
    expect((await post('/admin/settings/colours', { accent: '#123456', ink: '' }, member)).status).toBe(403);
    expect((await post('/admin/settings', { name: 'Piratée', locale: 'fr', welcome: '' }, member)).status).toBe(403);
    expect((await uploadLogo(await png(), 'logo.png', member)).status).toBe(403);
    expect(stored().accent).toBeNull();
    expect(stored().name).not.toBe('Piratée');
    expect((await box.request('/admin/settings', { as: admin })).status).toBe(200);
  });

  it('a colour not written #rrggbb is refused next to its field, and nothing is saved', async () => {
    const response = await post('/admin/settings/colours', { accent: 'green', ink: '#1d2a26' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('A colour is written #rrggbb, e.g. #1f6f50');
    expect(stored()).toMatchObject({ accent: null, ink: null });
  });

  it('an accent too light for white text, or a text colour too light for the page, is refused saying why', async () => {
    const accent = await post('/admin/settings/colours', { accent: '#f2b705', ink: '' });
    expect(accent.status).toBe(422);
    expect(await accent.text()).toContain('White text on this accent colour is hard to read (contrast below 4.5:1)');
    const ink = await post('/admin/settings/colours', { accent: '#1f6f50', ink: '#999999' });
    expect(ink.status).toBe(422);
    expect(await ink.text()).toContain('This text colour is hard to read on the page background (contrast below 4.5:1)');
    expect(stored()).toMatchObject({ accent: null, ink: null });
  });

  it('readable colours apply to every page, and can be reset to CoPi’s own', async () => {
    expect((await post('/admin/settings/colours', { accent: '#7A1F5C', ink: '#222222' })).status).toBe(303);
    expect(stored()).toMatchObject({ accent: '#7a1f5c', ink: '#222222' });
    expect(await (await box.request('/persons')).text()).toContain('<style>:root{--accent:#7a1f5c;--ink:#222222}</style>');
    expect((await post('/admin/settings/colours', { accent: '', ink: '' })).status).toBe(303);
    expect(await (await box.request('/persons')).text()).not.toContain('--accent:');
  });

  it('a logo larger than 200 KB, a text file or an SVG is refused with a clear message, and nothing is saved', async () => {
    const big = new Uint8Array(210 * 1024);
    big.set(await png(), 0);
    const tooLarge = await uploadLogo(big);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('The logo is too large: at most 200 KB');
    const text = await uploadLogo(new TextEncoder().encode('not an image at all'), 'logo.png');
    expect(text.status).toBe(415);
    expect(await text.text()).toContain('The logo must be a PNG or JPEG image');
    const svg = await uploadLogo(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg');
    expect(svg.status).toBe(415);
    const none = await uploadLogo(new Uint8Array(0), '');
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Choose a logo file');
    expect(stored().logo).toBeNull();
    expect(logoFiles()).toEqual([]);
  });

  it('a JPEG logo is stored without its metadata, shown in the header and served for good under its version', async () => {
    expect((await uploadLogo(await jpegWithGps(240, 80), 'logo.jpg')).status).toBe(303);
    const logo = stored().logo!;
    expect(logo.mime).toBe('image/jpeg');
    const page = await (await box.request('/')).text();
    expect(page).toContain(`<img src="/box/logo?v=${logo.version}"`);
    const served = await box.request(`/box/logo?v=${logo.version}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await served.arrayBuffer()).includes('TestCam')).toBe(false);

    expect((await uploadLogo(await png(120, 40))).status).toBe(303);
    expect(stored().logo!.mime).toBe('image/png');
    expect(logoFiles()).toHaveLength(1);
    expect((await box.request(`/box/logo?v=${logo.version}`)).headers.get('cache-control')).toBe('no-cache');

    expect((await post('/admin/settings/logo/remove', {})).status).toBe(303);
    expect(stored().logo).toBeNull();
    expect(logoFiles()).toEqual([]);
    expect((await box.request('/box/logo')).status).toBe(404);
    expect(await (await box.request('/')).text()).not.toContain('/box/logo');
  });

  it('a logo whose file is missing (a database restored without it) leaves no broken image in the header', async () => {
    box.deps.db.prepare("INSERT INTO box_settings (key, value) VALUES ('logo', ?)").run(JSON.stringify({ mime: 'image/png', version: 'gone0001' }));
    Object.assign(box.deps.box, loadBoxSettings(box.deps.db));
    expect(box.deps.box.logo?.version).toBe('gone0001');
    expect(await (await box.request('/')).text()).not.toContain('/box/logo');
    expect((await box.request('/box/logo?v=gone0001')).status).toBe(404);
    box.deps.db.prepare("DELETE FROM box_settings WHERE key = 'logo'").run();
    Object.assign(box.deps.box, loadBoxSettings(box.deps.db));
  });

  it('the welcome text shows on the home page as Markdown, raw HTML escaped', async () => {
    const welcome = '**Bienvenue** sur la box du pays de Bourdeaux.\n\n<script>alert(1)</script>';
    expect((await post('/admin/settings', { name: 'Box de Bourdeaux', locale: 'fr', welcome })).status).toBe(303);
    const home = await (await box.request('/')).text();
    expect(home).toContain('<strong>Bienvenue</strong> sur la box du pays de Bourdeaux.');
    expect(home).not.toContain('<script>alert(1)</script>');
    expect(home).toContain('Box de Bourdeaux');
    expect(box.deps.box.name).toBe('Box de Bourdeaux');
  });

  it('an empty box name is refused next to its field, and the name stays', async () => {
    const response = await post('/admin/settings', { name: '  ', locale: 'fr', welcome: '' });
    expect(response.status).toBe(422);
    expect(stored().name).toBe('Box de Bourdeaux');
    expect(stored().welcome).not.toBe('');
  });

  it('the default language applies to a new visitor who chose none', async () => {
    expect((await post('/admin/settings', { name: 'Box de Bourdeaux', locale: 'de', welcome: '' })).status).toBe(303);
    expect(stored().locale).toBe('de');
    expect(await (await box.request('/')).text()).toContain('<html lang="de"');
    // A visitor's own choice still wins: the language cookie, then what the browser asks for.
    expect(await (await box.request('/', { headers: { cookie: 'copi_lang=en' } })).text()).toContain('<html lang="en"');
    expect(await (await box.request('/', { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } })).text()).toContain('<html lang="fr"');
    await post('/admin/settings', { name: 'Box de Bourdeaux', locale: 'fr', welcome: '' });
  });

  it('the territory is chosen among intercommunalities and communes, as in the first-boot wizard', async () => {
    const search = await (await box.request('/admin/settings?q=Crest', { as: admin })).text();
    expect(search).toContain('name="zone:epci:200040509"');
    const none = await post('/admin/settings/territory', { q: 'Crest' });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Choose an intercommunality or communes');
    expect((await post('/admin/settings/territory', { q: 'Crest', 'zone:epci:200040509': '1' })).status).toBe(303);
    expect(mainTerritory(box.deps.db)?.name).toBe('CC du Crestois et de Pays de Saillans Coeur de Drôme');
  });
});
