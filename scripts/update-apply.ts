// Run as root by copi-update.service (started through the privileged helper's `update` action): installs
// /var/lib/copi/updates/pending.copi-update if it checks out, with rollback; app/update/apply.ts does the work.
// The outcome goes to /var/lib/copi/updates/status.json (the admin page) and to the journal.
import { applyPendingUpdate } from '../app/update/apply.ts';
import { boxOptDir, defaultUpdateKeysDir } from '../app/update/paths.ts';
import { systemdService } from '../app/update/service-control.ts';

const status = await applyPendingUpdate({
  optDir: boxOptDir, dataDir: '/var/lib/copi', keysDir: defaultUpdateKeysDir, arch: process.arch, service: systemdService(),
});
console.log(status ? `copi-update: ${status.outcome}: ${status.message}` : 'copi-update: no pending update');
if (status && status.outcome !== 'installed') process.exitCode = 1;
