// For tests: the privileged helper run for real (appliance/usr/lib/copi/privileged) on a Unix socket, one
// process per connection with the connection as its stdin and stdout, as systemd's Accept=yes does, against
// a temp root holding the hostapd template and stand-ins for systemctl, date and fake-hwclock that only
// record how they were called.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const privilegedScript = join(import.meta.dirname, '../../appliance/usr/lib/copi/privileged');
const template = join(import.meta.dirname, '../../appliance/etc/hostapd/hostapd.conf.template');

export interface TestRoot {
  root: string;
  /** Each stand-in command's arguments, one call per line ("systemctl restart hostapd.service"). */
  calls(): string[];
  hostapdConf(): string | null;
}

export function makeTestRoot(): TestRoot {
  const root = mkdtempSync(join(tmpdir(), 'copi-privileged-'));
  mkdirSync(join(root, 'etc/hostapd'), { recursive: true });
  mkdirSync(join(root, 'usr/bin'), { recursive: true });
  mkdirSync(join(root, 'usr/sbin'), { recursive: true });
  copyFileSync(template, join(root, 'etc/hostapd/hostapd.conf.template'));
  const log = join(root, 'calls.log');
  for (const command of ['usr/bin/systemctl', 'usr/bin/date', 'usr/sbin/fake-hwclock']) {
    const name = command.split('/').pop();
    writeFileSync(join(root, command), `#!/bin/sh\necho "${name} $*" >> '${log}'\n`);
    chmodSync(join(root, command), 0o755);
  }
  return {
    root,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    hostapdConf: () => (existsSync(join(root, 'etc/hostapd/hostapd.conf')) ? readFileSync(join(root, 'etc/hostapd/hostapd.conf'), 'utf8') : null),
  };
}

/** Runs the script once on a request, as one connection would: its answer line and exit status. */
export function runPrivileged(root: string, input: string): Promise<{ answer: string; status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(privilegedScript, [], { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', COPI_PRIVILEGED_ROOT: root } });
    let answer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (answer += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ answer, status, stderr }));
    child.stdin.on('error', () => {}); // the script may stop reading after its line
    child.stdin.end(input);
  });
}

export interface TestSocket {
  path: string;
  close(): Promise<void>;
}

/** A Unix stream socket that starts the script for each connection, handing it the connection itself. */
export async function startPrivilegedSocket(root: string): Promise<TestSocket> {
  const dir = mkdtempSync(join(tmpdir(), 'copi-sock-'));
  const path = join(dir, 'privileged.sock');
  const children = new Set<ReturnType<typeof spawn>>();
  const server = createServer({ pauseOnConnect: true }, (connection: Socket) => {
    const child = spawn(privilegedScript, [], {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', COPI_PRIVILEGED_ROOT: root }, stdio: [connection, connection, 'ignore'],
    });
    children.add(child);
    // The child holds its own copy of the descriptor; this side lets go of it.
    child.on('spawn', () => connection.destroy());
    child.on('close', () => children.delete(child));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    close: () => new Promise((resolve) => {
      for (const child of children) child.kill();
      server.close(() => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      });
    }),
  };
}
