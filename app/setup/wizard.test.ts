// The first-boot wizard through HTTP on a real box (real SQLite, the real app, the real privileged helper on
// a Unix socket against a temp root): the setup code (wrong codes refused and rate-limited), each step and
// its errors, the one transaction at the end, and a wizard that is gone afterwards — replays change nothing.
import { request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../core/config.ts';
import { startBox } from '../server.ts';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { countDemo } from '../demo/seed.ts';
import { issueSetupCode, setupCodeAtStart, setupCodeFile } from './code.ts';
import { clockStatus } from './clock.ts';
import { makeTestRoot, startPrivilegedSocket, type TestRoot, type TestSocket } from './testing.ts';

let box: TestBox;
let root: TestRoot;
let socket: TestSocket;
let code: string;

beforeAll(async () => {
  box = createTestBox({ demo: true });
  root = makeTestRoot();
  socket = await startPrivilegedSocket(root.root);
  box.deps.config = { ...box.deps.config, setup: { ...box.deps.config.setup, wizard: true, privilegedSocket: socket.path } };
  code = issueSetupCode(box.deps)!;
});
afterAll(async () => {
  await socket.close();
  rmSync(root.root, { recursive: true, force: true });
  box.close();
});

/** A browser: its cookies, kept between requests, and the CSRF token of its last page. */
function browser(of?: TestBox) {
  const cookies = new Map<string, string>();
  let csrf = '';
  const send = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await (of ?? box).request(path, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  return {
    async get(path: string) {
      const response = await send(path);
      const text = await response.text();
      csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? cookies.get('copi_csrf') ?? csrf;
      return { status: response.status, location: response.headers.get('location'), text };
    },
    async post(path: string, fields: Record<string, string>) {
      if (!csrf) csrf = cookies.get('copi_csrf') ?? '';
      const response = await send(path, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
      return { status: response.status, location: response.headers.get('location'), text: await response.text() };
    },
  };
}

/** Every row of every table, to prove a request changed nothing. */
function snapshot(of: TestBox = box) {
  const tables = of.deps.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, of.deps.db.prepare(`SELECT * FROM "${name}"`).all()]));
}
const setting = (key: string) => (box.deps.db.prepare('SELECT value FROM box_settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;

describe('the setup code', () => {
  it('is 3 groups of 4 unambiguous characters, kept in setup-code.txt and the same at each start', () => {
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(readFileSync(setupCodeFile(box.dir), 'utf8')).toBe(`CoPi setup code: ${code}\n`);
    expect(setupCodeAtStart(box.deps)).toBe(code);
    // Stored hashed only.
    expect(JSON.stringify(snapshot())).not.toContain(code.replaceAll('-', ''));
  });
});

describe('an unconfigured box', () => {
  it('sends every page to the wizard, but not its API, assets or health checks', async () => {
    const visitor = browser();
    expect(await visitor.get('/')).toMatchObject({ status: 302, location: '/setup' });
    expect(await visitor.get('/portal')).toMatchObject({ status: 302, location: '/setup' });
    expect((await visitor.get('/healthz')).status).toBe(200);
    expect((await visitor.get('/assets/copi.css')).status).toBe(200);
    expect((await visitor.get('/setup')).status).toBe(200);
  });

  it('refuses a wrong code, then rate-limits guessing even with the right code, writing nothing', async () => {
    const other = createTestBox();
    try {
      const right = issueSetupCode(other.deps)!;
      const guesser = browser(other);
      await guesser.get('/setup');
      const before = snapshot(other);
      for (let attempt = 0; attempt < 5; attempt++) {
        const wrong = await guesser.post('/setup', { code: 'AAAA-BBBB-CCCC' });
        expect(wrong.status).toBe(422);
        expect(wrong.text).toContain('id="f-code-error"');
      }
      const limited = await guesser.post('/setup', { code: right });
      expect(limited.status).toBe(429);
      expect(snapshot(other)).toEqual(before);
    } finally {
      other.close();
    }
  });
});

describe('the wizard, start to finish', () => {
  const admin = browser();
  const hourAhead = Date.now() + 3600_000;

  it('opens with the code typed in lower case without dashes', async () => {
    await admin.get('/setup');
    const started = await admin.post('/setup', { code: code.toLowerCase().replaceAll('-', ' ') });
    expect(started).toMatchObject({ status: 303, location: '/setup/wizard/name' });
    // A later step cannot be skipped to.
    expect(await admin.get('/setup/wizard/wifi')).toMatchObject({ status: 303, location: '/setup/wizard/name' });
  });

  it('name, then territory: an intercommunality found by name, the demo content to be removed', async () => {
    await admin.get('/setup/wizard/name');
    expect((await admin.post('/setup/wizard/name', { name: '  ' })).status).toBe(422);
    expect(await admin.post('/setup/wizard/name', { name: 'La Fabrique de Crest' })).toMatchObject({ status: 303, location: '/setup/wizard/territory' });
    const found = await admin.get('/setup/wizard/territory?q=Crestois');
    expect(found.text).toContain('name="zone:epci:200040509"');
    expect((await admin.post('/setup/wizard/territory', { q: 'Crestois' })).status).toBe(422); // nothing ticked
    expect((await admin.post('/setup/wizard/territory', { 'zone:dep:26': '1' })).status).toBe(422); // not an EPCI or commune
    expect(await admin.post('/setup/wizard/territory', { 'zone:epci:200040509': '1', removeDemo: '1' }))
      .toMatchObject({ status: 303, location: '/setup/wizard/admin' });
  });

  it('the admin account, with the rules of the sign-up form', async () => {
    await admin.get('/setup/wizard/admin');
    const short = await admin.post('/setup/wizard/admin', { username: 'gardienne', name: 'Gardienne', password: 'short' });
    expect(short.status).toBe(422);
    expect(short.text).toContain('id="f-password-error"');
    expect(short.text).toContain('value="gardienne"');
    expect(await admin.post('/setup/wizard/admin', { username: 'gardienne', name: 'Camille', password: 'correct horse battery' }))
      .toMatchObject({ status: 303, location: '/setup/wizard/wifi' });
  });

  it.each([
    ['a 7-character password', { ssid: 'Fabrique', passphrase: '1234567', country: 'FR' }, 'passphrase'],
    ['a 64-character password', { ssid: 'Fabrique', passphrase: 'a'.repeat(64), country: 'FR' }, 'passphrase'],
    ['a 33-byte network name', { ssid: 'é'.repeat(16) + 'a', passphrase: '', country: 'FR' }, 'ssid'],
    ['an invalid country', { ssid: 'Fabrique', passphrase: '', country: 'XX' }, 'country'],
  ])('Wi-Fi: %s is refused next to its field, the typed values kept', async (_, fields, field) => {
    await admin.get('/setup/wizard/wifi');
    const before = snapshot();
    const refused = await admin.post('/setup/wizard/wifi', fields);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(`id="f-${field}-error"`);
    if (field !== 'ssid') expect(refused.text).toContain(`value="${fields.ssid}"`);
    if (field !== 'passphrase' && fields.passphrase) expect(refused.text).toContain(`value="${fields.passphrase}"`);
    expect(snapshot()).toEqual(before);
  });

  it('Wi-Fi: a non-ASCII network name of 32 bytes or less is fine', async () => {
    await admin.get('/setup/wizard/wifi');
    expect(await admin.post('/setup/wizard/wifi', { ssid: 'Fabrique Café ☕', passphrase: 'correct horse', country: 'FR' }))
      .toMatchObject({ status: 303, location: '/setup/wizard/time' });
  });

  it('language and time, then a summary; nothing is written before the last step', async () => {
    const page = await admin.get('/setup/wizard/time');
    expect(page.text).toContain('name="clientTime"');
    expect((await admin.post('/setup/wizard/time', { locale: 'en', timezone: 'Mars/Olympus' })).status).toBe(422);
    expect(await admin.post('/setup/wizard/time', { locale: 'en', timezone: 'Europe/Paris', clientTime: String(hourAhead) }))
      .toMatchObject({ status: 303, location: '/setup/wizard/summary' });
    const summary = await admin.get('/setup/wizard/summary');
    expect(summary.text).toContain('Fabrique Café ☕');
    expect(summary.text).toContain('CC du Crestois');
    expect(summary.text).toContain('les téléphones perdent la boîte un instant'); // the helper is there: the Wi-Fi will change
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
    expect(root.calls()).toEqual([]);
  });

  it('finishes in one transaction: admin, name, territory, Wi-Fi, language, time zone; then the Wi-Fi and the clock', async () => {
    const done = await admin.post('/setup/wizard/summary', { clientTime: String(hourAhead) });
    expect(done.status).toBe(200);
    expect(done.text).toContain('data-outcome="wifi"');
    expect(box.deps.db.prepare('SELECT username, is_box_admin, locale FROM accounts').all()).toEqual([{ username: 'gardienne', is_box_admin: 1, locale: 'en' }]);
    expect([setting('name'), setting('locale'), setting('timezone'), setting('wifi_ssid'), setting('wifi_passphrase'), setting('wifi_country')])
      .toEqual(['La Fabrique de Crest', 'en', 'Europe/Paris', 'Fabrique Café ☕', 'correct horse', 'FR']);
    expect(box.deps.box.name).toBe('La Fabrique de Crest');
    const communes = box.deps.db.prepare('SELECT DISTINCT epci_code FROM communes').all();
    expect(communes).toEqual([{ epci_code: '200040509' }]);
    expect(countDemo(box.deps.db)).toBe(0);
    // Through the real helper: hostapd.conf rendered, hostapd restarted, the clock set an hour ahead.
    expect(root.hostapdConf()).toMatch(/^ssid=Fabrique Café ☕$/m);
    expect(root.hostapdConf()).toMatch(/^wpa_passphrase=correct horse$/m);
    expect(root.calls()).toEqual(['systemctl restart hostapd.service', `date -u -s @${Math.floor(hourAhead / 1000)}`, 'fake-hwclock save force']);
    expect(clockStatus(box.deps.db).source).toBe('browser');
    expect(existsSync(setupCodeFile(box.dir))).toBe(false);
    // Signed in as the admin, and the box's pages are back.
    expect((await admin.get('/admin')).status).toBe(200);
    expect((await browser().get('/')).status).toBe(200);
  });

  it('is gone afterwards: its pages answer 404 and replayed POSTs change nothing', async () => {
    const before = snapshot();
    const calls = root.calls().length;
    for (const path of ['/setup', '/setup/wizard/name', '/setup/wizard/summary']) expect((await admin.get(path)).status).toBe(404);
    expect((await admin.post('/setup', { code })).status).toBe(404);
    expect((await admin.post('/setup/wizard/name', { name: 'Usurpée' })).status).toBe(404);
    expect((await admin.post('/setup/wizard/summary', { clientTime: String(hourAhead) })).status).toBe(404);
    const stranger = browser();
    await stranger.get('/login');
    expect((await stranger.post('/setup', { code })).status).toBe(404);
    expect(snapshot()).toEqual(before);
    expect(root.calls()).toHaveLength(calls);
    expect(setupCodeAtStart(box.deps)).toBeNull();
  });
});

describe('without the privileged helper (npm start)', () => {
  it('saves the settings and says the Wi-Fi and clock changes apply only on the box', async () => {
    const local = createTestBox();
    try {
      const localCode = issueSetupCode(local.deps)!;
      const person = browser(local);
      await person.get('/setup');
      await person.post('/setup', { code: localCode });
      await person.post('/setup/wizard/name', { name: 'Ma boîte' });
      await person.post('/setup/wizard/territory', { keep: '1' });
      await person.post('/setup/wizard/admin', { username: 'moi', name: '', password: 'correct horse battery' });
      await person.post('/setup/wizard/wifi', { ssid: 'Ma boîte', passphrase: '', country: 'BE' });
      await person.post('/setup/wizard/time', { locale: 'fr', timezone: 'Europe/Brussels' });
      const summary = await person.get('/setup/wizard/summary');
      expect(summary.text).toContain('pas d’assistant privilégié');
      const done = await person.post('/setup/wizard/summary', {});
      expect(done.status).toBe(200);
      expect(done.text).toContain('ne s’appliquent que sur la boîte');
      expect(local.deps.db.prepare("SELECT value FROM box_settings WHERE key = 'wifi_country'").get()).toEqual({ value: 'BE' });
      expect(local.deps.db.prepare("SELECT DISTINCT epci_code FROM communes").all()).toEqual([{ epci_code: '242600492' }]);
    } finally {
      local.close();
    }
  });
});

describe('the portal of an unconfigured box', () => {
  it('sends a phone\'s connectivity probe to the wizard instead of the portal page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copi-wizard-portal-'));
    const running = await startBox(readConfig({
      COPI_DATA: dir, HOST: '127.0.0.1', PORT: '0', COPI_DEMO: '0', COPI_PORTAL: '1', COPI_PORTAL_ADDRESS: '127.0.0.1/24', COPI_WIZARD: '1',
    }), () => {});
    try {
      const location = await new Promise<string | undefined>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: Number(new URL(running.url).port), localAddress: '127.0.0.2', path: '/hotspot-detect.html',
          headers: { host: 'captive.apple.com' } }, (res) => { res.resume(); resolve(res.headers.location); });
        req.on('error', reject);
        req.end();
      });
      expect(location).toBe('http://127.0.0.1/setup');
    } finally {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
