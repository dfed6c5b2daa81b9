// `npm run bundle` for real: both tarballs built (registry packages from the cache), the x64 one extracted and
// started through its bin/copi with a PATH that holds neither npm nor the project's Node, the arm64 one checked
// file by file (and run under qemu when this machine has it).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from './bundle.ts';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const nodeVersion = `v${(JSON.parse(readFileSync(join(root, 'node_modules/node/package.json'), 'utf8')) as { version: string }).version}`;
const work = mkdtempSync(join(tmpdir(), 'copi-bundle-test-'));
const out = join(work, 'dist');
const names = { x64: `copi-${pkg.version}-linux-x64`, arm64: `copi-${pkg.version}-linux-arm64` };
const listing: Record<string, string[]> = {};
let server: ChildProcess | undefined;

const manifestOf = (arch: 'x64' | 'arm64') => JSON.parse(readFileSync(join(out, `${names[arch]}.json`), 'utf8')) as Manifest;
const filesOf = (arch: 'x64' | 'arm64') => listing[arch]!.filter((entry) => !entry.endsWith('/'));

function elfMachine(file: string): number {
  const header = Buffer.alloc(20);
  readSync(openSync(file, 'r'), header, 0, 20, 0);
  expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  return header.readUInt16LE(18);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

beforeAll(() => {
  const started = performance.now();
  const log = execFileSync(process.execPath, ['scripts/bundle.ts', '--arch', 'x64', '--arch', 'arm64', '--out', out], { cwd: root, encoding: 'utf8' });
  console.log(`${log.trim()}\nboth bundles in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const arch of ['x64', 'arm64'] as const) listing[arch] = execFileSync('tar', ['-tzf', join(out, `${names[arch]}.tar.gz`)], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n');
}, 180_000);

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('the bundle', () => {
  it('has a manifest that matches its tarball', () => {
    for (const arch of ['x64', 'arm64'] as const) {
      const manifest = manifestOf(arch);
      const tarball = join(out, manifest.file);
      expect(manifest).toMatchObject({ name: 'copi', version: pkg.version, arch, node: nodeVersion, file: `${names[arch]}.tar.gz` });
      expect(manifest.size).toBe(statSync(tarball).size);
      expect(manifest.sha256).toBe(createHash('sha256').update(readFileSync(tarball)).digest('hex'));
      expect(manifest.files).toBe(filesOf(arch).length);
    }
  });

  it('holds no tests, no dev dependency, no source map and one copy of the data', () => {
    for (const arch of ['x64', 'arm64'] as const) {
      const files = filesOf(arch);
      expect(files.every((file) => file.startsWith('copi/'))).toBe(true);
      const [own, packages] = [files.filter((file) => !file.startsWith('copi/node_modules/')), files.filter((file) => file.startsWith('copi/node_modules/'))];
      expect(own.filter((file) => /\.test\.ts$|\/(e2e|testing|fixtures|bench)\/|\.map$/.test(file))).toEqual([]);
      expect(packages.filter((file) => /\.test\.[cm]?[jt]s$|\.[cm]?ts$|\.map$|^copi\/node_modules\/(@[^/]+\/)?[^/@]+\/(bench|test|tests)\//.test(file))).toEqual([]);
      for (const name of Object.keys(pkg.devDependencies)) expect(files.filter((file) => file.startsWith(`copi/node_modules/${name}/`))).toEqual([]);
      expect(files.filter((file) => file.startsWith('copi/node_modules/better-sqlite3/prebuilds/'))).toEqual([`copi/node_modules/better-sqlite3/prebuilds/linux-${arch}.node`]);
      expect(files.filter((file) => file.includes('node_modules/@img/sharp-')).every((file) => file.includes(`-linux-${arch}/`))).toBe(true);
      expect(files.filter((file) => file.endsWith('/zones.db'))).toEqual(['copi/app/zones/generated/zones.db']);
      expect(files.filter((file) => file.endsWith('/leaflet.js'))).toEqual(['copi/app/web/public/build/leaflet/leaflet.js']);
      for (const file of ['copi/bin/copi', 'copi/node/bin/node', 'copi/scripts/start.ts', 'copi/scripts/admin.ts', 'copi/package.json',
        'copi/systemd/usr/lib/systemd/system/copi.service', 'copi/appliance/usr/lib/copi/privileged', 'copi/appliance/etc/nftables.conf']) {
        expect(files).toContain(file);
      }
    }
  });

  it('starts the x64 box with its own Node 24 on a PATH without npm, and serves pages', async () => {
    const installed = join(work, 'opt');
    mkdirSync(installed);
    execFileSync('tar', ['-xzf', join(out, `${names.x64}.tar.gz`), '-C', installed]);
    const bundle = join(installed, 'copi');
    // A PATH with only what the launcher itself calls: no npm, no node. Debian's Node (v20 here) is not the one.
    const plainPath = join(work, 'path');
    mkdirSync(plainPath);
    for (const tool of ['dirname', 'readlink']) symlinkSync(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(plainPath, tool));
    if (existsSync('/usr/bin/node')) expect(execFileSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).trim()).not.toBe(nodeVersion);
    expect(execFileSync(join(bundle, 'node/bin/node'), ['-p', 'process.version'], { encoding: 'utf8', env: { PATH: plainPath } }).trim()).toBe(nodeVersion);

    const data = join(work, 'data');
    const port = await freePort();
    const logs: string[] = [];
    server = spawn(join(bundle, 'bin/copi'), [], { cwd: work, env: { PATH: plainPath, COPI_DATA: data, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    let ready: Response | undefined;
    for (let tries = 0; tries < 300 && server.exitCode === null; tries++) {
      ready = await fetch(`${base}/readyz`).catch(() => undefined);
      if (ready?.status === 200) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(ready?.status, logs.join('')).toBe(200);
    // bin/copi execs Node: the server's process is the bundle's own binary.
    expect(readlinkSync(`/proc/${server.pid}/exe`)).toBe(join(bundle, 'node/bin/node'));
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await home.text()).toMatch(/^<!doctype html>/i);
    expect((await fetch(`${base}/assets/build/leaflet/leaflet.js`)).status).toBe(200);
    expect(readdirSync(data).some((file) => file.endsWith('.db'))).toBe(true);
    // The box reads the shipped zone database and never writes into it (on the box /opt is read-only).
    const zonesBefore = statSync(join(bundle, 'app/zones/generated/zones.db')).mtimeMs;
    server.kill('SIGTERM');
    await new Promise((done) => server!.once('exit', done));
    expect(server.exitCode, logs.join('')).toBe(0);
    expect(statSync(join(bundle, 'app/zones/generated/zones.db')).mtimeMs).toBe(zonesBefore);
  }, 60_000);

  it('carries arm64 binaries in the arm64 bundle', () => {
    const unpacked = join(work, 'arm64');
    mkdirSync(unpacked);
    const members = ['copi/node/bin/node', 'copi/node_modules/better-sqlite3/prebuilds/linux-arm64.node'];
    const sharp = filesOf('arm64').find((file) => /@img\/sharp-linux-arm64\/lib\/.*\.node$/.test(file))!;
    execFileSync('tar', ['-xzf', join(out, `${names.arm64}.tar.gz`), '-C', unpacked, ...members, sharp]);
    const aarch64 = 0xb7;
    for (const file of [...members, sharp]) expect(elfMachine(join(unpacked, file)), file).toBe(aarch64);
    expect(filesOf('arm64').some((file) => /@img\/sharp-libvips-linux-arm64\/lib\/libvips-cpp\.so/.test(file))).toBe(true);
    // Run under qemu-user when the host can: a binfmt handler and the arm64 C libraries (libc6-arm64-cross).
    const arm64Libraries = '/usr/aarch64-linux-gnu';
    if (existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64') && existsSync(join(arm64Libraries, 'lib/ld-linux-aarch64.so.1'))) {
      const env = { ...process.env, QEMU_LD_PREFIX: arm64Libraries };
      expect(execFileSync(join(unpacked, 'copi/node/bin/node'), ['--version'], { encoding: 'utf8', env }).trim()).toBe(nodeVersion);
    } else {
      console.warn('No qemu-aarch64 binfmt handler or arm64 C libraries here: the arm64 Node was checked by its ELF header only, not run.');
    }
  });
});
