// The root side of an update (copi-update.service → scripts/update-apply.ts): checks the pending file again
// from scratch (the server that placed it is never trusted), extracts it as a new release, stops the box,
// sets its database aside, switches /opt/copi, and starts the box. A release that does not reach READY is
// stopped, the link goes back, the database is put back, and the previous release starts again.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backUpDatabase, restoreDatabase } from './database-backup.ts';
import { currentRelease, pruneReleases, releaseDir, releasesDir, releaseVersion, switchTo, type Layout } from './releases.ts';
import type { ServiceControl } from './service-control.ts';
import { pendingFile, updatesDir, writeStatus, type UpdateStatus } from './status.ts';
import { readUpdateFile, trustedKeys, UpdateRefused, type UpdateHeader } from './update-file.ts';

export interface ApplyOptions extends Layout {
  /** /var/lib/copi: the database, and updates/ with the pending file, the backup and the status. */
  dataDir: string;
  /** /usr/lib/copi/update-keys: outside /opt, so that an update cannot replace the key it is checked with. */
  keysDir: string;
  arch: string;
  service: ServiceControl;
}

export async function applyPendingUpdate(options: ApplyOptions): Promise<UpdateStatus | null> {
  const pending = pendingFile(options.dataDir);
  if (!existsSync(pending)) return null;
  const from = currentRelease(options);
  const status = (outcome: UpdateStatus['outcome'], to: string | null, message: string): UpdateStatus => {
    const written = { outcome, from, to, at: new Date().toISOString(), message };
    writeStatus(options.dataDir, written);
    return written;
  };
  try {
    if (from === null) throw new UpdateRefused('This box was not installed as releases (/opt/copi is not a link): reinstall its image');
    const expect = { keys: trustedKeys(options.keysDir), arch: options.arch, installed: releaseVersion(releaseDir(options, from)) };
    const header = await readUpdateFile(pending, expect);
    await extractRelease(options, pending, expect, header);
    return await switchRelease(options, from, header.version, status);
  } catch (error) {
    if (!(error instanceof UpdateRefused)) throw error;
    return status('refused', null, error.message);
  } finally {
    rmSync(pending, { force: true });
  }
}

/** Into a hidden folder first, renamed to the version's once whole and checked. */
async function extractRelease(options: ApplyOptions, pending: string, expect: Parameters<typeof readUpdateFile>[1], header: UpdateHeader) {
  const target = releaseDir(options, header.version);
  const staging = join(releasesDir(options), `.${header.version}.new`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const tar = spawn('tar', ['-xzf', '-', '-C', staging, '--strip-components=1', '--no-same-owner'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let tarErrors = '';
  tar.stderr.on('data', (chunk: Buffer) => { tarErrors += chunk; });
  const exited = new Promise<number | null>((resolve) => tar.on('close', resolve));
  try {
    // Checked again while it streams into tar: what is extracted is exactly what was checked.
    await readUpdateFile(pending, expect, tar.stdin);
    const code = await exited;
    if (code !== 0) throw new UpdateRefused(`The update’s release could not be unpacked: ${tarErrors.trim().split('\n')[0] || `tar exited with ${code}`}`);
    if (!existsSync(join(staging, 'bin/copi')) || releaseVersion(staging) !== header.version) {
      throw new UpdateRefused('The update’s release is not a CoPi release of the version its header gives');
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } catch (error) {
    tar.kill();
    await exited;
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

async function switchRelease(options: ApplyOptions, from: string, to: string, status: (outcome: UpdateStatus['outcome'], to: string, message: string) => UpdateStatus) {
  const backup = join(updatesDir(options.dataDir), `backup-before-${to}`);
  let backedUp = false;
  let failure = `Version ${to} did not start`;
  await options.service.stop();
  try {
    backUpDatabase(options.dataDir, backup);
    backedUp = true;
    switchTo(options, to);
    if (await options.service.start()) {
      pruneReleases(options, [to, from]);
      pruneBackups(options.dataDir, backup);
      return status('installed', to, `Version ${to} is installed and serving`);
    }
  } catch (error) {
    // A full card, a failed copy: the box must not stay stopped, so this too goes back to the old release.
    console.error('copi-update:', error);
    failure = `Version ${to} could not be installed (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  await options.service.stop();
  switchTo(options, from);
  if (backedUp) restoreDatabase(options.dataDir, backup);
  const back = await options.service.start();
  rmSync(releaseDir(options, to), { recursive: true, force: true });
  return status('rolled-back', to, back
    ? `${failure}, so the box went back to ${from} and its database as it was before`
    : `${failure}, and ${from} did not start again either: look at the box’s journal`);
}

/** Only the backup of the latest update is kept: an SD card has no room for one per release. */
function pruneBackups(dataDir: string, keep: string) {
  for (const name of readdirSync(updatesDir(dataDir))) {
    const path = join(updatesDir(dataDir), name);
    if (name.startsWith('backup-before-') && path !== keep) rmSync(path, { recursive: true, force: true });
  }
}
