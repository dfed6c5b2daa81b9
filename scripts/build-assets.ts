// Copies the browser assets the pages use (Leaflet for maps) into app/web/public/build,
// only when a source is newer than the build stamp. Run by npm start and by the tests.
import { cpSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(import.meta.dirname, '..');
const buildDir = join(root, 'app/web/public/build');
const stamp = join(buildDir, '.stamp');
const sources = [{ from: join(root, 'node_modules/leaflet/dist'), to: join(buildDir, 'leaflet') }];

export function buildAssetsIfStale(): boolean {
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (sources.every((source) => statSync(source.from).mtimeMs <= builtAt)) return false;
  mkdirSync(buildDir, { recursive: true });
  for (const source of sources) cpSync(source.from, source.to, { recursive: true, filter: (path) => !path.endsWith('.map') && !path.includes('leaflet-src') });
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(buildAssetsIfStale() ? 'Assets built.' : 'Assets up to date.');
