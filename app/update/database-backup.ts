// The box's database set aside before a new release migrates it, and put back byte for byte if that release
// fails. Taken while the server is stopped, so copi.db with its -wal (if any) is a consistent set of files.
import { chownSync, constants, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const databaseFiles = ['copi.db', 'copi.db-wal', 'copi.db-shm'];

export function backUpDatabase(dataDir: string, into: string): void {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { mode: 0o700 });
  for (const name of databaseFiles) if (existsSync(join(dataDir, name))) copyFileSync(join(dataDir, name), join(into, name), constants.COPYFILE_EXCL);
}

/** Puts the set back; a file the set does not hold (a -wal the failed release made) is removed. */
export function restoreDatabase(dataDir: string, from: string): void {
  // Run as root: the restored files go back to the data folder's owner (the copi user).
  const { uid, gid } = statSync(dataDir);
  for (const name of databaseFiles) {
    const target = join(dataDir, name);
    if (!existsSync(join(from, name))) {
      rmSync(target, { force: true });
      continue;
    }
    const temp = `${target}.restoring`;
    // Root in the copi user's folder: a fresh file (EXCL), never through a link left there.
    rmSync(temp, { force: true });
    copyFileSync(join(from, name), temp, constants.COPYFILE_EXCL);
    chownSync(temp, uid, gid);
    renameSync(temp, target);
  }
}
