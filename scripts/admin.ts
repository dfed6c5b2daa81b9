// Admin command line: `npm run admin -- <command>`. Works on the box's database directly.
//   demo:remove          remove all demo content (elements and links marked as demo)
//   setup-link           while the box has no admin: a new setup code (the old one stops working; also written
//                        to setup-code.txt), the wizard's address and the one-time link that is its other form
//   reset-link USERNAME  print a one-time password reset link for USERNAME
//   search:rebuild       rebuild the search index from the elements
//   backup               write a backup now into the backups folder (COPI_BACKUP_DIR)
//   restore FILE         check FILE, save the current content (pre-restore-…), then replace it with FILE
//   import FILE [--format F] [--source S] [--licence L] [--date D] [--type T] [--organizer ID] [--yes]
//                        read FILE (an RNA register, a CSV...), show the preview, commit it when answered y (or --yes)
//   import:list          the imports of the box; import:undo ID undoes one; import:report ID [--html] prints its report
//   sync:export DIR [PEER_ID|all]  write a sync bundle for a peer (or one for each peer, the default) into DIR
//   sync:import FILE     check a sync bundle from a peer and apply its records (a tampered one changes nothing)
import { join, resolve } from 'node:path';
import { readConfig } from '../app/core/config.ts';
import { openBoxDatabase } from '../app/core/db/database.ts';
import { loadBoxSettings } from '../app/box/settings.ts';
import { removeDemoContent } from '../app/demo/seed.ts';
import { issueSetupCode, setupCodeFile } from '../app/setup/code.ts';
import { createOneTimeLink, findAccountByUsername } from '../app/accounts/storage.ts';
import { transaction } from '../app/core/db/database.ts';
import { openZoneDb } from '../app/zones/zone-db.ts';
import { rebuildSearchIndex } from '../app/search/search.ts';
import { exclusive, takeBackup } from '../app/backup/backup.ts';
import { restoreBackup } from '../app/backup/restore.ts';
import { LiveNotifications } from '../app/notifications/live.ts';
import { attachZoneDatabase } from '../app/zones/communes.ts';
import { importUsage, runImportCommand, terminalIo } from '../app/imports/cli.ts';
import { exportBundle, importBundle } from '../app/sync/bundle.ts';

const config = readConfig();
const db = openBoxDatabase(join(config.dataDir, 'copi.db'), { cacheKiB: config.cacheKiB });
const deps = { db, config, box: loadBoxSettings(db), zones: openZoneDb(), live: new LiveNotifications() };
const [command, argument] = process.argv.slice(2);
// Imports place elements in their communes, and a peer's shared zones are communes: both read the zone database beside the box's.
if (command?.startsWith('import') || command?.startsWith('sync:')) attachZoneDatabase(db);

try {
  switch (command) {
    case 'demo:remove':
      console.log(`${removeDemoContent(db)} demo elements removed.`);
      break;
    case 'setup-link': {
      const code = issueSetupCode(deps);
      console.log(code
        ? `Setup code: ${code} (also in ${setupCodeFile(config.dataDir)}; the previous code no longer works)\n`
          + `First-boot wizard: ${config.publicUrl}/setup\nBox admin only: ${config.publicUrl}/setup/${code}`
        : 'This box already has an admin; use reset-link USERNAME.');
      break;
    }
    case 'reset-link': {
      const account = argument ? findAccountByUsername(db, argument) : null;
      if (!account) throw new Error(`No account named "${argument ?? ''}"`);
      const token = transaction(db, () => createOneTimeLink(db, 'reset', account.personId, 48));
      console.log(`${config.publicUrl}/reset/${token}`);
      break;
    }
    case 'search:rebuild':
      console.log(`${rebuildSearchIndex(db)} elements indexed.`);
      break;
    case 'backup': {
      const backup = await exclusive(db, () => takeBackup(db, { kind: 'manual', dir: config.backup.dir, mediaDir: config.media.dir, timeZone: deps.box.timezone }));
      console.log(`Backup written: ${backup.path} (${backup.bytes} bytes).`);
      break;
    }
    case 'restore': {
      if (!argument) throw new Error('Usage: npm run admin -- restore FILE');
      // npm runs this from the project's folder; a relative FILE is relative to where npm was typed.
      const file = resolve(process.env.INIT_CWD ?? '.', argument);
      const restored = await restoreBackup(db, file, { backupsDir: config.backup.dir, mediaDir: config.media.dir, timeZone: deps.box.timezone });
      console.log(`${file} restored (${restored.elements} elements). The previous content was saved as ${join(config.backup.dir, restored.saved)}.`);
      // A running box sees the restored content at once, but keeps the box name it read at start.
      console.log('If the box is running, restart it (systemctl restart copi) so it reloads its settings.');
      break;
    }
    case 'sync:export': {
      if (!argument) throw new Error('Usage: npm run admin -- sync:export DIR [PEER_ID|all]');
      const dir = resolve(process.env.INIT_CWD ?? '.', argument);
      for (const bundle of await exportBundle(deps, { to: process.argv[4] ?? 'all', dir })) {
        console.log(`${bundle.path}: ${bundle.records} records for ${bundle.peerName || bundle.to} (${bundle.bytes} bytes).`);
      }
      break;
    }
    case 'sync:import': {
      if (!argument) throw new Error('Usage: npm run admin -- sync:import FILE');
      const file = resolve(process.env.INIT_CWD ?? '.', argument);
      const result = await importBundle(deps, file);
      console.log(`${file}: ${result.records} records from ${result.fromName || result.from}: `
        + `${result.accepted} accepted, ${result.ignored} ignored, ${result.refused.length} refused.`);
      for (const { line, reason } of result.refused) console.log(`  line ${line}: ${reason}`);
      if (result.refused.length > 0) process.exitCode = 1;
      break;
    }
    default:
      if (command && await runImportCommand(deps, command, process.argv.slice(3), terminalIo())) break;
      console.log(`Usage: npm run admin -- demo:remove | setup-link | reset-link USERNAME | search:rebuild | backup | restore FILE | ${importUsage} | sync:export DIR [PEER_ID|all] | sync:import FILE`);
      process.exitCode = command ? 2 : 0;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  db.close();
  deps.zones.close();
}
