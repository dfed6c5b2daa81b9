// `npm run update-bundle -- --key PRIVATE.pem (BUNDLE.tar.gz | --arch x64|arm64)`: signs a release tarball of
// `npm run bundle` as a .copi-update file beside it, which a box installs from a USB stick or an upload
// (app/update/README.md). `npm run update-bundle -- --new-key DIR` makes a key pair: keep the private .pem
// secret and out of the repository; build the image with COPI_UPDATE_KEY=DIR/copi-update.pub.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { makeKeyPair } from '../app/update/keys.ts';
import { writeUpdateFile } from '../app/update/update-file.ts';

const root = join(import.meta.dirname, '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { key: { type: 'string' }, arch: { type: 'string' }, 'new-key': { type: 'string' } } });

if (values['new-key']) {
  const { privateKey, publicKey } = makeKeyPair(resolve(values['new-key']));
  console.log(`private key: ${privateKey} (0600; keep it secret, never commit it)`);
  console.log(`public key:  ${publicKey} (goes in the image: COPI_UPDATE_KEY=${publicKey} for pi-gen-config/stage-copi)`);
} else {
  if (!values.key) {
    console.error('--key PRIVATE.pem is required (or --new-key DIR to make one)');
    process.exit(2);
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const tarball = positionals[0] ? resolve(positionals[0]) : join(root, 'dist', `copi-${version}-linux-${values.arch ?? 'arm64'}.tar.gz`);
  // The manifest npm run bundle wrote beside the tarball says what it holds.
  const manifest = JSON.parse(readFileSync(tarball.replace(/\.tar\.gz$/, '.json'), 'utf8')) as { version: string; arch: 'x64' | 'arm64'; node: string };
  const out = tarball.replace(/\.tar\.gz$/, '.copi-update');
  const header = await writeUpdateFile(out, tarball, readFileSync(resolve(values.key), 'utf8'), manifest);
  console.log(`${out}: version ${header.version} for ${header.arch}, ${(header.payloadBytes / 1e6).toFixed(1)} MB, signed`);
}
