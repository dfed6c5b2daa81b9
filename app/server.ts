// Starts a box: opens and migrates the database, seeds an empty one, serves HTTP, stops cleanly.
import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Config } from './core/config.ts';
import { openBoxDatabase } from './core/db/database.ts';
import type { Deps } from './deps.ts';
import { loadBoxSettings } from './box/settings.ts';
import { createApp } from './app.ts';
import { setupCodeAtStart, setupCodeFile } from './setup/code.ts';
import { attachTimeFloor, detectClockSource } from './setup/clock.ts';
import { isDatabaseEmpty, seedDemoContent, seedTerritory } from './demo/seed.ts';
import { attachZoneDatabase } from './zones/communes.ts';
import { openZoneDb } from './zones/zone-db.ts';
import { reassignCommunes } from './zones/reassign.ts';
import { drainHttpServer } from './service/shutdown.ts';
import { startBackupJobs } from './backup/service.ts';
import { startSyncJobs } from './sync/jobs.ts';
import { LiveNotifications } from './notifications/live.ts';

export interface RunningBox {
  url: string;
  deps: Deps;
  setupUrl: string | null;
  /** Stops accepting, lets in-flight requests finish (cut after deadlineMs), checkpoints and closes the database. */
  close(deadlineMs?: number): Promise<void>;
}

export async function startBox(config: Config, log: (line: string) => void = console.log): Promise<RunningBox> {
  const dbPath = join(config.dataDir, 'copi.db');
  const db = openBoxDatabase(dbPath, { cacheKiB: config.cacheKiB });
  // Before anything is stamped: the time floor of the previous run, and how far the clock can be trusted.
  const detachTimeFloor = attachTimeFloor(db);
  const clockSource = detectClockSource(db);
  if (clockSource !== 'network') log(`Clock not synchronized over the network (source: ${clockSource}); a box admin's browser sets it when it is behind`);
  attachZoneDatabase(db);
  const deps: Deps = { db, config, box: loadBoxSettings(db), zones: openZoneDb(), live: new LiveNotifications() };
  const placed = reassignCommunes(db, deps.zones);
  if (placed.merged + placed.moved > 0) log(`New zone database: ${placed.merged} elements moved to merged communes, ${placed.moved} placed again by position`);
  if (isDatabaseEmpty(db)) {
    seedTerritory(db);
    if (config.seedDemo) log(`Demo territory seeded: ${seedDemoContent(deps)} demo elements (remove them with: npm run admin -- demo:remove)`);
  }
  let ready = false;
  const app = createApp(deps, { dbPath, isReady: () => ready });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  if (config.port === 0) deps.config = { ...config, port, publicUrl: url };
  ready = true;
  // Printed at each start until the box has an admin: the journal is one of the places the code is read from.
  const setupCode = setupCodeAtStart(deps);
  const setupUrl = setupCode ? `${deps.config.publicUrl}/setup/${setupCode}` : null;
  if (setupCode) {
    log(`Not set up yet: open ${deps.config.publicUrl}/setup and type the setup code ${setupCode} (kept in ${setupCodeFile(config.dataDir)}),`
      + ` or create the box admin only with the one-time link ${setupUrl}`);
  }
  log(`CoPi listening on ${url}`);
  const backups = startBackupJobs(deps, log);
  const syncs = startSyncJobs(deps);

  return {
    url, deps, setupUrl,
    async close(deadlineMs) {
      // Open live streams never fall idle: end them, or the stop would wait for its deadline.
      const draining = drainHttpServer(server as Server, deadlineMs);
      deps.live.close();
      await draining;
      await backups.stop();
      await syncs.stop();
      // Checkpoint so the WAL is folded into the database file before the process ends.
      db.pragma('wal_checkpoint(TRUNCATE)');
      detachTimeFloor();
      db.close();
      deps.zones.close();
    },
  };
}
