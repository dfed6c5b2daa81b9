// Notifications through the real app on a real SQLite file: the header count and the list, opening one,
// marking read, the settings, and the flows that notify (join requests and answers, invitations, bookings).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { transaction } from '../core/db/database.ts';
import { notify, type NewNotification } from './notify.ts';

let box: TestBox;
let alice: Session;
let bruno: Session;

const english = { 'accept-language': 'en' };
const page = async (path: string, as: Session) => (await box.request(path, { as, headers: english })).text();
const csrfOf = (session: Session) => /copi_csrf=([^;]+)/.exec(session.cookie)![1];
const postForm = (path: string, as: Session, fields: Record<string, string> = {}) => box.request(path, {
  method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded', ...english },
  body: new URLSearchParams({ _csrf: csrfOf(as), ...fields }).toString(),
});

interface Listed { id: string; kind: string; message: string; readAt: string | null; subjectUrl: string; openUrl: string }
const listOf = async (as: Session, query = '') =>
  (await (await box.request(`/api/v1/notifications${query}`, { as, headers: english })).json()) as { items: Listed[]; nextCursor: string | null; unread: number };

const tell = (notification: Omit<NewNotification, 'actorId'> & { actorId?: string | null }) =>
  transaction(box.deps.db, () => notify(box.deps.db, box.deps.live, { actorId: alice.personId, ...notification }));

const created = async (response: Response) => {
  const body = await response.json() as { id: string; slug: string };
  if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body;
};

beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
  bruno = await box.register('bruno');
});
afterAll(() => box.close());

describe('the notifications page', () => {
  it('shows a mention in the header count and the list, and opening it marks it read and leads to its subject', async () => {
    expect(await page('/', bruno)).toContain('>Notifications</a>');
    const [told] = [tell({ kind: 'mention', personIds: [bruno.personId], subjectUrl: '/e/alice#post-1', params: { name: 'the wall of alice' } })];
    expect(told).toEqual([bruno.personId]);

    const home = await page('/', bruno);
    expect(home).toContain('Notifications (1)');
    const list = await page('/notifications', bruno);
    expect(list).toContain('alice mentioned you in the wall of alice');
    const [item] = (await listOf(bruno)).items;
    expect(list).toMatch(new RegExp(`class="notification unread" data-notification="${item.id}"`));

    const opened = await box.request(item.openUrl, { as: bruno });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/e/alice#post-1');
    expect(await page('/', bruno)).not.toContain('Notifications (1)');
    expect((await listOf(bruno)).items[0].readAt).not.toBeNull();
  });

  it('never tells the actor of their own act, nor a person without an account', () => {
    expect(tell({ kind: 'mention', personIds: [alice.personId], subjectUrl: '/' })).toEqual([]);
  });

  it('does not follow a subject that leads off the box', async () => {
    tell({ kind: 'mention', personIds: [bruno.personId], subjectUrl: '//elsewhere.example/x' });
    const [item] = (await listOf(bruno)).items;
    const opened = await box.request(item.openUrl, { as: bruno });
    expect(opened.headers.get('location')).toBe('/notifications');
  });

  it('pages through older notifications by cursor, newest first', async () => {
    for (let i = 0; i < 25; i++) tell({ kind: 'comment', personIds: [bruno.personId], subjectUrl: `/e/alice#c${i}`, params: { name: `post ${i}` } });
    const first = await listOf(bruno, '?limit=20');
    expect(first.items).toHaveLength(20);
    expect(first.items[0].message).toBe('alice commented on post 24');
    const second = await listOf(bruno, `?limit=20&cursor=${first.nextCursor}`);
    expect(second.items[0].message).toBe('alice commented on post 4');
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(first.items.length + second.items.length);
    const html = await page('/notifications', bruno);
    expect(html).toContain(`/notifications?cursor=${first.nextCursor}`);
  });

  it('marks one read, then all read, from the page without JavaScript', async () => {
    const before = await listOf(bruno);
    const unreadOne = before.items.find((item) => item.readAt === null)!;
    expect((await postForm(`/notifications/${unreadOne.id}/read`, bruno)).status).toBe(303);
    expect((await listOf(bruno)).unread).toBe(before.unread - 1);
    expect((await postForm('/notifications/read-all', bruno)).status).toBe(303);
    expect((await listOf(bruno)).unread).toBe(0);
    expect(await page('/notifications', bruno)).not.toContain('notification unread');
  });

  it('marks read through the API by ids or all, and refuses what is not a list of ids', async () => {
    tell({ kind: 'mention', personIds: [bruno.personId], subjectUrl: '/' });
    tell({ kind: 'mention', personIds: [bruno.personId], subjectUrl: '/' });
    const [newest] = (await listOf(bruno)).items;
    expect(await (await box.json('/api/v1/notifications/read', 'POST', { ids: [newest.id] }, bruno)).json()).toEqual({ unread: 1 });
    // Someone else's notification is not theirs to mark.
    expect(await (await box.json('/api/v1/notifications/read', 'POST', { all: true }, alice)).json()).toEqual({ unread: 0 });
    expect((await listOf(bruno)).unread).toBe(1);
    const bad = await box.json('/api/v1/notifications/read', 'POST', { ids: ['not-an-id'] }, bruno);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('ids');
    expect(await (await box.json('/api/v1/notifications/read', 'POST', { all: true }, bruno)).json()).toEqual({ unread: 0 });
  });

  it('is for signed-in persons: the page sends to sign in, the API and the stream answer 401', async () => {
    expect((await box.request('/notifications')).headers.get('location')).toBe('/login?next=%2Fnotifications');
    expect((await box.request('/api/v1/notifications')).status).toBe(401);
    expect((await box.request('/notifications/live')).status).toBe(401);
    const [item] = (await listOf(bruno)).items;
    expect((await box.request(item.openUrl, { as: alice })).status).toBe(404);
  });
});

describe('notification settings', () => {
  it('a kind turned off on the settings page is no longer kept', async () => {
    const fields = { 'kind.invitation': 'on', 'kind.join_request': 'on', 'kind.join_answer': 'on', 'kind.comment': 'on', 'kind.wall_post': 'on', 'kind.moderation': 'on', 'kind.booking': 'on', 'kind.message': 'on', 'kind.aid_match': 'on', 'kind.coop': 'on' };
    const saved = await postForm('/notifications/settings', bruno, fields);
    expect(saved.headers.get('location')).toBe('/notifications/settings?saved=1');
    expect(await (await box.request('/api/v1/notifications/settings', { as: bruno })).json()).toMatchObject({ off: ['mention'] });
    expect(await page('/notifications/settings', bruno)).toMatch(/id="kind-mention" name="kind.mention"(?! checked)/);

    expect(tell({ kind: 'mention', personIds: [bruno.personId], subjectUrl: '/' })).toEqual([]);
    expect(tell({ kind: 'comment', personIds: [bruno.personId], subjectUrl: '/' })).toEqual([bruno.personId]);
  });

  it('the API puts the kinds turned off, and refuses an unknown kind', async () => {
    const put = await box.json('/api/v1/notifications/settings', 'PUT', { off: ['comment'] }, bruno);
    expect(await put.json()).toMatchObject({ off: ['comment'] });
    expect(tell({ kind: 'mention', personIds: [bruno.personId], subjectUrl: '/' })).toEqual([bruno.personId]);
    const bad = await box.json('/api/v1/notifications/settings', 'PUT', { off: ['gossip'] }, bruno);
    expect(bad.status).toBe(422);
    expect(await (await box.request('/api/v1/notifications/settings', { as: bruno })).json()).toMatchObject({ off: ['comment'] });
    await box.json('/api/v1/notifications/settings', 'PUT', { off: [] }, bruno);
    await box.json('/api/v1/notifications/read', 'POST', { all: true }, bruno);
  });
});

describe('flows that notify', () => {
  it('a join request tells the admins; the answer tells the requester', async () => {
    const chorale = await created(await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Chorale' }, alice));
    const carla = await box.register('carla');
    await box.json(`/api/v1/elements/${chorale.id}/join`, 'POST', {}, carla);
    const [request] = (await listOf(alice)).items;
    expect(request).toMatchObject({ kind: 'join_request', message: 'carla asks to join Chorale', subjectUrl: `/e/${chorale.slug}` });

    await box.json(`/api/v1/elements/${chorale.id}/requests/approve`, 'POST', { personId: carla.personId }, alice);
    expect((await listOf(carla)).items[0]).toMatchObject({ kind: 'join_answer', message: 'Your request to join Chorale was accepted' });

    const dan = await box.register('dan');
    await box.json(`/api/v1/elements/${chorale.id}/join`, 'POST', {}, dan);
    await box.json(`/api/v1/elements/${chorale.id}/requests/decline`, 'POST', { personId: dan.personId }, alice);
    expect((await listOf(dan)).items[0]).toMatchObject({ kind: 'join_answer', message: 'Your request to join Chorale was declined' });
  });

  it('an invitation tells the invited person; accepting it tells the admins', async () => {
    const atelier = await created(await box.json('/api/v1/elements', 'POST', { type: 'project', name: 'Atelier vélo' }, alice));
    const emma = await box.register('emma');
    await box.json(`/api/v1/elements/${atelier.id}/invitations`, 'POST', { personId: emma.personId }, alice);
    expect((await listOf(emma)).items[0]).toMatchObject({ kind: 'invitation', message: 'alice invites you to join Atelier vélo' });
    await box.json(`/api/v1/elements/${atelier.id}/invitations/accept`, 'POST', {}, emma);
    expect((await listOf(alice)).items[0]).toMatchObject({ kind: 'join_request', message: 'emma joined Atelier vélo' });

    const { token } = await (await box.json(`/api/v1/elements/${atelier.id}/invitations`, 'POST', {}, alice)).json() as { token: string };
    const fred = await box.register('fred');
    await box.json(`/api/v1/invitations/${token}/accept`, 'POST', {}, fred);
    expect((await listOf(alice)).items[0]).toMatchObject({ kind: 'join_request', message: 'fred joined Atelier vélo' });
  });

  it('a booking request tells the place admins, the answer the organization admins, and the notices stay', async () => {
    const place = await created(await box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', name: 'Maison pour tous' }, alice));
    const asso = await created(await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Club photo' }, bruno));
    const room = await created(await box.json('/api/v1/rooms', 'POST', { placeId: place.id, name: 'Salle bleue', bookingPolicy: 'approval' }, alice));
    const booking = await created(await box.json(`/api/v1/rooms/${room.id}/bookings`, 'POST',
      { organizationId: asso.id, purpose: 'Expo', startsAt: '2031-03-04T18:00', endsAt: '2031-03-04T20:00' }, bruno));
    const [request] = (await listOf(alice)).items;
    expect(request).toMatchObject({ kind: 'booking', subjectUrl: '/rooms/bookings' });
    expect(request.message).toMatch(/^bruno asks to book Salle bleue for Club photo on Mar 4, 2031, 6:00\sPM$/);

    await box.json(`/api/v1/rooms/bookings/${booking.id}/approve`, 'POST', { message: 'OK' }, alice);
    expect((await listOf(bruno)).items[0].message).toMatch(/^The booking of Salle bleue for Club photo on Mar 4, 2031, 6:00\sPM was approved$/);
    const mine = await (await box.request('/api/v1/rooms/bookings', { as: bruno })).json() as { notices: { bookingId: string; status: string }[] };
    expect(mine.notices[0]).toMatchObject({ bookingId: booking.id, status: 'approved' });
  });
});
