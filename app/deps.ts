// What every concept receives from the entry point: the database, the config, the box's settings, the zones and the live notifications.
import type { Db } from './core/db/database.ts';
import type { Config } from './core/config.ts';
import type { BoxSettings } from './box/settings.ts';
import type { ZoneDb } from './zones/zone-db.ts';
import type { LiveNotifications } from './notifications/live.ts';

export interface Deps {
  db: Db;
  config: Config;
  box: BoxSettings;
  /** Every commune, intercommunality, department and region of France (read-only). */
  zones: ZoneDb;
  /** Open pages waiting for notifications, told after each write that concerns them. */
  live: LiveNotifications;
}
