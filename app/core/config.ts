// Every setting of the box is an environment variable with a typed default, read once here.
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Seed the demo territory and content on an empty database. */
  seedDemo: boolean;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Page cache per SQLite connection, in KiB (small: a Pi Zero 2 W has 512 MB). */
  cacheKiB: number;
  /** Base URL printed in setup and invitation links; defaults to http://HOST:PORT. */
  publicUrl: string;
  logRequests: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST ?? '127.0.0.1';
  const port = integer(env.PORT, 8080, 'PORT', 0, 65535);
  return {
    host,
    port,
    dataDir: resolve(env.COPI_DATA ?? 'data'),
    seedDemo: (env.COPI_DEMO ?? '1') !== '0',
    bodyLimit: integer(env.COPI_BODY_LIMIT, 1024 * 1024, 'COPI_BODY_LIMIT', 1024, 512 * 1024 * 1024),
    cacheKiB: integer(env.COPI_CACHE_KIB, 4096, 'COPI_CACHE_KIB', 256, 1024 * 1024),
    publicUrl: env.COPI_PUBLIC_URL ?? `http://${host}:${port}`,
    logRequests: env.COPI_LOG_REQUESTS === '1',
  };
}

function integer(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}
