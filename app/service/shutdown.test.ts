// Draining a real box in this process: idle keep-alive connections do not hold a stop, and a request
// still running at the deadline is cut so the database is closed anyway.
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../core/config.ts';
import { startBox } from '../server.ts';

const dir = mkdtempSync(join(tmpdir(), 'copi-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = () => readConfig({ COPI_DATA: dir, PORT: '0', HOST: '127.0.0.1', COPI_DEMO: '0' });

describe('stopping a box', () => {
  it('does not wait for an idle keep-alive connection', async () => {
    const box = await startBox(config(), () => {});
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      request(`${box.url}/healthz`, { agent }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); }).on('error', reject).end();
    });
    expect(status).toBe(200);
    expect(agent.freeSockets).not.toEqual({});
    // The deadline is far away: only closing the idle connection lets close() resolve before it.
    const closed = await Promise.race([box.close(60_000).then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 5_000, 'still open'))]);
    expect(closed).toBe('closed');
    expect(box.deps.db.open).toBe(false);
    agent.destroy();
  });

  it('cuts a request still running at the deadline, then closes the database', async () => {
    const box = await startBox(config(), () => {});
    // A client that sends half a body and never the rest.
    const stuck = request(`${box.url}/api/v1/elements`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': 100 } });
    const outcome = new Promise<string>((resolve) => {
      stuck.once('response', (res) => resolve(`answered ${res.statusCode}`));
      stuck.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    stuck.write('{"type":');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await box.close(300);
    expect(await outcome).toBe('ECONNRESET');
    expect(box.deps.db.open).toBe(false);
  });
});
