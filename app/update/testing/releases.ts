// For tests: small real releases shaped like npm run bundle's (copi/bin/copi, copi/package.json) whose server
// opens the box's database, "migrates" it (PRAGMA user_version = the release's schema), listens and answers
// /readyz; or, for a broken release, migrates and then exits 1. And a stand-in for systemctl that runs
// <opt>/copi/bin/copi as a real process and says it started once /readyz answers, as READY=1 would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceControl } from '../service-control.ts';
import { writeUpdateFile } from '../update-file.ts';

const server = (schema: number, broken: boolean) => `
import { DatabaseSync } from 'node:sqlite';
import { createServer } from 'node:http';
const db = new DatabaseSync(process.env.COPI_DATA + '/copi.db');
db.exec('PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS notes (text TEXT)');
if (db.prepare('PRAGMA user_version').get().user_version < ${schema}) db.exec('INSERT INTO notes VALUES (\\'migrated to ${schema}\\'); PRAGMA user_version = ${schema}');
${broken ? "console.error('this release is broken'); process.exit(1);" : ''}
createServer((request, response) => {
  const { user_version } = db.prepare('PRAGMA user_version').get();
  response.end(JSON.stringify({ version: process.env.RELEASE, schema: user_version }));
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => { db.close(); process.exit(0); });
`;

/** A release tarball (copi/…) of `version`; its server migrates the database to `schema`. */
export function releaseTarball(dir: string, version: string, options: { schema: number; broken?: boolean }): string {
  const staging = mkdtempSync(join(tmpdir(), 'copi-release-'));
  try {
    mkdirSync(join(staging, 'copi/bin'), { recursive: true });
    writeFileSync(join(staging, 'copi/package.json'), JSON.stringify({ name: 'copi', version }));
    writeFileSync(join(staging, 'copi/server.mjs'), server(options.schema, options.broken ?? false));
    writeFileSync(join(staging, 'copi/bin/copi'), `#!/bin/sh\nRELEASE=${version} exec "${process.execPath}" --no-warnings "$(dirname "$0")/../server.mjs"\n`);
    chmodSync(join(staging, 'copi/bin/copi'), 0o755);
    const tarball = join(dir, `copi-${version}-linux-${process.arch}.tar.gz`);
    spawnSyncOrThrow('tar', ['-czf', tarball, '-C', staging, 'copi']);
    return tarball;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export async function signedUpdate(dir: string, version: string, privateKeyPem: string, options: { schema: number; broken?: boolean; arch?: 'x64' | 'arm64' }): Promise<string> {
  const tarball = releaseTarball(dir, version, options);
  const out = join(dir, `copi-${version}-linux-${options.arch ?? process.arch}.copi-update`);
  await writeUpdateFile(out, tarball, privateKeyPem, { version, arch: options.arch ?? (process.arch as 'x64'), node: process.version });
  return out;
}

function spawnSyncOrThrow(command: string, args: string[]) {
  const { status, stderr } = spawnSync(command, args, { encoding: 'utf8' });
  if (status !== 0) throw new Error(`${command} failed: ${stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface ProcessService extends ServiceControl {
  /** What the running server answers (its release and database schema), or null when none serves. */
  ask(): Promise<{ version: string; schema: number } | null>;
}

/** systemctl's stand-in: `start` runs <optDir>/copi/bin/copi and waits for it to answer or exit. */
export function processService(optDir: string, dataDir: string, port: number, startTimeoutMs = 10_000): ProcessService {
  let child: ChildProcess | null = null;
  const ask = async () => {
    try {
      return (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { version: string; schema: number };
    } catch {
      return null;
    }
  };
  return {
    ask,
    async start() {
      const started = spawn(join(optDir, 'copi/bin/copi'), [], { env: { PATH: process.env.PATH, COPI_DATA: dataDir, PORT: String(port) }, stdio: 'ignore' });
      let exited = false;
      started.on('exit', () => { exited = true; });
      for (let waited = 0; waited < startTimeoutMs; waited += 25) {
        if (exited) return false;
        if (await ask()) {
          child = started;
          return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      started.kill('SIGKILL');
      return false;
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.on('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
  };
}
