// The captive portal with the real programs, in two network namespaces joined by a veth pair (no radio here):
// a "box" runs the shipped dnsmasq config, the shipped nftables rules and the real CoPi server
// (scripts/start.ts); a "phone" gets its address by DHCP (busybox udhcpc) and browses with curl and dig.
// Substituted in temp copies of the shipped files, and nothing else: the interface name wlan0 → the box's
// veth; in nftables.conf the app port 80 → 8080 (so the test proves the redirect to another port).
// dnsmasq's lease file, pid file and user come from its command line. Needs root; skipped loudly otherwise.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.warn('\n!!!!! appliance/portal-netns.test.ts SKIPPED: network namespaces need root. CI runs it as root. !!!!!\n');
}

const repo = new URL('..', import.meta.url).pathname;
const id = randomBytes(3).toString('hex');
const boxNs = `copi-box-${id}`;
const phoneNs = `copi-phone-${id}`;
const boxIf = `cb${id}`; // interface names: at most 15 characters
const phoneIf = `cp${id}`;
const box = '10.42.0.1';
const apiUrl = `http://${box}/api/v1/captive-portal`;
const portalPage = `http://${box}/portal`;
const dir = isRoot ? mkdtempSync(join(tmpdir(), 'copi-netns-')) : '';
const children: ChildProcess[] = [];
let lease: Record<string, string> = {};

interface Run { code: number; stdout: string; stderr: string }

function run(command: string, args: string[], timeout = 10_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function must(command: string, ...args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

const inPhone = (command: string, ...args: string[]) => run('ip', ['netns', 'exec', phoneNs, command, ...args]);

/** Starts a long-running program inside the box; resolves once a line of its output matches `ready`. */
function startInBox(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', boxNs, ...args], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} not ready after 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}:\n${output}`));
    });
  });
}

/** A temp copy of a shipped file with wlan0 replaced by the box's veth (and any other listed substitutions). */
function shippedCopy(path: string, name: string, more: [string, string][] = []): string {
  let text = readFileSync(join(repo, 'appliance', path), 'utf8').replaceAll('wlan0', boxIf);
  for (const [from, to] of more) {
    if (!text.includes(from)) throw new Error(`${path} no longer contains "${from}"`);
    text = text.replace(from, to);
  }
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** curl from the phone: the body on stdout, "status|content type|redirect target" written on stderr. */
async function phoneCurl(url: string, ...options: string[]) {
  const result = await inPhone('curl', '-s', '--max-time', '5', '-w', '%{stderr}%{http_code}|%{content_type}|%{redirect_url}', ...options, url);
  const [status, type, location] = result.stderr.split('|');
  return { code: result.code, body: result.stdout, status: Number(status), type, location };
}

async function dig(name: string, type = 'A', server = box) {
  const result = await inPhone('dig', `@${server}`, name, type, '+tries=1', '+time=2', '+noall', '+comments', '+answer');
  return { status: result.stdout.match(/status: (\w+)/)?.[1], answers: [...result.stdout.matchAll(/\sIN\s+(?:A|AAAA)\s+(\S+)/g)].map((m) => m[1]) };
}

async function cleanUp() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => { clearTimeout(force); resolve(); });
  })));
  for (const ns of [boxNs, phoneNs]) await run('ip', ['netns', 'del', ns]);
  rmSync(`/etc/netns/${phoneNs}`, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

describe.skipIf(!isRoot)('the captive portal in network namespaces (real dnsmasq, nftables, udhcpc, CoPi)', () => {
  beforeAll(async () => {
    await must('ip', 'netns', 'add', boxNs);
    await must('ip', 'netns', 'add', phoneNs);
    await must('ip', 'link', 'add', boxIf, 'netns', boxNs, 'type', 'veth', 'peer', 'name', phoneIf, 'netns', phoneNs);
    await must('ip', '-n', boxNs, 'addr', 'add', `${box}/24`, 'dev', boxIf);
    for (const [ns, dev] of [[boxNs, boxIf], [boxNs, 'lo'], [phoneNs, phoneIf], [phoneNs, 'lo']]) {
      await must('ip', '-n', ns, 'link', 'set', dev, 'up');
    }
    await must('ip', 'netns', 'exec', boxNs, 'nft', '-f',
      shippedCopy('etc/nftables.conf', 'nftables.conf', [['define copi_port = 80', 'define copi_port = 8080']]));

    const dnsmasq = shippedCopy('etc/dnsmasq.d/copi.conf', 'dnsmasq.conf');
    chmodSync(dir, 0o755);
    await Promise.all([
      startInBox(['dnsmasq', `--conf-file=${dnsmasq}`, '--keep-in-foreground', '--log-facility=-', '--user=root',
        `--dhcp-leasefile=${join(dir, 'leases')}`, `--pid-file=${join(dir, 'dnsmasq.pid')}`], /DHCP, IP range/),
      startInBox([process.execPath, '--max-old-space-size=96', '--max-semi-space-size=2', 'scripts/start.ts'], /CoPi listening/, {
        PATH: process.env.PATH, HOME: process.env.HOME, COPI_DATA: join(dir, 'data'), HOST: '0.0.0.0', PORT: '8080',
        COPI_DEMO: '0', COPI_PORTAL: '1', COPI_PORTAL_ADDRESS: `${box}/24`, COPI_PUBLIC_URL: `http://${box}`,
      }),
    ]);

    // The phone: a DHCP lease (asking for option 114), then the address, route and DNS server it was given.
    const script = join(dir, 'udhcpc.sh');
    writeFileSync(script, `#!/bin/sh\n[ "$1" = bound ] && env > '${join(dir, 'lease.env')}'\nexit 0\n`, { mode: 0o755 });
    await must('ip', 'netns', 'exec', phoneNs, 'busybox', 'udhcpc', '-i', phoneIf, '-f', '-q', '-n', '-t', '5', '-T', '1', '-O', '114', '-s', script);
    lease = Object.fromEntries(readFileSync(join(dir, 'lease.env'), 'utf8').split('\n').map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)];
    }));
    await must('ip', '-n', phoneNs, 'addr', 'add', `${lease.ip}/${lease.mask}`, 'dev', phoneIf);
    await must('ip', '-n', phoneNs, 'route', 'add', 'default', 'via', lease.router);
    // `ip netns exec` mounts /etc/netns/<name>/resolv.conf over /etc/resolv.conf: curl resolves through the box.
    mkdirSync(`/etc/netns/${phoneNs}`, { recursive: true });
    writeFileSync(`/etc/netns/${phoneNs}/resolv.conf`, `nameserver ${lease.dns}\n`);
  }, 40_000);

  afterAll(cleanUp, 30_000);

  it('the phone gets an address, the box as router and DNS server, and option 114 with the API URL', () => {
    expect(lease.ip).toMatch(/^10\.42\.0\.(\d+)$/);
    expect(Number(lease.ip.split('.')[3])).toBeGreaterThanOrEqual(10);
    expect(lease.mask).toBe('24');
    expect(lease.router).toBe(box);
    expect(lease.dns.trim()).toBe(box);
    expect(lease.lease).toBe('86400');
    expect(Buffer.from(lease.opt114, 'hex').toString('utf8')).toBe(apiUrl);
  });

  it('every name resolves to the box; AAAA is empty, not refused; the DoH canary is NXDOMAIN', async () => {
    for (const name of ['captive.apple.com', 'connectivitycheck.gstatic.com', `no-such-${id}.example`, 'copi', 'www.lemonde.fr']) {
      expect({ name, ...(await dig(name)) }).toEqual({ name, status: 'NOERROR', answers: [box] });
    }
    expect(await dig('captive.apple.com', 'AAAA')).toEqual({ status: 'NOERROR', answers: [] });
    expect((await dig('use-application-dns.net')).status).toBe('NXDOMAIN');
    expect((await dig('dns.msftncsi.com')).answers).toEqual(['131.107.255.255']);
    // A phone with a hard-coded resolver still gets the box's answers (nftables brings port 53 to dnsmasq).
    expect((await dig('captive.apple.com', 'A', '8.8.8.8')).answers).toEqual([box]);
  });

  const probes: [string, number, string, string][] = [
    ['http://connectivitycheck.gstatic.com/generate_204', 204, '', ''],
    ['http://connectivitycheck.platform.hicloud.com/generate_204', 204, '', ''],
    ['http://captive.apple.com/hotspot-detect.html', 200, '<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>', 'text/html'],
    ['http://www.msftconnecttest.com/connecttest.txt', 200, 'Microsoft Connect Test', 'text/plain'],
    ['http://www.msftncsi.com/ncsi.txt', 200, 'Microsoft NCSI', 'text/plain'],
    ['http://detectportal.firefox.com/success.txt', 200, 'success\n', 'text/plain'],
    ['http://nmcheck.gnome.org/check_network_status.txt', 200, 'NetworkManager is online\n', 'text/plain'],
    ['http://connectivity-check.ubuntu.com/', 204, '', ''],
    // A probe aimed at an address, not a name: the nftables redirect brings it to the app all the same.
    ['http://1.1.1.1/generate_204', 204, '', ''],
  ];

  it('before "Enter", each OS probe on port 80 is redirected to the portal page by the box\'s IP', async () => {
    for (const [url] of probes) {
      const answer = await phoneCurl(url);
      expect({ url, status: answer.status, location: answer.location }).toEqual({ url, status: 302, location: portalPage });
    }
    const forged = await phoneCurl(`http://${box}/generate_204`, '-H', 'Host: evil.example');
    expect(forged.location).toBe(portalPage);
  });

  it('HTTPS to any name or address is refused at once with a TCP reset, never intercepted', async () => {
    for (const url of ['https://captive.apple.com/', 'https://1.1.1.1/', `https://${box}/`]) {
      const answer = await phoneCurl(url);
      expect({ url, curlExit: answer.code }).toEqual({ url, curlExit: 7 }); // 7: connection refused (28 would be a timeout)
    }
    expect((await phoneCurl(`http://${box}:22/`)).code).toBe(7);
  });

  it('the API at the option-114 URL says captive, then not captive after "Enter" from the phone', async () => {
    const before = await phoneCurl(apiUrl);
    expect(before.type).toBe('application/captive+json');
    expect(JSON.parse(before.body)).toMatchObject({ captive: true, 'user-portal-url': portalPage });

    const jar = join(dir, 'cookies');
    const page = await phoneCurl(portalPage, '-c', jar, '-b', jar);
    expect(page.status).toBe(200);
    expect(page.body).toContain('action="/portal/enter"');
    const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1];
    const enter = await phoneCurl(`${portalPage}/enter`, '-c', jar, '-b', jar, '--data', `_csrf=${csrf}`);
    expect(enter.status).toBe(303);

    const after = await phoneCurl(apiUrl);
    expect(JSON.parse(after.body)).toMatchObject({ captive: false, 'can-extend-session': true });
  });

  it('after "Enter", each OS probe gets its exact online answer; other sites still lead to the portal', async () => {
    for (const [url, status, body, type] of probes) {
      const answer = await phoneCurl(url);
      expect({ url, status: answer.status, body: answer.body }).toEqual({ url, status, body });
      if (type) expect(answer.type).toContain(type);
    }
    expect((await phoneCurl('http://www.lemonde.fr/')).location).toBe(portalPage);
  });
});
