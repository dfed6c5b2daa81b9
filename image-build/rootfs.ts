// A root file system of the box for one architecture, made as the image is: the release bundle built from
// this checkout, a Debian trixie root (rootfs.sh, cached), then the pi-gen stage's own scripts (stage.sh).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makeTestUpdates, type TestUpdates } from './updates.ts';

export type Arch = 'x64' | 'arm64';
export interface PreparedRoot { arch: Arch; work: string; root: string; bundle: string; updates?: TestUpdates; timings: Record<string, number> }
/** Where the root keeps the test updates for boot-check's copi-image-check to install (never in an image). */
export const testUpdatesInRoot = 'var/lib/copi-image-check/updates';

const repo = join(import.meta.dirname, '..');
const debianArch: Record<Arch, string> = { x64: 'amd64', arm64: 'arm64' };
const here = (file: string) => join(import.meta.dirname, file);

function timed<T>(timings: Record<string, number>, name: string, step: () => T): T {
  const started = performance.now();
  try {
    return step();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

const run = (command: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  execFileSync(command, args, { cwd: repo, encoding: 'utf8', input: options.input, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });

/** Builds this checkout's bundle for `arch` into `out` and answers the tarball's path. */
export function buildBundle(arch: Arch, out: string): string {
  run(process.execPath, ['scripts/bundle.ts', '--arch', arch, '--out', out]);
  const tarball = readdirSync(out).find((name) => name.endsWith(`-linux-${arch}.tar.gz`));
  if (!tarball) throw new Error(`npm run bundle wrote no linux-${arch} tarball in ${out}`);
  return join(out, tarball);
}

/**
 * A fresh root under /var/tmp with the stage applied; `bootable` adds a kernel and an initramfs; `testUpdates`
 * bakes a key made for the run into the image and leaves two updates signed with it in the root.
 */
export async function prepareRoot(arch: Arch, options: { bootable?: boolean; testUpdates?: boolean } = {}): Promise<PreparedRoot> {
  const timings: Record<string, number> = {};
  const work = mkdtempSync('/var/tmp/copi-image-');
  const root = join(work, 'root');
  mkdirSync(root);
  const bundle = timed(timings, 'bundleMs', () => buildBundle(arch, join(work, 'dist')));
  const started = performance.now();
  const updates = options.testUpdates ? await makeTestUpdates(bundle, bundleVersion(), work) : undefined;
  timings.testUpdatesMs = Math.round(performance.now() - started);
  const tarball = timed(timings, 'rootfsMs', () => run(here('rootfs.sh'), [debianArch[arch], ...(options.bootable ? ['--bootable'] : [])]).trim());
  timed(timings, 'extractMs', () => run('tar', ['-xf', tarball, '-C', root]));
  timed(timings, 'stageMs', () => run(here('stage.sh'), [root, bundle], { env: updates ? { COPI_UPDATE_KEY: updates.publicKey } : {} }));
  if (updates) {
    mkdirSync(join(root, testUpdatesInRoot), { recursive: true });
    // Numbered: the check installs them in this order.
    updates.files.forEach((file, i) => copyFileSync(file, join(root, testUpdatesInRoot, `${i + 1}-${basename(file)}`)));
  }
  return { arch, work, root, bundle, updates, timings };
}

/** Runs a command inside the root (pi-gen's on_chroot mounts) and answers its output; throws on failure. */
export function inRoot(root: string, command: string[], input?: string): string {
  return run(here('in-root.sh'), [root, ...command], { input });
}

export function removeRoot(prepared: PreparedRoot | undefined) {
  if (prepared && !process.env.COPI_IMAGE_KEEP) rmSync(prepared.work, { recursive: true, force: true });
}

export const bundleVersion = () => (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
