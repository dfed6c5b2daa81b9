// Builds app/zones/generated/zones.db (every commune, EPCI, department and region of France) when
// its inputs changed. `node scripts/build-zones.ts [--force]`; the work is in app/zones/build/.
import { fileURLToPath } from 'node:url';
import { buildZonesIfStale } from '../app/zones/build/build-if-stale.ts';

export { buildZonesIfStale };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildZonesIfStale({ force: process.argv.includes('--force'), log: (line) => console.log(line) });
}
