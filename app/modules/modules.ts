// The box's modules: which ones the box admin turned off. A turned-off module disappears from menus, pages and
// API (404 with a message naming it, see ./gate.ts) and from every list through the permission rule (its
// element types are hidden); its data is kept and comes back when it is turned on again.
import { sql, type Db } from '../core/db/database.ts';
import type { ElementType } from '../elements/model.ts';
import { setSetting } from '../box/settings.ts';

export const moduleIds = ['search', 'live', 'agenda', 'rooms', 'marketplace', 'aid', 'coop', 'netmaps', 'onepage', 'sync'] as const;
export type ModuleId = (typeof moduleIds)[number];

interface ModuleDefinition {
  /** Paths (pages and API) that belong to the module: a regular expression on the whole path. */
  paths: RegExp;
  /** Element types that exist only through the module: hidden everywhere while it is off. */
  types?: ElementType[];
  /** The 404's message while it is off (translated in core/i18n/messages.ts). */
  offMessage: string;
}

export const modules: Record<ModuleId, ModuleDefinition> = {
  // Not /search/v1: that one is the federation's (another box searching this one).
  search: { paths: /^\/(api\/v1\/)?search(\/(?!v1$)|$)/, offMessage: 'Search is turned off on this box' },
  live: { paths: /^\/(api\/v1\/)?(live|feed)(\.atom|\/|$)/, offMessage: 'The live feed is turned off on this box' },
  agenda: {
    paths: /^\/((me\/)?agenda(\/|\.ics|$)|e\/[^/]+\/agenda(\/|$)|api\/v1\/(agenda\.ics|elements\/[^/]+\/agenda\.ics|feeds\/[^/]+\/agenda\.ics)$)/,
    offMessage: 'The agenda is turned off on this box',
  },
  rooms: { paths: /^\/(api\/v1\/)?rooms(\/|$)/, offMessage: 'Shared rooms are turned off on this box' },
  marketplace: { paths: /^\/(api\/v1\/)?market(\/|$)/, types: ['classified'], offMessage: 'The marketplace is turned off on this box' },
  aid: { paths: /^\/(api\/v1\/)?aid(\/|$)/, types: ['aid'], offMessage: 'Mutual aid is turned off on this box' },
  coop: { paths: /^\/(api\/v1\/)?coop(\/|$)/, offMessage: 'The cooperative space is turned off on this box' },
  netmaps: { paths: /^\/((api\/v1\/)?maps(\/|$)|embed\/map\/)/, offMessage: 'Network maps are turned off on this box' },
  onepage: { paths: /^\/(p\/|api\/v1\/onepages(\/|$))/, offMessage: 'One-page sites are turned off on this box' },
  sync: {
    paths: /^\/(sync\/v1\/|search\/v1$|api\/v1\/sync(\/|$)|admin\/sync(\/|$)|e\/[^/]+\/details$)/,
    offMessage: 'Sync with other boxes is turned off on this box',
  },
};

/** The modules turned off, read from the box's settings (one indexed row). */
export function modulesOff(db: Db): Set<ModuleId> {
  const row = sql(db, "SELECT value FROM box_settings WHERE key = 'modules_off'").get() as { value: string } | undefined;
  return new Set(row ? (JSON.parse(row.value) as ModuleId[]) : []);
}

export const isModuleOn = (db: Db, id: ModuleId) => !modulesOff(db).has(id);

/** Turns modules on or off at once; the element types of those off are hidden by the permission rule. */
export function saveModulesOff(db: Db, off: Iterable<ModuleId>) {
  const list = moduleIds.filter((id) => new Set(off).has(id));
  setSetting(db, 'modules_off', JSON.stringify(list));
  setSetting(db, 'hidden_types', JSON.stringify(list.flatMap((id) => modules[id].types ?? [])));
}

/** The module a path belongs to, if any. */
export const moduleOfPath = (path: string): ModuleId | undefined => moduleIds.find((id) => modules[id].paths.test(path));
