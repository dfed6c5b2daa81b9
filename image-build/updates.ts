// Two signed updates of the release under test, for the emulated boot to install through the real
// copi-update.service: the same release under the next version (it must be installed), then one under the
// version after, whose server exits at start (it must be rolled back). Signed with a key made for the run,
// whose public half the stage bakes into the image (COPI_UPDATE_KEY), as a release build would.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeKeyPair } from '../app/update/keys.ts';
import { writeUpdateFile } from '../app/update/update-file.ts';

export interface TestUpdates { publicKey: string; installed: string; good: string; broken: string; files: string[] }

const nextPatch = (version: string, step: number) => version.replace(/(\d+)$/, (patch) => String(Number(patch) + step));

/** Unpacks the bundle, gives it `version` (and a server that cannot start when `broken`), packs and signs it. */
async function rebuiltRelease(bundle: string, work: string, version: string, broken: boolean, privateKeyPem: string) {
  const tree = join(work, `release-${version}`);
  mkdirSync(tree, { recursive: true });
  execFileSync('tar', ['-xzf', bundle, '-C', tree]);
  const packageJson = join(tree, 'copi/package.json');
  writeFileSync(packageJson, JSON.stringify({ ...JSON.parse(readFileSync(packageJson, 'utf8')), version }, null, 2));
  if (broken) writeFileSync(join(tree, 'copi/scripts/start.ts'), "console.error('A release broken on purpose (image-build test)');\nprocess.exit(1);\n");
  const tarball = join(work, `copi-${version}.tar.gz`);
  execFileSync('tar', ['-I', 'gzip -1', '-cf', tarball, '-C', tree, 'copi']);
  rmSync(tree, { recursive: true, force: true });
  const manifest = JSON.parse(readFileSync(bundle.replace(/\.tar\.gz$/, '.json'), 'utf8')) as { arch: 'x64' | 'arm64'; node: string };
  const update = join(work, `copi-${version}.copi-update`);
  await writeUpdateFile(update, tarball, privateKeyPem, { version, arch: manifest.arch, node: manifest.node });
  rmSync(tarball);
  return update;
}

export async function makeTestUpdates(bundle: string, installed: string, work: string): Promise<TestUpdates> {
  const dir = join(work, 'updates');
  const { privateKey, publicKey } = makeKeyPair(join(dir, 'key'));
  const pem = readFileSync(privateKey, 'utf8');
  const good = nextPatch(installed, 1);
  const broken = nextPatch(installed, 2);
  const files = [await rebuiltRelease(bundle, dir, good, false, pem), await rebuiltRelease(bundle, dir, broken, true, pem)];
  return { publicKey, installed, good, broken, files };
}
