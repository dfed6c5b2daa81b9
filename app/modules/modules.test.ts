import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { createElement } from '../elements/actions.ts';
import { toViewer, accountForSession } from '../accounts/storage.ts';
import { moduleIds, modulesOff, type ModuleId } from './modules.ts';

let box: TestBox;
let admin: Session;
let member: Session;

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('modadmin', { admin: true });
  member = await box.register('modmember');
});
afterAll(() => box.close());

const csrfOf = (session: Session) => session.cookie.split('; ').find((part) => part.startsWith('copi_csrf='))!.split('=')[1];

/** Ticks every module but those given, as the admin page's form does. */
function toggle(off: ModuleId[], as: Session = admin) {
  const fields: Record<string, string> = { _csrf: csrfOf(as) };
  for (const id of moduleIds) if (!off.includes(id)) fields[id] = 'on';
  return box.request('/admin/modules', { method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

const english = { 'accept-language': 'en' };

async function expectTurnedOff(path: string, message: string) {
  const response = await box.request(path, { as: member, headers: english });
  expect(response.status, path).toBe(404);
  const body = await response.text();
  expect(body, path).toContain(message);
}

describe('module toggles', () => {
  it('a turned-off module’s pages and API answer 404 saying it is off, and answer again once it is back on', async () => {
    expect((await toggle(['marketplace', 'agenda', 'search', 'live', 'sync'])).status).toBe(303);
    await expectTurnedOff('/market', 'The marketplace is turned off on this box');
    await expectTurnedOff('/api/v1/market', 'The marketplace is turned off on this box');
    await expectTurnedOff('/agenda', 'The agenda is turned off on this box');
    await expectTurnedOff('/admin/sync', 'Sync with other boxes is turned off on this box');
    await expectTurnedOff('/api/v1/sync', 'Sync with other boxes is turned off on this box');
    await expectTurnedOff('/sync/v1/hello', 'Sync with other boxes is turned off on this box');
    await expectTurnedOff('/api/v1/agenda.ics', 'The agenda is turned off on this box');
    await expectTurnedOff('/search?q=jardin', 'Search is turned off on this box');
    await expectTurnedOff('/api/v1/search?q=jardin', 'Search is turned off on this box');
    await expectTurnedOff('/live', 'The live feed is turned off on this box');
    await expectTurnedOff('/api/v1/live', 'The live feed is turned off on this box');
    const french = await box.request('/agenda', { headers: { 'accept-language': 'fr' } });
    expect(await french.text()).toContain('L’agenda est désactivé sur cette box');

    expect((await toggle([])).status).toBe(303);
    expect((await box.request('/agenda', { as: member })).status).toBe(200);
    expect((await box.request('/api/v1/agenda.ics')).status).toBe(200);
    expect((await box.request('/search?q=jardin', { as: member })).status).toBe(200);
    expect((await box.request('/live', { as: member })).status).toBe(200);
  });

  it('an event stays in the elements while the agenda is off, and the agenda shows it again once back on', async () => {
    const response = await box.json('/api/v1/elements', 'POST', {
      type: 'event', kind: 'meeting', communeInsee: '26114', name: 'Veillée contes au lavoir', startsAt: '2031-06-20T20:00:00+02:00', endsAt: '2031-06-20T22:00:00+02:00', visibility: 'public',
    }, member);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await toggle(['agenda']);
    const listed = (await (await box.request('/api/v1/elements?type=event')).json()) as { items: { id: string }[] };
    expect(listed.items.map((item) => item.id)).toContain(id);
    await toggle([]);
    expect(await (await box.request('/api/v1/agenda.ics')).text()).toContain('Veillée contes au lavoir');
  });

  it('a classified ad is absent from search while the marketplace is off, and found again once back on', async () => {
    const viewer = toViewer(accountForSession(box.deps.db, member.cookie.match(/copi_session=([^;]+)/)![1])!);
    const ad = createElement(box.deps, viewer, {
      type: 'classified', kind: 'sale', category: 'garden', name: 'Motoculteur Staub bien entretenu', price: '350', currency: 'EUR', visibility: 'public',
    });
    const found = async () => ((await (await box.request('/api/v1/search?q=motoculteur', { as: member })).json()) as { items: { id: string }[] }).items.map((item) => item.id);
    expect(await found()).toContain(ad.id);
    await toggle(['marketplace']);
    expect(await found()).not.toContain(ad.id);
    expect((await box.request(`/api/v1/elements/${ad.id}`, { as: member })).status).toBe(404);
    await toggle([]);
    expect(await found()).toContain(ad.id);
  });

  it('the menu hides a turned-off module’s entry and shows it again', async () => {
    await toggle(['marketplace', 'coop']);
    const off = await (await box.request('/', { as: member })).text();
    expect(off).not.toContain('href="/market"');
    expect(off).not.toContain('href="/coop"');
    expect(off).toContain('href="/aid"');
    await toggle([]);
    const on = await (await box.request('/', { as: member })).text();
    expect(on).toContain('href="/market"');
    expect(on).toContain('href="/coop"');
  });

  it('the 404 page of a turned-off module has no menu entry for it either', async () => {
    await toggle(['marketplace']);
    const page = await (await box.request('/market', { as: member, headers: english })).text();
    expect(page).toContain('The marketplace is turned off on this box');
    expect(page).not.toContain('href="/market"');
    await toggle([]);
  });

  it('the home page leaves out the search form and upcoming events of turned-off modules', async () => {
    await toggle(['search', 'agenda']);
    const off = await (await box.request('/', { headers: english })).text();
    expect(off).not.toContain('action="/search"');
    expect(off).not.toContain('Upcoming events');
    await toggle([]);
    const on = await (await box.request('/', { headers: english })).text();
    expect(on).toContain('action="/search"');
    expect(on).toContain('Upcoming events');
  });

  it('only a box admin can turn modules on or off', async () => {
    expect((await toggle(['marketplace'], member)).status).toBe(403);
    expect((await box.json('/api/v1/modules', 'PUT', { off: ['marketplace'] }, member)).status).toBe(403);
    expect((await box.json('/api/v1/modules', 'PUT', { off: ['marketplace'] })).status).toBe(401);
    expect((await box.request('/admin/modules', { as: member })).status).toBe(403);
    expect(modulesOff(box.deps.db).size).toBe(0);
  });

  it('the API lists the modules and lets a box admin turn some off; an unknown module is refused', async () => {
    const saved = await box.json('/api/v1/modules', 'PUT', { off: ['coop', 'netmaps'] }, admin);
    expect(saved.status).toBe(200);
    const listed = (await (await box.request('/api/v1/modules')).json()) as { modules: { id: string; on: boolean }[] };
    expect(listed.modules.filter((module) => !module.on).map((module) => module.id)).toEqual(['coop', 'netmaps']);
    expect((await box.json('/api/v1/modules', 'PUT', { off: ['mail'] }, admin)).status).toBe(422);
    expect([...modulesOff(box.deps.db)]).toEqual(['coop', 'netmaps']);
    await box.json('/api/v1/modules', 'PUT', { off: [] }, admin);
  });

  it('the admin page lists every module, federation included, ticked when on', async () => {
    await toggle(['rooms']);
    const page = await (await box.request('/admin/modules', { as: admin, headers: english })).text();
    expect(page).toMatch(/id="m-marketplace" name="marketplace" value="on" checked/);
    expect(page).not.toMatch(/id="m-rooms" name="rooms" value="on" checked/);
    expect(page).toMatch(/id="m-sync" name="sync" value="on" checked/);
    await toggle([]);
  });
});
