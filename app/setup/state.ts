// Whether the box still waits for its first-boot wizard: no box admin yet (the wizard creates the first one,
// in the same transaction as every other setting, so "has an admin" and "is set up" cannot disagree).
import type { Db } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { countBoxAdmins } from '../accounts/storage.ts';

const setUp = new WeakSet<Db>();

/** True once the box has a box admin; remembered (an admin cannot remove the last admin). */
export function isSetUp(db: Db): boolean {
  if (setUp.has(db)) return true;
  if (countBoxAdmins(db) === 0) return false;
  setUp.add(db);
  return true;
}

/** Visitors are sent to the wizard: it is turned on (COPI_WIZARD=1, on the box) and the box is not set up. */
export const wizardPending = (deps: Deps) => deps.config.setup.wizard && !isSetUp(deps.db);
