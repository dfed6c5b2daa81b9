// Real processes for the service tests: the box started by scripts/start.ts as copi.service starts it,
// and a notify socket listener standing in for systemd.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { freePort } from '../../../scripts/bench/processes.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface NotifyMessage {
  /** Milliseconds since the epoch, when the listener read it. */
  at: number;
  fields: Record<string, string>;
}

export interface NotifyListener {
  socketPath: string;
  messages: NotifyMessage[];
  /** Resolves with the first message (already received or to come) that has this field; calls `onArrival` synchronously. */
  waitFor(field: string, timeoutMs?: number, onArrival?: (message: NotifyMessage) => void): Promise<NotifyMessage>;
  close(): void;
}

/** Binds a Unix datagram socket at socketPath through app/service/testing/notify-listener.py. */
export async function startNotifyListener(socketPath: string): Promise<NotifyListener> {
  const child = spawn('python3', [fileURLToPath(new URL('notify-listener.py', import.meta.url)), socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const messages: NotifyMessage[] = [];
  const waiters: { field: string; resolve: (message: NotifyMessage) => void }[] = [];
  let listening!: () => void;
  const bound = new Promise<void>((resolve, reject) => {
    listening = resolve;
    child.once('exit', (code) => reject(new Error(`notify listener exited (${code})`)));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const parsed = JSON.parse(line) as NotifyMessage | { listening: string };
    if ('listening' in parsed) return listening();
    messages.push(parsed);
    for (const waiter of waiters.filter((w) => w.field in parsed.fields)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(parsed);
    }
  });
  await bound;
  return {
    socketPath,
    messages,
    waitFor(field, timeoutMs = 15_000, onArrival) {
      const seen = messages.find((m) => field in m.fields);
      if (seen) {
        onArrival?.(seen);
        return Promise.resolve(seen);
      }
      return new Promise<NotifyMessage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${field}= message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ field, resolve: (message) => { clearTimeout(timer); onArrival?.(message); resolve(message); } });
      });
    },
    close: () => { child.kill(); },
  };
}

export interface BoxProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output: () => string;
  /** Exit code, or the signal's name when killed by one. */
  exited: Promise<number | string>;
}

/** Starts `node <V8 flags of npm start> scripts/start.ts` on a free port of 127.0.0.1 with its data in dataDir. */
export async function spawnBox(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<BoxProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--max-old-space-size=96', '--max-semi-space-size=2', 'scripts/start.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, COPI_DATA: dataDir, HOST: '127.0.0.1', PORT: String(port), COPI_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output, exited: exitOf(child) };
}

/** Polls until the port accepts and /readyz answers 200; fails if the box exits first. */
export async function waitUntilServing(box: BoxProcess, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let exited = false;
  void box.exited.then(() => { exited = true; });
  while (Date.now() < until && !exited) {
    const status = await fetch(`${box.url}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`box not serving on ${box.url}:\n${box.output()}`);
}


function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode!);
    else child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
}
