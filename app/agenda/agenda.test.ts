import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let alice: Session;
beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
});
afterAll(() => box.close());

interface Occurrence { startsAt: string; endsAt: string | null; originalStart: string; moved: boolean; event: { id: string; name: string; organizers: string[] } }
interface Created { id: string; slug: string }

async function createEvent(fields: Record<string, unknown>, as: Session = alice): Promise<Created> {
  const response = await box.json('/api/v1/elements', 'POST', { type: 'event', kind: 'meeting', communeInsee: '26114', ...fields }, as);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Created;
}

async function occurrencesOf(query: string, as?: Session): Promise<Occurrence[]> {
  const response = await box.request(`/api/v1/events?${query}`, { as });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { items: Occurrence[] }).items;
}

const parisHour = (iso: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' }).format(new Date(iso));
const parisDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));
const eventCount = () => (box.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE type = 'event'").get() as { n: number }).n;

describe('agenda', () => {
  it('shows a weekly event on each Tuesday of a month at the same local time across the DST change', async () => {
    const event = await createEvent({ name: 'Répétition de la chorale', startsAt: '2027-03-02T18:00', endsAt: '2027-03-02T20:00', rrule: 'FREQ=WEEKLY;BYDAY=TU' });
    const items = (await occurrencesOf('from=2027-03-01&to=2027-03-31')).filter((item) => item.event.id === event.id);
    expect(items.map((item) => parisDay(item.startsAt))).toEqual(['2027-03-02', '2027-03-09', '2027-03-16', '2027-03-23', '2027-03-30']);
    expect(items.map((item) => parisHour(item.startsAt))).toEqual(['18:00', '18:00', '18:00', '18:00', '18:00']);
    // Clocks go forward on 28 March 2027: the same 18:00 is an hour earlier in UTC.
    expect(items[0].startsAt).toBe('2027-03-02T17:00:00.000Z');
    expect(items[4].startsAt).toBe('2027-03-30T16:00:00.000Z');
    const page = await (await box.request('/agenda?view=month&date=2027-03-01')).text();
    expect(page.split('Répétition de la chorale').length - 1).toBe(5);
    const week = await (await box.request('/agenda?view=week&date=2027-03-30')).text();
    expect(week.split('Répétition de la chorale').length - 1).toBe(1);
  });

  it('shows a long exhibition in every month it spans, and a weekend fair in the month it ends in', async () => {
    const exhibition = await createEvent({ name: 'Exposition des lavoirs', startsAt: '2028-01-10T10:00', endsAt: '2028-04-20T18:00' });
    const fair = await createEvent({ name: 'Foire de la Saint-Sylvestre', startsAt: '2028-04-30T10:00', endsAt: '2028-05-02T18:00' });
    for (const month of ['2028-01', '2028-02', '2028-03', '2028-04']) {
      const ids = (await occurrencesOf(`from=${month}-01&to=${month}-28`)).map((item) => item.event.id);
      expect(ids, month).toContain(exhibition.id);
    }
    const may = (await occurrencesOf('from=2028-05-01&to=2028-05-31')).map((item) => item.event.id);
    expect(may).toContain(fair.id);
    expect(may).not.toContain(exhibition.id);
  });

  it('hides a cancelled occurrence and shows a moved one at its new time', async () => {
    const event = await createEvent({ name: 'Atelier vélo', startsAt: '2027-05-04T18:00', endsAt: '2027-05-04T20:00', rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' });
    const cancel = await box.json(`/api/v1/events/${event.id}/occurrences/cancel`, 'POST', { originalStart: '2027-05-11T16:00:00.000Z' }, alice);
    expect(cancel.status).toBe(204);
    const move = await box.json(`/api/v1/events/${event.id}/occurrences/move`, 'POST', { originalStart: '2027-05-18T16:00:00.000Z', startsAt: '2027-05-20T08:00:00Z' }, alice);
    expect(move.status).toBe(204);
    const items = (await occurrencesOf('from=2027-05-01&to=2027-05-31')).filter((item) => item.event.id === event.id);
    expect(items.map((item) => [item.startsAt, item.endsAt, item.moved])).toEqual([
      ['2027-05-04T16:00:00.000Z', '2027-05-04T18:00:00.000Z', false],
      ['2027-05-20T08:00:00.000Z', '2027-05-20T10:00:00.000Z', true],
      ['2027-05-25T16:00:00.000Z', '2027-05-25T18:00:00.000Z', false],
    ]);
    const bob = await box.register('bob-mover');
    const refused = await box.json(`/api/v1/events/${event.id}/occurrences/cancel`, 'POST', { originalStart: '2027-05-25T16:00:00.000Z' }, bob);
    expect(refused.status).toBe(403);
    const notADate = await box.json(`/api/v1/events/${event.id}/occurrences/cancel`, 'POST', { originalStart: '2027-05-26T16:00:00.000Z' }, alice);
    expect(notADate.status).toBe(422);
    expect(((await notADate.json()) as { error: { field: string } }).error.field).toBe('originalStart');
  });

  it('keeps a 29 February yearly event to leap years', async () => {
    const event = await createEvent({ name: 'Fête bissextile', startsAt: '2028-02-29T19:00', rrule: 'FREQ=YEARLY' });
    const inYear = async (year: number) => (await occurrencesOf(`from=${year}-01-01&to=${year}-12-31`)).filter((item) => item.event.id === event.id);
    expect((await inYear(2028)).map((item) => parisDay(item.startsAt))).toEqual(['2028-02-29']);
    expect(await inYear(2029)).toEqual([]);
    expect((await inYear(2032)).map((item) => parisDay(item.startsAt))).toEqual(['2032-02-29']);
  });

  it.each([
    ['rrule', { startsAt: '2027-06-01T10:00', rrule: 'FREQ=SOMETIMES' }],
    ['rrule', { startsAt: '2027-06-01T10:00', rrule: 'FREQ=HOURLY' }],
    ['endsAt', { startsAt: '2027-06-01T10:00', endsAt: '2027-06-01T09:00' }],
    ['timezone', { startsAt: '2027-06-01T10:00', timezone: 'Mars/Olympus_Mons' }],
    ['startsAt', { startsAt: '2027-03-28T02:30' }],
  ])('refuses a bad %s with 422 naming the field, storing nothing', async (field, fields) => {
    const before = eventCount();
    const response = await box.json('/api/v1/elements', 'POST', { type: 'event', kind: 'meeting', name: 'Mauvais', ...fields }, alice);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    expect(eventCount()).toBe(before);
  });

  it('says the clocks jump when a single event is typed at a time that does not exist', async () => {
    const response = await box.json('/api/v1/elements', 'POST', { type: 'event', kind: 'meeting', name: 'Nuit', startsAt: '2027-03-28T02:30' }, alice);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/horloges cette nuit/); // the box speaks French by default
    // The same local time in another zone exists: it is accepted there.
    const elsewhere = await box.json('/api/v1/elements', 'POST', { type: 'event', kind: 'meeting', name: 'Nuit à Tokyo', startsAt: '2027-03-28T02:30', timezone: 'Asia/Tokyo' }, alice);
    expect(elsewhere.status).toBe(201);
    expect(((await elsewhere.json()) as { startsAt: string }).startsAt).toBe('2027-03-28T02:30:00+09:00');
  });

  it('leaves a members-only event out of the anonymous agenda and API', async () => {
    await createEvent({ name: 'Réunion du bureau', startsAt: '2027-07-06T18:00', visibility: 'members' });
    const anonymous = await occurrencesOf('from=2027-07-01&to=2027-07-31');
    expect(anonymous.map((item) => item.event.name)).not.toContain('Réunion du bureau');
    expect(await (await box.request('/agenda?view=list&date=2027-07-01')).text()).not.toContain('Réunion du bureau');
    expect((await occurrencesOf('from=2027-07-01&to=2027-07-31', alice)).map((item) => item.event.name)).toContain('Réunion du bureau');
  });

  it('puts people beyond the capacity on a waiting list and moves the first one up when someone leaves', async () => {
    const event = await createEvent({ name: 'Atelier pain', startsAt: '2027-08-03T09:00', capacity: 1 });
    const [carol, dave, erin] = [await box.register('carol'), await box.register('dave'), await box.register('erin')];
    const go = async (who: Session) => ((await (await box.json(`/api/v1/events/${event.id}/attendance`, 'PUT', { status: 'going' }, who)).json()) as { mine: string; waitingPosition: number | null });
    expect((await go(carol)).mine).toBe('going');
    expect(await go(dave)).toMatchObject({ mine: 'waiting', waitingPosition: 1 });
    expect(await go(erin)).toMatchObject({ mine: 'waiting', waitingPosition: 2 });
    expect((await box.json(`/api/v1/events/${event.id}/attendance`, 'DELETE', undefined, carol)).status).toBe(204);
    const status = async (who: Session) => ((await (await box.request(`/api/v1/events/${event.id}/attendance`, { as: who })).json()) as { mine: string; going: number; waiting: number });
    expect(await status(dave)).toMatchObject({ mine: 'going', going: 1, waiting: 1 });
    expect(await status(erin)).toMatchObject({ mine: 'waiting' });
    const page = await (await box.request(`/e/${event.slug}`, { as: erin })).text();
    expect(page).toContain('id="attendance"');
    // Raising the capacity moves the waiting list up too.
    expect((await box.json(`/api/v1/elements/${event.id}`, 'PATCH', { capacity: 5 }, alice)).status).toBe(200);
    expect(await status(erin)).toMatchObject({ mine: 'going', going: 2, waiting: 0 });
  });

  it('gathers my agenda: events I go to, am interested in, or organize', async () => {
    const frank = await box.register('frank');
    const mine = await createEvent({ name: 'Mon marché', startsAt: '2027-09-04T08:00' }, frank);
    const other = await createEvent({ name: 'Concert au temple', startsAt: '2027-09-10T20:30' });
    await createEvent({ name: 'Pas pour Frank', startsAt: '2027-09-11T20:30' });
    await box.json(`/api/v1/events/${other.id}/attendance`, 'PUT', { status: 'interested' }, frank);
    const items = await occurrencesOf('from=2027-09-01&to=2027-09-30&mine=1', frank);
    expect(items.map((item) => item.event.id)).toEqual([mine.id, other.id]);
    expect((await box.request('/api/v1/events?mine=1')).status).toBe(401);
    const page = await (await box.request('/me/agenda?view=list&date=2027-09-01', { as: frank })).text();
    expect(page).toContain('Concert au temple');
    expect(page).not.toContain('Pas pour Frank');
  });

  it.each([
    ['from', 'from=2027-02-30'],
    ['from', 'from=tomorrow'],
    ['to', 'from=2027-03-10&to=2027-03-01'],
    ['to', 'from=2027-01-01&to=2028-02-01'],
    ['zone', 'zone=nowhere'],
  ])('refuses a bad window or filter naming %s', async (field, query) => {
    const response = await box.request(`/api/v1/events?${query}`);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { field: string } }).error.field.split('.')[0]).toBe(field);
  });

  it('accepts a whole year, and filters by zone, kind and element', async () => {
    expect((await box.request('/api/v1/events?from=2027-01-01&to=2027-12-31')).status).toBe(200);
    expect((await occurrencesOf('from=2027-03-01&to=2027-03-31&zone=commune:26114')).length).toBeGreaterThan(0);
    expect(await occurrencesOf('from=2027-03-01&to=2027-03-31&zone=commune:26108')).toEqual([]);
    expect(await occurrencesOf('from=2027-03-01&to=2027-03-31&type=concert')).toEqual([]);
    const org = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Chorale du Jabron' }, alice)).json()) as Created;
    const event = await createEvent({ name: 'Concert de la chorale', kind: 'concert', startsAt: '2027-10-02T20:00', organizerId: org.id });
    const items = await occurrencesOf(`from=2027-10-01&to=2027-10-31&element=${org.id}`);
    expect(items.map((item) => [item.event.id, item.event.organizers])).toEqual([[event.id, ['Chorale du Jabron']]]);
    const page = await (await box.request('/e/chorale-du-jabron/agenda?view=list&date=2027-10-01')).text();
    expect(page).toContain('Concert de la chorale');
  });

  it('prints a week or a month programme', async () => {
    const response = await box.request('/agenda/print?span=month&date=2027-03-01');
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('class="programme"');
    expect(page).toContain('@media print');
    expect(page.split('Répétition de la chorale').length - 1).toBe(5);
  });

  it('builds the event form recurrence into an RRULE (first Saturday of the month, 3 times)', async () => {
    const form = await (await box.request('/new/event', { as: alice })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const body = new URLSearchParams({ _csrf: csrf, name: 'Marché du samedi', kind: 'market', startsAt: '2027-11-06T08:00', repeat: 'monthly',
      repeatMonthly: 'weekday', repeatEnd: 'count', repeatCount: '3', visibility: 'public' });
    const response = await box.request('/new/event', { method: 'POST', as: alice, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${alice.cookie}` }, body });
    expect(response.status).toBe(303);
    const row = box.deps.db.prepare("SELECT rrule FROM elements WHERE name = 'Marché du samedi'").get() as { rrule: string };
    expect(row.rrule).toBe('FREQ=MONTHLY;BYDAY=1SA;COUNT=3');
  });
});

describe('an event at a place of the box', () => {
  it('takes the place\'s address, shows on the place\'s agenda and links to it; only a visible place is accepted', async () => {
    const local = createTestBox();
    try {
      const host = await local.register('hote');
      const made = async (body: Record<string, unknown>) => local.json('/api/v1/elements', 'POST', body, host);
      const place = (await (await made({ type: 'poi', kind: 'place', name: 'Salle des fêtes de Bourdeaux', postalCode: '26460', locality: 'Bourdeaux' })).json()) as { id: string; slug: string };
      const response = await made({ type: 'event', kind: 'concert', name: 'Bal folk', startsAt: '2027-05-08T20:00', placeId: place.id });
      expect(response.status).toBe(201);
      const event = (await response.json()) as { slug: string; placeId: string; address: { communeInsee: string; locality: string } };
      expect(event.placeId).toBe(place.id);
      expect(event.address).toMatchObject({ communeInsee: '26056', locality: 'Bourdeaux' });
      const agenda = await (await local.request(`/e/${place.slug}/agenda?view=list&date=2027-05-08`)).text();
      expect(agenda).toContain('Bal folk');
      expect(await (await local.request(`/e/${event.slug}`)).text()).toContain(`href="/e/${place.slug}"`);
      const feed = await (await local.request(`/api/v1/agenda.ics?element=${place.id}`)).text();
      expect(feed.replace(/\r\n[ \t]/g, '')).toContain('LOCATION:Salle des fêtes de Bourdeaux\\, 26460 Bourdeaux');

      const secret = (await (await made({ type: 'poi', kind: 'place', name: 'Cave privée', visibility: 'private' })).json()) as { id: string };
      const stranger = await local.register('inconnu');
      for (const placeId of [secret.id, event.slug, '00000000-0000-7000-8000-000000000000']) {
        const refused = await local.json('/api/v1/elements', 'POST', { type: 'event', kind: 'concert', name: 'Ailleurs', startsAt: '2027-05-09T20:00', placeId }, stranger);
        expect(refused.status, placeId).toBe(422);
        expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('placeId');
      }
      const notAnEvent = await made({ type: 'project', name: 'Projet', placeId: place.id });
      expect(notAnEvent.status).toBe(422);
    } finally {
      local.close();
    }
  });
});

describe('the events API', () => {
  it('pages through every occurrence of a window, without a cap', async () => {
    const daily = await createEvent({ name: 'Marché du matin', startsAt: '2028-07-01T08:00', endsAt: '2028-07-01T12:00', rrule: 'FREQ=DAILY' });
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const response = await box.request(`/api/v1/events?from=2028-07-01&to=2028-07-31&element=${daily.id}&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: Occurrence[]; total: number; nextCursor: string | null };
      expect(body.total).toBe(31);
      expect(body.items.length).toBeLessThanOrEqual(10);
      seen.push(...body.items.map((item) => item.startsAt));
      cursor = body.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(31);
    expect(seen).toEqual([...seen].sort());
    for (const bad of ['limit=0', 'limit=501', 'cursor=-1', 'cursor=abc']) {
      const response = await box.request(`/api/v1/events?from=2028-07-01&to=2028-07-31&${bad}`);
      expect(response.status, bad).toBe(422);
    }
  });
});

describe('dates on pages', () => {
  it('show an event at its own local time, in its own time zone', async () => {
    const event = await createEvent({ name: 'Visio avec Montréal', startsAt: '2027-06-10T19:00', timezone: 'America/Montreal' });
    const page = await (await box.request(`/e/${event.slug}`, { headers: { 'accept-language': 'fr' } })).text();
    expect(page).toMatch(/class="when">[^<]*19:00/);
  });
});

describe('going to a recurring event', () => {
  it('is date by date: each date has its own places and waiting list', async () => {
    const bob = await box.register('bob-dates');
    const workshop = await createEvent({ name: 'Atelier couture', startsAt: '2027-09-07T18:00', endsAt: '2027-09-07T20:00', rrule: 'FREQ=WEEKLY;COUNT=4', capacity: 1 });
    const [first, second] = (await occurrencesOf(`from=2027-09-01&to=2027-09-30&element=${workshop.id}`)).map((item) => item.originalStart);
    const go = async (as: Session, occurrence: string) => {
      const response = await box.json(`/api/v1/events/${workshop.id}/attendance`, 'PUT', { status: 'going', occurrence }, as);
      expect(response.status).toBe(200);
      return (await response.json()) as { going: number; waiting: number; mine: string };
    };
    expect(await go(alice, first)).toMatchObject({ going: 1, mine: 'going' });
    expect(await go(bob, first)).toMatchObject({ going: 1, waiting: 1, mine: 'waiting' });
    expect(await go(bob, second)).toMatchObject({ going: 1, waiting: 0, mine: 'going' }); // the next week has its own place
    // Leaving the first date moves bob up there, and only there.
    expect((await box.request(`/api/v1/events/${workshop.id}/attendance?occurrence=${encodeURIComponent(first)}`, { method: 'DELETE', as: alice })).status).toBe(204);
    const firstNow = await (await box.request(`/api/v1/events/${workshop.id}/attendance?occurrence=${encodeURIComponent(first)}`, { as: bob })).json();
    expect(firstNow).toMatchObject({ going: 1, waiting: 0, mine: 'going' });
    // Bob's agenda holds his two dates of the workshop, not all four; Alice made it, hers holds all four.
    const mine = async (as: Session) => (await occurrencesOf('from=2027-09-01&to=2027-09-30&mine=1', as)).filter((item) => item.event.id === workshop.id);
    expect((await mine(bob)).map((item) => item.originalStart)).toEqual([first, second]);
    expect(await mine(alice)).toHaveLength(4);
    // A date the rule does not give, or none at all, is refused naming the field.
    for (const body of [{ status: 'going', occurrence: '2027-09-08T16:00:00.000Z' }, { status: 'going' }]) {
      const response = await box.json(`/api/v1/events/${workshop.id}/attendance`, 'PUT', body, bob);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe('occurrence');
    }
  });
});

describe('the agenda page\'s place filter', () => {
  it('offers the intercommunality and the custom territories besides each commune, and filters by them', async () => {
    const local = createTestBox({ demo: true });
    try {
      const page = await (await local.request('/agenda')).text();
      expect(page).toContain('<option value="epci:242600492"');
      expect(page).toContain('<option value="commune:26114"');
      const filtered = await local.request('/agenda?zone=epci:242600492');
      expect(filtered.status).toBe(200);
      expect(await filtered.text()).toMatch(/<option value="epci:242600492" selected/);
    } finally {
      local.close();
    }
  });
});
