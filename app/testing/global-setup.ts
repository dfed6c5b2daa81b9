// Runs once before the tests: the same stale-asset build that npm start runs.
import { buildAssetsIfStale } from '../../scripts/build-assets.ts';

export default function setup() {
  buildAssetsIfStale();
}
