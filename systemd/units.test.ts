// Every unit under systemd/ as systemd itself reads it: `systemd-analyze verify` (no warning either: a
// misspelt hardening key is only a warning there) and `systemd-analyze security --offline=yes`.
// The units run /opt/copi/node/bin/node and /usr/lib/copi/privileged, which only the image installs; verify
// refuses a missing ExecStart binary, so each unit is verified as a copy in a temp folder (beside copies of
// its sibling units: a socket needs its service) with those paths pointed at the Node running this test and
// at the repository's script, and nothing else changed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STOP_DEADLINE_MS } from '../app/service/shutdown.ts';

const here = import.meta.dirname;
const bundledNode = '/opt/copi/node/bin/node';
const privilegedScript = '/usr/lib/copi/privileged';
const work = mkdtempSync(join(tmpdir(), 'copi-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]);
}
const units = filesUnder(here).filter((file) => /\.(service|socket|timer|path|target|mount)$/.test(file));

/** The unit copied to the temp folder with every other unit, its installed paths pointed at this machine's. */
function verifiableCopy(unit: string): string {
  for (const other of units) {
    writeFileSync(join(work, basename(other)), readFileSync(other, 'utf8')
      .replaceAll(bundledNode, process.execPath)
      .replaceAll(privilegedScript, join(here, '../appliance', privilegedScript)));
  }
  return join(work, basename(unit));
}

function analyze(...args: string[]) {
  const result = spawnSync('systemd-analyze', args, { encoding: 'utf8' });
  if (result.error) throw new Error(`systemd-analyze: ${result.error.message} (Debian package: systemd)`);
  return result;
}

/** `key=value` lines of a unit's [Service] section; a key set twice keeps both values. */
function serviceSettings(unit: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let section = '';
  for (const line of readFileSync(unit, 'utf8').split('\n')) {
    if (/^\[.+\]$/.test(line)) section = line;
    const match = /^(\w+)=(.*)$/.exec(line);
    if (section === '[Service]' && match) settings.set(match[1], [...(settings.get(match[1]) ?? []), match[2]]);
  }
  return settings;
}

describe('systemd units', () => {
  it('are laid out under usr/lib/systemd/system, as on the box, and are not executable', () => {
    expect(units.map((unit) => relative(here, unit))).toContain('usr/lib/systemd/system/copi.service');
    for (const unit of units) {
      expect(relative(here, unit)).toMatch(/^usr\/lib\/systemd\/system\//);
      expect(statSync(unit).mode & 0o111, unit).toBe(0);
    }
  });

  it.each(units.map((unit) => [relative(here, unit), unit]))('%s passes systemd-analyze verify without a warning', (_name, unit) => {
    const result = analyze('verify', verifiableCopy(unit));
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it.each(units.filter((unit) => unit.endsWith('.service')).map((unit) => [relative(here, unit), unit]))(
    '%s has an exposure of at most 2.5 in systemd-analyze security --offline=yes',
    (_name, unit) => {
      const result = analyze('security', '--offline=yes', verifiableCopy(unit));
      const score = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(result.stdout)?.[1]);
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThanOrEqual(2.5);
    },
  );
});

describe('copi.service', () => {
  const unit = join(here, 'usr/lib/systemd/system/copi.service');
  const settings = serviceSettings(unit);

  it('runs scripts/start.ts with the V8 flags of npm start', () => {
    const npmStart = (JSON.parse(readFileSync(join(here, '../package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    expect(settings.get('ExecStart')).toEqual([npmStart.replace(/^node /, `${bundledNode} `).replace('scripts/start.ts', '/opt/copi/scripts/start.ts')]);
  });

  it('is a notify service with a watchdog, whose stop timeout outlasts the server\'s drain deadline', () => {
    expect(settings.get('Type')).toEqual(['notify']);
    expect(settings.get('NotifyAccess')).toEqual(['all']);
    expect(settings.get('WatchdogSec')).toHaveLength(1);
    const stopTimeoutMs = Number(/^(\d+)s$/.exec(settings.get('TimeoutStopSec')?.[0] ?? '')?.[1]) * 1000;
    expect(stopTimeoutMs).toBeGreaterThanOrEqual(STOP_DEADLINE_MS + 5_000);
  });

  it('runs as the copi system user that its sysusers.d file creates, with its data in the state directory', () => {
    expect(settings.get('User')).toEqual(['copi']);
    expect(settings.get('StateDirectory')).toEqual(['copi']);
    expect(settings.get('Environment')?.join(' ')).toContain('COPI_DATA=/var/lib/copi');
    // Node's compile cache goes where systemd lets the service write a cache, not into the read-only app.
    expect(settings.get('CacheDirectory')).toEqual(['copi']);
    expect(settings.get('Environment')?.join(' ')).toContain('NODE_COMPILE_CACHE=/var/cache/copi/');
    const root = join(work, 'sysusers-root');
    const dryRun = spawnSync('systemd-sysusers', [`--root=${root}`, '--dry-run', join(here, 'usr/lib/sysusers.d/copi.conf')], { encoding: 'utf8' });
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout + dryRun.stderr).toMatch(/Creating user '?copi'? /);
  });
});

describe('copi-privileged.socket and copi-privileged@.service', () => {
  const socket = readFileSync(join(here, 'usr/lib/systemd/system/copi-privileged.socket'), 'utf8');
  const service = join(here, 'usr/lib/systemd/system/copi-privileged@.service');
  const settings = serviceSettings(service);

  it('a Unix socket in /run that only root and the copi group can use, one instance per connection', () => {
    expect(socket).toMatch(/^ListenStream=\/run\/copi-privileged\.sock$/m);
    expect(socket).toMatch(/^SocketUser=root$/m);
    expect(socket).toMatch(/^SocketGroup=copi$/m);
    expect(socket).toMatch(/^SocketMode=0660$/m);
    expect(socket).toMatch(/^Accept=yes$/m);
  });

  it('runs the script on the connection, with the test-only root pinned empty and the clock its only capability', () => {
    expect(settings.get('ExecStart')).toEqual([privilegedScript]);
    expect(settings.get('StandardInput')).toEqual(['socket']);
    expect(settings.get('StandardOutput')).toEqual(['socket']);
    expect(settings.get('Environment')).toContain('COPI_PRIVILEGED_ROOT=');
    expect(settings.get('CapabilityBoundingSet')).toEqual(['CAP_SYS_TIME']);
    expect(settings.get('NoNewPrivileges')).toEqual(['yes']);
    expect(settings.get('ProtectSystem')).toEqual(['strict']);
    expect(settings.get('ReadWritePaths')).toEqual(['/etc/hostapd -/etc/fake-hwclock.data']);
  });

  it('the script is installed executable, the units are not', () => {
    expect(statSync(join(here, '../appliance', privilegedScript)).mode & 0o777).toBe(0o755);
  });
});
