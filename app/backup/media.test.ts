import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { apiUpload, png } from '../media/testing.ts';
import { takeBackup } from './backup.ts';
import { restoreBackup } from './restore.ts';
import { pruneBackupMedia } from './media.ts';

let box: TestBox;
let alice: Session;
let photo: { id: string; url: string };
let elsewhere: string;

beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
  const org = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Club photo' }, alice)).json()) as { id: string };
  const response = await apiUpload(box, alice, org.id, [{ name: 'lavoir.png', data: await png(200, 150), type: 'image/png' }]);
  expect(response.status).toBe(201);
  photo = ((await response.json()) as { items: { id: string; url: string }[] }).items[0];
  elsewhere = mkdtempSync(join(tmpdir(), 'copi-backup-media-'));
});
afterAll(() => {
  box.close();
  rmSync(elsewhere, { recursive: true, force: true });
});

const backupsDir = () => box.deps.config.backup.dir;
const mediaDir = () => box.deps.config.media.dir;
const backup = () => takeBackup(box.deps.db, { kind: 'manual', dir: backupsDir(), mediaDir: mediaDir(), timeZone: 'Europe/Paris' });
const restore = (file: string) => restoreBackup(box.deps.db, file, { backupsDir: backupsDir(), mediaDir: mediaDir(), timeZone: 'Europe/Paris' });
const served = async () => (await box.request(photo.url, { as: alice })).status;

describe('media files in backups', () => {
  it('go beside the database, image and thumbnail, and come back with a restore after the box lost them', async () => {
    const written = await backup();
    expect(readdirSync(join(backupsDir(), 'media')).sort()).toEqual([photo.id, `${photo.id}.thumb`]);
    for (const name of [photo.id, `${photo.id}.thumb`]) rmSync(join(mediaDir(), name));
    expect(await served()).toBe(404);
    const restored = await restore(written.path);
    expect(restored.missingFiles).toBe(0);
    expect(await served()).toBe(200);
  });

  it('are found in the folder of the restored file (a stick), and counted as missing when no folder has them', async () => {
    const written = await backup();
    // A stick: the backup and its media folder; the box's own backups folder loses its copies.
    const stick = join(elsewhere, 'copi-backup');
    rmSync(stick, { recursive: true, force: true });
    const onStick = join(stick, written.name);
    cpSync(join(backupsDir(), 'media'), join(stick, 'media'), { recursive: true });
    copyFileSync(written.path, onStick);
    rmSync(join(backupsDir(), 'media'), { recursive: true });
    rmSync(join(mediaDir(), photo.id));
    expect((await restore(onStick)).missingFiles).toBe(0);
    expect(await served()).toBe(200);

    const alone = join(elsewhere, 'uploaded.db');
    copyFileSync(written.path, alone);
    rmSync(join(mediaDir(), photo.id));
    rmSync(join(stick, 'media'), { recursive: true });
    expect((await restore(alone)).missingFiles).toBe(1);
  });

  it('leave the backups folder once no backup there names them', async () => {
    await backup();
    expect(existsSync(join(backupsDir(), 'media', `${photo.id}.thumb`))).toBe(true);
    expect(pruneBackupMedia(backupsDir())).toBe(0);
    const held = readdirSync(join(backupsDir(), 'media')).length;
    for (const name of readdirSync(backupsDir())) if (name.endsWith('.db')) rmSync(join(backupsDir(), name));
    expect(pruneBackupMedia(backupsDir())).toBe(held);
    expect(readdirSync(join(backupsDir(), 'media'))).toEqual([]);
  });
});
