// One-page sites through the real app: published by an organization's admin, read by anyone (public content
// only), unpublished ones hidden, addresses reserved or taken refused, the contact form reaching the admins'
// inbox, and the module switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { saveModulesOff } from '../modules/modules.ts';
import { addLink } from '../links/storage.ts';
import { sql } from '../core/db/database.ts';

let box: TestBox;
let admin: Session;
let stranger: Session;
let club: { id: string; slug: string };

const create = async (as: Session, body: Record<string, unknown>) => {
  const response = await box.json('/api/v1/elements', 'POST', body, as);
  if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; slug: string };
};

/** A form post: the CSRF token and cookie come from a page opened first (as the visitor, signed in or not). */
async function postForm(path: string, fields: Record<string, string>, as?: Session, from = '/login') {
  const page = await box.request(from, { as });
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const cookie = [as?.cookie, ...page.headers.getSetCookie().map((c) => c.split(';')[0])].filter(Boolean).join('; ');
  return box.request(path, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, ...fields }).toString(), redirect: 'manual',
  });
}

const siteForm = (slug: string, published = true) => ({
  slug, layout: 'banner', colour: '#AA3300', ...(published ? { published: 'on' } : {}),
  'section:about': 'on', 'section:news': 'on', 'section:events': 'on', 'section:members': 'on', 'section:contact': 'on', 'section:map': 'on',
});

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('presidente');
  stranger = await box.register('passant');
  await box.json(`/api/v1/elements/${admin.personId}`, 'PATCH', { visibility: 'public' }, admin);
  club = await create(admin, {
    type: 'organization', kind: 'association', name: 'Les Jardins Partagés', visibility: 'public', description: 'Un **potager** collectif.',
    communeInsee: '26056', lat: 44.5787, lon: 5.151,
  });
  addLink(box.deps.db, { fromId: stranger.personId, toId: club.id, kind: 'member' });
  const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
  await create(admin, { type: 'event', kind: 'workshop', name: 'Atelier semis', visibility: 'public', startsAt: soon(20), organizerId: club.id });
  await create(admin, { type: 'event', kind: 'meeting', name: 'Réunion du bureau', visibility: 'members', startsAt: soon(21), organizerId: club.id });
  await box.json(`/api/v1/elements/${club.id}/posts`, 'POST', { body: 'Plantation des tomates samedi !', audience: 'public' }, admin);
  await box.json(`/api/v1/elements/${club.id}/posts`, 'POST', { body: 'Compte rendu interne', audience: 'members' }, admin);
});
afterAll(() => box.close());

describe('one-page sites', () => {
  it('are published by an admin of the organization and read by anyone, with public content only', async () => {
    expect((await postForm(`/p/new?element=${club.slug}`, siteForm('jardins'), stranger, '/p/new?element=' + club.slug)).status).toBe(403);
    const response = await postForm(`/p/new?element=${club.slug}`, siteForm('jardins'), admin, '/p/new?element=' + club.slug);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/p/jardins');
    const page = await (await box.request('/p/jardins')).text();
    expect(page).toContain('<strong>potager</strong>');
    expect(page).toContain('site-banner');
    expect(page).toContain('--site: #aa3300');
    expect(page).toContain('Atelier semis');
    expect(page).not.toContain('Réunion du bureau');
    expect(page).toContain('Plantation des tomates');
    expect(page).not.toContain('Compte rendu interne');
    // Members with a public profile only.
    expect(page).toContain('presidente');
    expect(page).not.toContain('passant');
    expect(page).toContain('action="/p/jardins/contact"');
    // No header of the box: the organization's own site.
    expect(page).not.toContain('class="top"');
    const api = await box.request('/api/v1/onepages/jardins');
    expect(api.status).toBe(200);
    expect(((await api.json()) as { events: { name: string }[] }).events.map((event) => event.name)).toEqual(['Atelier semis']);
  });

  it('answer 404 to anyone but the admins while unpublished', async () => {
    const unpublish = await postForm('/p/jardins/edit', siteForm('jardins', false), admin, '/p/jardins/edit');
    expect(unpublish.status).toBe(303);
    expect((await box.request('/p/jardins')).status).toBe(404);
    expect((await box.request('/p/jardins', { as: stranger })).status).toBe(404);
    expect((await box.request('/api/v1/onepages/jardins')).status).toBe(404);
    const preview = await box.request('/p/jardins', { as: admin });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('site-preview');
    await postForm('/p/jardins/edit', siteForm('jardins'), admin, '/p/jardins/edit');
    expect((await box.request('/p/jardins')).status).toBe(200);
  });

  it('refuse an address that is reserved or already taken', async () => {
    const project = await create(admin, { type: 'project', name: 'Grainothèque', visibility: 'public' });
    const reserved = await postForm(`/p/new?element=${project.slug}`, siteForm('edit'), admin, `/p/new?element=${project.slug}`);
    expect(reserved.status).toBe(422);
    expect(await reserved.text()).toContain('Cette adresse est réservée');
    const taken = await postForm(`/p/new?element=${project.slug}`, siteForm('jardins'), admin, `/p/new?element=${project.slug}`);
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Cette adresse est déjà prise');
    expect(sql(box.deps.db, 'SELECT count(*) AS n FROM onepages').get()).toEqual({ n: 1 });
  });

  it('pass a visitor’s message from the contact form to the admins’ inbox', async () => {
    const missing = await postForm('/p/jardins/contact', { authorName: '', replyTo: '', body: 'Bonjour' });
    expect(missing.status).toBe(422);
    const sent = await postForm('/p/jardins/contact', { authorName: 'Camille', replyTo: 'camille@example.org', body: 'Puis-je venir samedi ?' });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('/p/jardins?sent=1#contact');
    const row = sql(box.deps.db, `SELECT c.id FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
      WHERE m.person_id = ? AND c.subject_id = ?`).get(admin.personId, club.id);
    expect(row).toBeDefined();
  });

  it('disappear while the module is off', async () => {
    saveModulesOff(box.deps.db, ['onepage']);
    expect((await box.request('/p/jardins')).status).toBe(404);
    expect((await box.request('/api/v1/onepages/jardins')).status).toBe(404);
    saveModulesOff(box.deps.db, []);
    expect((await box.request('/p/jardins')).status).toBe(200);
  });
});
