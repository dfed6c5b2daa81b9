// `npm run test:image`: the box's root file system built as the image is (bundle + Debian trixie root + the
// pi-gen stage's own scripts), checked in a chroot, then booted under qemu, for each architecture.
// COPI_IMAGE_ARCHS=x64 COPI_IMAGE_BOOT=0: the native build and the chroot checks only (what CI runs, see
// image-build/README.md).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, type BootedBox } from './boot.ts';
import { inRoot, prepareRoot, removeRoot, type Arch, type PreparedRoot } from './rootfs.ts';

const archs = (process.env.COPI_IMAGE_ARCHS ?? 'x64,arm64').split(',') as Arch[];
// COPI_IMAGE_BOOT=0: the root is built, staged and checked in a chroot, not booted (what CI runs).
const boots = process.env.COPI_IMAGE_BOOT !== '0';
const copiUnits = ['copi.service', 'copi-privileged.socket'];
const applianceUnits = ['hostapd.service', 'dnsmasq.service', 'nftables.service', 'systemd-networkd.service', 'fake-hwclock-load.service', 'fake-hwclock-save.timer', 'systemd-timesyncd.service'];
const minutes = (count: number) => count * 60_000;

async function serverAnswersInRoot(root: string, timeoutMs: number) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(`${import.meta.dirname}/in-root.sh`, [root, '/usr/bin/env', 'COPI_DATA=/var/tmp/copi-check', 'HOST=127.0.0.1', `PORT=${port}`, '/opt/copi/bin/copi'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout!.on('data', (chunk) => { output += chunk; });
  server.stderr!.on('data', (chunk) => { output += chunk; });
  const started = performance.now();
  try {
    while (performance.now() - started < timeoutMs) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (ready?.ok) {
        const readyMs = Math.round(performance.now() - started);
        const search = await fetch(`http://127.0.0.1:${port}/api/v1/search?q=mairie`);
        return { readyMs, ready: await ready.json(), searchStatus: search.status, output };
      }
      if (server.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`the server in the root did not answer /readyz within ${timeoutMs / 1000} s:\n${output}`);
  } finally {
    try { process.kill(-server.pid!, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    try { process.kill(-server.pid!, 'SIGKILL'); } catch { /* already gone */ }
  }
}

describe.each(archs)('the %s root file system made by the stage', (arch) => {
  let prepared: PreparedRoot;
  const figures: Record<string, unknown> = { arch };
  const emulated = arch === 'arm64';

  beforeAll(async () => {
    prepared = await prepareRoot(arch, { bootable: boots, testUpdates: boots });
    Object.assign(figures, prepared.timings, { bundleBytes: statSync(prepared.bundle).size });
  }, minutes(40));
  afterAll(() => {
    const report = `/var/tmp/copi-image-report-${arch}.json`;
    writeFileSync(report, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`image figures (${report}):`, figures);
    removeRoot(prepared);
  });

  it('holds the bundle at /opt/copi, the copi system user, and every unit enabled for the next boot', () => {
    expect(existsSync(`${prepared.root}/opt/copi/bin/copi`)).toBe(true);
    expect(existsSync(`${prepared.root}/etc/systemd/system/sys-subsystem-net-devices-wlan0.device.wants/hostapd.service`)).toBe(true);
    expect(inRoot(prepared.root, ['id', '-u', 'copi']).trim()).toMatch(/^\d+$/);
    const enabled = inRoot(prepared.root, ['systemctl', 'is-enabled', ...copiUnits, ...applianceUnits]).trim().split('\n');
    expect(Object.fromEntries([...copiUnits, ...applianceUnits].map((unit, i) => [unit, enabled[i]])))
      .toEqual(Object.fromEntries([...copiUnits, ...applianceUnits].map((unit) => [unit, 'enabled'])));
  }, minutes(2));

  it('passes systemd-analyze verify for the CoPi units inside the root (its own systemd, its own binaries)', () => {
    const output = inRoot(prepared.root, ['systemd-analyze', 'verify', '--man=no', ...copiUnits, 'copi-privileged@.service', 'copi-update.service', 'hostapd.service']);
    expect(output).not.toMatch(/error|failed/i);
  }, minutes(5));

  it(`runs the bundle's Node ${emulated ? 'under qemu-user ' : ''}in the root: the server migrates, says ready and searches`, async () => {
    const answer = await serverAnswersInRoot(prepared.root, emulated ? minutes(5) : minutes(1));
    figures.chrootStartToReadyMs = answer.readyMs;
    expect(answer.ready).toEqual({ status: 'ready' });
    expect(answer.searchStatus).toBe(200);
    expect(existsSync(`${prepared.root}/var/tmp/copi-check/copi.db`)).toBe(true);
  }, minutes(6));

  describe.runIf(boots)(`booted under qemu-system (${emulated ? 'arm64 board' : 'PC'}, 512 MB, systemd as PID 1)`, () => {
    let box: BootedBox;
    beforeAll(async () => {
      box = await boot(arch, prepared.root, prepared.work);
      const check = (key: string) => Number(box.checks.get(key)?.[0]);
      Object.assign(figures, {
        qemuStartToCheckMs: box.bootMs,
        kernelToCopiReadyMs: Math.round(check('copi-ready-us') / 1000),
        copiStartToReadyMs: Math.round((check('copi-ready-us') - check('copi-start-us')) / 1000),
      });
    }, minutes(16));
    afterAll(() => box?.stop());
    const one = (key: string) => box.checks.get(key)?.[0];

    it('copi.service is active after saying READY=1 (Type=notify), without a restart', () => {
      expect(one('unit copi.service')).toMatch(/^active\/running enabled=enabled$/);
      expect(one('copi-restarts')).toBe('0');
      expect(Number(one('copi-ready-us'))).toBeGreaterThan(0);
      expect(one('copi-user')).toMatch(/^uid=\d+\(copi\)/);
    });

    it('no unit fails; hostapd waits for a wlan0 the emulated machine lacks; the captive portal configs load', () => {
      expect(box.checks.get('failed') ?? []).toEqual([]);
      expect(one('system')).toBe('running');
      expect(one('unit hostapd.service')).toMatch(/^inactive\/dead enabled=enabled$/);
      expect(one('dnsmasq-test')).toBe('0');
      expect(box.checks.get('dnsmasq-test-output')?.join(' ')).toMatch(/syntax check OK/);
      expect(one('nft-check')).toBe('0');
      expect(one('nft-loaded')).toMatch(/table inet copi/);
      expect(one('unit nftables.service')).toMatch(/^active\//);
    });

    it('installs a signed update through copi-update.service, and rolls back one whose server does not start', () => {
      const { installed, good, broken } = prepared.updates!;
      const status = (version: string, step: number) => JSON.parse(one(`update ${step}-copi-${version} status`) ?? 'null');
      expect(one(`update 1-copi-${good} result`)).toBe('0');
      expect(status(good, 1)).toMatchObject({ outcome: 'installed', from: installed, to: good });
      expect(one(`update 1-copi-${good} link`)).toBe(`copi-releases/${good}`);
      expect(one(`update 1-copi-${good} copi`)).toBe('active/running');
      expect(status(broken, 2)).toMatchObject({ outcome: 'rolled-back', from: good, to: broken });
      expect(status(broken, 2).message).toContain(`so the box went back to ${good}`);
      expect(one(`update 2-copi-${broken} link`)).toBe(`copi-releases/${good}`);
      expect(one(`update 2-copi-${broken} copi`)).toBe('active/running');
      expect(one(`update 2-copi-${broken} releases`)?.split(' ').filter(Boolean).sort()).toEqual([installed, good].sort());
    });

    it('serves the first-boot wizard on port 80: every page leads to /setup, which asks for the code the journal shows', async () => {
      // Not yet set up, the box sends every visitor to its wizard (the captive portal for Wi-Fi clients comes
      // after it; appliance/portal-netns.test.ts checks it with a real DHCP client).
      const home = await fetch(`http://127.0.0.1:${box.port}/`, { headers: { Host: '10.42.0.1' }, redirect: 'manual' });
      expect(home.status).toBe(302);
      expect(home.headers.get('location')).toMatch(/\/setup$/);
      const setup = await fetch(`http://127.0.0.1:${box.port}/setup`, { headers: { Host: '10.42.0.1' } });
      expect(setup.status).toBe(200);
      const page = await setup.text();
      expect(page).toContain('action="/setup"');
      expect(page).toContain('name="code"');
      expect(readFileSync(box.consoleLog, 'utf8')).toMatch(/type the setup code [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
    }, minutes(1));
  });
});
