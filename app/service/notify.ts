// Tells systemd how the box is doing (the sd_notify protocol) when it runs as a Type=notify service.
// Node's dgram has no Unix datagram sockets, so each message is sent by the `systemd-notify` command,
// a child process: the unit therefore needs NotifyAccess=all. `systemd-notify` waits (BARRIER=1) until
// systemd has read the message, so systemd still finds the sender's unit: never add --no-block.
import { execFile } from 'node:child_process';

export interface Notifier {
  /** Sends assignments such as `READY=1` as one message; resolves once systemd has read it. */
  notify(...assignments: string[]): Promise<void>;
}

/** The notifier of this process, or null when no service manager listens (`npm start`, tests). */
export function systemdNotifier(env: NodeJS.ProcessEnv = process.env): Notifier | null {
  if (!env.NOTIFY_SOCKET) return null;
  return {
    notify: (...assignments) => new Promise<void>((resolve, reject) => {
      // The timeout kills a systemd-notify stuck on a manager that never answers.
      execFile('systemd-notify', assignments, { env, timeout: 5_000 }, (error, _stdout, stderr) => {
        if (error) reject(new Error(`systemd-notify ${assignments.join(' ')} failed: ${stderr.trim() || error.message}`));
        else resolve();
      });
    }),
  };
}

/** The watchdog period systemd asked for (WatchdogSec=, passed as WATCHDOG_USEC), in ms; null if none for this process. */
export function watchdogPeriodMs(env: NodeJS.ProcessEnv = process.env, pid = process.pid): number | null {
  const usec = Number(env.WATCHDOG_USEC);
  if (!Number.isInteger(usec) || usec <= 0) return null;
  // Same rule as sd_watchdog_enabled(): WATCHDOG_PID, when set, names the process that must ping.
  if (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== pid) return null;
  return usec / 1000;
}

export interface Watchdog {
  stop(): void;
}

/**
 * Sends WATCHDOG=1 every half period (as sd_watchdog_enabled(3) advises). The timer only fires while
 * the event loop turns, so a blocked or spinning loop stops the pings and systemd restarts the box.
 * A ping still running when the next is due is not doubled: a stuck manager must not pile up children.
 */
export function startWatchdog(notifier: Notifier, periodMs: number, log: (line: string) => void = console.error): Watchdog {
  let pinging = false;
  const timer = setInterval(() => {
    if (pinging) return;
    pinging = true;
    notifier.notify('WATCHDOG=1')
      .catch((error: unknown) => log(`Watchdog ping: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => { pinging = false; });
  }, Math.max(1, Math.floor(periodMs / 2)));
  return { stop: () => clearInterval(timer) };
}
