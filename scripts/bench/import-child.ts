// One import measured in a process of its own (its peak RSS is the import's): stage + commit of FILE into a
// fresh box in DIR, then the same file again until "nothing changed". Each step runs as the box runs it: a
// job of ImportJobs, in the import worker with its memory limits. Prints JSON. Used by imports.ts.
//   node scripts/bench/import-child.ts DIR FILE        (or with --idle: open the box and stop, the RSS baseline)
import { join } from 'node:path';
import { readConfig } from '../../app/core/config.ts';
import { openBoxDatabase } from '../../app/core/db/database.ts';
import { seedTerritory } from '../../app/demo/seed.ts';
import { attachZoneDatabase } from '../../app/zones/communes.ts';
import { rnaFormat } from '../../app/imports/formats/rna.ts';
import { checkImportFile } from '../../app/imports/read/file.ts';
import { ImportJobs } from '../../app/imports/jobs.ts';
import { keepCompiledCode } from '../../app/core/compile-cache.ts';

const [dir, file, flag] = process.argv.slice(2);
// As the box's start does: the import workers load their modules from the compile cache once it is warm.
keepCompiledCode(join(dir, '..'));
const config = readConfig({ COPI_DATA: dir });
const db = openBoxDatabase(join(dir, 'copi.db'), { cacheKiB: config.cacheKiB });
attachZoneDatabase(db);
seedTerritory(db);
const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

if (flag === '--idle') {
  console.log(JSON.stringify({ peakRssMiB: maxRssMiB() }));
} else {
  const jobs = new ImportJobs({ db, config });
  const stage = async () => {
    const { done } = await jobs.stage({ file: checkImportFile(file, { maxBytes: rnaFormat.maxBytes }), formatId: rnaFormat.id, origin: 'cli', createdBy: null });
    return done;
  };
  let started = performance.now();
  const staged = await stage();
  const stageMs = performance.now() - started;
  started = performance.now();
  const committed = await jobs.commit(staged.id);
  const commitMs = performance.now() - started;
  started = performance.now();
  const again = await stage();
  const reimportMs = performance.now() - started;
  const indexed = (db.prepare("SELECT count(*) AS n FROM search_text WHERE search_text MATCH 'association'").get() as { n: number }).n;
  console.log(JSON.stringify({
    rows: committed.counts.read, created: committed.counts.new, stageMs, commitMs, reimportMs, indexed,
    reimportCounts: again.counts, peakRssMiB: maxRssMiB(),
  }));
}
db.close();
