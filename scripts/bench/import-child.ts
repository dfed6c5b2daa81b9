// One import measured in a process of its own (its peak RSS is the import's): stage + commit of FILE into a
// fresh box in DIR, then the same file again until "nothing changed". Prints JSON. Used by imports.ts.
//   node scripts/bench/import-child.ts DIR FILE        (or with --idle: open the box and stop, the RSS baseline)
import { join } from 'node:path';
import { readConfig } from '../../app/core/config.ts';
import { openBoxDatabase } from '../../app/core/db/database.ts';
import { loadBoxSettings } from '../../app/box/settings.ts';
import { seedTerritory } from '../../app/demo/seed.ts';
import { attachZoneDatabase } from '../../app/zones/communes.ts';
import { openZoneDb } from '../../app/zones/zone-db.ts';
import { rnaFormat } from '../../app/imports/formats/rna.ts';
import { checkImportFile } from '../../app/imports/read/file.ts';
import { importCacheKiB, stageImport } from '../../app/imports/stage.ts';
import { commitImport } from '../../app/imports/commit.ts';

const [dir, file, flag] = process.argv.slice(2);
const config = readConfig({ COPI_DATA: dir });
// The cache the box's import worker uses.
const db = openBoxDatabase(join(dir, 'copi.db'), { cacheKiB: importCacheKiB });
attachZoneDatabase(db);
seedTerritory(db);
const deps = { db, config, box: loadBoxSettings(db), zones: openZoneDb() };
const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

if (flag === '--idle') {
  console.log(JSON.stringify({ peakRssMiB: maxRssMiB() }));
} else {
  const importFile = () => checkImportFile(file, { maxBytes: rnaFormat.maxBytes });
  let started = performance.now();
  const staged = await stageImport(deps, { file: importFile(), format: rnaFormat, origin: 'cli', createdBy: null });
  const stageMs = performance.now() - started;
  started = performance.now();
  const committed = commitImport(deps, staged.id);
  const commitMs = performance.now() - started;
  started = performance.now();
  const again = await stageImport(deps, { file: importFile(), format: rnaFormat, origin: 'cli', createdBy: null });
  const reimportMs = performance.now() - started;
  const indexed = (db.prepare("SELECT count(*) AS n FROM search_text WHERE search_text MATCH 'association'").get() as { n: number }).n;
  console.log(JSON.stringify({
    rows: committed.counts.read, created: committed.counts.new, stageMs, commitMs, reimportMs, indexed,
    reimportCounts: again.counts, peakRssMiB: maxRssMiB(),
  }));
}
db.close();
deps.zones.close();
