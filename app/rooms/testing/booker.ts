// A second process booking a room on the same database file (for the concurrency test): it opens the box's
// database, says "ready", waits for "go" on stdin, asks for the slot and prints the outcome as one JSON line.
import { createInterface } from 'node:readline';
import { readConfig } from '../../core/config.ts';
import { openBoxDatabase } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import { loadBoxSettings } from '../../box/settings.ts';
import { openZoneDb } from '../../zones/zone-db.ts';
import type { Deps } from '../../deps.ts';
import { requestBooking } from '../actions.ts';
import { LiveNotifications } from '../../notifications/live.ts';

const [dbPath, roomId, personId, input] = process.argv.slice(2);
const db = openBoxDatabase(dbPath);
const deps: Deps = { db, config: readConfig({ COPI_DATA: '/nonexistent' }), box: loadBoxSettings(db), zones: openZoneDb(), live: new LiveNotifications() };
const viewer = { personId, username: 'booker', isBoxAdmin: false };

console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue;
  try {
    const { booking } = requestBooking(deps, viewer, roomId, JSON.parse(input));
    console.log(JSON.stringify({ status: 201, id: booking.id }));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.log(JSON.stringify({ status: error.status, message: error.message }));
  }
  break;
}
db.close();
deps.zones.close();
process.stdin.destroy();
