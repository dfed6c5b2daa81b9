// The backup page through HTTP: box admins only, back up now, to a stick, restore a picked or uploaded backup.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { takeBackup } from './backup.ts';

let box: TestBox;
let admin: Session;
let member: Session;
let usbDir: string;

const csrfOf = (session: Session) => /copi_csrf=([^;]+)/.exec(session.cookie)?.[1] ?? '';
const postForm = (path: string, fields: Record<string, string>, as: Session) =>
  box.request(path, { method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrfOf(as), ...fields }).toString() });
const upload = (bytes: Uint8Array, as: Session, confirm = 'yes') => {
  const form = new FormData();
  form.set('_csrf', csrfOf(as));
  form.set('confirm', confirm);
  form.set('file', new File([new Uint8Array(bytes)], 'copi-from-laptop.db'));
  return box.request('/admin/backups/upload', { method: 'POST', as, body: form });
};
const createElement = async (name: string) => {
  const response = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name, communeInsee: '26114' }, admin);
  return ((await response.json()) as { id: string }).id;
};
const status = async (id: string) => (await box.request(`/api/v1/elements/${id}`, { as: admin })).status;

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('boxadmin', { admin: true });
  member = await box.register('member');
  usbDir = mkdtempSync(join(tmpdir(), 'copi-pages-usb-'));
  box.deps.config.backup.usbDir = usbDir;
});
afterAll(() => {
  box.close();
  rmSync(usbDir, { recursive: true, force: true });
});

describe('the backup page', () => {
  it('is for box admins: a member gets 403 on the page and on every action, and nothing is written', async () => {
    expect((await box.request('/admin/backups', { as: member })).status).toBe(403);
    expect((await postForm('/admin/backups/now', {}, member)).status).toBe(403);
    expect((await postForm('/admin/backups/restore', { source: 'box:copi-20250101-033000.db', confirm: 'yes' }, member)).status).toBe(403);
    expect((await upload(randomBytes(1024), member)).status).toBe(403);
    expect(existsSync(box.deps.config.backup.dir)).toBe(false);
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const response = await box.request('/admin/backups');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fadmin%2Fbackups');
  });

  it('backs up now and shows the backup in its log', async () => {
    const response = await postForm('/admin/backups/now', {}, admin);
    expect(response.status).toBe(200);
    const [name] = readdirSync(box.deps.config.backup.dir);
    expect(name).toMatch(/^copi-\d{8}-\d{6}\.db$/);
    const page = await (await box.request('/admin/backups', { as: admin, headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain(name);
    expect(page).toContain('On demand');
  });

  it('backs up to a plugged stick on demand, making its copi-backup folder', async () => {
    mkdirSync(join(usbDir, 'KINGSTON'));
    const page = await (await box.request('/admin/backups', { as: admin })).text();
    expect(page).toContain('KINGSTON');
    const response = await postForm('/admin/backups/usb', { stick: 'KINGSTON' }, admin);
    expect(response.status).toBe(200);
    expect(readdirSync(join(usbDir, 'KINGSTON', 'copi-backup')).sort()).toEqual(['README.txt', expect.stringMatching(/^copi-.*\.db$/)]);
  });

  it('restores a backup picked from the box for an admin who confirms, and the API serves its content', async () => {
    const kept = await createElement('In the backup');
    const backup = await takeBackup(box.deps.db, { kind: 'manual', dir: box.deps.config.backup.dir, mediaDir: box.deps.config.media.dir, timeZone: 'Europe/Paris' });
    const later = await createElement('After the backup');

    const unconfirmed = await postForm('/admin/backups/restore', { source: `box:${backup.name}` }, admin);
    expect(unconfirmed.status).toBe(422);
    expect(await status(later)).toBe(200);

    const response = await postForm('/admin/backups/restore', { source: `box:${backup.name}`, confirm: 'yes' }, admin);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/pre-restore-\d{8}-\d{6}\.db/);
    expect(await status(kept)).toBe(200);
    expect(await status(later)).toBe(404);
  });

  it('refuses a picked name that is not one of its backups', async () => {
    const response = await postForm('/admin/backups/restore', { source: 'box:../copi.db', confirm: 'yes' }, admin);
    expect(response.status).toBe(422);
  });

  it('restores an uploaded backup, and refuses an uploaded file that is not one, next to the file field', async () => {
    const id = await createElement('Uploaded with the backup');
    const backup = await takeBackup(box.deps.db, { kind: 'manual', dir: box.deps.config.backup.dir, mediaDir: box.deps.config.media.dir, timeZone: 'Europe/Paris' });
    const bytes = readFileSync(backup.path);
    rmSync(backup.path);
    await box.request(`/api/v1/elements/${id}`, { method: 'DELETE', as: admin });
    expect(await status(id)).toBe(404);

    const refused = await upload(randomBytes(64 * 1024), admin);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/<p class="error" role="alert">[^<]*SQLite/);
    expect(await status(id)).toBe(404);

    const restored = await upload(bytes, admin);
    expect(restored.status).toBe(200);
    expect(await status(id)).toBe(200);
  });
});
