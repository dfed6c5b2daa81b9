// npm start (and copi.service): runs the box until SIGTERM/SIGINT, telling systemd when it is ready when
// started by it. The browser assets and the zone database are built before, when stale, by npm's
// `prestart` in a process of their own: the zone build needs about 1.4 GB, far more than the heap the
// box runs with (and on the box they ship prebuilt in the image).
import { readConfig } from '../app/core/config.ts';
import { keepCompiledCode } from '../app/core/compile-cache.ts';

const config = readConfig();
// Before the app's modules load, so that they come from the cache (hence the imports below).
keepCompiledCode(config.dataDir);
const { startBox } = await import('../app/server.ts');
const { superviseBox } = await import('../app/service/index.ts');

await superviseBox(await startBox(config));
