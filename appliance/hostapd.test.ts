// The shipped hostapd configuration, checked by hostapd's own parser (no radio here: driver=none, facts.md §8).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostapdAccepts } from './testing/hostapd.ts';

const shipped = readFileSync(new URL('etc/hostapd/hostapd.conf', import.meta.url), 'utf8');
const template = readFileSync(new URL('etc/hostapd/hostapd.conf.template', import.meta.url), 'utf8');

/** What the wizard will do: fill the placeholders, and drop the WPA2 block for an open network. */
function render(values: { ssid: string; country: string; passphrase: string | null }): string {
  const text = template
    .replace(/^ssid=@SSID@$/m, () => `ssid=${values.ssid}`)
    .replace(/^country_code=@COUNTRY@$/m, () => `country_code=${values.country}`);
  return values.passphrase === null
    ? text.replace(/^# BEGIN WPA2[^\n]*\n[\s\S]*?^# END WPA2\n/m, '')
    : text.replace(/^wpa_passphrase=@PASSPHRASE@$/m, () => `wpa_passphrase=${values.passphrase}`);
}

const settings = (config: string) => config.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));


describe('hostapd configuration', () => {
  it('hostapd accepts the shipped first-boot config: an open network "CoPi" in France', async () => {
    const result = await hostapdAccepts(shipped);
    expect(result.output).not.toMatch(/Line \d+:/);
    expect(result.accepted).toBe(true);
    expect(shipped).toMatch(/^ssid=CoPi$/m);
    expect(shipped).toMatch(/^country_code=FR$/m);
    expect(shipped).not.toMatch(/^wpa/m);
  });

  it('the shipped config is the template rendered without a password (they cannot drift apart)', () => {
    expect(settings(shipped)).toEqual(settings(render({ ssid: 'CoPi', country: 'FR', passphrase: null })));
  });

  it('hostapd accepts the WPA2 template with a UTF-8 network name', async () => {
    const config = render({ ssid: 'Tiers-lieu Café ☕', country: 'DE', passphrase: 'correct horse battery' });
    expect(config).toMatch(/^wpa=2$/m);
    expect(config).toMatch(/^rsn_pairwise=CCMP$/m);
    expect(config).not.toMatch(/^[^#].*@[A-Z]+@/m);
    const result = await hostapdAccepts(config);
    expect(result.output).not.toMatch(/Line \d+:/);
    expect(result.accepted).toBe(true);
  });

  it.each([
    ['a 7-character password', { passphrase: '1234567' }, /Line \d+: invalid WPA passphrase length 7/],
    ['a 64-character password', { passphrase: 'a'.repeat(64) }, /Line \d+: invalid WPA passphrase length 64/],
    ['a one-letter country', { country: 'F' }, /Line \d+: Invalid country_code 'F'/],
    ['a 33-byte network name', { ssid: 'é'.repeat(17) }, /Line \d+: invalid SSID/],
  ])('hostapd refuses %s, naming the line', async (_, change, message) => {
    const result = await hostapdAccepts(render({ ssid: 'CoPi', country: 'FR', passphrase: 'correct horse battery', ...change }));
    expect(result.accepted).toBe(false);
    expect(result.output).toMatch(message);
  });
});
