// Rebuilds zones.db only when its inputs changed: the stamp beside it holds a hash of the input
// packages' versions (from package-lock.json), of the committed commune outlines and of the
// build's own sources.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { buildZoneDb } from './build-zone-db.ts';
import { communeOutlinesFile } from './commune-topology.ts';
import { inputPackages } from './sources.ts';

const root = join(import.meta.dirname, '../../..');
export const generatedDir = join(root, 'app/zones/generated');
// The SQLite library writes the file and the topojson and polylabel libraries compute outlines,
// so their versions are inputs too.
const versionedPackages = [...inputPackages, 'better-sqlite3', 'topojson-client', 'polylabel'];

const stampSchema = z.object({ hash: z.string(), inputs: z.record(z.string(), z.string()), builtAt: z.string() });
type Stamp = z.infer<typeof stampSchema>;

const lockSchema = z.object({ packages: z.record(z.string(), z.object({ version: z.string().optional() })) });

function inputVersions(): Record<string, string> {
  const lock = lockSchema.parse(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')));
  return Object.fromEntries(
    versionedPackages.map((name) => {
      const version = lock.packages[`node_modules/${name}`]?.version;
      if (!version) throw new Error(`${name} is not in package-lock.json: run npm install`);
      return [name, version];
    }),
  );
}

function inputHash(versions: Record<string, string>): string {
  const hash = createHash('sha256').update(JSON.stringify(versions));
  // The committed commune outlines are an input like the packages.
  const buildSources = [join(root, 'scripts/build-zones.ts'), communeOutlinesFile,
    ...readdirSync(import.meta.dirname).sort().map((file) => join(import.meta.dirname, file))];
  for (const file of buildSources) hash.update(`\0${file.slice(root.length)}\0`).update(readFileSync(file));
  return hash.digest('hex');
}

function readStamp(path: string): Stamp | null {
  if (!existsSync(path)) return null;
  const parsed = stampSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : null;
}

// Temporary files of builds that died (their process is gone); a live build's file is left alone.
function removeDeadBuilds(dir: string): void {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    const pid = /\.tmp-(\d+)(-journal)?$/.exec(file)?.[1];
    if (!pid) continue;
    try {
      process.kill(Number(pid), 0);
    } catch (error) {
      // ESRCH: no such process. EPERM means it lives under another user: leave its file.
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(dir, file), { force: true });
    }
  }
}

export interface BuildZonesOptions {
  /** Folder of zones.db and zones.stamp.json; default app/zones/generated. */
  dir?: string;
  /** Rebuild even when the stamp matches. */
  force?: boolean;
  log?: (line: string) => void;
}

/** Builds zones.db when it is missing or its inputs changed; true when it built. */
export function buildZonesIfStale(options: BuildZonesOptions = {}): boolean {
  const { dir = generatedDir, force = false, log = () => {} } = options;
  const dbPath = join(dir, 'zones.db');
  const stampPath = join(dir, 'zones.stamp.json');
  removeDeadBuilds(dir);
  const inputs = inputVersions();
  const hash = inputHash(inputs);
  if (!force && existsSync(dbPath) && readStamp(stampPath)?.hash === hash) {
    log(`${dbPath} is up to date.`);
    return false;
  }

  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const report = buildZoneDb(dbPath, hash);
  const stamp: Stamp = { hash, inputs, builtAt: new Date().toISOString() };
  writeFileSync(`${stampPath}.tmp-${process.pid}`, `${JSON.stringify(stamp, null, 2)}\n`);
  renameSync(`${stampPath}.tmp-${process.pid}`, stampPath);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { zones, positionSources, outlines } = report;
  log(`Built ${dbPath} in ${seconds} s: ${(report.bytes / 1e6).toFixed(1)} MB.`);
  log(`Zones: ${zones.commune} communes, ${zones.epci} EPCI, ${zones.dep} departments, ${zones.region} regions, ${zones.country} country.`);
  log(`Also: ${report.parents} ancestor links, ${report.postalCodes} postal codes, ${report.codeAliases} former or arrondissement INSEE codes, ${report.names} searchable names, ${report.boxes} communes indexed by box or position.`);
  log(`Commune positions: ${Object.entries(positionSources).map(([source, count]) => `${source} ${count}`).join(', ')}.`);
  log(`Outlines: ${outlines.zones} zones, ${(outlines.bytes / 1e3).toFixed(0)} kB of GeoJSON.`);
  if (report.tiles) {
    const { tiles, bytes, byZoom, bytesByZoom } = report.tiles;
    const zooms = Object.keys(byZoom).map(Number).sort((a, b) => a - b);
    log(`Zone tiles: ${tiles}, ${(bytes / 1e6).toFixed(1)} MB gzip (${zooms.map((z) => `z${z} ${byZoom[z]} / ${(bytesByZoom[z] / 1e3).toFixed(0)} kB`).join(', ')}).`);
  }
  for (const note of report.notes) log(`Note: ${note}`);
  return true;
}
