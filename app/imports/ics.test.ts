// An iCalendar file through the import pipeline into a demo organization's agenda: previewed, committed,
// imported again as a no-op, undone (created events removed, updated ones restored exactly).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { updateElement } from '../elements/actions.ts';
import { icsFormat } from './formats/ics.ts';
import { stageImport } from './stage.ts';
import { commitImport } from './commit.ts';
import { undoImport } from './undo.ts';
import { checkImportFile } from './read/file.ts';
import { stagedSample } from './storage.ts';

const fixture = join(import.meta.dirname, 'fixtures', 'agenda-dieulefit.ics');


let box: TestBox;
let admin: Session;
let organizerId: string;
beforeEach(async () => {
  box = createTestBox({ demo: true });
  admin = await box.register('admin', { admin: true });
  organizerId = (box.deps.db.prepare("SELECT id FROM elements WHERE type = 'organization' AND is_demo = 1 ORDER BY name LIMIT 1").get() as { id: string }).id;
});
afterEach(() => box.close());

function stage(path = fixture, options: { organizerId?: string; createdBy?: string | null } = {}) {
  return stageImport(box.deps, {
    file: checkImportFile(path, { name: 'agenda.ics', maxBytes: icsFormat.maxBytes }), format: icsFormat, origin: 'upload',
    options: { organizerId: 'organizerId' in options ? options.organizerId : organizerId },
    createdBy: 'createdBy' in options ? options.createdBy! : admin.personId,
  });
}

/** A copy of the fixture with some text replaced. */
function variant(...replacements: [string, string][]) {
  const path = join(box.dir, 'variant.ics');
  writeFileSync(path, replacements.reduce((text, [from, to]) => text.replace(from, to), readFileSync(fixture, 'utf8')));
  return path;
}

const imported = () => box.deps.db.prepare(`SELECT e.name, e.ical_uid, e.starts_at, e.rrule, e.exdates,
    (SELECT count(*) FROM links l WHERE l.to_id = e.id AND l.from_id = ? AND l.kind = 'organizer') AS organized
  FROM elements e WHERE e.type = 'event' AND e.is_demo = 0 ORDER BY e.name`).all(organizerId) as
  { name: string; ical_uid: string; starts_at: string; rrule: string | null; exdates: string; organized: number }[];

/** Every column of every event, its moved occurrences and links, minus the bookkeeping a restore renews. */
const snapshot = () => ({
  events: box.deps.db.prepare("SELECT * FROM elements WHERE type = 'event' ORDER BY id").all().map((row) => {
    const { origin_seq: _s, version: _v, updated_at: _u, ...content } = row as Record<string, unknown>;
    return content;
  }),
  moves: box.deps.db.prepare('SELECT * FROM event_moves ORDER BY event_id, original_start').all(),
  tags: box.deps.db.prepare("SELECT t.* FROM element_tags t JOIN elements e ON e.id = t.element_id WHERE e.type = 'event' ORDER BY 1, 2").all(),
  links: box.deps.db.prepare('SELECT from_id, to_id, kind, is_admin FROM links ORDER BY from_id, to_id, kind').all(),
});

describe('an iCalendar file into an organization agenda', () => {
  it('previews its events, rejecting those the agenda cannot take with their line, and writes nothing', async () => {
    const before = snapshot();
    const staged = await stage();
    expect(staged.status).toBe('staged');
    expect(staged.counts).toMatchObject({ new: 3, updated: 0, unchanged: 0, rejected: 2 });
    const rejected = stagedSample(box.deps.db, staged.id, 'rejected', 10).map((row) => `${row.line} ${row.sourceKey}: ${row.reason}`);
    expect(rejected).toEqual([
      '47 sans-date@fetes-dieulefit.fr: No DTSTART: an event needs a start',
      '60 fete-du-bourg-2027@fetes-dieulefit.fr: The same UID appears twice in the file',
    ]);
    const fresh = stagedSample(box.deps.db, staged.id, 'new', 10).map((row) => (row.payload as unknown as { name: string }).name);
    expect(fresh).toEqual(['Fête du Bourg', 'Marché potier du jeudi', 'Vide-greniers']);
    expect(snapshot()).toEqual(before);
  });

  it('commits the events into the agenda, organized by the organization, with moved and cancelled occurrences', async () => {
    const committed = await commitImport(box.deps, (await stage()).id);
    expect(committed.status).toBe('committed');
    const events = imported();
    expect(events.map((event) => [event.name, event.organized])).toEqual([['Fête du Bourg', 1], ['Marché potier du jeudi', 1], ['Vide-greniers', 1]]);
    const market = events.find((event) => event.name === 'Marché potier du jeudi')!;
    expect(market.rrule).toBe('FREQ=WEEKLY;COUNT=10;BYDAY=TH');
    expect(JSON.parse(market.exdates)).toEqual(['2027-06-17T06:00:00.000Z']);
    expect(box.deps.db.prepare('SELECT original_start, starts_at FROM event_moves').all())
      .toEqual([{ original_start: '2027-06-24T06:00:00.000Z', starts_at: '2027-06-24T07:00:00.000Z' }]);
    const page = await box.request(`/e/${(box.deps.db.prepare("SELECT slug FROM elements WHERE name = 'Fête du Bourg'").get() as { slug: string }).slug}`);
    expect(await page.text()).toContain('Fête du Bourg');
  });

  it('imports the same file again as a no-op', async () => {
    await commitImport(box.deps, (await stage()).id);
    const before = snapshot();
    const versions = box.deps.db.prepare("SELECT id, version FROM elements WHERE type = 'event' ORDER BY id").all();
    const again = await stage();
    expect(again.counts).toMatchObject({ new: 0, updated: 0, unchanged: 3, rejected: 2 });
    await commitImport(box.deps, again.id);
    expect(snapshot()).toEqual(before);
    expect(box.deps.db.prepare("SELECT id, version FROM elements WHERE type = 'event' ORDER BY id").all()).toEqual(versions);
  });

  it('undoes exactly: an updated event gets every value back, created ones go', async () => {
    const beforeAll = snapshot();
    const first = await commitImport(box.deps, (await stage()).id);
    const afterFirst = snapshot();
    const changed = variant(['SUMMARY:Fête du Bourg\r\n', 'SUMMARY:Grande fête du Bourg\r\n'],
      ['DTSTART;TZID=Europe/Paris:20270624T090000', 'DTSTART;TZID=Europe/Paris:20270624T100000']);
    const second = await stage(changed);
    expect(second.counts).toMatchObject({ new: 0, updated: 2, unchanged: 1 });
    await commitImport(box.deps, second.id);
    expect(imported().map((event) => event.name)).toContain('Grande fête du Bourg');
    expect((await undoImport(box.deps, second.id)).status).toBe('undone');
    expect(snapshot()).toEqual(afterFirst);
    expect((await undoImport(box.deps, first.id)).status).toBe('undone');
    expect(snapshot()).toEqual(beforeAll);
    expect(imported()).toEqual([]);
  });

  it('refuses to undo while an event it wrote was edited on the box since, naming it', async () => {
    const committed = await commitImport(box.deps, (await stage()).id);
    const fete = box.deps.db.prepare("SELECT id FROM elements WHERE name = 'Fête du Bourg'").get() as { id: string };
    updateElement(box.deps, { personId: admin.personId, username: admin.username, isBoxAdmin: true }, fete.id, { name: 'Fête du Bourg 2027' });
    const before = snapshot();
    await expect(undoImport(box.deps, committed.id)).rejects.toThrow(/These events changed since the import .*: Fête du Bourg 2027\. Nothing was undone/);
    expect(snapshot()).toEqual(before);
  });

  it('from the command line, imports in the name of the box admin', async () => {
    const committed = await commitImport(box.deps, (await stage(fixture, { createdBy: null })).id);
    expect(committed.counts.new).toBe(3);
    const creators = box.deps.db.prepare("SELECT DISTINCT created_by FROM elements WHERE type = 'event' AND is_demo = 0").all();
    expect(creators).toEqual([{ created_by: admin.personId }]);
  });

  it('refuses a missing, unknown or non-organizer element clearly, keeping nothing', async () => {
    const person = (box.deps.db.prepare("SELECT id, name FROM elements WHERE type = 'person' AND is_demo = 1 LIMIT 1").get() as { id: string; name: string });
    const cases: [string | undefined, RegExp][] = [
      [undefined, /^Choose the organization, project or place whose agenda receives the events$/],
      ['0190a1b2-0000-7000-8000-000000000000', /^No element "0190a1b2-0000-7000-8000-000000000000" on this box/],
      [person.id, new RegExp(`^${person.name} is a person: events are imported into the agenda of an organization, project or place$`)],
    ];
    for (const [id, message] of cases) {
      const staged = await stage(fixture, { organizerId: id });
      expect(staged.status).toBe('failed');
      expect(staged.error).toMatch(message);
      expect(stagedSample(box.deps.db, staged.id, 'new', 10)).toEqual([]);
    }
    expect(imported()).toEqual([]);
  });

  it('refuses a file that is not a calendar, or one cut short', async () => {
    const notCalendar = join(box.dir, 'notes.ics');
    writeFileSync(notCalendar, 'nom;date\nFête;2027-07-10\n');
    expect((await stage(notCalendar)).error).toBe('This is not a calendar file: it does not start with BEGIN:VCALENDAR');
    const cut = variant(['END:VCALENDAR\r\n', '']);
    expect((await stage(cut)).error).toBe('The calendar file is cut short: END:VCALENDAR is missing at its end');
  });
});
