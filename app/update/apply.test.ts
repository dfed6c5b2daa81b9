// The root side of an update, run for real on small releases: a temp /opt with copi-releases/ and the
// /opt/copi link, a real SQLite database, and the release's server as a real process started and stopped the
// way systemctl would (it is "started" once it answers, as READY=1 would say).
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPendingUpdate } from './apply.ts';
import { makeKeyPair } from './keys.ts';
import { freePort, processService, releaseTarball, signedUpdate, type ProcessService } from './testing/releases.ts';
import { pendingFile, readStatus } from './status.ts';
import { writeUpdateFile } from './update-file.ts';

let work: string;
let opt: string;
let data: string;
let keys: string;
let pem: string;
let service: ProcessService;

/** A box running release 0.1.0 (schema 1) from /opt/copi-releases/0.1.0, with a few rows in its database. */
beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'copi-apply-'));
  opt = join(work, 'opt');
  data = join(work, 'var-lib-copi');
  keys = join(work, 'update-keys');
  mkdirSync(join(opt, 'copi-releases/0.1.0'), { recursive: true });
  mkdirSync(data);
  pem = readFileSync(makeKeyPair(keys).privateKey, 'utf8');
  const tarball = releaseTarball(work, '0.1.0', { schema: 1 });
  spawnSync('tar', ['-xzf', tarball, '-C', join(opt, 'copi-releases/0.1.0'), '--strip-components=1']);
  symlinkSync('copi-releases/0.1.0', join(opt, 'copi'));
  service = processService(opt, data, await freePort());
  expect(await service.start()).toBe(true);
  const db = new DatabaseSync(join(data, 'copi.db'));
  db.exec("INSERT INTO notes VALUES ('written by 0.1.0')");
  db.close();
});
afterEach(async () => {
  await service.stop();
  rmSync(work, { recursive: true, force: true });
});

const place = (file: string) => {
  mkdirSync(join(data, 'updates'), { recursive: true });
  copyFileSync(file, pendingFile(data));
};
const apply = () => applyPendingUpdate({ optDir: opt, dataDir: data, keysDir: keys, arch: process.arch, service });
const notes = () => {
  const db = new DatabaseSync(join(data, 'copi.db'), { readOnly: true });
  try {
    return db.prepare('SELECT text FROM notes ORDER BY rowid').all().map((row) => row.text);
  } finally {
    db.close();
  }
};

describe('applying an update', () => {
  it('installs a good release: the link points to it, the database is migrated, the previous release is kept', async () => {
    place(await signedUpdate(work, '0.2.0', pem, { schema: 2 }));
    const status = await apply();
    expect(status).toMatchObject({ outcome: 'installed', from: '0.1.0', to: '0.2.0', message: 'Version 0.2.0 is installed and serving' });
    expect(readStatus(data)).toEqual(status);
    expect(readlinkSync(join(opt, 'copi'))).toBe('copi-releases/0.2.0');
    expect(await service.ask()).toEqual({ version: '0.2.0', schema: 2 });
    expect(notes()).toEqual(['migrated to 1', 'written by 0.1.0', 'migrated to 2']);
    expect(readdirSync(join(opt, 'copi-releases')).sort()).toEqual(['0.1.0', '0.2.0']);
    expect(existsSync(pendingFile(data))).toBe(false);
    // The database as it was before, kept beside the status in case the admin needs it.
    expect(existsSync(join(data, 'updates/backup-before-0.2.0/copi.db'))).toBe(true);

    // A third release: only the current and the previous ones stay on the card, and the latest backup.
    place(await signedUpdate(work, '0.3.0', pem, { schema: 3 }));
    expect((await apply())?.outcome).toBe('installed');
    expect(readdirSync(join(opt, 'copi-releases')).sort()).toEqual(['0.2.0', '0.3.0']);
    expect(readdirSync(join(data, 'updates')).sort()).toEqual(['backup-before-0.3.0', 'status.json']);
  });

  it('rolls back a release that does not start: old link, database byte for byte as before, old release serving', async () => {
    await service.stop(); // to read the files at rest, as the update will find them after its own stop
    const before = Object.fromEntries(['copi.db', 'copi.db-wal'].filter((name) => existsSync(join(data, name))).map((name) => [name, readFileSync(join(data, name))]));
    expect(await service.start()).toBe(true);
    place(await signedUpdate(work, '0.2.0', pem, { schema: 2, broken: true }));

    const status = await apply();
    expect(status).toMatchObject({ outcome: 'rolled-back', from: '0.1.0', to: '0.2.0',
      message: 'Version 0.2.0 did not start, so the box went back to 0.1.0 and its database as it was before' });
    expect(readStatus(data)).toEqual(status);
    expect(readlinkSync(join(opt, 'copi'))).toBe('copi-releases/0.1.0');
    expect(await service.ask()).toEqual({ version: '0.1.0', schema: 1 });
    expect(notes()).toEqual(['migrated to 1', 'written by 0.1.0']);
    await service.stop();
    for (const [name, bytes] of Object.entries(before)) expect(readFileSync(join(data, name)).equals(bytes), name).toBe(true);
    expect(readdirSync(join(opt, 'copi-releases'))).toEqual(['0.1.0']);
    expect(existsSync(pendingFile(data))).toBe(false);
  });

  it('refuses a file that does not check out on the root side, and touches nothing', async () => {
    const file = await signedUpdate(work, '0.2.0', pem, { schema: 2 });
    writeFileSync(file, readFileSync(file).subarray(0, 500)); // the server checked it; then it was cut
    place(file);
    const status = await apply();
    expect(status).toMatchObject({ outcome: 'refused', from: '0.1.0', to: null, message: 'The update file is truncated: copy it again' });
    expect(readlinkSync(join(opt, 'copi'))).toBe('copi-releases/0.1.0');
    expect(readdirSync(join(opt, 'copi-releases'))).toEqual(['0.1.0']);
    expect(await service.ask()).toEqual({ version: '0.1.0', schema: 1 });
    expect(existsSync(pendingFile(data))).toBe(false);
  });

  it.each([
    ['a payload that is not a tarball', () => { writeFileSync(join(work, 'junk.tar.gz'), 'not gzip at all'); return join(work, 'junk.tar.gz'); },
      /^The update’s release could not be unpacked: /],
    ['a tarball of another version than its header', () => releaseTarball(work, '0.5.0', { schema: 5 }),
      /^The update’s release is not a CoPi release of the version its header gives$/],
  ])('refuses a signed file holding %s, leaves no half-extracted release, and keeps serving', async (_, payload, message) => {
    const file = join(work, 'odd.copi-update');
    await writeUpdateFile(file, payload(), pem, { version: '0.2.0', arch: process.arch as 'x64', node: process.version });
    place(file);
    const status = await apply();
    expect(status?.outcome).toBe('refused');
    expect(status?.message).toMatch(message);
    expect(readdirSync(join(opt, 'copi-releases'))).toEqual(['0.1.0']);
    expect(await service.ask()).toEqual({ version: '0.1.0', schema: 1 });
  });

  it('does nothing without a pending file', async () => {
    expect(await apply()).toBeNull();
    expect(readStatus(data)).toBeNull();
    expect(lstatSync(join(opt, 'copi')).isSymbolicLink()).toBe(true);
  });
});
