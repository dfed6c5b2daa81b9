// The update signing key pair (Ed25519): the private half stays with whoever publishes releases, the public
// half goes into the image (/usr/lib/copi/update-keys/release.pub, from COPI_UPDATE_KEY at image build).
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function makeKeyPair(dir: string, name = 'copi-update'): { privateKey: string; publicKey: string } {
  const privateKey = join(dir, `${name}.pem`);
  const publicKey = join(dir, `${name}.pub`);
  for (const path of [privateKey, publicKey]) if (existsSync(path)) throw new Error(`${path} exists already: not overwriting a key`);
  const pair = generateKeyPairSync('ed25519');
  mkdirSync(dir, { recursive: true });
  writeFileSync(privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  return { privateKey, publicKey };
}
