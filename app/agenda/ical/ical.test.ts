// iCalendar out and in, through real HTTP on real boxes: exports parse with two independent parsers
// (ical.js and node-ical), round-trip into another box with the same occurrences, stay private where
// they should, and imports are idempotent and refuse bad files whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import nodeIcal, { type VEvent } from 'node-ical';
import { createTestBox, type Session, type TestBox } from '../../testing/test-box.ts';
import { occurrencesBetween } from '../recurrence.ts';
import { seriesOf, type EventRow } from '../events.ts';
import { escapeText, fold } from './content-line.ts';

let box: TestBox;
let other: TestBox;
let alice: Session;
let bob: Session;
let orgId: string;
let otherOrgId: string;
const ids: Record<string, string> = {};

async function created(response: Response): Promise<{ id: string; slug: string }> {
  if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; slug: string };
}

const longDescription = `Répétition de la chorale « Les Voix du Jabron » — ouverte à tous, débutants bienvenus ! ${'Chœur à l’unisson, 🎶 polyphonie; virgules, et \\ barres. '.repeat(6)}\nSeconde ligne.`;

beforeAll(async () => {
  box = createTestBox();
  other = createTestBox();
  alice = await box.register('alice');
  bob = await box.register('bob');
  orgId = (await created(await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Chorale du Jabron' }, alice))).id;
  const event = (body: Record<string, unknown>) => box.json('/api/v1/elements', 'POST', { type: 'event', organizerId: orgId, ...body }, alice);
  // Weekly 18:00 Paris across the spring-forward night (29 March 2026): 17:00Z before, 16:00Z after.
  ids.weekly = (await created(await event({
    kind: 'course', name: 'Répétition, chorale; salle \\ haute', startsAt: '2026-03-03T18:00', endsAt: '2026-03-03T20:00',
    timezone: 'Europe/Paris', rrule: 'FREQ=WEEKLY;UNTIL=20260630T220000Z', description: longDescription, tags: ['musique', 'chant'],
    lat: 44.5262, lon: 5.0677, street: 'Salle des fêtes',
  }))).id;
  ids.leap = (await created(await event({
    kind: 'getTogether', name: 'Fête du 29 février', startsAt: '2028-02-29T00:00', endsAt: '2028-02-29T23:59', allDay: true,
    timezone: 'Europe/Paris', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
  }))).id;
  ids.single = (await created(await event({ kind: 'concert', name: 'Concert unique', startsAt: '2026-05-14T20:30', endsAt: '2026-05-14T23:00' }))).id;
  ids.members = (await created(await event({ kind: 'meeting', name: 'Conseil réservé aux membres', startsAt: '2026-04-02T19:00', visibility: 'members' }))).id;
  // A cancelled occurrence and a moved one, as the agenda stores them.
  box.deps.db.prepare("UPDATE elements SET exdates = '[\"2026-03-10T17:00:00.000Z\"]' WHERE id = ?").run(ids.weekly);
  box.deps.db.prepare('INSERT INTO event_moves (event_id, original_start, starts_at, ends_at) VALUES (?, ?, ?, ?)')
    .run(ids.weekly, '2026-04-07T16:00:00.000Z', '2026-04-08T16:00:00.000Z', '2026-04-08T18:00:00.000Z');
  const otherAdmin = await other.register('carole');
  otherOrgId = (await created(await other.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Comité des fêtes' }, otherAdmin))).id;
  (other as TestBox & { admin?: Session }).admin = otherAdmin;
});
afterAll(() => { box.close(); other.close(); });

const otherAdmin = () => (other as TestBox & { admin?: Session }).admin!;

async function exportText(path = `/api/v1/agenda.ics?element=${orgId}`, as?: Session): Promise<string> {
  const response = await box.request(path, { as });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  expect(response.headers.get('content-disposition')).toMatch(/filename=".+\.ics"/);
  return response.text();
}

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

function rowsOf(target: TestBox, organizer: string): EventRow[] {
  return target.deps.db.prepare(`SELECT e.* FROM elements e JOIN links l ON l.to_id = e.id AND l.kind = 'organizer'
    WHERE l.from_id = ? AND e.deleted_at IS NULL ORDER BY e.name`).all(organizer) as EventRow[];
}

describe('content lines', () => {
  it('folds a long UTF-8 line at 75 octets without splitting a character, and unfolds back to it', () => {
    const line = `DESCRIPTION:${escapeText(longDescription)}`;
    const folded = fold(line);
    for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').length).toBeGreaterThan(5);
    expect(folded).not.toContain('\uFFFD');
    expect(unfold(folded)).toBe(line);
  });

  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });
});

describe('export', () => {
  it('is valid for ical.js and node-ical: VTIMEZONE, UIDs, dates, rule, exceptions, text', async () => {
    const text = await exportText();
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only

    const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
    expect(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual(['Europe/Paris']);
    const vevents = calendar.getAllSubcomponents('vevent');
    const weekly = vevents.find((vevent) => vevent.getFirstPropertyValue('uid') === `${ids.weekly}@copi` && !vevent.hasProperty('recurrence-id'))!;
    expect(weekly.getFirstPropertyValue('summary')).toBe('Répétition, chorale; salle \\ haute');
    expect(weekly.getFirstPropertyValue('description')).toBe(longDescription);
    expect(weekly.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Paris');
    expect(String(weekly.getFirstPropertyValue('rrule'))).toContain('FREQ=WEEKLY');
    expect(weekly.getFirstPropertyValue('geo')).toEqual([44.5262, 5.0677]);
    expect(weekly.getFirstProperty('categories')!.getValues()).toEqual(['musique', 'chant']);
    expect(String(weekly.getFirstPropertyValue('url'))).toMatch(/^http:\/\/box\.test\/e\//);
    // ical.js expands the series with the VTIMEZONE we wrote: 18:00 in Paris on both sides of the DST change.
    ICAL.TimezoneService.register(calendar.getFirstSubcomponent('vtimezone')!);
    const event = new ICAL.Event(weekly);
    const iterator = event.iterator();
    const starts: string[] = [];
    for (let next = iterator.next(); next && starts.length < 6; next = iterator.next()) starts.push(next.toJSDate().toISOString());
    ICAL.TimezoneService.remove('Europe/Paris');
    expect(starts.slice(0, 6)).toEqual([
      '2026-03-03T17:00:00.000Z', '2026-03-17T17:00:00.000Z', '2026-03-24T17:00:00.000Z', // 10 March is an EXDATE
      '2026-03-31T16:00:00.000Z', '2026-04-07T16:00:00.000Z', '2026-04-14T16:00:00.000Z',
    ]);
    expect(text).toContain('EXDATE;TZID=Europe/Paris:20260310T180000');
    expect(text).toContain('RECURRENCE-ID;TZID=Europe/Paris:20260407T180000');

    const parsed = nodeIcal.sync.parseICS(text);
    const nodeEvents = Object.values(parsed).filter((item) => item?.type === 'VEVENT') as VEvent[];
    const nodeWeekly = nodeEvents.find((item) => item.uid === `${ids.weekly}@copi`)!;
    expect(nodeWeekly.summary).toBe('Répétition, chorale; salle \\ haute');
    expect(nodeWeekly.description).toBe(longDescription);
    expect(new Date(nodeWeekly.start).toISOString()).toBe('2026-03-03T17:00:00.000Z');
    // node-ical keys each exception by its date (and its full instant): one date each.
    expect(new Set(Object.values(nodeWeekly.exdate ?? {}).map((date) => new Date(date as Date).toISOString()))).toEqual(new Set(['2026-03-10T17:00:00.000Z']));
    expect(new Set(Object.values(nodeWeekly.recurrences ?? {}).map((moved) => new Date((moved as VEvent).start).toISOString()))).toEqual(new Set(['2026-04-08T16:00:00.000Z']));
    const nodeDates = nodeWeekly.rrule!.between(new Date('2026-03-25T00:00:00Z'), new Date('2026-04-02T00:00:00Z'));
    expect(nodeDates).toHaveLength(1);
    const leap = nodeEvents.find((item) => item.uid === `${ids.leap}@copi`)!;
    expect(leap.datetype).toBe('date');
  });

  it('holds every event of a feed longer than a page once, and the time zone of the last one in its head', async () => {
    const big = createTestBox();
    try {
      const dora = await big.register('dora');
      const foyer = await created(await big.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Foyer rural' }, dora));
      // Same start for all: pages must not lose or repeat events that tie on their start.
      for (let index = 0; index < 430; index++) {
        await created(await big.json('/api/v1/elements', 'POST', {
          type: 'event', kind: 'meeting', organizerId: foyer.id, name: `Permanence ${index}`, startsAt: '2027-01-05T10:00',
          timezone: index === 429 ? 'America/Cayenne' : 'Europe/Paris',
        }, dora));
      }
      const text = unfold(await (await big.request(`/api/v1/agenda.ics?element=${foyer.id}`)).text());
      const uids = [...text.matchAll(/^UID:(.+)$/gm)].map((match) => match[1]);
      expect(uids).toHaveLength(430);
      expect(new Set(uids).size).toBe(430);
      expect(text.split('BEGIN:VEVENT')[0]).toContain('TZID:America/Cayenne');
    } finally {
      big.close();
    }
  });

  it('keeps every UID the same across two exports', async () => {
    const uids = (text: string) => [...unfold(text).matchAll(/^UID:(.+)$/gm)].map((match) => match[1]);
    const first = uids(await exportText());
    expect(first.length).toBeGreaterThanOrEqual(4);
    expect(uids(await exportText())).toEqual(first);
  });

  it('writes an all-day yearly 29 February with DATE values', async () => {
    const text = unfold(await exportText());
    expect(text).toContain('DTSTART;VALUE=DATE:20280229\r\nDTEND;VALUE=DATE:20280301');
  });
});

describe('who sees which feed', () => {
  it('a members-only event is absent from the public feed, in its member’s own feed, and gone once that feed is revoked', async () => {
    expect(await exportText('/api/v1/agenda.ics')).not.toContain('Conseil réservé aux membres');
    expect(await exportText('/api/v1/agenda.ics', bob)).not.toContain('Conseil réservé aux membres');
    const made = await box.json('/api/v1/me/calendar-feed', 'POST', {}, alice);
    expect(made.status).toBe(201);
    const { url, webcal } = (await made.json()) as { url: string; webcal: string };
    expect(webcal).toMatch(/^webcal:\/\/[^/]+\/api\/v1\/feeds\/cal_[\w-]+\/agenda\.ics$/);
    const path = new URL(url).pathname;
    const own = await exportText(path);
    expect(own).toContain('Conseil réservé aux membres');
    expect(own).toContain('CLASS:CONFIDENTIAL');
    // Only the hash is stored.
    const stored = box.deps.db.prepare('SELECT token_hash FROM calendar_feeds').all() as { token_hash: string }[];
    expect(stored.map((row) => row.token_hash)).not.toContain(path.split('/')[4]);
    expect((await box.request('/me', { as: alice })).status).toBe(200);
    expect((await box.json('/api/v1/me/calendar-feed', 'DELETE', undefined, alice)).status).toBe(204);
    expect((await box.request(path)).status).toBe(404);
  });

  it('renewing the feed address stops the old one', async () => {
    const first = (await (await box.json('/api/v1/me/calendar-feed', 'POST', {}, alice)).json()) as { url: string };
    const second = (await (await box.json('/api/v1/me/calendar-feed', 'POST', {}, alice)).json()) as { url: string };
    expect((await box.request(new URL(first.url).pathname)).status).toBe(404);
    expect((await box.request(new URL(second.url).pathname)).status).toBe(200);
  });
});

describe('import', () => {
  // Scripts send files with a personal token (a cookie-authenticated API write must be JSON).
  const tokens = new Map<string, string>();
  async function tokenOf(target: TestBox, as: Session): Promise<string> {
    if (!tokens.has(as.username)) {
      const made = await target.json('/api/v1/me/tokens', 'POST', { name: 'ics' }, as);
      tokens.set(as.username, ((await made.json()) as { token: string }).token);
    }
    return tokens.get(as.username)!;
  }
  const importInto = async (target: TestBox, elementId: string, text: string | Uint8Array, as: Session, dryRun = false) =>
    target.request(`/api/v1/elements/${elementId}/agenda.ics${dryRun ? '?dryRun=1' : ''}`, {
      method: 'POST', headers: { 'accept-language': 'en', 'content-type': 'text/calendar', authorization: `Bearer ${await tokenOf(target, as)}` },
      body: typeof text === 'string' ? text : new Blob([new Uint8Array(text)]),
    });
  const eventCount = (target: TestBox) => (target.deps.db.prepare("SELECT count(*) AS n FROM elements WHERE type = 'event'").get() as { n: number }).n;

  it('round-trips into another box: same events, same occurrences over a year, DST and 29 February included', async () => {
    const text = await exportText();
    const preview = await importInto(other, otherOrgId, text, otherAdmin(), true);
    expect(preview.status).toBe(200);
    const previewed = (await preview.json()) as { created: number; skipped: number; dryRun: boolean };
    expect(previewed).toMatchObject({ dryRun: true, created: 3, skipped: 0 });
    expect(rowsOf(other, otherOrgId)).toHaveLength(0);

    const response = await importInto(other, otherOrgId, text, otherAdmin());
    expect(await response.json()).toMatchObject({ created: 3, updated: 0, skipped: 0 });
    const source = rowsOf(box, orgId).filter((row) => row.visibility === 'public');
    const copied = rowsOf(other, otherOrgId);
    expect(copied.map((row) => row.name)).toEqual(source.map((row) => row.name));
    const year = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2033-01-01T00:00:00Z') };
    for (const [index, row] of source.entries()) {
      const mine = occurrencesBetween(seriesOf(row), year.from, year.to).occurrences.map((occurrence) => occurrence.startsAt);
      const theirs = occurrencesBetween(seriesOf(copied[index]), year.from, year.to).occurrences.map((occurrence) => occurrence.startsAt);
      if (row.all_day === 1) expect(theirs.map((date) => date.slice(0, 10))).toEqual(mine.map((date) => date.slice(0, 10)));
      else expect(theirs).toEqual(mine);
      expect(copied[index].ical_uid).toBe(`${row.id}@copi`);
    }
    const weekly = copied.find((row) => row.rrule !== null && row.all_day === 0)!;
    expect(occurrencesBetween(seriesOf(weekly), new Date('2026-03-30T00:00:00Z'), new Date('2026-04-01T00:00:00Z')).occurrences[0].startsAt)
      .toBe('2026-03-31T16:00:00.000Z');
    expect(JSON.parse(weekly.exdates)).toEqual(['2026-03-10T17:00:00.000Z']);
    expect(other.deps.db.prepare('SELECT original_start, starts_at FROM event_moves WHERE event_id = ?').all(weekly.id))
      .toEqual([{ original_start: '2026-04-07T16:00:00.000Z', starts_at: '2026-04-08T16:00:00.000Z' }]);
    const leap = copied.find((row) => row.all_day === 1)!;
    const leapYears = occurrencesBetween(seriesOf(leap), year.from, year.to).occurrences.map((occurrence) => occurrence.startsAt.slice(0, 4));
    expect(leapYears).toEqual(['2028', '2032']);
    // And out again: the same UIDs and the same lines that matter.
    const again = unfold(await (await other.request(`/api/v1/agenda.ics?element=${otherOrgId}`)).text());
    for (const row of source) expect(again).toContain(`UID:${row.id}@copi`);
    expect(again).toContain('DTSTART;TZID=Europe/Paris:20260303T180000');
    expect(again).toContain('RECURRENCE-ID;TZID=Europe/Paris:20260407T180000');
  });

  it('is idempotent by UID: importing again updates, never duplicates', async () => {
    const text = await exportText();
    const before = eventCount(other);
    const changed = text.replace('SUMMARY:Concert unique', 'SUMMARY:Concert unique (reporté)');
    const report = (await (await importInto(other, otherOrgId, changed, otherAdmin())).json()) as { created: number; updated: number };
    expect(report).toMatchObject({ created: 0, updated: 3 });
    expect(eventCount(other)).toBe(before);
    expect(rowsOf(other, otherOrgId).map((row) => row.name)).toContain('Concert unique (reporté)');
  });

  it('is for the element’s admins only', async () => {
    const stranger = await other.register('stranger');
    expect((await importInto(other, otherOrgId, await exportText(), stranger)).status).toBe(403);
  });

  it('reports what it skips and why', async () => {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
      'BEGIN:VEVENT', 'UID:no-start@test', 'SUMMARY:Sans date', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:backwards@test', 'SUMMARY:À l’envers', 'DTSTART:20260601T100000Z', 'DTEND:20260601T090000Z', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:hourly@test', 'SUMMARY:Toutes les heures', 'DTSTART:20260601T100000Z', 'RRULE:FREQ=HOURLY', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:fine@test', 'SUMMARY:Très bien', 'DTSTART;TZID=Europe/Paris:20260601T100000', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:floating@test', 'SUMMARY:Heure flottante', 'DTSTART:20260601T100000', 'END:VEVENT',
      'END:VCALENDAR', ''].join('\r\n');
    const report = (await (await importInto(other, otherOrgId, text, otherAdmin())).json()) as { created: number; skipped: number; items: { uid: string; reason?: string }[] };
    expect(report).toMatchObject({ created: 2, skipped: 3 });
    const reasons = Object.fromEntries(report.items.map((item) => [item.uid, item.reason]));
    expect(reasons['no-start@test']).toContain('DTSTART');
    expect(reasons['backwards@test']).toContain('end is before the start');
    expect(reasons['hourly@test']).toContain('daily, weekly, monthly or yearly');
    const floating = other.deps.db.prepare("SELECT starts_at FROM elements WHERE ical_uid = 'floating@test'").get() as { starts_at: string };
    expect(new Date(floating.starts_at).toISOString()).toBe('2026-06-01T08:00:00.000Z'); // 10:00 in the box's zone (Paris, summer)
  });

  describe('bad files are refused whole, nothing stored', () => {
    const good = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:bad@test', 'SUMMARY:Ne doit pas entrer',
      'DTSTART:20260601T100000Z', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const cases: [string, string | Uint8Array, number, RegExp][] = [
      ['truncated in the middle', good.slice(0, good.indexOf('END:VEVENT')), 422, /END:VCALENDAR/],
      ['no END:VCALENDAR', good.replace('END:VCALENDAR\r\n', ''), 422, /END:VCALENDAR/],
      ['missing END:VEVENT', good.replace('END:VEVENT\r\n', ''), 422, /cannot be read/],
      ['binary garbage', new Uint8Array(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256)), 422, /binary|BEGIN:VCALENDAR/],
      ['not a calendar', 'hello, world\r\n', 422, /BEGIN:VCALENDAR/],
      ['larger than 10 MB', `${good.slice(0, -'END:VCALENDAR\r\n'.length)}X-PAD:${'x'.repeat(10 * 1024 * 1024)}\r\nEND:VCALENDAR\r\n`, 413, /10 MB/],
    ];
    it.each(cases)('%s', async (_, body, status, message) => {
      const before = eventCount(other);
      const response = await importInto(other, otherOrgId, body, otherAdmin());
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
      expect(eventCount(other)).toBe(before);
    });
  });

  it('decodes Latin-1 / Windows-1252 and UTF-8 with a BOM', async () => {
    const calendar = (uid: string, summary: string) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${uid}`,
      `SUMMARY:${summary}`, 'DTSTART;VALUE=DATE:20260714', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const latin1 = Buffer.from(calendar('latin1@test', 'Fête à l\'école ~ été'), 'latin1');
    latin1[latin1.indexOf(Buffer.from('~'))] = 0x96; // the en dash is not in Latin-1: Windows-1252's 0x96
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(calendar('bom@test', 'Fête nationale'), 'utf8')]);
    for (const bytes of [latin1, withBom]) expect((await importInto(other, otherOrgId, new Uint8Array(bytes), otherAdmin())).status).toBe(200);
    const names = other.deps.db.prepare("SELECT name FROM elements WHERE ical_uid IN ('latin1@test', 'bom@test') ORDER BY ical_uid").all() as { name: string }[];
    expect(names.map((row) => row.name)).toEqual(['Fête nationale', 'Fête à l\'école – été']);
  });

  it('imports from the page: preview first, then the import', async () => {
    const slug = (other.deps.db.prepare('SELECT slug FROM elements WHERE id = ?').get(otherOrgId) as { slug: string }).slug;
    const form = await (await other.request(`/e/${slug}/agenda/import`, { as: otherAdmin() })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:page@test', 'SUMMARY:Par la page',
      'DTSTART:20260901T160000Z', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
    const post = (fields: Record<string, string>) => {
      const body = new FormData();
      for (const [key, value] of Object.entries({ _csrf: csrf, ...fields })) body.set(key, value);
      return other.request(`/e/${slug}/agenda/import`, { method: 'POST', as: otherAdmin(), body });
    };
    const preview = await post({ text });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('Par la page');
    expect(other.deps.db.prepare("SELECT 1 FROM elements WHERE ical_uid = 'page@test'").get()).toBeUndefined();
    expect((await post({ text, confirm: 'yes' })).status).toBe(200);
    expect(other.deps.db.prepare("SELECT 1 FROM elements WHERE ical_uid = 'page@test'").get()).toBeDefined();
  });
});

describe('agenda pages and their feeds', () => {
  it('offer a webcal subscription of the same view, and the import to the element\'s admins only', async () => {
    const territory = await (await box.request('/agenda?tag=chorale')).text();
    expect(territory).toMatch(/href="webcal:\/\/[^"]+\/api\/v1\/agenda\.ics\?tag=chorale"/);
    const slug = (box.deps.db.prepare('SELECT slug FROM elements WHERE id = ?').get(orgId) as { slug: string }).slug;
    const asAdmin = await (await box.request(`/e/${slug}/agenda`, { as: alice })).text();
    expect(asAdmin).toContain(`/api/v1/agenda.ics?element=${orgId}`);
    expect(asAdmin).toContain(`href="/e/${slug}/agenda/import"`);
    expect(await (await box.request(`/e/${slug}/agenda`, { as: bob })).text()).not.toContain('/agenda/import');
  });
});
