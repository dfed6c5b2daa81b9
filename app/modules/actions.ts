// Turning modules on and off: box admins only, all at once, in one transaction.
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import type { Locale } from '../core/i18n/index.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { boxAdminOnly } from '../box/actions.ts';
import { moduleIds, modulesOff, saveModulesOff, type ModuleId } from './modules.ts';

export interface ModuleState {
  id: ModuleId;
  on: boolean;
}

export const moduleStates = (deps: Deps): ModuleState[] => {
  const off = modulesOff(deps.db);
  return moduleIds.map((id) => ({ id, on: !off.has(id) }));
};

export const offSchema = z.object({ off: z.array(z.enum(moduleIds)).max(moduleIds.length) }).strict();

/** Sets which modules are off (every other one is on); their data is kept either way. */
export function setModulesOff(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): ModuleState[] {
  boxAdminOnly(viewer);
  const { off } = parse(offSchema, input, locale);
  transaction(deps.db, () => saveModulesOff(deps.db, off));
  return moduleStates(deps);
}
