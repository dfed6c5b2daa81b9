// The backup jobs of a running box: the nightly backup (node-cron, in the box's time zone) and the
// watch for USB sticks. Started by server.ts once the box serves; stopped before the database closes.
import { schedule } from 'node-cron';
import type { Deps } from '../deps.ts';
import { exclusive, idle, takeBackup } from './backup.ts';
import { writeFailure } from './errors.ts';
import { watchSticks } from './usb.ts';

export interface BackupJobs {
  /** Stops the schedule and the watch, then waits for a backup in progress to finish. */
  stop(): Promise<void>;
}

/** The nightly backup into the backups folder, with its rotation; recorded in the log either way. */
export function nightlyBackup(deps: Deps, log: (line: string) => void, now?: () => Date) {
  return exclusive(deps.db, () => takeBackup(deps.db, { kind: 'nightly', dir: deps.config.backup.dir, mediaDir: deps.config.media.dir, timeZone: deps.box.timezone, now }))
    .then((backup) => log(`Nightly backup written: ${backup.path} (${backup.bytes} bytes)`))
    .catch((error: unknown) => log(`Nightly backup failed: ${writeFailure(error, deps.config.backup.dir).message}`));
}

export function startBackupJobs(deps: Deps, log: (line: string) => void = console.log): BackupJobs {
  const { at, usbDir } = deps.config.backup;
  const [hour, minute] = at?.split(':').map(Number) ?? [];
  const nightly = at === null ? null : schedule(`${minute} ${hour} * * *`, () => nightlyBackup(deps, log), {
    name: 'copi-nightly-backup', timezone: deps.box.timezone, noOverlap: true, unref: true,
  });
  const sticks = watchSticks(deps.db, { usbDir, timeZone: deps.box.timezone, mediaDir: deps.config.media.dir, log });
  // Sticks already plugged when the box starts get their backup now.
  void sticks.poll();
  return {
    async stop() {
      await nightly?.destroy();
      sticks.stop();
      await idle(deps.db);
    },
  };
}
