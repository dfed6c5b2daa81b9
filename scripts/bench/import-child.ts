// One import measured in a process of its own: stage + commit of FILE into a fresh box in DIR, then the same
// file again until "nothing changed". Each step runs as the box runs it: a job of ImportJobs, in a job process
// with its memory limits. The peak RSS is this process's plus the largest of its jobs' (both at once, at
// worst). Prints JSON. Used by imports.ts.
//   node scripts/bench/import-child.ts DIR FILE        (or with --idle: open the box and stop, the RSS baseline)
import { join } from 'node:path';
import { readConfig } from '../../app/core/config.ts';
import { openBoxDatabase } from '../../app/core/db/database.ts';
import { seedTerritory } from '../../app/demo/seed.ts';
import { attachZoneDatabase } from '../../app/zones/communes.ts';
import { rnaFormat } from '../../app/imports/formats/rna.ts';
import { checkImportFile } from '../../app/imports/read/file.ts';
import { discardImport, ImportJobs } from '../../app/imports/jobs.ts';
import { syntheticRegister } from './imports.ts';
import { readMemory } from './processes.ts';
import { keepCompiledCode } from '../../app/core/compile-cache.ts';

const [dir, file, flag] = process.argv.slice(2);
// As the box's start does: the import jobs load their modules from the compile cache once it is warm.
keepCompiledCode(join(dir, '..'));
const config = readConfig({ COPI_DATA: dir });
const db = openBoxDatabase(join(dir, 'copi.db'), { cacheKiB: config.cacheKiB });
attachZoneDatabase(db);
seedTerritory(db);
// VmHWM, not getrusage's maxRSS: Linux keeps the latter across exec, so a child of a large bench process
// started with its parent's size.
const maxRssMiB = () => readMemory(process.pid).hwmKiB / 1024;

if (flag === '--idle') {
  console.log(JSON.stringify({ peakRssMiB: maxRssMiB() }));
} else {
  const jobs = new ImportJobs({ db, config });
  let jobPeakRssMiB = 0;
  const measured = async <T>(job: Promise<T>) => {
    const result = await job;
    jobPeakRssMiB = Math.max(jobPeakRssMiB, jobs.lastPeakRssMiB ?? 0);
    return result;
  };
  const stageFile = async (path: string) =>
    (await jobs.stage({ file: checkImportFile(path, { maxBytes: rnaFormat.maxBytes }), formatId: rnaFormat.id, origin: 'cli', createdBy: null })).done;
  const stage = () => measured(stageFile(file));
  // A box that has imported before: its job processes load their code from the compile cache. A file of
  // three rows, staged and discarded, fills it (the box's cache is kept across restarts, CacheDirectory=).
  const warmUp = join(dir, 'warm-up.csv');
  syntheticRegister(warmUp, 3);
  discardImport(db, (await stageFile(warmUp)).id);
  let started = performance.now();
  const staged = await stage();
  const stageMs = performance.now() - started;
  started = performance.now();
  const committed = await measured(jobs.commit(staged.id));
  const commitMs = performance.now() - started;
  started = performance.now();
  const again = await stage();
  const reimportMs = performance.now() - started;
  const indexed = (db.prepare("SELECT count(*) AS n FROM search_text WHERE search_text MATCH 'association'").get() as { n: number }).n;
  console.log(JSON.stringify({
    rows: committed.counts.read, created: committed.counts.new, stageMs, commitMs, reimportMs, indexed,
    reimportCounts: again.counts, peakRssMiB: maxRssMiB() + jobPeakRssMiB, boxPeakRssMiB: maxRssMiB(), jobPeakRssMiB,
  }));
}
db.close();
