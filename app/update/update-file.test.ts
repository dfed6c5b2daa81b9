// The .copi-update file: what a box accepts, and each way a file is refused with a message naming what is wrong.
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeKeyPair } from './keys.ts';
import { signedUpdate } from './testing/releases.ts';
import { readUpdateFile, trustedKeys } from './update-file.ts';
import { compareVersions } from './version.ts';

const work = mkdtempSync(join(tmpdir(), 'copi-update-file-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const keysDir = join(work, 'keys');
const { privateKey } = makeKeyPair(keysDir);
const pem = readFileSync(privateKey, 'utf8');
const otherPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const box = { keys: trustedKeys(keysDir), arch: process.arch, installed: '0.1.0' };
let count = 0;
const update = async (version: string, options: { key?: string; arch?: 'x64' | 'arm64' } = {}) => {
  const dir = join(work, `u${count++}`);
  mkdirSync(dir);
  return signedUpdate(dir, version, options.key ?? pem, { schema: 2, arch: options.arch });
};
const headerLine = (file: string) => readFileSync(file).subarray(0, readFileSync(file).indexOf(0x0a));

describe('a signed update file', () => {
  it('is accepted by a box of its architecture running an older version, with the header it was signed with', async () => {
    const file = await update('0.2.0');
    const header = await readUpdateFile(file, box);
    expect(header).toMatchObject({ format: 'copi-update/1', name: 'copi', version: '0.2.0', arch: process.arch, node: process.version });
    expect(header.payloadBytes).toBe(statSync(file).size - headerLine(file).length - 1 - readFileSync(file, 'utf8').split('\n')[1]!.length - 1);
  });

  it('made with --new-key: the private key is 0600 and the public one is what the box trusts', () => {
    expect(statSync(privateKey).mode & 0o777).toBe(0o600);
    expect(box.keys).toHaveLength(1);
    expect(() => makeKeyPair(keysDir)).toThrow(/exists already/);
  });

  it.each([
    ['signed by another key', async () => update('0.2.0', { key: otherPem }), 'The update is not signed by a key this box trusts'],
    ['with one byte of its header changed after signing', async () => {
      const file = await update('0.2.0');
      const bytes = readFileSync(file);
      bytes[bytes.indexOf('"0.2.0"') + 1] = '9'.charCodeAt(0); // version 9.2.0: still valid JSON, still a version
      writeFileSync(file, bytes);
      return file;
    }, 'The update is not signed by a key this box trusts'],
    ['with one byte of its payload flipped', async () => {
      const file = await update('0.2.0');
      const bytes = readFileSync(file);
      bytes[bytes.length - 10] ^= 0xff;
      writeFileSync(file, bytes);
      return file;
    }, 'The update file is damaged: its content does not match its signature'],
    ['for the other architecture', async () => update('0.2.0', { arch: process.arch === 'arm64' ? 'x64' : 'arm64' }),
      `This update is for ${process.arch === 'arm64' ? 'x64' : 'arm64'} boxes, and this box is ${process.arch}`],
    ['older than the installed version', async () => update('0.0.9'), 'This update is version 0.0.9, not newer than the installed 0.1.0'],
    ['of the installed version', async () => update('0.1.0'), 'This update is version 0.1.0, not newer than the installed 0.1.0'],
    ['a pre-release of the installed version', async () => update('0.1.0-rc.1'), 'This update is version 0.1.0-rc.1, not newer than the installed 0.1.0'],
    ['cut short (a copy that did not finish)', async () => {
      const file = await update('0.2.0');
      truncateSync(file, statSync(file).size - 100);
      return file;
    }, 'The update file is truncated: copy it again'],
    ['with bytes added after its payload', async () => {
      const file = await update('0.2.0');
      appendFileSync(file, 'more');
      return file;
    }, 'The update file is longer than its signed content: it was changed after signing'],
    ['not an update file at all (a tarball)', async () => join(work, 'u0', `copi-0.2.0-linux-${process.arch}.tar.gz`), 'This is not a CoPi update file'],
    ['an empty file', async () => {
      writeFileSync(join(work, 'empty.copi-update'), '');
      return join(work, 'empty.copi-update');
    }, 'This is not a CoPi update file'],
  ])('is refused when %s', async (_, make, message) => {
    const file = await make();
    await expect(readUpdateFile(file, box)).rejects.toThrow(message);
  });

  it('is refused by a box whose image has no update key', async () => {
    const file = await update('0.2.0');
    await expect(readUpdateFile(file, { ...box, keys: trustedKeys(join(work, 'no-keys')) })).rejects.toThrow('This box accepts no updates: its image has no update key');
  });
});

describe('release versions', () => {
  it('compare as semver: numbers numerically, a pre-release before its release', () => {
    const ordered = ['0.1.0', '0.1.1', '0.2.0-alpha', '0.2.0-alpha.2', '0.2.0-alpha.10', '0.2.0-beta', '0.2.0', '0.10.0', '1.0.0'];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareVersions(ordered[i]!, ordered[i - 1]!), `${ordered[i]} > ${ordered[i - 1]}`).toBeGreaterThan(0);
      expect(compareVersions(ordered[i - 1]!, ordered[i]!)).toBeLessThan(0);
    }
    expect(compareVersions('0.2.0', '0.2.0')).toBe(0);
  });
});
