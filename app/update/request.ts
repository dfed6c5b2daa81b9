// The server's side of an update (user copi): a chosen file is checked at once, so that the admin reads what
// is wrong right away; a good one is placed as the pending file and the privileged helper starts
// copi-update.service, which checks it again as root and installs it (apply.ts). Also: what the page shows.
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PrivilegedHelper } from '../setup/privileged.ts';
import { listSticks } from '../backup/usb.ts';
import { pendingFile, updatesDir } from './status.ts';
import { readUpdateFile, trustedKeys, UpdateRefused, type Expectations, type UpdateHeader } from './update-file.ts';

/** The release this server runs: its package.json (at /opt/copi, the link, on the box). */
export const installedVersion = (): string =>
  (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

export const boxExpectations = (keysDir: string): Expectations => ({ keys: trustedKeys(keysDir), arch: process.arch, installed: installedVersion() });

/**
 * Checks `file` and hands it to the root side. `move`: the file is a temp upload in the updates folder and is
 * renamed rather than copied. Throws UpdateRefused with the reason.
 */
export async function requestUpdate(file: string, options: { dataDir: string; keysDir: string; helper: PrivilegedHelper; move?: boolean }): Promise<UpdateHeader> {
  const header = await readUpdateFile(file, boxExpectations(options.keysDir));
  if (!options.helper.available) throw new UpdateRefused('This box installs updates only as the appliance (no privileged helper here)');
  mkdirSync(updatesDir(options.dataDir), { recursive: true });
  const pending = pendingFile(options.dataDir);
  if (options.move) renameSync(file, pending);
  else {
    // From a stick: copied under a temp name first, so the root side never sees half a file.
    copyFileSync(file, `${pending}.copying`);
    renameSync(`${pending}.copying`, pending);
  }
  const answer = await options.helper.update();
  if (!answer.ok) {
    rmSync(pending, { force: true });
    throw new UpdateRefused(`The box could not start the update (${answer.reason}); try again, or restart the box`);
  }
  return header;
}

export interface StickUpdate {
  stick: string;
  /** The file's name in the stick's copi/ folder. */
  name: string;
  path: string;
}

/** The .copi-update files at the top of each mounted stick's copi/ folder (where the import files go too). */
export function updatesOnSticks(usbDir: string): StickUpdate[] {
  return listSticks(usbDir).flatMap((stick) => {
    const dir = join(stick.path, 'copi');
    if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return [];
    return readdirSync(dir).filter((name) => name.endsWith('.copi-update') && lstatSync(join(dir, name)).isFile()).sort()
      .map((name) => ({ stick: stick.name, name, path: join(dir, name) }));
  });
}
