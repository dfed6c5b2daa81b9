// The update page through the real app: box admins only; a refused file (upload or stick) shows why and
// changes nothing; a good one is placed as the pending file and the real privileged helper script is asked
// to start copi-update.service; the last outcome written by the root side is shown.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { makeTestRoot, startPrivilegedSocket, type TestSocket } from '../setup/testing.ts';
import { makeKeyPair } from './keys.ts';
import { installedVersion } from './request.ts';
import { pendingFile, writeStatus } from './status.ts';
import { signedUpdate } from './testing/releases.ts';

let box: TestBox;
let admin: Session;
let member: Session;
let work: string;
let pem: string;
const otherArch = process.arch === 'arm64' ? 'x64' : 'arm64';
const next = `${Number(installedVersion().split('.')[0]) + 1}.0.0`;

// The box's default language is French; the English texts are the ones the code writes.
const english = { 'accept-language': 'en' };
const page = (as: Session) => box.request('/admin/update', { as, headers: english });
const csrfOf = (session: Session) => /copi_csrf=([^;]+)/.exec(session.cookie)?.[1] ?? '';
const upload = (file: string, as: Session) => {
  const form = new FormData();
  form.set('_csrf', csrfOf(as));
  form.set('file', new File([readFileSync(file)], 'update.copi-update'));
  return box.request('/admin/update/upload', { method: 'POST', as, body: form, headers: english });
};
const postForm = (path: string, fields: Record<string, string>, as: Session) =>
  box.request(path, { method: 'POST', as, headers: { ...english, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrfOf(as), ...fields }).toString() });
const text = async (response: Response) => (await response.text()).replace(/\s+/g, ' ');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'copi-update-pages-'));
  pem = readFileSync(makeKeyPair(join(work, 'keys')).privateKey, 'utf8');
  box = createTestBox();
  box.deps.config.setup.updateKeysDir = join(work, 'keys');
  box.deps.config.backup.usbDir = join(work, 'media');
  admin = await box.register('boxadmin', { admin: true });
  member = await box.register('member');
});
afterAll(() => {
  box.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the update page', () => {
  it('is for box admins only, and shows the installed version, the key and that no update ran yet', async () => {
    expect((await page(member)).status).toBe(403);
    const shown = await text(await page(admin));
    expect(shown).toContain(`${installedVersion()} (linux-${process.arch})`);
    expect(shown).toContain('This image accepts updates signed by its publisher');
    expect(shown).toContain('No update has been installed yet');
  });

  it('refuses an upload with a bad signature, says why, places nothing, and keeps serving', async () => {
    const file = await signedUpdate(mkdtempSync(join(work, 'u-')), next, pem, { schema: 1 });
    const bytes = readFileSync(file);
    bytes[bytes.length - 5] ^= 1;
    writeFileSync(file, bytes);
    const response = await upload(file, admin);
    expect(response.status).toBe(422);
    expect(await text(response)).toContain('The update file is damaged: its content does not match its signature');
    expect(existsSync(pendingFile(box.deps.config.dataDir))).toBe(false);
    expect((await box.request('/readyz')).status).toBe(200);
  });

  it('lists the update files of a stick; one for another architecture is refused with the reason, in French', async () => {
    const stick = join(work, 'media/CLE/copi');
    mkdirSync(stick, { recursive: true });
    const file = await signedUpdate(mkdtempSync(join(work, 'u-')), next, pem, { schema: 1, arch: otherArch });
    writeFileSync(join(stick, 'copi-update.copi-update'), readFileSync(file));
    const shown = await text(await page(admin));
    expect(shown).toContain('CLE/copi/copi-update.copi-update');
    const response = await box.request('/admin/update/usb', {
      method: 'POST', as: admin, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
      body: new URLSearchParams({ _csrf: csrfOf(admin), stick: 'CLE', name: 'copi-update.copi-update' }).toString(),
    });
    expect(response.status).toBe(422);
    expect(await text(response)).toContain(`Cette mise à jour est pour les box ${otherArch}, et cette box est ${process.arch}`);
    expect((await postForm('/admin/update/usb', { stick: 'CLE', name: 'nothing.copi-update' }, admin)).status).toBe(422);
  });

  it('without the privileged helper (npm start) says the box installs updates only as the appliance', async () => {
    const file = await signedUpdate(mkdtempSync(join(work, 'u-')), next, pem, { schema: 1 });
    expect(await text(await upload(file, admin))).toContain('This box installs updates only as the appliance');
    expect(existsSync(pendingFile(box.deps.config.dataDir))).toBe(false);
  });

  it('places a good upload as the pending file and asks the helper to start the update', async () => {
    const root = makeTestRoot();
    let socket: TestSocket | null = null;
    try {
      socket = await startPrivilegedSocket(root.root);
      box.deps.config.setup.privilegedSocket = socket.path;
      const file = await signedUpdate(mkdtempSync(join(work, 'u-')), next, pem, { schema: 1 });
      const response = await upload(file, admin);
      expect(response.status).toBe(200);
      expect(await text(response)).toContain(`Installing ${next}: the box restarts in a minute`);
      expect(readFileSync(pendingFile(box.deps.config.dataDir)).equals(readFileSync(file))).toBe(true);
      expect(root.calls()).toEqual(['systemctl start --no-block copi-update.service']);
    } finally {
      box.deps.config.setup.privilegedSocket = null;
      await socket?.close();
      rmSync(root.root, { recursive: true, force: true });
    }
  });

  it('shows the last outcome the root side wrote: a rollback with its reason', async () => {
    writeStatus(box.deps.config.dataDir, { outcome: 'rolled-back', from: '0.1.0', to: next, at: new Date().toISOString(),
      message: `Version ${next} did not start, so the box went back to 0.1.0 and its database as it was before` });
    const shown = await text(await page(admin));
    expect(shown).toContain('Rolled back');
    expect(shown).toContain(`Version ${next} did not start, so the box went back to 0.1.0 and its database as it was before`);
  });

  it('says when the image has no update key', async () => {
    box.deps.config.setup.updateKeysDir = join(work, 'no-keys');
    try {
      expect(await text(await page(admin))).toContain('This image has no update key: it accepts no updates');
    } finally {
      box.deps.config.setup.updateKeysDir = join(work, 'keys');
    }
  });
});
