// The pi-gen configuration and the CoPi stage (pi-gen-config/): every script shellcheck-clean as the bash pi-gen
// runs, the config read by sourcing it as build.sh does, and the stage's host-side script run for real against a
// temp root file system with a small bundle, twice, to the same tree. The chroot script needs an arm64 image
// (image-build/): here only its text is checked against the units that exist.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const config = join(root, 'pi-gen-config/config');
const stage = join(root, 'pi-gen-config/stage-copi');
const subStage = join(stage, '00-copi');
const scripts = [config, join(stage, 'prerun.sh'), join(stage, 'EXPORT_IMAGE'), join(subStage, '00-run.sh'), join(subStage, '00-run-chroot.sh')];
const work = mkdtempSync(join(tmpdir(), 'copi-pi-gen-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => !entry.isDirectory()).map((entry) => relative(dir, join(entry.parentPath, entry.name))).sort();

/** Every entry of a tree with its type, mode and content hash (or link target): equal listings, equal trees. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort().map((path) => {
    const full = join(dir, path);
    const stat = lstatSync(full);
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isSymbolicLink()) return `${path} link ${readlinkSync(full)}`;
    if (stat.isDirectory()) return `${path} dir ${mode}`;
    return `${path} file ${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
  });
}

describe('pi-gen configuration', () => {
  it('every stage script and the config pass shellcheck as bash', () => {
    // A failure throws with shellcheck's findings in the message.
    execFileSync('shellcheck', ['-x', '-s', 'bash', ...scripts], { cwd: root, encoding: 'utf8' });
  });

  it('pi-gen runs prerun.sh and 00-run.sh only when executable; units, configs and the chroot script are not', () => {
    for (const script of ['prerun.sh', '00-copi/00-run.sh']) expect(statSync(join(stage, script)).mode & 0o111, script).toBe(0o111);
    for (const file of ['EXPORT_IMAGE', '00-copi/00-packages', '00-copi/00-run-chroot.sh', ...filesUnder(join(subStage, 'files')).map((f) => `00-copi/files/${f}`)]) {
      expect(statSync(join(stage, file)).mode & 0o111, file).toBe(0);
    }
  });

  it('sourced as build.sh does, the config builds a French Lite image plus the CoPi stage, with no password, SSH or Wi-Fi country', () => {
    const names = ['IMG_NAME', 'RELEASE', 'TARGET_HOSTNAME', 'LOCALE_DEFAULT', 'TIMEZONE_DEFAULT', 'ENABLE_SSH', 'FIRST_USER_PASS',
      'DISABLE_FIRST_BOOT_USER_RENAME', 'ENABLE_CLOUD_INIT', 'STAGE_LIST'];
    const print = `set -eu; source "$1"; ${names.map((name) => `printf '%s=%s\\n' ${name} "\${${name}-<unset>}"`).join('; ')}; if [ -v WPA_COUNTRY ]; then echo WPA_COUNTRY=set; else echo WPA_COUNTRY=unset; fi`;
    const read = (env: NodeJS.ProcessEnv) => Object.fromEntries(execFileSync('bash', ['-c', print, 'bash', config], { env, encoding: 'utf8' })
      .trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const values = read({ PATH: process.env.PATH });
    expect(values).toEqual({
      IMG_NAME: 'copi', RELEASE: 'trixie', TARGET_HOSTNAME: 'copi', LOCALE_DEFAULT: 'fr_FR.UTF-8', TIMEZONE_DEFAULT: 'Europe/Paris',
      ENABLE_SSH: '0', FIRST_USER_PASS: '<unset>', DISABLE_FIRST_BOOT_USER_RENAME: '0', ENABLE_CLOUD_INIT: '0',
      STAGE_LIST: 'stage0 stage1 stage2 /copi/pi-gen-config/stage-copi', WPA_COUNTRY: 'unset',
    });
    // Outside Docker, the repository's own path: the stage folder it names is this one.
    const native = read({ PATH: process.env.PATH, COPI_DIR: root });
    expect(native.STAGE_LIST).toBe(`stage0 stage1 stage2 ${stage}`);
    expect(existsSync(native.STAGE_LIST!.split(' ')[3]!)).toBe(true);
  });

  it('the stage starts from stage2 and exports an image', () => {
    expect(readFileSync(join(stage, 'prerun.sh'), 'utf8')).toMatch(/if \[ ! -d "\$\{ROOTFS_DIR\}" \]; then\s+copy_previous\s+fi/);
    expect(execFileSync('bash', ['-c', 'source "$1"; printf %s "$IMG_SUFFIX"', 'bash', join(stage, 'EXPORT_IMAGE')], { encoding: 'utf8', env: { USE_QEMU: '0' } })).toBe('');
  });

  it('00-packages installs the access point, DHCP/DNS, firewall, radio and clock packages', () => {
    const packages = readFileSync(join(subStage, '00-packages'), 'utf8').split(/\s+/).filter(Boolean);
    expect(packages).toEqual(expect.arrayContaining(['hostapd', 'dnsmasq', 'nftables', 'rfkill', 'fake-hwclock', 'systemd-timesyncd']));
  });

  it('the chroot script enables exactly the CoPi units that have an [Install] section, and Debian units of installed packages', () => {
    const text = readFileSync(join(subStage, '00-run-chroot.sh'), 'utf8');
    const enabled = [...text.matchAll(/^systemctl enable (.+)$/gm)].flatMap(([, units]) => units!.split(' '));
    const unitDir = join(root, 'systemd/usr/lib/systemd/system');
    const installable = readdirSync(unitDir).filter((unit) => readFileSync(join(unitDir, unit), 'utf8').includes('[Install]'));
    expect(enabled.filter((unit) => unit.startsWith('copi')).sort()).toEqual(installable.sort());
    const packages = readFileSync(join(subStage, '00-packages'), 'utf8').split(/\s+/);
    for (const unit of enabled.filter((unit) => !unit.startsWith('copi'))) {
      // fake-hwclock (0.13, trixie) ships fake-hwclock-load.service and fake-hwclock-save.timer.
      const name = unit.replace(/\.(service|timer)$/, '').replace(/^fake-hwclock-(load|save)$/, 'fake-hwclock');
      // systemd-networkd is part of trixie's systemd package; the others come from 00-packages.
      expect(name === 'systemd-networkd' || packages.includes(name), unit).toBe(true);
    }
    expect(text).toMatch(/^systemctl unmask hostapd\.service$/m);
    expect(text).toMatch(/^systemd-sysusers$/m);
    expect(text).not.toMatch(/systemctl (start|restart|reload)|invoke-rc\.d|^\s*service\s/m);
  });
});

describe('00-run.sh against a root file system', () => {
  // A merged-/usr root like Raspberry Pi OS trixie's, and a small bundle shaped like npm run bundle's.
  const rootfs = join(work, 'rootfs');
  mkdirSync(join(rootfs, 'usr/lib'), { recursive: true });
  symlinkSync('usr/lib', join(rootfs, 'lib'));
  const bundleDir = join(work, 'bundle');
  mkdirSync(join(bundleDir, 'copi/bin'), { recursive: true });
  writeFileSync(join(bundleDir, 'copi/bin/copi'), '#!/bin/sh\necho copi\n');
  chmodSync(join(bundleDir, 'copi/bin/copi'), 0o755);
  writeFileSync(join(bundleDir, 'copi/package.json'), '{\n  "name": "copi",\n  "version": "0.4.0",\n  "private": true\n}\n');
  const bundle = join(work, 'copi-test-linux-arm64.tar.gz');
  execFileSync('tar', ['-czf', bundle, '-C', bundleDir, 'copi']);
  const run = (env: NodeJS.ProcessEnv = {}) => execFileSync(join(subStage, '00-run.sh'), {
    cwd: subStage, encoding: 'utf8', env: { PATH: process.env.PATH, ROOTFS_DIR: rootfs, COPI_BUNDLE: bundle, ...env },
  });

  it('lays the bundle, the units and the appliance files where the box reads them, and a second run changes nothing', () => {
    run();
    const first = listing(rootfs);
    // The bundle is release 0.4.0, the only one, and /opt/copi a relative link to it (app/update/ switches it).
    expect(readdirSync(join(rootfs, 'opt/copi-releases'))).toEqual(['0.4.0']);
    expect(readlinkSync(join(rootfs, 'opt/copi'))).toBe('copi-releases/0.4.0');
    expect(readFileSync(join(rootfs, 'opt/copi/bin/copi'), 'utf8')).toBe('#!/bin/sh\necho copi\n');
    expect(statSync(join(rootfs, 'opt/copi/bin/copi')).mode & 0o777).toBe(0o755);
    expect(existsSync(join(rootfs, 'opt/copi/package.json'))).toBe(true);
    for (const [tree, top] of [['systemd', 'usr'], ['appliance', 'etc'], ['appliance', 'usr']] as const) {
      for (const file of filesUnder(join(root, tree, top))) {
        const source = join(root, tree, top, file);
        const target = join(rootfs, top, file);
        expect(readFileSync(target, 'utf8'), target).toBe(readFileSync(source, 'utf8'));
        expect(statSync(target).mode & 0o777, target).toBe(statSync(source).mode & 0o111 ? 0o755 : 0o644);
      }
    }
    for (const path of ['usr/lib/systemd/system/copi.service', 'usr/lib/systemd/system/copi-privileged.socket', 'usr/lib/sysusers.d/copi.conf',
      'usr/lib/copi/privileged', 'etc/hostapd/hostapd.conf', 'etc/dnsmasq.d/copi.conf', 'etc/nftables.conf',
      'usr/lib/systemd/system/hostapd.service.d/copi-rfkill.conf']) {
      expect(existsSync(join(rootfs, path)), path).toBe(true);
    }
    expect(lstatSync(join(rootfs, 'lib')).isSymbolicLink()).toBe(true); // merged /usr kept
    expect(readlinkSync(join(rootfs, 'etc/issue.d/copi-setup.issue'))).toBe('/var/lib/copi/setup-code.txt');
    expect(first.some((entry) => entry.includes('.copi-new'))).toBe(false);

    run();
    expect(listing(rootfs)).toEqual(first);
  });

  it('a new bundle replaces /opt/copi whole, and a missing bundle stops the build with a message', () => {
    writeFileSync(join(rootfs, 'opt/copi/left-over.txt'), 'from an older release\n');
    mkdirSync(join(rootfs, 'opt/copi-releases/0.3.0'));
    run();
    expect(existsSync(join(rootfs, 'opt/copi/left-over.txt'))).toBe(false);
    expect(readdirSync(join(rootfs, 'opt/copi-releases'))).toEqual(['0.4.0']);
    expect(() => run({ COPI_BUNDLE: join(work, 'nothing.tar.gz') })).toThrow(/No CoPi bundle at .*nothing\.tar\.gz/);
    expect(existsSync(join(rootfs, 'opt/copi/bin/copi'))).toBe(true);
  });

  it('replaces the /opt/copi folder of an image built before releases by the link', () => {
    rmSync(join(rootfs, 'opt/copi'));
    mkdirSync(join(rootfs, 'opt/copi/bin'), { recursive: true });
    run();
    expect(readlinkSync(join(rootfs, 'opt/copi'))).toBe('copi-releases/0.4.0');
  });

  it('installs the update key from COPI_UPDATE_KEY outside /opt, none without it, and refuses a file that is not a public key', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    writeFileSync(join(work, 'release.pub'), publicKey);
    writeFileSync(join(work, 'release.pem'), privateKey);
    const installed = join(rootfs, 'usr/lib/copi/update-keys/release.pub');
    run({ COPI_UPDATE_KEY: join(work, 'release.pub') });
    expect(readFileSync(installed, 'utf8')).toBe(publicKey);
    expect(statSync(installed).mode & 0o777).toBe(0o644);
    const withKey = listing(rootfs);
    run({ COPI_UPDATE_KEY: join(work, 'release.pub') });
    expect(listing(rootfs)).toEqual(withKey);
    expect(() => run({ COPI_UPDATE_KEY: join(work, 'release.pem') })).toThrow(/is not a PEM public key/);
    run();
    expect(existsSync(installed)).toBe(false);
  });
});
