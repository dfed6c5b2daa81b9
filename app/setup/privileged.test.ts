// The privileged helper run for real (appliance/usr/lib/copi/privileged) against a temp root: it renders
// hostapd.conf exactly from the shipped template (then checked by hostapd itself), refuses anything outside its
// fixed list of validated actions and writes nothing then, and answers through a Unix socket as systemd's
// Accept=yes would hand it a connection.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countryCodes } from '../wifi/network.ts';
import { privilegedHelper } from './privileged.ts';
import { hostapdAccepts } from '../../appliance/testing/hostapd.ts';
import { makeTestRoot, privilegedScript, runPrivileged, startPrivilegedSocket, type TestRoot } from './testing.ts';

const template = readFileSync(join(import.meta.dirname, '../../appliance/etc/hostapd/hostapd.conf.template'), 'utf8');
const b64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
const roots: TestRoot[] = [];
const fresh = () => {
  const root = makeTestRoot();
  roots.push(root);
  return root;
};
afterAll(() => roots.forEach(({ root }) => rmSync(root, { recursive: true, force: true })));

/** The template filled the way appliance/hostapd.test.ts describes it, written independently of the script. */
function expected(ssid: string, passphrase: string, country: string): string {
  const filled = template.replace('ssid=@SSID@', () => `ssid=${ssid}`).replace('country_code=@COUNTRY@', () => `country_code=${country}`);
  return passphrase === ''
    ? filled.replace(/^# BEGIN WPA2[^\n]*\n[\s\S]*?^# END WPA2\n/m, '')
    : filled.replace('wpa_passphrase=@PASSPHRASE@', () => `wpa_passphrase=${passphrase}`);
}


describe('the privileged helper script', () => {
  it('is shellcheck-clean POSIX sh (Debian package: shellcheck)', () => {
    const result = spawnSync('shellcheck', ['-s', 'sh', privilegedScript], { encoding: 'utf8' });
    if (result.error) throw new Error('shellcheck is missing: apt-get install -y shellcheck');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('holds the same country list as the wizard', () => {
    const list = /^countries="([^"]+)"/m.exec(readFileSync(privilegedScript, 'utf8'))![1].split(/\s+/);
    expect(list).toEqual([...countryCodes]);
  });

  it.each([
    ['a WPA2 network with a UTF-8 name and a # in its password', 'Tiers-lieu Café ☕', 'abc#defgh 12', 'DE'],
    ['an open network', 'CoPi', '', 'FR'],
    ['a name with shell syntax, written literally and never run', '$(touch x) `id` ;|&', '"quoted" \\ $HOME', 'BE'],
  ])('renders hostapd.conf exactly from the template for %s, atomically and 0600, and hostapd accepts it', async (_, ssid, passphrase, country) => {
    const root = fresh();
    const { answer, status } = await runPrivileged(root.root, `wifi ${b64(ssid)} ${passphrase === '' ? '-' : b64(passphrase)} ${country}\n`);
    expect(answer).toBe('ok\n');
    expect(status).toBe(0);
    const written = root.hostapdConf()!;
    expect(written).toBe(expected(ssid, passphrase, country));
    expect(statSync(join(root.root, 'etc/hostapd/hostapd.conf')).mode & 0o777).toBe(0o600);
    expect(root.calls()).toEqual(['systemctl restart hostapd.service']);
    // No temp file left behind, nothing run from the name.
    expect(spawnSync('ls', ['-A', join(root.root, 'etc/hostapd')], { encoding: 'utf8' }).stdout.trim().split('\n').sort())
      .toEqual(['hostapd.conf', 'hostapd.conf.template']);
    const result = await hostapdAccepts(written);
    expect(result.output).not.toMatch(/Line \d+:/);
    expect(result.accepted).toBe(true);
  });

  it('is idempotent: the same settings again write nothing and restart nothing', async () => {
    const root = fresh();
    const request = `wifi ${b64('Salle commune')} ${b64('correct horse')} FR\n`;
    await runPrivileged(root.root, request);
    const first = statSync(join(root.root, 'etc/hostapd/hostapd.conf')).mtimeMs;
    expect((await runPrivileged(root.root, request)).answer).toBe('ok\n');
    expect(statSync(join(root.root, 'etc/hostapd/hostapd.conf')).mtimeMs).toBe(first);
    expect(root.calls()).toEqual(['systemctl restart hostapd.service']);
  });

  it.each([
    ['a 7-character password', `wifi ${b64('CoPi')} ${b64('1234567')} FR`, 'error passphrase'],
    ['a 64-character password', `wifi ${b64('CoPi')} ${b64('a'.repeat(64))} FR`, 'error passphrase'],
    ['a non-ASCII password', `wifi ${b64('CoPi')} ${b64('mot de passe é')} FR`, 'error passphrase'],
    ['a 33-byte network name', `wifi ${b64('é'.repeat(16) + 'a')} - FR`, 'error ssid'],
    ['an empty network name', 'wifi - - FR', 'error ssid'],
    ['a network name with a newline (a second config line)', `wifi ${b64('CoPi\nwpa=0')} - FR`, 'error ssid'],
    ['a network name with a NUL byte', `wifi ${b64('Co\0Pi')} - FR`, 'error ssid'],
    ['a network name that is not UTF-8', `wifi ${Buffer.from([0x43, 0xff, 0x50]).toString('base64')} - FR`, 'error ssid'],
    ['an unknown country', `wifi ${b64('CoPi')} - XX`, 'error country'],
    ['a lower-case country', `wifi ${b64('CoPi')} - fr`, 'error country'],
    ['a missing argument', `wifi ${b64('CoPi')} -`, 'error arguments'],
    ['an extra argument', `wifi ${b64('CoPi')} - FR FR`, 'error arguments'],
    ['shell metacharacters in the line', 'wifi $(reboot) - FR', 'error request'],
    ['a quote in the line', `wifi ${b64('CoPi')} - 'FR'`, 'error request'],
    ['two spaces', `wifi ${b64('CoPi')}  - FR`, 'error request'],
    ['a time before 2026', 'time 1700000000', 'error time'],
    ['a time from 2100', 'time 4102444800', 'error time'],
    ['a time that is not a number', 'time 17e8', 'error time'],
    ['a time with a leading zero', 'time 01800000000', 'error time'],
    ['reboot with an argument', 'reboot now', 'error arguments'],
    ['update with an argument (it takes none: the file is always the pending one)', 'update /tmp/x', 'error arguments'],
    ['update with a word after it', 'update now', 'error arguments'],
    ['an unknown action', 'rm -rf', 'error action'],
    ['an empty line', '', 'error request'],
  ])('refuses %s and writes and runs nothing', async (_, request, error) => {
    const root = fresh();
    const { answer, status } = await runPrivileged(root.root, `${request}\n`);
    expect(answer).toBe(`${error}\n`);
    expect(status).toBe(1);
    expect(root.hostapdConf()).toBeNull();
    expect(root.calls()).toEqual([]);
  });

  it('sets the clock, saves it with fake-hwclock, and reboots or shuts down without waiting', async () => {
    const root = fresh();
    expect((await runPrivileged(root.root, 'time 1800000000\n')).answer).toBe('ok\n');
    expect((await runPrivileged(root.root, 'reboot\n')).answer).toBe('ok\n');
    expect((await runPrivileged(root.root, 'shutdown\n')).answer).toBe('ok\n');
    expect(root.calls()).toEqual(['date -u -s @1800000000', 'fake-hwclock save force', 'systemctl --no-block reboot', 'systemctl --no-block poweroff']);
  });

  it('starts the update service without waiting for it (it stops the server that asked)', async () => {
    const root = fresh();
    const { answer, stderr } = await runPrivileged(root.root, 'update\n');
    expect(answer).toBe('ok\n');
    expect(root.calls()).toEqual(['systemctl start --no-block copi-update.service']);
    expect(stderr).toContain('update: starting copi-update.service');
  });

  it('logs each request and its outcome to the journal (stderr), never the Wi-Fi password', async () => {
    const root = fresh();
    const { stderr } = await runPrivileged(root.root, `wifi ${b64('CoPi')} ${b64('secret passphrase')} FR\n`);
    expect(stderr).toContain('hostapd.conf written (country FR, WPA2)');
    expect(stderr).not.toContain('secret');
  });
});

describe('the server\'s client, through a Unix socket with one helper process per connection', () => {
  it('asks for the Wi-Fi and the time and reads the answers; a refusal comes back with its reason', async () => {
    const root = fresh();
    const socket = await startPrivilegedSocket(root.root);
    try {
      const helper = privilegedHelper(socket.path);
      expect(helper.available).toBe(true);
      expect(await helper.wifi({ ssid: 'Café ☕ des Tilleuls', passphrase: 'correct horse', country: 'FR' })).toEqual({ ok: true });
      expect(root.hostapdConf()).toBe(expected('Café ☕ des Tilleuls', 'correct horse', 'FR'));
      expect(await helper.setTime(1_800_000_000)).toEqual({ ok: true });
      expect(await helper.wifi({ ssid: 'CoPi', passphrase: '1234567', country: 'FR' })).toEqual({ ok: false, reason: 'passphrase' });
      expect(await helper.setTime(1_000)).toEqual({ ok: false, reason: 'time' });
      expect(await helper.update()).toEqual({ ok: true });
      expect(root.calls()).toEqual(['systemctl restart hostapd.service', 'date -u -s @1800000000', 'fake-hwclock save force', 'systemctl start --no-block copi-update.service']);
    } finally {
      await socket.close();
    }
  });

  it('says so when there is no helper (npm start) or nobody listens', async () => {
    expect(privilegedHelper(null).available).toBe(false);
    expect(await privilegedHelper(null).reboot()).toEqual({ ok: false, reason: 'unavailable' });
    expect(await privilegedHelper(join(tmpdir(), 'copi-no-such.sock')).reboot()).toEqual({ ok: false, reason: 'ENOENT' });
  });
});
