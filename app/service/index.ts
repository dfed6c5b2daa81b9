// The box as a long-running process: under systemd (NOTIFY_SOCKET set) it says READY=1 and feeds the
// watchdog; everywhere it stops cleanly on SIGTERM/SIGINT. Without NOTIFY_SOCKET nothing is spawned.
import type { RunningBox } from '../server.ts';
import { startWatchdog, systemdNotifier, watchdogPeriodMs } from './notify.ts';
import { stopOnSignals } from './shutdown.ts';

/** Call once the box is started: its database is open and migrated and its port listens. */
export async function superviseBox(box: RunningBox, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const notifier = systemdNotifier(env);
  const period = notifier ? watchdogPeriodMs(env) : null;
  const watchdog = notifier && period ? startWatchdog(notifier, period) : null;
  stopOnSignals(async () => {
    watchdog?.stop();
    await box.close();
  }, { notifier });
  if (!notifier) return;
  try {
    await notifier.notify('READY=1', `STATUS=Serving on ${box.url}`);
  } catch (error) {
    // Not fatal here: systemd then times the start out and restarts the box, which the journal explains.
    console.error(error instanceof Error ? error.message : error);
  }
}
