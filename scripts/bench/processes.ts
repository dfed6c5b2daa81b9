// Child processes of the bench: start one (pinned to a CPU when it can), wait until it answers,
// read its memory and CPU time from /proc, and make sure none outlives the bench.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

export interface Child {
  label: string;
  pid: number;
  port: number;
  process: ChildProcess;
  /** The last few KB the child printed, for error messages. */
  output(): string;
  exited: Promise<number | null>;
}

const running = new Set<Child>();

/** CPU pinning: servers on CPU 0, the load generator on CPU 1, so the client never steals the server's core. */
export function cpuPlan(): { pinned: boolean; serverCpu: number; clientCpu: number } {
  if (availableParallelism() < 2) return { pinned: false, serverCpu: 0, clientCpu: 0 };
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return { pinned: true, serverCpu: 0, clientCpu: 1 };
  } catch {
    return { pinned: false, serverCpu: 0, clientCpu: 0 };
  }
}

/** Pins every thread of this process (the load generator) to one CPU. */
export function pinSelf(cpu: number) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  label: string;
  script: string;
  cwd: string;
  env: Record<string, string>;
  port: number;
  cpu: number | null;
  /** V8 flags, the same for the box and its baselines (see boxNodeFlags in run.ts). */
  nodeFlags?: string[];
}

/** Starts `node <script>` with this Node binary; with taskset, which execs, so the pid is node's own. */
export function startNode(options: StartOptions): Child {
  const nodeArgs = [...(options.nodeFlags ?? []), options.script];
  const [command, args] = options.cpu === null
    ? [process.execPath, nodeArgs]
    : ['taskset', ['-c', String(options.cpu), process.execPath, ...nodeArgs]];
  const proc = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => { tail = (tail + chunk.toString('utf8')).slice(-8192); };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  if (proc.pid === undefined) throw new Error(`Could not start ${options.label}: ${options.script}`);
  const child: Child = { label: options.label, pid: proc.pid, port: options.port, process: proc, output: () => tail, exited };
  running.add(child);
  exited.then(() => running.delete(child));
  return child;
}

/** Polls GET /readyz until it answers 200; returns the milliseconds since `startedAt`. */
export async function waitReady(child: Child, startedAt: number, timeoutMs = 30_000): Promise<number> {
  let exitCode: number | null | undefined;
  child.exited.then((code) => { exitCode = code; });
  while (performance.now() - startedAt < timeoutMs) {
    if (exitCode !== undefined) throw new Error(`${child.label} exited (code ${exitCode}) before it was ready:\n${child.output()}`);
    if ((await status(child.port, '/readyz')) === 200) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${child.label} was not ready after ${timeoutMs} ms:\n${child.output()}`);
}

function status(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
    req.end();
  });
}

/** Stops a child with SIGTERM (the box checkpoints its database), then SIGKILL after a grace period. */
export async function stop(child: Child, graceMs = 5000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stop(child)));
}

/** Last resort on exit or a signal: no child may outlive the bench. */
export function killAllNow() {
  for (const child of running) {
    try { child.process.kill('SIGKILL'); } catch { /* already gone */ }
  }
}

export interface Memory {
  rssKiB: number;
  /** Peak resident set size since the process started (VmHWM). */
  hwmKiB: number;
}

export function readMemory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}

let clockTicks = 0;

/** User + system CPU time of a process, in seconds. */
export function readCpuSeconds(pid: number): number {
  clockTicks ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: utime is the 14th, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Samples VmRSS every `everyMs` while a load runs; `stop()` returns the largest sample and the final VmHWM. */
export function sampleMemory(pid: number, everyMs = 100) {
  let maxRssKiB = 0;
  const take = () => {
    try { maxRssKiB = Math.max(maxRssKiB, readMemory(pid).rssKiB); } catch { /* process gone */ }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop(): { maxRssKiB: number; hwmKiB: number; rssKiB: number } {
      clearInterval(timer);
      take();
      const memory = readMemory(pid);
      return { maxRssKiB, hwmKiB: memory.hwmKiB, rssKiB: memory.rssKiB };
    },
  };
}
