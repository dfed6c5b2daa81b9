// Booking rules through the real API on a real SQLite file: who may book, the approval flow, overlaps
// (adjacent slots allowed), recurring bookings refused on the one date that collides, DST, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { addLink } from '../links/storage.ts';
import ical, { type VEvent } from 'node-ical';

let box: TestBox;
let placeAdmin: Session;
let assoAdmin: Session;
let otherAdmin: Session;
let assoMember: Session;
let placeId: string;
let asso: string;
let other: string;

const created = async (response: Response) => {
  const body = await response.json() as { id: string };
  if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body.id;
};
const count = (table: string) => (box.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function newRoom(policy: 'open' | 'organizations' | 'approval', organizationIds: string[] = []) {
  return created(await box.json('/api/v1/rooms', 'POST', { placeId, name: `Salle ${policy} ${count('rooms')}`, capacity: 20, bookingPolicy: policy, organizationIds }, placeAdmin));
}

const book = (roomId: string, body: Record<string, unknown>, as: Session = assoAdmin) =>
  box.request(`/api/v1/rooms/${roomId}/bookings`, {
    method: 'POST', as, headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: JSON.stringify({ organizationId: asso, purpose: 'Réunion', ...body }),
  });

beforeAll(async () => {
  box = createTestBox();
  placeAdmin = await box.register('lieu-admin');
  assoAdmin = await box.register('asso-admin');
  otherAdmin = await box.register('autre-admin');
  assoMember = await box.register('asso-membre');
  placeId = await created(await box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', name: 'Tiers-lieu test' }, placeAdmin));
  asso = await created(await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Asso des potiers' }, assoAdmin));
  other = await created(await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Autre asso' }, otherAdmin));
  addLink(box.deps.db, { fromId: assoMember.personId, toId: asso, kind: 'member' });
});
afterAll(() => box.close());

describe('rooms', () => {
  it('are managed by the place admins only, shown on the place page and at /rooms/:id', async () => {
    const refused = await box.json('/api/v1/rooms', 'POST', { placeId, name: 'Intruse', bookingPolicy: 'open' }, assoAdmin);
    expect(refused.status).toBe(403);
    const roomId = await newRoom('open');
    expect((await box.json(`/api/v1/rooms/${roomId}`, 'PATCH', { capacity: 5 }, assoAdmin)).status).toBe(403);
    const patched = await box.json(`/api/v1/rooms/${roomId}`, 'PATCH', { capacity: 25, equipment: 'Vidéoprojecteur' }, placeAdmin);
    expect(await patched.json()).toMatchObject({ capacity: 25, equipment: 'Vidéoprojecteur', bookingPolicy: 'open' });
    const place = box.deps.db.prepare('SELECT slug FROM elements WHERE id = ?').get(placeId) as { slug: string };
    expect(await (await box.request(`/e/${place.slug}`)).text()).toContain(`/rooms/${roomId}`);
    const page = await box.request(`/rooms/${roomId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Vidéoprojecteur');
    expect((await box.request('/rooms/01900000-0000-7000-8000-000000000000')).status).toBe(404);
  });
});

describe('who may book', () => {
  it('an admin of the organization books an open room at once; a mere member or another organization cannot', async () => {
    const roomId = await newRoom('open');
    const ok = await book(roomId, { startsAt: '2027-01-12T18:00', endsAt: '2027-01-12T20:00' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ status: 'approved', slots: 1, startsAt: '2027-01-12T17:00:00.000Z' });

    const before = count('bookings');
    const member = await book(roomId, { startsAt: '2027-01-13T18:00', endsAt: '2027-01-13T20:00' }, assoMember);
    expect(member.status).toBe(403);
    expect((await member.json()).error.field).toBe('organizationId');
    const foreign = await book(roomId, { organizationId: other, startsAt: '2027-01-13T18:00', endsAt: '2027-01-13T20:00' });
    expect(foreign.status).toBe(403);
    expect(count('bookings')).toBe(before);
  });

  it('a room kept for chosen organizations refuses the admin of another one', async () => {
    const roomId = await newRoom('organizations', [other]);
    const wrong = await book(roomId, { startsAt: '2027-01-14T18:00', endsAt: '2027-01-14T20:00' });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error).toMatchObject({ code: 'forbidden', field: 'organizationId' });
    const right = await book(roomId, { organizationId: other, startsAt: '2027-01-14T18:00', endsAt: '2027-01-14T20:00' }, otherAdmin);
    expect(right.status).toBe(201);
  });

  it('a room on approval keeps the request pending (holding its slot) until a place admin answers; the organization sees the answer', async () => {
    const roomId = await newRoom('approval');
    const request = await book(roomId, { startsAt: '2027-01-15T18:00', endsAt: '2027-01-15T20:00', purpose: 'Assemblée générale' });
    const booking = await request.json() as { id: string; status: string };
    expect(booking.status).toBe('pending');
    // A pending request blocks the slot: first come, first served.
    const second = await book(roomId, { organizationId: other, startsAt: '2027-01-15T19:00', endsAt: '2027-01-15T21:00' }, otherAdmin);
    expect(second.status).toBe(409);

    expect((await box.json(`/api/v1/rooms/bookings/${booking.id}/approve`, 'POST', {}, assoAdmin)).status).toBe(403);
    const approved = await box.json(`/api/v1/rooms/bookings/${booking.id}/approve`, 'POST', { message: 'Clés à la mairie' }, placeAdmin);
    expect(await approved.json()).toMatchObject({ status: 'approved', answer: 'Clés à la mairie' });
    expect((await box.json(`/api/v1/rooms/bookings/${booking.id}/refuse`, 'POST', {}, placeAdmin)).status).toBe(409);

    const mine = await (await box.request('/api/v1/rooms/bookings', { as: assoAdmin })).json() as { notices: { bookingId: string; status: string; message: string }[] };
    expect(mine.notices[0]).toMatchObject({ bookingId: booking.id, status: 'approved', message: 'Clés à la mairie' });
    const page = await (await box.request('/rooms/bookings', { as: assoAdmin })).text();
    expect(page).toContain('Clés à la mairie');
  });

  it('a refused request gives its slot back', async () => {
    const roomId = await newRoom('approval');
    const booking = await (await book(roomId, { startsAt: '2027-01-16T10:00', endsAt: '2027-01-16T12:00' })).json() as { id: string };
    const refused = await box.json(`/api/v1/rooms/bookings/${booking.id}/refuse`, 'POST', { message: 'Salle en travaux' }, placeAdmin);
    expect(await refused.json()).toMatchObject({ status: 'refused', answer: 'Salle en travaux' });
    expect((await book(roomId, { organizationId: other, startsAt: '2027-01-16T10:00', endsAt: '2027-01-16T12:00' }, otherAdmin)).status).toBe(201);
  });

  it('an approved booking asked public becomes an event of the organization on the agenda', async () => {
    const roomId = await newRoom('open');
    const response = await book(roomId, { startsAt: '2027-02-02T20:00', endsAt: '2027-02-02T22:00', purpose: 'Soirée jeux', publicEvent: true });
    const booking = await response.json() as { eventId: string };
    expect(booking.eventId).toBeTruthy();
    const event = await (await box.request(`/api/v1/elements/${booking.eventId}`)).json() as { type: string; name: string; startsAt: string };
    expect(event).toMatchObject({ type: 'event', name: 'Soirée jeux' });
    expect(Date.parse(event.startsAt)).toBe(Date.parse('2027-02-02T19:00:00Z'));
  });
});

describe('no double booking', () => {
  it('refuses an overlapping slot with a 409 naming the room, the date and the time; adjacent slots are fine', async () => {
    const roomId = await newRoom('open');
    expect((await book(roomId, { startsAt: '2027-01-21T18:00', endsAt: '2027-01-21T20:00' })).status).toBe(201);
    expect((await book(roomId, { startsAt: '2027-01-21T20:00', endsAt: '2027-01-21T22:00' })).status).toBe(201);
    expect((await book(roomId, { startsAt: '2027-01-21T16:00', endsAt: '2027-01-21T18:00' })).status).toBe(201);
    const before = count('bookings');
    const clash = await book(roomId, { startsAt: '2027-01-21T19:30', endsAt: '2027-01-21T20:30' });
    expect(clash.status).toBe(409);
    const { error } = await clash.json() as { error: { code: string; message: string; taken: { startsAt: string } } };
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/^“Salle open \d+” is already booked on 2027-01-21, 18:00–20:00 \(Europe\/Paris\)$/);
    expect(error.taken.startsAt).toBe('2027-01-21T17:00:00.000Z');
    expect(count('bookings')).toBe(before);
  });

  it('refuses a recurring booking that collides on one occurrence, naming that date, and writes nothing', async () => {
    const roomId = await newRoom('open');
    expect((await book(roomId, { organizationId: other, startsAt: '2027-02-18T19:00', endsAt: '2027-02-18T21:00' }, otherAdmin)).status).toBe(201);
    const slots = count('booking_slots');
    const weekly = await book(roomId, { startsAt: '2027-01-07T18:00', endsAt: '2027-01-07T20:00', rrule: 'FREQ=WEEKLY;BYDAY=TH', until: '2027-06-30' });
    expect(weekly.status).toBe(409);
    expect((await weekly.json()).error.message).toContain('on 2027-02-18, 19:00–21:00');
    expect(count('booking_slots')).toBe(slots);

    const elsewhere = await book(roomId, { startsAt: '2027-01-07T17:00', endsAt: '2027-01-07T19:00', rrule: 'FREQ=WEEKLY;BYDAY=TH', until: '2027-02-11' });
    expect(elsewhere.status).toBe(201);
    expect((await elsewhere.json()).slots).toBe(6);
  });

  it('cancels one date of a weekly booking: that slot is free for others, the rest stands, the feed and the public event skip it', async () => {
    const roomId = await newRoom('open');
    const response = await book(roomId, { startsAt: '2027-04-01T18:00', endsAt: '2027-04-01T20:00', rrule: 'FREQ=WEEKLY', until: '2027-04-29', purpose: 'Atelier couture', publicEvent: true });
    const booking = await response.json() as { id: string; slots: number; eventId: string };
    expect(booking.slots).toBe(5);
    const holiday = '2027-04-15T16:00:00.000Z';
    const cancelDate = (startsAt: string, as: Session = assoAdmin) => box.request(`/api/v1/rooms/bookings/${booking.id}/cancel-date`, {
      method: 'POST', as, headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ startsAt }),
    });
    expect((await cancelDate(holiday, otherAdmin)).status).toBe(403);
    const missing = await cancelDate('2027-04-16T16:00:00.000Z');
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.message).toBe('startsAt: This booking has no date at this time');

    expect((await cancelDate(holiday)).status).toBe(200);
    expect((await book(roomId, { organizationId: other, startsAt: '2027-04-15T18:00', endsAt: '2027-04-15T20:00' }, otherAdmin)).status).toBe(201);
    expect((await book(roomId, { organizationId: other, startsAt: '2027-04-22T18:00', endsAt: '2027-04-22T20:00' }, otherAdmin)).status).toBe(409);

    const feed = Object.values(ical.sync.parseICS(await (await box.request(`/rooms/${roomId}/calendar.ics`)).text()))
      .find((item) => item?.type === 'VEVENT' && String(item.summary).endsWith('Atelier couture')) as VEvent;
    expect([...new Set(Object.values(feed.exdate ?? {}).map((date) => (date as Date).toISOString()))]).toEqual([holiday]);
    const dates = await (await box.request(`/api/v1/events?from=2027-04-01&to=2027-04-30&element=${booking.eventId}`)).json() as { items: { startsAt: string }[] };
    expect(dates.items.map((item) => item.startsAt)).not.toContain(holiday);
    expect(dates.items).toHaveLength(4);
  });

  it('cancels a date from the room page without JavaScript, for the organization but not for others', async () => {
    const roomId = await newRoom('open');
    const booking = await (await book(roomId, { startsAt: '2027-11-02T10:00', endsAt: '2027-11-02T11:00', rrule: 'FREQ=WEEKLY;COUNT=3' })).json() as { id: string };
    const weekOf = (as?: Session) => box.request(`/rooms/${roomId}?week=2027-11-08`, { as }).then((page) => page.text());
    expect(await weekOf(otherAdmin)).not.toContain('/cancel-date');
    const page = await weekOf(assoAdmin);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    expect(page).toContain(`/rooms/bookings/${booking.id}/cancel-date`);
    const cancelled = await box.request(`/rooms/bookings/${booking.id}/cancel-date`, {
      method: 'POST', as: assoAdmin, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, startsAt: '2027-11-09T09:00:00.000Z', back: `/rooms/${roomId}?week=2027-11-08` }),
    });
    expect(cancelled.status).toBe(303);
    expect(page).toContain('value="2027-11-09T09:00:00.000Z"');
    expect(await weekOf(assoAdmin)).not.toContain('value="2027-11-09T09:00:00.000Z"');
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM booking_slots WHERE booking_id = ?').get(booking.id)).toEqual({ n: 2 });
  });

  it('keeps a weekly slot at its local time across the March change, and still collides there', async () => {
    const roomId = await newRoom('open');
    const weekly = await book(roomId, { startsAt: '2027-03-04T18:00', endsAt: '2027-03-04T20:00', rrule: 'FREQ=WEEKLY;COUNT=8' });
    expect(weekly.status).toBe(201);
    const week = await (await box.request(`/api/v1/rooms/${roomId}/week?week=2027-04-01`)).json() as { days: { date: string; slots: { startsAt: string }[] }[] };
    // Winter: 18:00 is 17:00 UTC; summer (after 28 March): 16:00 UTC.
    expect(week.days.find((day) => day.date === '2027-04-01')!.slots.map((slot) => slot.startsAt)).toEqual(['2027-04-01T16:00:00.000Z']);
    const clash = await book(roomId, { organizationId: other, startsAt: '2027-04-01T19:30', endsAt: '2027-04-01T21:00' }, otherAdmin);
    expect(clash.status).toBe(409);
    expect((await clash.json()).error.message).toContain('on 2027-04-01, 18:00–20:00');
    expect((await book(roomId, { organizationId: other, startsAt: '2027-04-01T20:00', endsAt: '2027-04-01T21:00' }, otherAdmin)).status).toBe(201);
    expect((await book(roomId, { organizationId: other, startsAt: '2027-04-01T16:00', endsAt: '2027-04-01T18:00' }, otherAdmin)).status).toBe(201);
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['end before start', { startsAt: '2027-05-03T20:00', endsAt: '2027-05-03T18:00' }, 422, 'endsAt'],
    ['end equal to start', { startsAt: '2027-05-03T20:00', endsAt: '2027-05-03T20:00' }, 422, 'endsAt'],
    ['a slot of more than 7 days', { startsAt: '2027-05-03T20:00', endsAt: '2027-05-13T20:00' }, 422, 'endsAt'],
    ['a slot already over', { startsAt: '2020-05-03T18:00', endsAt: '2020-05-03T20:00' }, 422, 'startsAt'],
    ['a recurring booking with no end', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00', rrule: 'FREQ=WEEKLY' }, 422, 'until'],
    ['a 10,000-occurrence rule', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00', rrule: 'FREQ=DAILY;COUNT=10000' }, 422, 'rrule'],
    ['a rule running past 2 years', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00', rrule: 'FREQ=MONTHLY;UNTIL=20300101T000000Z' }, 422, 'until'],
    ['an hourly rule', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T18:30', rrule: 'FREQ=HOURLY;COUNT=5' }, 422, 'rrule'],
    ['an invalid rule', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00', rrule: 'FREQ=WEEKLY;BYDAY=XX;COUNT=3' }, 422, 'rrule'],
    ['occurrences overlapping one another', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-05T20:00', rrule: 'FREQ=DAILY;COUNT=3' }, 422, 'rrule'],
    ['no purpose', { purpose: '', startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00' }, 422, 'purpose'],
    ['an unknown organization', { organizationId: '01900000-0000-7000-8000-000000000000', startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00' }, 422, 'organizationId'],
    ['a date that is not one', { startsAt: 'next thursday', endsAt: '2027-05-03T20:00' }, 422, 'startsAt'],
    ['an unknown field', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00', room: 'x' }, 422, 'room'],
  ];

  it.each(cases)('%s → a clear 4xx on its field, nothing written', async (_name, body, status, field) => {
    const roomId = await newRoom('open');
    const before = [count('bookings'), count('booking_slots')];
    const response = await book(roomId, body);
    expect(response.status).toBe(status);
    const { error } = await response.json() as { error: { field: string; message: string } };
    expect(error.field).toBe(field);
    expect(error.message.length).toBeGreaterThan(5);
    expect([count('bookings'), count('booking_slots')]).toEqual(before);
  });

  it('an unknown room is a 404, an anonymous visitor a 401', async () => {
    expect((await book('01900000-0000-7000-8000-000000000000', { startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00' })).status).toBe(404);
    const roomId = await newRoom('open');
    expect((await box.json(`/api/v1/rooms/${roomId}/bookings`, 'POST', { organizationId: asso, purpose: 'x', startsAt: '2027-05-03T18:00', endsAt: '2027-05-03T20:00' })).status).toBe(401);
  });

  it('answers in French when asked', async () => {
    const roomId = await newRoom('open');
    await book(roomId, { startsAt: '2027-06-03T18:00', endsAt: '2027-06-03T20:00' });
    const response = await box.request(`/api/v1/rooms/${roomId}/bookings`, {
      method: 'POST', as: assoAdmin, headers: { 'content-type': 'application/json', 'accept-language': 'fr' },
      body: JSON.stringify({ organizationId: asso, purpose: 'x', startsAt: '2027-06-03T19:00', endsAt: '2027-06-03T21:00' }),
    });
    expect((await response.json()).error.message).toMatch(/^« Salle open \d+ » est déjà réservée le 2027-06-03, 18:00–20:00 \(Europe\/Paris\)$/);
  });
});

describe('pages', () => {
  it('book through the form (errors next to the fields, values kept), then show on the week and the door sheet', async () => {
    const roomId = await newRoom('open');
    const form = await box.request(`/rooms/${roomId}/book`, { as: assoAdmin });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    const cookie = `${assoAdmin.cookie}; ${form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')}`;
    const post = (fields: Record<string, string>) => box.request(`/rooms/${roomId}/book`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, organizationId: asso, ...fields }).toString(),
    });
    const bad = await post({ purpose: 'Répétition chorale', startsAt: '2027-03-10T20:00', endsAt: '2027-03-10T19:00' });
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('id="f-endsAt-error"');
    expect(badPage).toContain('value="Répétition chorale"');
    const good = await post({ purpose: 'Répétition chorale', startsAt: '2027-03-10T19:00', endsAt: '2027-03-10T21:00', rrule: 'FREQ=WEEKLY', until: '2027-04-30' });
    expect(good.status).toBe(303);
    const clash = await post({ purpose: 'Autre', startsAt: '2027-03-17T20:00', endsAt: '2027-03-17T22:00' });
    expect(clash.status).toBe(409);
    expect(await clash.text()).toContain('2027-03-17, 19:00–21:00');

    const week = await (await box.request(`/rooms/${roomId}?week=2027-03-17`)).text();
    expect(week).toContain('Répétition chorale');
    const sheet = await box.request(`/rooms/${roomId}/sheet?week=2027-03-15`);
    const sheetHtml = await sheet.text();
    expect(sheetHtml).toContain('@media print');
    expect(sheetHtml).toContain('size: A4');
    expect(sheetHtml).toContain('Répétition chorale');
  });
});

describe('the room feed', () => {
  it('is valid iCalendar with every active booking, a recurring one as an RRULE in the box time zone', async () => {
    const roomId = await newRoom('open');
    expect((await book(roomId, { startsAt: '2027-09-02T18:00', endsAt: '2027-09-02T20:00', rrule: 'FREQ=WEEKLY', until: '2027-10-28', purpose: 'Chorale' })).status).toBe(201);
    expect((await book(roomId, { startsAt: '2027-09-03T10:00', endsAt: '2027-09-03T12:00', purpose: 'Bureau' })).status).toBe(201);
    const response = await box.request(`/rooms/${roomId}/calendar.ics`);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('BEGIN:VTIMEZONE');
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;UNTIL=20271028T215959Z/);
    const parsed = Object.values(ical.sync.parseICS(text)).filter((item) => item?.type === 'VEVENT') as VEvent[];
    expect(parsed.map((event) => String(event.summary)).sort()).toEqual(['Asso des potiers · Bureau', 'Asso des potiers · Chorale']);
    const weekly = parsed.find((event) => String(event.summary).endsWith('Chorale'))!;
    expect(weekly.start.toISOString()).toBe('2027-09-02T16:00:00.000Z');
  });
});
