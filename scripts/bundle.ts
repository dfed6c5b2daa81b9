// `npm run bundle [-- --arch x64|arm64] [--out DIR]`: a self-contained release of CoPi for Linux, one tarball
// per architecture (both by default) in dist/, with a JSON manifest beside it. Extracted into /opt it gives
// /opt/copi, laid out as copi.service expects: the app's TypeScript as Node 24 runs it (type stripping, so
// there is nothing to compile), the prebuilt browser assets and zone database, production dependencies only
// with the target's native binaries, the target's Node at node/bin/node, the systemd and appliance files, and
// bin/copi to start it. Packages for the other architecture come from the npm registry, cached in
// ~/.cache/copi-bundle/ (COPI_BUNDLE_CACHE).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export type Arch = 'x64' | 'arm64';
export interface Manifest {
  name: string; version: string; arch: Arch; node: string; file: string;
  sha256: string; size: number; unpackedSize: number; files: number;
}

const root = join(import.meta.dirname, '..');
const entryPoints = ['scripts/start.ts', 'scripts/admin.ts', 'scripts/update-apply.ts'];
// Non-TypeScript files under app/ that the box never reads: test data, the browser tests, build inputs, notes.
const skippedAppPaths = [/(^|\/)(e2e|testing|fixtures)\//, /^app\/zones\/data\//, /\.md$/];
// Inside production packages: what only compilers, editors and debuggers read. Node never runs TypeScript
// from node_modules (no type stripping there), so packages' .ts sources and tests go too.
const skippedPackageFolders = /^(node_modules|bench|benchmarks?|test|tests|examples?|docs|\.github)(\/|$)/; // nested packages come on their own
const skippedPackageFiles = /(\.map|\.[cm]?ts|(^|\/)(README|CHANGELOG|HISTORY)(\.\w+)?)$/i;

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const run = (command: string, args: string[], cwd = root) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });

/** The .ts files the box's entry points load (static, dynamic and worker imports), and the packages they name. */
export function moduleGraph(entries: string[]): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = entries.map((entry) => resolve(root, entry));
  const patterns = [
    /^\s*(?:import|export)\s+(type\s+)?[\w\s{},*$]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*()['"]([^'"]+)['"]/gm,
    /\bimport\s*\(()\s*['"]([^'"]+)['"]\s*\)/g,
    /new URL\(()\s*['"](\.[^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const [, typeOnly, specifier] of source.matchAll(pattern)) {
        if (typeOnly || specifier === undefined) continue; // `import type` is erased: nothing is loaded
        if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
        else if (!isBuiltin(specifier)) packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
      }
    }
  }
  return { files: [...files].map((file) => relative(root, file)).sort(), packages };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A package from the registry, packed once into the cache and reused; answers the .tgz path. */
function cachedPackage(cacheDir: string, name: string, version: string): string {
  const file = join(cacheDir, `${name.replace('@', '').replace('/', '-')}-${version}.tgz`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const packed = JSON.parse(run('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', cacheDir], cacheDir)) as { filename: string }[];
  const got = join(cacheDir, packed[0]!.filename);
  if (got !== file) {
    copyFileSync(got, file);
    rmSync(got);
  }
  return file;
}

function extractPackage(tgz: string, into: string): void {
  mkdirSync(into, { recursive: true });
  run('tar', ['-xzf', tgz, '-C', into, '--strip-components=1', '--no-same-owner']);
}

/** Copies the app and answers the packages its code imports. */
function copyApp(into: string): Set<string> {
  const { files, packages } = moduleGraph(entryPoints);
  const dependencies = Object.keys(readJson(join(root, 'package.json')).dependencies as object);
  const missing = [...packages].filter((name) => !dependencies.includes(name));
  if (missing.length) throw new Error(`the box's code imports packages that are not production dependencies: ${missing.join(', ')}`);
  const tests = files.filter((file) => /\.test\.ts$|(^|\/)(e2e|testing)\//.test(file));
  if (tests.length) throw new Error(`the box's code imports test code: ${tests.join(', ')}`);
  const data = walk(join(root, 'app')).map((file) => relative(root, file))
    .filter((file) => !file.endsWith('.ts') && !skippedAppPaths.some((skip) => skip.test(file)));
  for (const file of [...files, ...data, 'README.md']) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    copyFileSync(join(root, file), join(into, file));
  }
  const pkg = readJson(join(root, 'package.json'));
  // Only what Node reads (the module type) and what says what this is: no scripts, no npm on the box.
  const trimmed = { name: pkg.name, version: pkg.version, private: true, description: pkg.description, type: pkg.type, license: pkg.license, engines: pkg.engines, dependencies: pkg.dependencies };
  writeFileSync(join(into, 'package.json'), `${JSON.stringify(trimmed, null, 2)}\n`);
  return packages;
}

/**
 * Production packages as installed here, each without its docs and maps; native parts swapped for the target's.
 * A dependency no module of the box imports and no package needs is left out: leaflet is only the source of the
 * browser assets, already copied into app/web/public/build.
 */
function copyDependencies(into: string, arch: Arch, cacheDir: string, imported: Set<string>): void {
  const listed = run('npm', ['ls', '--omit=dev', '--parseable', '--all']).trim().split('\n').slice(1);
  const nameOf = (dir: string) => dir.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const needed = new Set(listed.flatMap((dir) => {
    const pkg = readJson(join(dir, 'package.json'));
    return [pkg.dependencies, pkg.optionalDependencies, pkg.peerDependencies].flatMap((deps) => Object.keys(deps ?? {}));
  }));
  const ownDependencies = Object.keys(readJson(join(root, 'package.json')).dependencies as object);
  const unused = new Set(ownDependencies.filter((name) => !imported.has(name) && !needed.has(name)));
  const sharpPlatform = /^@img\/sharp-(libvips-)?(?!wasm)[\w-]+$/; // @img/sharp-linux-x64, @img/sharp-libvips-linux-x64…
  for (const dir of listed) {
    const path = relative(root, dir);
    const name = nameOf(path);
    if (sharpPlatform.test(name)) continue; // added below, for the target
    if (name.startsWith('@types/') || (unused.has(name) && path === `node_modules/${name}`)) continue; // types are never loaded
    cpSync(dir, join(into, path), {
      recursive: true,
      filter: (source) => {
        const inside = relative(dir, source).split(sep).join('/');
        return !skippedPackageFolders.test(inside) && !skippedPackageFiles.test(inside);
      },
    });
  }
  // better-sqlite3: the target's prebuilt binary and the JavaScript that loads it; not the SQLite and C++ sources.
  const sqlite = join(into, 'node_modules/better-sqlite3');
  for (const entry of readdirSync(sqlite)) if (!['lib', 'prebuilds', 'package.json', 'LICENSE'].includes(entry)) rmSync(join(sqlite, entry), { recursive: true });
  for (const entry of readdirSync(join(sqlite, 'prebuilds'))) if (entry !== `linux-${arch}.node`) rmSync(join(sqlite, 'prebuilds', entry));
  // sharp: its two glibc packages for the target, at the versions the installed sharp asks for.
  const wanted = readJson(join(root, 'node_modules/sharp/package.json')).optionalDependencies as Record<string, string>;
  for (const name of [`@img/sharp-linux-${arch}`, `@img/sharp-libvips-linux-${arch}`]) {
    const target = join(into, 'node_modules', name);
    extractPackage(cachedPackage(cacheDir, name, wanted[name]!), target);
    for (const file of walk(target)) if (skippedPackageFiles.test(relative(target, file))) rmSync(file);
  }
}

/** The target's Node from the registry's per-platform package, at the version the project runs. */
function copyNode(into: string, arch: Arch, cacheDir: string): string {
  const version = readJson(join(root, 'node_modules/node/package.json')).version as string;
  const unpacked = mkdtempSync(join(tmpdir(), 'copi-node-'));
  try {
    extractPackage(cachedPackage(cacheDir, `node-linux-${arch}`, version), unpacked);
    mkdirSync(join(into, 'bin'), { recursive: true });
    copyFileSync(join(unpacked, 'bin/node'), join(into, 'bin/node'));
    chmodSync(join(into, 'bin/node'), 0o755);
    copyFileSync(join(unpacked, 'LICENSE'), join(into, 'LICENSE'));
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
  return `v${version}`;
}

function copyApplianceFiles(into: string): void {
  for (const folder of ['systemd', 'appliance']) {
    cpSync(join(root, folder), join(into, folder), { recursive: true, filter: (source) => !/\.test\.ts$|(^|\/)testing$/.test(source) });
  }
}

const launcher = `#!/bin/sh
# Starts the CoPi box from this bundle with the bundle's own Node (no npm, no build: assets and zone
# database are inside). \`copi admin COMMAND…\` runs the admin command line instead. Data in COPI_DATA.
set -eu
bundle=$(dirname -- "$(dirname -- "$(readlink -f -- "$0")")")
export COPI_DATA="\${COPI_DATA:-/var/lib/copi}"
script=start.ts
if [ "\${1:-}" = admin ]; then shift; script=admin.ts; fi
exec "$bundle/node/bin/node" --max-old-space-size=96 --max-semi-space-size=2 "$bundle/scripts/$script" "$@"
`;

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function buildBundle(arch: Arch, outDir: string, cacheDir: string): Promise<Manifest> {
  const version = readJson(join(root, 'package.json')).version as string;
  const staging = mkdtempSync(join(tmpdir(), 'copi-bundle-'));
  const bundle = join(staging, 'copi');
  try {
    const imported = copyApp(bundle);
    copyDependencies(bundle, arch, cacheDir, imported);
    const node = copyNode(join(bundle, 'node'), arch, cacheDir);
    copyApplianceFiles(bundle);
    mkdirSync(join(bundle, 'bin'));
    writeFileSync(join(bundle, 'bin/copi'), launcher, { mode: 0o755 });

    const files = walk(bundle);
    const unpackedSize = files.reduce((sum, file) => sum + statSync(file).size, 0);
    const name = `copi-${version}-linux-${arch}`;
    const tarball = join(outDir, `${name}.tar.gz`);
    mkdirSync(outDir, { recursive: true });
    // Same inputs, same bytes: sorted, owned by root, dated from the last commit, no gzip timestamp.
    const date = process.env.SOURCE_DATE_EPOCH ?? run('git', ['log', '-1', '--format=%ct']).trim();
    run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${date}`, '--mode=u+rwX,go+rX,go-w',
      '--use-compress-program=gzip -n', '-cf', tarball, '-C', staging, 'copi']);
    const manifest: Manifest = { name: 'copi', version, arch, node, file: `${name}.tar.gz`, sha256: await sha256(tarball),
      size: statSync(tarball).size, unpackedSize, files: files.length };
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The assets and the zone database, rebuilt when stale, each in a process of its own (the zone build needs ~1.4 GB). */
function buildPrerequisites(): void {
  for (const script of ['scripts/build-assets.ts', 'scripts/build-zones.ts']) execFileSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { arch: { type: 'string', multiple: true }, out: { type: 'string' } } });
  const arches = (values.arch ?? ['x64', 'arm64']) as Arch[];
  for (const arch of arches) if (arch !== 'x64' && arch !== 'arm64') throw new Error(`unknown --arch ${arch}: x64 or arm64`);
  const outDir = resolve(values.out ?? join(root, 'dist'));
  const cacheDir = process.env.COPI_BUNDLE_CACHE ?? join(homedir(), '.cache/copi-bundle');
  buildPrerequisites();
  for (const arch of arches) {
    const started = performance.now();
    const manifest = await buildBundle(arch, outDir, cacheDir);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log(`${join(outDir, manifest.file)}: ${mb(manifest.size)} (${mb(manifest.unpackedSize)} unpacked, ${manifest.files} files, Node ${manifest.node}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
