// Real CoPi boxes as processes on loopback ports, for tests where boxes talk to each other over HTTP
// (federation): each runs `node <npm start's V8 flags> scripts/start.ts` with a data folder of its own,
// can be stopped, killed and restarted on the same port, and is killed if the test process exits.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Session } from '../../testing/test-box.ts';

export interface BoxOptions {
  /** A label for logs and error messages ('A', 'B'…). */
  name?: string;
  /** Seed the demo content on the first start (the demo territory is always seeded). */
  demo?: boolean;
  /** The box's COPI_DATA; by default a temp folder the harness makes, and stopAll removes. */
  dir?: string;
  /** More environment for the process (COPI_* settings); HOST, PORT and COPI_DATA are the harness's. */
  env?: Record<string, string>;
}

export interface BoxProcess {
  name: string;
  /** http://127.0.0.1:PORT, the same across restarts. */
  url: string;
  /** Its COPI_DATA. */
  dir: string;
  dbPath: string;
  /** A box admin account, created at the first start (kept across restarts). */
  admin: Session;
  /** Real HTTP through fetch; redirects are returned, not followed (as with createTestBox). */
  request(path: string, init?: RequestInit & { as?: Session }): Promise<Response>;
  json(path: string, method: string, body: unknown, as?: Session): Promise<Response>;
  /** SIGTERM and wait for exit (clean stop); rejects if the process does not exit 0. */
  stop(): Promise<void>;
  /** SIGKILL right now and wait for exit (a crash). */
  kill(): Promise<void>;
  /** Starts again on the SAME port and data dir; resolves when /readyz answers 200. */
  restart(): Promise<void>;
  /** Exit code of the last run, or its signal's name ('SIGKILL'); null while it runs. */
  lastExit(): number | string | null;
  /** What the process printed (stdout+stderr, every run), for assertions and failure messages. */
  output(): string;
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
const startTimeoutMs = 30_000;
// The box gives in-flight requests 10 s (STOP_DEADLINE_MS) then closes its database: past 20 s it is stuck.
const stopTimeoutMs = 20_000;
const outputLimit = 1024 * 1024;
const adminUsername = 'admin';
const adminPassword = 'correct horse battery';
const listeningLine = /CoPi listening on http:\/\/[^\s:]+:(\d+)/;

export async function startBoxProcess(options: BoxOptions = {}): Promise<BoxProcess> {
  const name = options.name ?? 'box';
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `copi-box-${name.replace(/[^\w-]/g, '_')}-`));
  const dbPath = join(dir, 'copi.db');
  let output = '';
  let running: Run | null = null;
  let port = 0;
  let lastExit: number | string | null = null;

  const append = (text: string) => {
    output += text;
    if (output.length > outputLimit) output = output.slice(-outputLimit);
  };
  const label = () => `box ${name} (data in ${dir})`;
  const failure = (what: string) => new Error(`${label()} ${what}; its output:\n${output}`);

  const launch = async () => {
    const run = spawnBox(dir, port, options, append);
    running = run;
    void run.exited.then((code) => {
      lastExit = code;
      if (running === run) running = null;
    });
    try {
      const listening = await waitForListening(run, startTimeoutMs);
      if (listening === 'timeout') throw failure(`did not start within ${startTimeoutMs / 1000} s`);
      if (listening === 'exited') throw failure(`exited (${lastExit}) before it was ready`);
      if (port !== 0 && listening !== port) throw failure(`listens on port ${listening}, not on its port ${port}`);
      port = listening;
      if (!(await readyz(`http://127.0.0.1:${port}`))) throw failure('listens but /readyz does not answer 200');
    } catch (error) {
      run.child.kill('SIGKILL');
      await run.exited;
      throw error;
    }
  };

  const endRun = async (signal: NodeJS.Signals) => {
    const run = running;
    if (!run) return;
    run.child.kill(signal);
    const timer = setTimeout(() => run.child.kill('SIGKILL'), stopTimeoutMs);
    const code = await run.exited;
    clearTimeout(timer);
    if (signal === 'SIGTERM' && code !== 0) throw failure(`did not stop cleanly (exit: ${code})`);
  };

  try {
    await launch();
  } catch (error) {
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const request = (path: string, init: RequestInit & { as?: Session } = {}) => {
    const { as, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (as) headers.set('cookie', as.cookie);
    return fetch(url + path, { redirect: 'manual', ...rest, headers });
  };
  const json = (path: string, method: string, body: unknown, as?: Session) =>
    request(path, { method, as, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  let admin: Session;
  try {
    admin = await signInAdmin(json, dbPath);
  } catch (error) {
    await endRun('SIGKILL');
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
    throw failure(`has no admin: ${error instanceof Error ? error.message : String(error)}`);
  }

  const box: BoxProcess = {
    name, url, dir, dbPath, admin, request, json,
    stop: () => endRun('SIGTERM'),
    kill: () => endRun('SIGKILL'),
    async restart() {
      if (running) throw new Error(`${label()} is still running: stop() or kill() it before restart()`);
      await launch();
    },
    lastExit: () => (running ? null : lastExit),
    output: () => output,
  };
  if (ownsDir) ownedDirs.add(box);
  return box;
}

/** Starts count boxes named A, B, C… in parallel; if one fails, the others are stopped and the error thrown. */
export async function startBoxes(count: number, options: Omit<BoxOptions, 'name' | 'dir'> = {}): Promise<BoxProcess[]> {
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => startBoxProcess({ ...options, name: String.fromCharCode(65 + i) })),
  );
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await stopAll(started).catch(() => {});
    throw failed.reason;
  }
  return started;
}

/** Stops every box cleanly (in parallel), then removes the data folders the harness made; throws the first failed stop. */
export async function stopAll(boxes: BoxProcess[]): Promise<void> {
  const results = await Promise.allSettled(boxes.map((box) => box.stop()));
  for (const box of boxes) {
    if (ownedDirs.has(box)) rmSync(box.dir, { recursive: true, force: true });
  }
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

const ownedDirs = new WeakSet<BoxProcess>();

interface Run {
  child: ChildProcess;
  /** Exit code, or the signal's name when killed by one. */
  exited: Promise<number | string>;
  /** What this run printed so far (for its "listening" line). */
  printed: () => string;
  onPrinted: (listener: () => void) => void;
}

function spawnBox(dir: string, port: number, options: BoxOptions, append: (text: string) => void): Run {
  const child = spawn(process.execPath, [...startFlags(), 'scripts/start.ts'], {
    cwd: root,
    // Only what the box needs: nothing of the test runner's own environment leaks into it.
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ,
      // No nightly backup during a test, and never the host's USB sticks.
      COPI_BACKUP_AT: 'off', COPI_USB_DIR: join(dir, 'no-usb'),
      ...options.env,
      COPI_DATA: dir, HOST: '127.0.0.1', PORT: String(port), COPI_DEMO: options.demo ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let printed = '';
  const listeners: (() => void)[] = [];
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    printed += text;
    append(text);
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return { child, exited: exitOf(child), printed: () => printed, onPrinted: (listener) => listeners.push(listener) };
}

/** The port of the "CoPi listening on" line, or why there is none. */
function waitForListening(run: Run, timeoutMs: number): Promise<number | 'timeout' | 'exited'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    const check = () => {
      const match = listeningLine.exec(run.printed());
      if (!match) return;
      clearTimeout(timer);
      resolve(Number(match[1]));
    };
    run.onPrinted(check);
    check();
    void run.exited.then(() => {
      clearTimeout(timer);
      resolve('exited');
    });
  });
}

/** The box sets itself ready before it prints its "listening" line: a few tries cover a slow first answer. */
async function readyz(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const status = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Registers the admin account (or signs it in again, on a data folder that already has it) and makes it box admin. */
async function signInAdmin(json: (path: string, method: string, body: unknown) => Promise<Response>, dbPath: string): Promise<Session> {
  const credentials = { username: adminUsername, password: adminPassword };
  let response = await json('/api/v1/auth/register', 'POST', credentials);
  if (response.status === 409) response = await json('/api/v1/auth/login', 'POST', credentials);
  if (!response.ok) throw new Error(`register ${adminUsername}: ${response.status} ${await response.text()}`);
  const { personId } = (await response.json()) as { personId: string };
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  // Like createTestBox: straight into the box's file (WAL: the running box reads it on its next request).
  const db = new Database(dbPath, { timeout: 5000 });
  try {
    db.prepare('UPDATE accounts SET is_box_admin = 1 WHERE person_id = ?').run(personId);
  } finally {
    db.close();
  }
  return { cookie, personId, username: adminUsername };
}

/** The V8 flags of `npm start`, read from package.json so the boxes always run with the box's heap limits. */
function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const match = /^node((?: --\S+)*) scripts\/start\.ts$/.exec(scripts.start);
  if (!match) throw new Error(`package.json's start script is no longer "node [--flags] scripts/start.ts": ${scripts.start}`);
  return match[1].split(' ').filter(Boolean);
}

// Every box still running when the test process exits is killed: none outlives its test run.
const live = new Set<ChildProcess>();
let exitHandler: (() => void) | null = null;

function killOnExit(child: ChildProcess) {
  if (!exitHandler) {
    exitHandler = () => {
      for (const running of live) running.kill('SIGKILL');
    };
    process.on('exit', exitHandler);
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}

function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode ?? child.signalCode!);
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    // Could not be spawned at all: there will be no 'exit'.
    child.once('error', () => resolve(child.exitCode ?? 'spawn error'));
  });
}
