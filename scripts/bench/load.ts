// The load generator: N keep-alive HTTP/1.1 connections on raw sockets, each sending its next GET
// as soon as the previous response is complete (closed loop), for a fixed time. Raw sockets instead
// of node:http or fetch because the client must stay far cheaper than the servers it measures:
// a hello-world server on one core answers tens of thousands of requests per second.
import { connect, type Socket } from 'node:net';

export interface Target {
  path: string;
  /** Requests are counted and timed per category too ("page", "list"...). */
  category: string;
  /** Sent as the Cookie header: a signed-in visitor's session. */
  cookie?: string;
}

export interface LoadOptions {
  port: number;
  connections: number;
  durationMs: number;
  /** Requests before this are sent but not counted (JIT, caches). */
  warmupMs: number;
  next: () => Target;
  requestTimeoutMs?: number;
}

export interface Latency {
  requests: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export interface LoadResult extends Latency {
  seconds: number;
  connections: number;
  errors: number;
  statuses: Record<string, number>;
  bytes: number;
  byCategory: Record<string, Latency>;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const measureFrom = started + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const samples = new Map<string, number[]>();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let bytes = 0;

  const worker = async () => {
    let connection: Connection | null = null;
    while (performance.now() < end) {
      const target = options.next();
      const sentAt = performance.now();
      try {
        connection ??= await Connection.open(options.port);
        const response = await connection.get(target.path, options.requestTimeoutMs ?? 10_000, target.cookie);
        const doneAt = performance.now();
        if (response.keepAlive === false) { connection.close(); connection = null; }
        if (sentAt < measureFrom || doneAt > end) continue;
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        bytes += response.bytes;
        let list = samples.get(target.category);
        if (!list) samples.set(target.category, (list = []));
        list.push(doneAt - sentAt);
      } catch {
        if (sentAt >= measureFrom) errors++;
        connection?.close();
        connection = null;
      }
    }
    connection?.close();
  };
  await Promise.all(Array.from({ length: options.connections }, worker));

  const seconds = options.durationMs / 1000;
  const byCategory = Object.fromEntries([...samples].map(([category, list]) => [category, summarize(list, seconds)]));
  return { ...summarize([...samples.values()].flat(), seconds), seconds, connections: options.connections, errors, statuses, bytes, byCategory };
}

/** Latency of `run` called one at a time, `samples` times after `warmup` calls (one client, no concurrency). */
export async function measureOneByOne(warmup: number, samples: number, run: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await run();
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await run();
    latencies.push(performance.now() - start);
  }
  return summarize(latencies, (performance.now() - started) / 1000);
}

export function summarize(latencies: number[], seconds: number): Latency {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    requests: sorted.length, rps: Math.round((sorted.length / seconds) * 10) / 10,
    p50Ms: round(at(50)), p95Ms: round(at(95)), p99Ms: round(at(99)), maxMs: round(sorted.at(-1) ?? NaN),
    meanMs: round(sorted.length ? total / sorted.length : NaN),
  };
}

interface Response {
  status: number;
  bytes: number;
  keepAlive: boolean;
}

/** One keep-alive connection with at most one request in flight. */
class Connection {
  private buffer: Buffer | null = null;
  private headEnd = -1;
  private status = 0;
  private contentLength = -1;
  private chunked = false;
  private keepAlive = true;
  private pending: { resolve: (response: Response) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null = null;
  private readonly socket: Socket;
  private readonly host: string;

  private constructor(socket: Socket, port: number) {
    this.socket = socket;
    this.host = `127.0.0.1:${port}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
      try {
        this.parse();
      } catch (error) {
        this.fail(error as Error);
        socket.destroy();
      }
    });
    socket.on('end', () => this.ended());
    socket.on('close', () => this.fail(new Error('connection closed')));
    socket.on('error', (error) => this.fail(error));
  }

  static open(port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => { socket.off('error', reject); resolve(new Connection(socket, port)); });
      socket.once('error', reject);
    });
  }

  get(path: string, timeoutMs: number, cookie?: string): Promise<Response> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.fail(new Error(`timeout after ${timeoutMs} ms`)); this.socket.destroy(); }, timeoutMs);
      this.pending = { resolve, reject, timer };
      this.headEnd = -1;
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.host}\r\nUser-Agent: copi-bench\r\nAccept: */*\r\nAccept-Language: fr\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}\r\n`);
    });
  }

  close() {
    this.socket.destroy();
  }

  private parse() {
    if (!this.pending || !this.buffer) return;
    const buffer = this.buffer;
    if (this.headEnd < 0) {
      const blank = buffer.indexOf('\r\n\r\n');
      if (blank < 0) return;
      const head = buffer.toString('latin1', 0, blank);
      this.status = Number(head.slice(9, 12));
      this.contentLength = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? -1);
      this.chunked = /\r\ntransfer-encoding:\s*chunked/i.test(head);
      this.keepAlive = !/\r\nconnection:\s*close/i.test(head);
      this.headEnd = blank + 4;
    }
    let end: number;
    if (this.status === 204 || this.status === 304 || (this.status >= 100 && this.status < 200)) end = this.headEnd;
    else if (this.chunked) end = chunkedBodyEnd(buffer, this.headEnd);
    else if (this.contentLength >= 0) end = buffer.length >= this.headEnd + this.contentLength ? this.headEnd + this.contentLength : -1;
    else return; // A body delimited by the end of the connection: see ended().
    if (end < 0) return;
    this.buffer = end < buffer.length ? buffer.subarray(end) : null;
    this.complete({ status: this.status, bytes: end, keepAlive: this.keepAlive });
  }

  private ended() {
    if (this.pending && this.headEnd >= 0 && !this.chunked && this.contentLength < 0) {
      this.complete({ status: this.status, bytes: this.buffer?.length ?? 0, keepAlive: false });
    }
  }

  private complete(response: Response) {
    const pending = this.pending!;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  private fail(error: Error) {
    if (!this.pending) return;
    const pending = this.pending;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.reject(error);
  }
}

/** Where a chunked body (starting at `start`) ends, or -1 while it is incomplete. Trailers are skipped. */
function chunkedBodyEnd(buffer: Buffer, start: number): number {
  let position = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', position);
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.toString('latin1', position, lineEnd).split(';')[0], 16);
    if (Number.isNaN(size)) throw new Error('malformed chunked body');
    position = lineEnd + 2;
    if (size === 0) {
      // Trailer lines, then an empty line.
      for (;;) {
        const trailerEnd = buffer.indexOf('\r\n', position);
        if (trailerEnd < 0) return -1;
        if (trailerEnd === position) return position + 2;
        position = trailerEnd + 2;
      }
    }
    if (buffer.length < position + size + 2) return -1;
    position += size + 2;
  }
}

/** A GET answered as JSON, for preparing the load (walking cursors); not timed. */
export async function getJson<T>(port: number, path: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
