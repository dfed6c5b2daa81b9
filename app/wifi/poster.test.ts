// The Wi-Fi poster through the real app: what it prints, and the network rules it enforces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { wifiJoinText } from './network.ts';
import { setSetting } from '../box/settings.ts';

let box: TestBox;
let admin: Session;
let member: Session;

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('gardienne', { admin: true });
  member = await box.register('voisin');
});
afterAll(() => box.close());

const postPoster = (as: Session, fields: Record<string, string>) => {
  const csrf = as.cookie.split('; ').find((c) => c.startsWith('copi_csrf='))!.split('=')[1];
  return box.request('/admin/wifi-poster', {
    method: 'POST', as,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...fields }),
  });
};

const qrOf = (page: string, kind: string) => page.match(new RegExp(`data-qr="${kind}"[^>]*>(<svg[\\s\\S]*?</svg>)`))?.[1];
const svg = (text: string) => QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

describe('Wi-Fi poster', () => {
  it('prints the network, its password, a QR code that joins it and one that opens the box', async () => {
    const response = await postPoster(admin, { ssid: 'Tiers-lieu Café', passphrase: 'la cle; du "jardin"' });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Tiers-lieu Café');
    expect(page).toContain('la cle; du &quot;jardin&quot;');
    expect(page).toContain('http://box.test');
    expect(qrOf(page, 'wifi')).toBe((await svg('WIFI:T:WPA;S:Tiers-lieu Café;P:la cle\\; du \\"jardin\\";;')).trim());
    expect(qrOf(page, 'address')).toBe((await svg('http://box.test')).trim());
  });

  it('makes an open network’s QR code without a password', async () => {
    const page = await (await postPoster(admin, { ssid: 'CoPi', passphrase: '' })).text();
    expect(qrOf(page, 'wifi')).toBe((await svg('WIFI:T:nopass;S:CoPi;;')).trim());
  });

  it('refuses a password of 7 or 64 characters or with accents, a name over 32 bytes and control characters, next to the field', async () => {
    for (const [fields, field] of [
      [{ ssid: 'CoPi', passphrase: '1234567' }, 'passphrase'],
      [{ ssid: 'CoPi', passphrase: 'x'.repeat(64) }, 'passphrase'],
      [{ ssid: 'CoPi', passphrase: 'clé-du-jardin' }, 'passphrase'], // WPA2 passphrases are ASCII
      [{ ssid: 'é'.repeat(17), passphrase: '' }, 'ssid'], // 17 characters, 34 bytes
      [{ ssid: 'Co\u0007Pi', passphrase: '' }, 'ssid'],
      [{ ssid: '   ', passphrase: '' }, 'ssid'],
    ] as const) {
      const response = await postPoster(admin, fields);
      expect(response.status, JSON.stringify(fields)).toBe(422);
      const page = await response.text();
      expect(page).toContain(`id="f-${field}-error"`);
      expect(page).not.toContain('data-qr="wifi"');
    }
  });

  it('starts from the network the box broadcasts', async () => {
    expect(await (await box.request('/admin/wifi-poster', { as: admin })).text()).toContain('value="CoPi"'); // as the image ships it
    setSetting(box.deps.db, 'wifi_ssid', 'La Grange');
    setSetting(box.deps.db, 'wifi_passphrase', 'foin-et-paille');
    const form = await (await box.request('/admin/wifi-poster', { as: admin })).text();
    expect(form).toContain('value="La Grange"');
    expect(form).toContain('value="foin-et-paille"');
  });

  it('is for box admins only: it shows the password', async () => {
    expect((await box.request('/admin/wifi-poster', { as: member })).status).toBe(403);
    expect((await postPoster(member, { ssid: 'CoPi', passphrase: '12345678' })).status).toBe(403);
    expect((await box.request('/admin/wifi-poster')).status).toBe(303);
  });
});

describe('Wi-Fi join text', () => {
  it('escapes the characters the WIFI: format uses as syntax', () => {
    expect(wifiJoinText({ ssid: 'a;b,c:d\\e"f', passphrase: '12345678' })).toBe('WIFI:T:WPA;S:a\\;b\\,c\\:d\\\\e\\"f;P:12345678;;');
  });
});
