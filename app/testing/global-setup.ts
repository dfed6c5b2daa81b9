// Runs once before the tests: the stale-asset build that npm start runs, and the zone database.
import { buildAssetsIfStale } from '../../scripts/build-assets.ts';
import { buildZonesIfStale } from '../../scripts/build-zones.ts';

export default function setup() {
  buildAssetsIfStale();
  buildZonesIfStale();
}
