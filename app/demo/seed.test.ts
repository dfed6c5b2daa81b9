import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { countDemo, removeDemoContent } from './seed.ts';

let box: TestBox;
beforeAll(() => { box = createTestBox({ demo: true }); });
afterAll(() => box.close());

const count = (where: string) => (box.deps.db.prepare(`SELECT count(*) AS n FROM elements WHERE deleted_at IS NULL AND ${where}`).get() as { n: number }).n;

describe('demo territory', () => {
  it('holds the real communes of the intercommunality with INSEE codes, postal codes and positions', () => {
    const communes = box.deps.db.prepare('SELECT * FROM communes').all() as { insee: string; postal_codes: string; lat: number; lon: number; epci_code: string }[];
    expect(communes.length).toBe(21);
    const dieulefit = communes.find((c) => c.insee === '26114')!;
    expect(JSON.parse(dieulefit.postal_codes)).toEqual(['26220']);
    expect(dieulefit.lat).toBeCloseTo(44.52, 1);
    expect(communes.every((c) => c.epci_code === '242600492')).toBe(true);
  });

  it('has about 30 persons, 15 organizations of the four kinds, 10 projects, 20 events past and future, 20 places, linked', () => {
    expect(count("type = 'person'")).toBe(30);
    expect(count("type = 'organization'")).toBeGreaterThanOrEqual(15);
    expect(new Set((box.deps.db.prepare("SELECT kind FROM elements WHERE type = 'organization'").all() as { kind: string }[]).map((r) => r.kind)).size).toBe(4);
    expect(count("type = 'project'")).toBeGreaterThanOrEqual(10);
    expect(count("type = 'event'")).toBe(20);
    expect(count(`type = 'event' AND starts_at < '${new Date().toISOString()}'`)).toBeGreaterThan(0);
    expect(count(`type = 'event' AND starts_at > '${new Date().toISOString()}'`)).toBeGreaterThan(0);
    expect(count("type = 'poi'")).toBe(20);
    expect((box.deps.db.prepare('SELECT count(*) AS n FROM links').get() as { n: number }).n).toBeGreaterThan(100);
    expect(count('is_demo = 0')).toBe(0);
  });

  it('one admin command removes the demo content and keeps what people created', async () => {
    const person = await box.register('real-person');
    const created = await box.json('/api/v1/elements', 'POST', { type: 'project', name: 'Vrai projet' }, person);
    expect(created.status).toBe(201);
    expect(removeDemoContent(box.deps.db)).toBe(118); // 97 elements, 9 classified ads, 12 needs and offers
    expect(countDemo(box.deps.db)).toBe(0);
    expect(count("name = 'Vrai projet'")).toBe(1);
    expect((box.deps.db.prepare('SELECT count(*) AS n FROM links WHERE is_demo = 1').get() as { n: number }).n).toBe(0);
    const home = await (await box.request('/')).text();
    expect(home).not.toContain('Marché paysan');
  });
});
