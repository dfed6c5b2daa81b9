// npm start: builds browser assets and the zone database when stale, then runs the box until SIGTERM/SIGINT.
import { readConfig } from '../app/core/config.ts';
import { startBox } from '../app/server.ts';
import { buildAssetsIfStale } from './build-assets.ts';
import { buildZonesIfStale } from './build-zones.ts';

buildAssetsIfStale();
buildZonesIfStale({ log: (line) => console.log(line) });
const box = await startBox(readConfig());
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    box.close().then(() => process.exit(0));
  });
}
