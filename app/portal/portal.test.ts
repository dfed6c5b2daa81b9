// The captive portal through the real server over real sockets: loopback addresses stand for phones on the
// box's Wi-Fi (127.0.0.1/24 plays 10.42.0.1/24), so the client address the portal keys on is the real one.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../core/config.ts';
import { startBox, type RunningBox } from '../server.ts';
import { enteredClients } from './entered.ts';

const dir = mkdtempSync(join(tmpdir(), 'copi-portal-'));
let box: RunningBox;
let port: number;
const portalPage = 'http://127.0.0.1/portal';

beforeAll(async () => {
  box = await startBox(readConfig({
    COPI_DATA: dir, HOST: '127.0.0.1', PORT: '0', COPI_DEMO: '0', COPI_PORTAL: '1', COPI_PORTAL_ADDRESS: '127.0.0.1/24',
  }), () => {});
  port = Number(new URL(box.url).port);
});
afterAll(async () => {
  await box.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One HTTP request from a given client address, with any Host header (fetch would not let us forge it). */
function ask(from: string, host: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, localAddress: from, path, method: init.method ?? 'GET', headers: { host, ...init.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Opens the portal page and presses "Enter", as a phone's portal window does. */
async function enter(from: string): Promise<Answer> {
  const page = await ask(from, '127.0.0.1', '/portal');
  const cookie = [page.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).join('; ');
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1];
  return ask(from, '127.0.0.1', '/portal/enter', {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${csrf}`,
  });
}

const apple = '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>';
// [host, path, status, body, content type] of each OS's probe and the exact "online" answer it expects.
const probes: [string, string, number, string, string | undefined][] = [
  ['connectivitycheck.gstatic.com', '/generate_204', 204, '', undefined],
  ['clients3.google.com', '/generate_204', 204, '', undefined],
  ['connectivitycheck.android.com', '/generate_204', 204, '', undefined],
  ['www.google.com', '/gen_204', 204, '', undefined],
  ['connectivitycheck.platform.hicloud.com', '/generate_204', 204, '', undefined],
  ['captive.apple.com', '/hotspot-detect.html', 200, apple, 'text/html'],
  ['www.apple.com', '/library/test/success.html', 200, apple, 'text/html'],
  ['www.msftconnecttest.com', '/connecttest.txt', 200, 'Microsoft Connect Test', 'text/plain'],
  ['www.msftncsi.com', '/ncsi.txt', 200, 'Microsoft NCSI', 'text/plain'],
  ['detectportal.firefox.com', '/success.txt', 200, 'success\n', 'text/plain'],
  ['detectportal.firefox.com', '/canonical.html', 200,
    '<meta http-equiv="refresh" content="0;url=https://support.mozilla.org/kb/captive-portal"/>', 'text/html'],
  ['nmcheck.gnome.org', '/check_network_status.txt', 200, 'NetworkManager is online\n', 'text/plain'],
  ['connectivity-check.ubuntu.com', '/', 204, '', undefined],
];

describe('the captive portal', () => {
  it.each(probes)('before "Enter", the %s%s probe is sent to the portal page of the box, by IP', async (host, path) => {
    const answer = await ask('127.0.0.2', host, path);
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(portalPage);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('after "Enter", every probe gets its OS\'s exact online answer, for that client only', async () => {
    const entered = await enter('127.0.0.3');
    expect(entered.status).toBe(303);
    expect(entered.headers.location).toBe('/portal');
    for (const [host, path, status, body, type] of probes) {
      const answer = await ask('127.0.0.3', host, path);
      expect({ host, path, status: answer.status, body: answer.body }).toEqual({ host, path, status, body });
      if (type) expect(answer.headers['content-type']).toContain(type);
    }
    expect((await ask('127.0.0.4', 'captive.apple.com', '/hotspot-detect.html')).status).toBe(302);
  });

  it('any other name is sent to the portal page, before and after "Enter"', async () => {
    for (const from of ['127.0.0.5', '127.0.0.3']) {
      const answer = await ask(from, 'www.lemonde.fr', '/international/');
      expect(answer.status).toBe(302);
      expect(answer.headers.location).toBe(portalPage);
    }
  });

  it('the box itself, by its address, is served as usual', async () => {
    const home = await ask('127.0.0.6', '127.0.0.1', '/');
    expect(home.status).toBe(200);
    expect((await ask('127.0.0.6', '127.0.0.1:80', '/healthz')).body).toBe('{"status":"ok"}');
  });

  it('clients outside the Wi-Fi network (Ethernet, the box itself) are never sent to the portal', async () => {
    const answer = await ask('127.0.1.9', 'connectivitycheck.gstatic.com', '/generate_204');
    expect(answer.status).toBe(404);
  });

  it.each([
    ['evil.example'], ['evil.example:80'], ['EVIL.example.'], ['evil.example/path'], ['127.0.0.1@evil.example'],
    ['[::1]:8080'], ['captive.apple.com.evil.example'], ['%2F%2Fevil.example'],
  ])('bad input: a forged Host header %s never becomes the target of a redirect', async (host) => {
    for (const path of ['/', '/hotspot-detect.html', '/generate_204', '//evil.example/x', '/portal']) {
      const answer = await ask('127.0.0.7', host, path);
      if (answer.status === 400) continue; // Node itself refuses some malformed Host headers
      expect(answer.status).toBe(302);
      expect(answer.headers.location).toBe(portalPage);
    }
  });

  it('bad input: X-Forwarded-For naming an entered client does not make another client entered', async () => {
    await enter('127.0.0.8');
    const answer = await ask('127.0.0.9', 'connectivitycheck.gstatic.com', '/generate_204', {
      headers: { 'x-forwarded-for': '127.0.0.8', 'x-real-ip': '127.0.0.8', forwarded: 'for=127.0.0.8' },
    });
    expect(answer.status).toBe(302);
  });

  it('bad input: "Enter" without the form\'s CSRF token is refused and changes nothing', async () => {
    const answer = await ask('127.0.0.10', '127.0.0.1', '/portal/enter', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=forged-token-000000000000',
    });
    expect(answer.status).toBe(403);
    expect((await ask('127.0.0.10', 'connectivitycheck.gstatic.com', '/generate_204')).status).toBe(302);
  });

  it('answers the RFC 8908 API as application/captive+json, per client', async () => {
    const before = await ask('127.0.0.11', '127.0.0.1', '/api/v1/captive-portal');
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toBe('application/captive+json');
    expect(before.headers['cache-control']).toBe('private, no-store');
    expect(JSON.parse(before.body)).toEqual({
      captive: true, 'user-portal-url': 'http://127.0.0.1/portal', 'venue-info-url': 'http://127.0.0.1/',
    });
    await enter('127.0.0.11');
    const after = JSON.parse((await ask('127.0.0.11', '127.0.0.1', '/api/v1/captive-portal')).body);
    expect(after).toMatchObject({ captive: false, 'can-extend-session': true, 'user-portal-url': 'http://127.0.0.1/portal' });
    expect(after['seconds-remaining']).toBeGreaterThan(24 * 3600 - 60);
    expect(after['seconds-remaining']).toBeLessThanOrEqual(24 * 3600);
  });

  it.each([
    ['fr', 'Entrer', 'Dans votre navigateur habituel'],
    ['en', 'Enter', 'In your usual browser'],
    ['de', 'Eintreten', 'gewohnten Browser'],
  ])('the portal page in %s: box name, what to do here, a big Enter form and the box address', async (lang, button, browser) => {
    const page = await ask('127.0.0.12', '127.0.0.1', '/portal', { headers: { 'accept-language': lang } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<html lang="${lang}"`);
    expect(page.body).toContain('<h1>CoPi</h1>');
    expect(page.body).toMatch(/<form method="post" action="\/portal\/enter"><input type="hidden" name="_csrf" value="[\w-]+"\/>/);
    expect(page.body).toContain(`>${button}</button>`);
    expect(page.body).toContain(browser);
    expect(page.body).toContain('http://127.0.0.1/');
  });

  it('once entered, the portal page says so and leads to the box instead of showing the button again', async () => {
    await enter('127.0.0.13');
    const page = await ask('127.0.0.13', '127.0.0.1', '/portal', { headers: { 'accept-language': 'en' } });
    expect(page.body).toContain('You are in.');
    expect(page.body).not.toContain('action="/portal/enter"');
    expect(page.body).toContain('Continue to CoPi');
  });
});

describe('entered clients', () => {
  it('expire after their time, by the monotonic clock, and "Enter" again extends it', () => {
    let now = 1000;
    const entered = enteredClients({ ttlMs: 24 * 3600_000, now: () => now });
    entered.enter('10.42.0.23');
    expect(entered.remainingMs('10.42.0.23')).toBe(24 * 3600_000);
    expect(entered.remainingMs('10.42.0.24')).toBe(0);
    now += 23 * 3600_000;
    entered.enter('10.42.0.23');
    now += 23 * 3600_000;
    expect(entered.remainingMs('10.42.0.23')).toBe(3600_000);
    now += 3600_000;
    expect(entered.remainingMs('10.42.0.23')).toBe(0);
  });

  it('keep memory bounded, forgetting the oldest first', () => {
    const entered = enteredClients({ ttlMs: 60_000, now: () => 0 });
    for (let i = 0; i < 5000; i++) entered.enter(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    expect(entered.remainingMs('10.0.0.0')).toBe(0);
    expect(entered.remainingMs(`10.0.${(4999 >> 8) & 255}.${4999 & 255}`)).toBe(60_000);
  });
});

describe('portal settings', () => {
  it('are off by default, on 10.42.0.1/24 for a day', () => {
    expect(readConfig({}).portal).toEqual({ enabled: false, address: '10.42.0.1', prefix: 24, hours: 24 });
  });

  it.each(['10.42.0.1', '10.42.0.300/24', 'wlan0/24', '10.42.0.1/33', '10.42.0.1/', 'fd00::1/64'])(
    'refuse COPI_PORTAL_ADDRESS=%s with a clear message', (value) => {
      expect(() => readConfig({ COPI_PORTAL_ADDRESS: value })).toThrow(/COPI_PORTAL_ADDRESS must be an IPv4 address/);
    });
});
