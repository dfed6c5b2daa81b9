// The harness of the federation tests: real box processes on loopback ports, each with its own data,
// an admin, and a port that survives a crash and a restart.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxes, startBoxProcess, stopAll, type BoxProcess } from './box-process.ts';

let boxes: BoxProcess[] = [];
let a: BoxProcess;
let b: BoxProcess;

beforeAll(async () => {
  boxes = await startBoxes(2);
  [a, b] = boxes;
});
afterAll(() => stopAll(boxes));

const toSignIn = { status: 303, location: '/login?next=%2Fadmin%2Fsettings' };
const redirect = (response: Response) => ({ status: response.status, location: response.headers.get('location') });

describe('boxes as real processes', () => {
  it('two boxes start side by side on their own ports and data, and both are ready', async () => {
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(b.url).not.toBe(a.url);
    expect(b.dir).not.toBe(a.dir);
    for (const box of boxes) {
      expect(await (await box.request('/readyz')).json(), box.output()).toEqual({ status: 'ready' });
      // No demo content unless asked for: only the demo territory, which every box has.
      expect(box.output()).not.toContain('Demo territory seeded');
    }
  });

  it('each box has its own admin, who alone opens the admin settings', async () => {
    for (const box of boxes) {
      expect((await box.request('/admin/settings', { as: box.admin })).status, box.output()).toBe(200);
      expect(redirect(await box.request('/admin/settings'))).toEqual(toSignIn);
    }
    // A session belongs to its box: A's admin is a stranger on B.
    expect(redirect(await b.request('/admin/settings', { as: a.admin }))).toEqual(toSignIn);
  });

  it('an element created on A survives a kill -9 and a restart on the same port, with the admin still signed in', async () => {
    const created = await a.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Atelier vélo', communeInsee: '26114' }, a.admin);
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const url = a.url;
    await expect(a.restart()).rejects.toThrow(/box A .* is still running/);

    await a.kill();
    expect(a.lastExit()).toBe('SIGKILL');
    expect(await a.request('/readyz').then(() => 'answered', () => 'refused')).toBe('refused');

    await a.restart();
    expect(a.url).toBe(url);
    const read = await a.request(`/api/v1/elements/${id}`);
    expect(read.status, a.output()).toBe(200);
    expect(await read.json()).toMatchObject({ id, name: 'Atelier vélo' });
    expect((await a.request('/admin/settings', { as: a.admin })).status).toBe(200);
    expect((await b.request(`/api/v1/elements/${id}`)).status).toBe(404);
  });

  it('stop() ends the process cleanly with exit code 0', async () => {
    await b.stop();
    expect(b.lastExit()).toBe(0);
    expect(b.output()).toContain('Stopped cleanly');
  });

  it('a box that cannot start fails with its output in the error, and leaves no data folder behind', async () => {
    const error = await startBoxProcess({ name: 'broken', env: { COPI_BACKUP_AT: 'teatime' } }).then(
      async (box) => { await stopAll([box]); return new Error('the box started'); },
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/box broken \(data in (\S+)\) exited \(1\) before it was ready; its output:\n[^]*COPI_BACKUP_AT must be a time like 03:30/);
    expect(existsSync(/data in (\S+)\)/.exec(error.message)![1])).toBe(false);
  });

  it('a box started with demo: true has the demo content', async () => {
    const demo = await startBoxProcess({ name: 'demo', demo: true });
    try {
      expect(demo.output()).toMatch(/Demo territory seeded: \d+ demo elements/);
    } finally {
      await stopAll([demo]);
    }
  });
});
