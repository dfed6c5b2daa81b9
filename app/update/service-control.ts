// How the root side stops and starts the box's web server. On the box: systemctl, whose `start` of a
// Type=notify unit returns only once the server said READY=1, and fails when it exits or times out first.
import { execFile } from 'node:child_process';

export interface ServiceControl {
  stop(): Promise<void>;
  /** True once the server is ready; false when it failed to start or never became ready. */
  start(): Promise<boolean>;
}

export function systemdService(unit = 'copi.service', systemctl = 'systemctl'): ServiceControl {
  const run = (verb: string) => new Promise<boolean>((resolve) => {
    execFile(systemctl, [verb, unit], (error) => resolve(error === null));
  });
  return {
    stop: async () => { await run('stop'); },
    start: () => run('start'),
  };
}
