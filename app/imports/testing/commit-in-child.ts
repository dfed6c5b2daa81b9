// A commit run by a process of its own, which a test kills half-way (crash.test.ts). Prints "committing"
// each thousand rows, from inside the commit's transaction.
//   node app/imports/testing/commit-in-child.ts DATA_DIR IMPORT_ID
import { join } from 'node:path';
import { readConfig } from '../../core/config.ts';
import { openBoxDatabase } from '../../core/db/database.ts';
import { loadBoxSettings } from '../../box/settings.ts';
import { attachZoneDatabase } from '../../zones/communes.ts';
import { openZoneDb } from '../../zones/zone-db.ts';
import { commitImport } from '../commit.ts';

const [dir, importId] = process.argv.slice(2);
const config = readConfig({ COPI_DATA: dir });
const db = openBoxDatabase(join(dir, 'copi.db'));
attachZoneDatabase(db);
await commitImport({ db, config, box: loadBoxSettings(db), zones: openZoneDb() }, importId, () => process.stdout.write('committing\n'));
process.stdout.write('committed\n');
