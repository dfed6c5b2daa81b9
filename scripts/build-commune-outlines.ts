// Rebuilds app/zones/data/commune-outlines.topojson.gz (committed) from a copy of the public
// repository gregoiredavid/france-geojson (IGN ADMIN EXPRESS COG 2018, Licence Ouverte):
//   node scripts/build-commune-outlines.ts /path/to/france-geojson [--min-area M2] [--out FILE]
// Only when the source or the simplification changes; the zone build reads the committed file.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildCommuneOutlines, DEFAULT_MIN_AREA_M2, readFranceGeojsonCommunes } from '../app/zones/build/commune-outlines.ts';
import { communeOutlinesFile } from '../app/zones/build/commune-topology.ts';
import { codeAliasesOf } from '../app/zones/build/build-zone-db.ts';
import { readAdministrativeData } from '../app/zones/build/sources.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'min-area': { type: 'string' }, out: { type: 'string' } },
});
if (positionals.length !== 1) {
  console.error('usage: node scripts/build-commune-outlines.ts FRANCE_GEOJSON_DIR [--min-area M2] [--out FILE]');
  process.exit(2);
}

const { communes } = readAdministrativeData();
const current = new Set(communes.filter((c) => c.type === 'commune-actuelle').map((c) => c.code));
const aliases = codeAliasesOf(communes, current);
const currentOf = (code: string) => (current.has(code) ? code : (aliases.get(code) ?? null));

const started = performance.now();
const { gzip, report } = buildCommuneOutlines(readFranceGeojsonCommunes(positionals[0]), currentOf, Number(values['min-area'] ?? DEFAULT_MIN_AREA_M2));
const out = values.out ?? communeOutlinesFile;
writeFileSync(out, gzip);
console.log(`${out}: ${report.communes} current communes from ${report.sourceCommunes} of 2018, ${report.points} points, ${(report.bytes / 1e6).toFixed(2)} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (report.unknownCodes.length > 0) console.log(`2018 codes of no current commune, left out: ${report.unknownCodes.join(', ')}`);
