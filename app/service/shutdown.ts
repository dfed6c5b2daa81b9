// A clean stop: no new connections, in-flight requests finish (up to a deadline), then the caller
// checkpoints and closes the database. Triggered by SIGTERM (systemd, `kill`) or SIGINT (Ctrl-C).
import type { Server } from 'node:http';
import type { Notifier } from './notify.ts';

/** How long in-flight requests may run after a stop was asked; copi.service's TimeoutStopSec=20 leaves room for the rest. */
export const STOP_DEADLINE_MS = 10_000;

/**
 * Stops accepting connections and resolves once every connection is closed. Keep-alive connections are
 * closed as soon as they fall idle (Node would otherwise keep them for keepAliveTimeout); at the
 * deadline, connections still busy are cut.
 */
export function drainHttpServer(server: Server, deadlineMs: number = STOP_DEADLINE_MS): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const reaper = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    server.close((error) => {
      clearInterval(reaper);
      clearTimeout(deadline);
      // Already closed (never listened, or stopped twice) is fine: there is nothing left to drain.
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

export interface StopOptions {
  notifier?: Notifier | null;
  log?: (line: string) => void;
  /** Ends the process; a parameter so an in-process test can watch it. */
  exit?: (code: number) => void;
}

/**
 * On the first SIGTERM or SIGINT: tells systemd the box is stopping (STOPPING=1), runs `stop`, exits 0
 * (1 if stopping failed). A second SIGINT gets Node's default: Ctrl-C twice still kills a stuck box.
 */
export function stopOnSignals(stop: () => Promise<void>, options: StopOptions = {}): void {
  const { notifier = null, log = console.log, exit = (code) => process.exit(code) } = options;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: stopping (in-flight requests get ${STOP_DEADLINE_MS / 1000} s)`);
    const told = notifier?.notify('STOPPING=1').catch((error: unknown) => log(String(error))) ?? Promise.resolve();
    stop()
      .then(() => told)
      .then(() => { log('Stopped cleanly'); exit(0); })
      .catch((error: unknown) => { console.error('Stopping failed:', error); exit(1); });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, onSignal);
}
