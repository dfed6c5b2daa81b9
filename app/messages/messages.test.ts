// In-box messages: contacting an ad's author starts a conversation they see and are told of; only its members
// read and answer it; a visitor without an account writes through an element's contact form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { csrfOf } from '../media/testing.ts';
import { addLink } from '../links/storage.ts';
import { contactElementAdmins } from './actions.ts';

let box: TestBox;
let seller: Session;
let buyer: Session;
let stranger: Session;
let ad: { id: string; slug: string };

const form = async (as: Session, path: string, fields: Record<string, string>, csrfFrom: string) => {
  const csrf = await csrfOf(box, as, csrfFrom);
  return box.request(path, { method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
};
const notificationsOf = (personId: string) =>
  box.deps.db.prepare("SELECT subject_url, params FROM notifications WHERE person_id = ? AND kind = 'message' ORDER BY id").all(personId) as
    { subject_url: string; params: string }[];

beforeAll(async () => {
  box = createTestBox();
  seller = await box.register('vendeuse');
  buyer = await box.register('acheteur');
  stranger = await box.register('curieux');
  const response = await box.json('/api/v1/market', 'POST', { kind: 'sale', category: 'garden', name: 'Brouette', price: 30 }, seller);
  ad = (await response.json()) as typeof ad;
});
afterAll(() => box.close());

describe('in-box messages', () => {
  it('contacting the author from the ad\'s page starts a conversation the author sees, unread, and is notified of', async () => {
    const response = await form(buyer, `/market/${ad.slug}/contact`, { body: 'Bonjour, est-elle encore disponible ?' }, `/market/${ad.slug}`);
    expect(response.status).toBe(303);
    const url = response.headers.get('location')!;
    expect(url).toMatch(/^\/messages\/[\w-]+$/);
    expect(notificationsOf(seller.personId).map((row) => row.subject_url)).toEqual([url]);

    const inbox = await (await box.request('/messages', { as: seller, headers: { 'accept-language': 'en' } })).text();
    expect(inbox).toContain('class="conversation unread"');
    expect(inbox).toContain('<strong>Brouette</strong>');
    expect(inbox).toContain('With acheteur');
    const thread = await (await box.request(url, { as: seller })).text();
    expect(thread).toContain('Bonjour, est-elle encore disponible ?');
    // Opened: no longer unread.
    expect(await (await box.request('/messages', { as: seller })).text()).not.toContain('conversation unread');
    const list = (await (await box.request('/api/v1/messages', { as: seller })).json()) as { unread: number; items: { title: string }[] };
    expect(list).toMatchObject({ unread: 0, items: [{ title: 'Brouette' }] });
  });

  it('a stranger cannot read or answer it; its members answer and tell each other', async () => {
    const [{ id }] = ((await (await box.request('/api/v1/messages', { as: buyer })).json()) as { items: { id: string }[] }).items;
    expect((await box.request(`/api/v1/messages/${id}`, { as: stranger })).status).toBe(404);
    expect((await box.request(`/messages/${id}`, { as: stranger })).status).toBe(404);
    expect((await box.json(`/api/v1/messages/${id}`, 'POST', { body: 'Je m’incruste' }, stranger)).status).toBe(404);
    expect((await box.request(`/api/v1/messages/${id}`)).status).toBe(401);

    const answer = await form(seller, `/messages/${id}`, { body: 'Oui, passez samedi.' }, `/messages/${id}`);
    expect(answer.status).toBe(303);
    expect(notificationsOf(buyer.personId)).toHaveLength(1);
    const thread = (await (await box.request(`/api/v1/messages/${id}`, { as: buyer })).json()) as { messages: { body: string; author: { id: string } }[] };
    expect(thread.messages.map((message) => message.body)).toEqual(['Bonjour, est-elle encore disponible ?', 'Oui, passez samedi.']);
    // Writing again about the same ad adds to the same conversation.
    const again = await box.json('/api/v1/messages', 'POST', { elementId: ad.id, body: 'Parfait, à samedi.' }, buyer);
    expect(((await again.json()) as { conversationId: string }).conversationId).toBe(id);
  });

  it('refuses an empty message, one over 5,000 characters, and writing to oneself', async () => {
    const count = () => (box.deps.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    const before = count();
    const empty = await box.json('/api/v1/messages', 'POST', { elementId: ad.id, body: '   ' }, stranger);
    expect(empty.status).toBe(422);
    const long = await box.json('/api/v1/messages', 'POST', { elementId: ad.id, body: 'x'.repeat(5001) }, stranger);
    expect(long.status).toBe(422);
    expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/5\s000/u);
    expect((await box.json('/api/v1/messages', 'POST', { elementId: ad.id, body: 'Moi-même' }, seller)).status).toBe(403);
    const page = await form(stranger, `/market/${ad.slug}/contact`, { body: '' }, `/market/${ad.slug}`);
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Write a message first');
    expect(count()).toBe(before);
  });

  it('an ad published by an organization reaches its admins', async () => {
    const org = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Ressourcerie' }, seller)).json()) as { id: string };
    const member = await box.register('benevole');
    addLink(box.deps.db, { fromId: member.personId, toId: org.id, kind: 'member' });
    const orgAd = (await (await box.json('/api/v1/market', 'POST', { kind: 'gift', category: 'furniture', name: 'Chaises de la ressourcerie', organizerId: org.id }, member)).json()) as { id: string; slug: string };
    const sent = await box.json('/api/v1/messages', 'POST', { elementId: orgAd.id, body: 'Je peux passer ?' }, buyer);
    expect(sent.status).toBe(201);
    const { conversationId } = (await sent.json()) as { conversationId: string };
    const members = box.deps.db.prepare('SELECT person_id FROM conversation_members WHERE conversation_id = ?').all(conversationId) as { person_id: string }[];
    expect(members.map((row) => row.person_id).sort()).toEqual([buyer.personId, member.personId, seller.personId].sort());
    const page = await (await box.request(`/market/${orgAd.slug}`, { as: buyer })).text();
    expect(page).toContain('Ressourcerie');
  });

  it('a visitor without an account writes through a contact form with a name and how to answer them', async () => {
    const org = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Comité des fêtes' }, seller)).json()) as { id: string };
    expect(() => contactElementAdmins(box.deps, { fromViewer: null, elementId: org.id, body: 'Bonjour' })).toThrow(/name/);
    expect(() => contactElementAdmins(box.deps, { fromViewer: null, authorName: 'Léa', elementId: org.id, body: 'Bonjour' })).toThrow(/answer/);
    const { conversationId } = contactElementAdmins(box.deps, {
      fromViewer: null, authorName: 'Léa Martin', replyTo: 'lea@example.org', elementId: org.id, body: 'Quand est la prochaine réunion ?',
    });
    const notification = notificationsOf(seller.personId).at(-1)!;
    expect(JSON.parse(notification.params)).toMatchObject({ variant: 'visitor', author: 'Léa Martin', name: 'Comité des fêtes' });
    const thread = await (await box.request(`/messages/${conversationId}`, { as: seller, headers: { 'accept-language': 'en' } })).text();
    expect(thread).toContain('Léa Martin (visitor without an account)');
    expect(thread).toContain('lea@example.org');
    const notes = await (await box.request('/notifications', { as: seller, headers: { 'accept-language': 'en' } })).text();
    expect(notes).toContain('Léa Martin wrote to you through the page of Comité des fêtes');
  });
});
