// An iCalendar file into the agenda of an organization, project or place, through the agenda's own importer
// (app/agenda/ical/import.ts: same validation, same UIDs, same rules as the agenda's import page). The file
// is cut into one small calendar per UID (the event, its moved occurrences and the time zones they use):
// staging rehearses the import in a transaction rolled back, to tell new, changed and unchanged events
// apart; the commit imports only the new and changed ones, so importing the same file again writes nothing.
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import ICAL from 'ical.js';
import { sql, transaction, type Db } from '../../core/db/database.ts';
import { AppError } from '../../core/errors.ts';
import { nowIso } from '../../core/time.ts';
import { nextSequence } from '../../box/settings.ts';
import { findElement } from '../../elements/storage.ts';
import { importIcs, uidOf, type ImportItem as AgendaItem } from '../../agenda/ical/import.ts';
import { eventByUid, movesOf, type MoveRow } from '../../agenda/ical/storage.ts';
import { LiveNotifications } from '../../notifications/live.ts';
import type { Deps } from '../../deps.ts';
import type { Viewer } from '../../permissions/visibility.ts';
import { rawRow } from '../storage.ts';
import type { FileCommitContext, FileFormat, FileStageContext } from '../model.ts';
import { decodeWhole } from '../read/text.ts';

type FormatDeps = FileStageContext['deps'];

/** What a staged row keeps: enough for the preview, and the event's own small calendar for the commit. */
interface StagedEvent {
  uid: string;
  name: string;
  startsAt: string | null;
  /** The event's VEVENTs (master and moved occurrences) and the VTIMEZONEs they use, as in the file. */
  components?: Components;
}

interface Components { timezones: string[]; events: string[] }

/**
 * What the undo needs of one event: created (delete it) or its rows before; and a digest of its content right
 * after the import. Content, not version: an undo of a later import puts the same content back as a new version.
 */
type KeptEvent =
  | { created: true; uid: string; after: string }
  | { created: false; uid: string; element: Record<string, unknown>; moves: Omit<MoveRow, 'event_id'>[]; after?: string };

const organizerTypes = new Set(['organization', 'project', 'poi']);
// importIcs reads calendars up to 10 MB: the rehearsal and the commit hand it the events in smaller batches.
const batchChars = 4 * 1024 * 1024;

export const icsFormat: FileFormat = {
  kind: 'file',
  id: 'ics',
  label: 'iCalendar (.ics) events into an agenda',
  defaultSource: 'iCalendar file',
  defaultLicence: '',
  maxBytes: 20 * 1024 * 1024,
  recognizes: (name, head) => /\.ics$/i.test(name) || /^\uFEFF?\s*BEGIN:VCALENDAR/i.test(head),
  stage: stageIcs,
  commit: commitIcs,
  undo: undoIcs,
};

// ---- Stage ----------------------------------------------------------------------------------------

async function stageIcs(context: FileStageContext): Promise<void> {
  const { db } = context.deps;
  let organizerId: string;
  let viewer: Viewer;
  try {
    organizerId = checkOrganizer(db, context.options.organizerId);
    viewer = importer(db, context.importId);
  } catch (error) {
    context.stream.destroy(); // the file is not read: its descriptor is closed now
    throw error;
  }
  const calendar = splitCalendar(decodeWhole(await buffer(context.stream)));
  const outcomes = rehearse(context.deps, viewer, organizerId, calendar.groups);
  const rows: Parameters<FileStageContext['push']>[0][] = calendar.problems.map((problem) =>
    ({ line: problem.line, key: problem.uid, action: 'rejected', reason: problem.reason }));
  for (const group of calendar.groups) {
    const outcome = outcomes.get(group.uid);
    const event: StagedEvent = { uid: group.uid, name: outcome?.item.name ?? group.name, startsAt: outcome?.item.startsAt ?? null };
    const row = { line: group.line, key: group.uid };
    if (!outcome || outcome.item.action === 'skip') {
      rows.push({ ...row, action: 'rejected', reason: outcome?.item.reason ?? 'Not read by the agenda importer', payload: event });
    } else if (outcome.item.action === 'create') {
      rows.push({ ...row, action: 'new', payload: { ...event, components: group.components } });
    } else {
      rows.push({ ...row, action: outcome.changed ? 'update' : 'unchanged', elementId: outcome.item.eventId,
        payload: outcome.changed ? { ...event, components: group.components } : event });
    }
  }
  for (const row of rows.sort((a, b) => a.line! - b.line!)) context.push(row);
}

/** The organization, project or place whose agenda receives the events; a clear refusal otherwise. */
function checkOrganizer(db: Db, organizerId: string | undefined): string {
  if (!organizerId) throw new AppError('validation', 'Choose the organization, project or place whose agenda receives the events', 'organizerId');
  const organizer = findElement(db, organizerId);
  if (!organizer) throw new AppError('validation', `No element "${organizerId}" on this box to receive the events`, 'organizerId');
  if (!organizerTypes.has(organizer.type)) {
    throw new AppError('validation', `${organizer.name} is a ${organizer.type}: events are imported into the agenda of an organization, project or place`, 'organizerId');
  }
  return organizer.id;
}

/**
 * Who the agenda importer acts as: the admin who started the import, or, from the command line, the box's
 * first admin (an event is created by a person, who becomes its admin).
 */
function importer(db: Db, importId: string): Viewer {
  const row = sql(db, `SELECT a.person_id, a.username, a.is_box_admin FROM imports i JOIN accounts a ON a.person_id = i.created_by WHERE i.id = ?`)
    .get(importId) as { person_id: string; username: string; is_box_admin: number } | undefined;
  if (row) {
    if (row.is_box_admin !== 1) throw new AppError('forbidden', `${row.username} is no longer a box admin: only a box admin imports an agenda`);
    return { personId: row.person_id, username: row.username, isBoxAdmin: true };
  }
  const admin = sql(db, 'SELECT person_id, username FROM accounts WHERE is_box_admin = 1 ORDER BY created_at, person_id LIMIT 1')
    .get() as { person_id: string; username: string } | undefined;
  if (!admin) throw new AppError('validation', 'Imported events are created in the name of a box admin, and this box has none yet: create the admin account first');
  return { personId: admin.person_id, username: admin.username, isBoxAdmin: true };
}

// ---- The file, cut into one calendar per UID -----------------------------------------------------

interface EventGroup {
  uid: string;
  name: string;
  /** Line of its first VEVENT in the file. */
  line: number;
  components: Components;
}

interface SplitCalendar {
  groups: EventGroup[];
  problems: { line: number; uid?: string; reason: string }[];
}

interface Block { line: number; text: string }

function splitCalendar(text: string): SplitCalendar {
  const body = text.replace(/^\uFEFF/, '');
  if (/[\u0000-\u0008\u000e-\u001f]/.test(body.slice(0, 65_536))) throw new AppError('validation', 'This is not a calendar file: it holds binary data', 'file');
  const lines = body.split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first < 0 || !/^BEGIN:VCALENDAR$/i.test(lines[first].trim())) {
    throw new AppError('validation', 'This is not a calendar file: it does not start with BEGIN:VCALENDAR', 'file');
  }
  const { events, timezones, ended } = topLevelBlocks(lines, first + 1);
  if (!ended) throw new AppError('validation', 'The calendar file is cut short: END:VCALENDAR is missing at its end', 'file');

  const problems: SplitCalendar['problems'] = [];
  const byUid = new Map<string, { line: number; name: string; master?: string; overrides: string[]; tzids: Set<string> }>();
  for (const block of events) {
    let vevent: ICAL.Component;
    try {
      vevent = new ICAL.Component(ICAL.parse(wrap([block.text])) as unknown[]).getFirstSubcomponent('vevent')!;
    } catch (error) {
      problems.push({ line: block.line, reason: `This event cannot be read: ${(error as Error).message.split('\n')[0].slice(0, 200)}` });
      continue;
    }
    const uid = uidOf(vevent);
    const group = byUid.get(uid) ?? { line: block.line, name: String(vevent.getFirstPropertyValue('summary') ?? '').trim(), overrides: [], tzids: new Set() };
    byUid.set(uid, group);
    if (vevent.hasProperty('recurrence-id')) group.overrides.push(block.text);
    else if (group.master) {
      problems.push({ line: block.line, uid, reason: 'The same UID appears twice in the file' });
      continue;
    } else {
      group.master = block.text;
      group.line = block.line;
    }
    for (const property of vevent.getAllProperties()) {
      const tzid = property.getParameter('tzid');
      if (typeof tzid === 'string' && timezones.has(tzid)) group.tzids.add(tzid);
    }
  }
  const groups = [...byUid].map(([uid, group]) => ({
    uid, name: group.name, line: group.line,
    components: { timezones: [...group.tzids].map((tzid) => timezones.get(tzid)!), events: [...(group.master ? [group.master] : []), ...group.overrides] },
  }));
  return { groups, problems };
}

/** The VEVENTs and VTIMEZONEs directly inside the VCALENDAR, as text, with their first line's number. */
function topLevelBlocks(lines: string[], start: number) {
  const events: Block[] = [];
  const timezones = new Map<string, string>();
  let depth = 0;
  let current: { line: number; name: string; lines: string[] } | null = null;
  for (let index = start; index < lines.length; index++) {
    const line = lines[index];
    const begin = /^BEGIN:([A-Z-]+)\s*$/i.exec(line)?.[1].toUpperCase();
    const end = /^END:([A-Z-]+)\s*$/i.exec(line)?.[1].toUpperCase();
    if (depth === 0 && end === 'VCALENDAR') return { events, timezones, ended: true };
    if (depth === 0 && begin) current = begin === 'VEVENT' || begin === 'VTIMEZONE' ? { line: index + 1, name: begin, lines: [] } : null;
    if (begin) depth++;
    current?.lines.push(line);
    if (end) depth--;
    if (depth === 0 && end && current) {
      const text = current.lines.join('\r\n');
      if (current.name === 'VEVENT') events.push({ line: current.line, text });
      else {
        const tzid = timezoneId(text);
        if (tzid) timezones.set(tzid, text);
      }
      current = null;
    }
  }
  return { events, timezones, ended: false };
}

function timezoneId(text: string): string | null {
  try {
    const vtimezone = new ICAL.Component(ICAL.parse(wrap([text])) as unknown[]).getFirstSubcomponent('vtimezone');
    return String(vtimezone?.getFirstPropertyValue('tzid') ?? '') || null;
  } catch {
    return null; // an unreadable zone: the events that name it count in the box's zone
  }
}

const wrap = (blocks: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//CoPi//imports//EN', ...blocks, 'END:VCALENDAR', ''].join('\r\n');

// ---- The agenda importer, in batches ----------------------------------------------------------------

// importIcs reads deps.live's type but an agenda import notifies nobody: a quiet instance stands in.
const agendaDeps = (deps: FormatDeps): Deps => ({ ...deps, live: new LiveNotifications() });

/** Imports the groups for real (inside the caller's transaction), a batch of them at a time. */
function importGroups(deps: FormatDeps, viewer: Viewer, organizerId: string, groups: { uid: string; components: Components }[],
  beforeBatch?: (uids: string[]) => void): Map<string, AgendaItem> {
  const items = new Map<string, AgendaItem>();
  const sizeOf = (group: { components: Components }) => [...group.components.timezones, ...group.components.events].reduce((sum, text) => sum + text.length, 0);
  for (let from = 0; from < groups.length;) {
    const batch: typeof groups = [];
    let size = 0;
    while (from < groups.length && (batch.length === 0 || size + sizeOf(groups[from]) < batchChars)) {
      size += sizeOf(groups[from]);
      batch.push(groups[from++]);
    }
    beforeBatch?.(batch.map((group) => group.uid));
    // Events of one file share their VTIMEZONEs, each kept once per batch.
    const calendar = wrap([...new Set(batch.flatMap((group) => group.components.timezones)), ...batch.flatMap((group) => group.components.events)]);
    for (const item of importIcs(agendaDeps(deps), viewer, organizerId, calendar).items) items.set(item.uid, item);
  }
  return items;
}

class RolledBack extends Error {}

/** The import done and rolled back: what each UID would become, and whether an existing event would change. */
function rehearse(deps: FormatDeps, viewer: Viewer, organizerId: string, groups: EventGroup[]) {
  const { db } = deps;
  const outcomes = new Map<string, { item: AgendaItem; changed: boolean }>();
  const before = new Map<string, string>();
  try {
    transaction(db, () => {
      const items = importGroups(deps, viewer, organizerId, groups, (uids) => {
        for (const uid of uids) {
          const existing = eventByUid(db, uid);
          if (existing) before.set(uid, eventState(db, existing.id));
        }
      });
      for (const [uid, item] of items) {
        const changed = item.action === 'update' && item.eventId !== undefined && eventState(db, item.eventId) !== before.get(uid);
        outcomes.set(uid, { item, changed });
      }
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return outcomes;
}

// A write renews these even when it changes nothing.
const bookkeeping = new Set(['version', 'updated_at', 'origin_seq']);

/** The event's content, every column and its moved occurrences, as one comparable string. */
function eventState(db: Db, id: string): string {
  const row = Object.entries(rawRow(db, id) ?? {}).filter(([column]) => !bookkeeping.has(column));
  return JSON.stringify([row, movesOf(db, [id]).get(id) ?? []]);
}

const contentDigest = (db: Db, id: string) => createHash('sha256').update(eventState(db, id)).digest('hex');

// ---- Commit -----------------------------------------------------------------------------------------

function commitIcs(context: FileCommitContext): void {
  const { db } = context.deps;
  const rows = [...context.rows(['new', 'update'])].map((row) => ({ ...row, event: row.payload as StagedEvent }));
  if (rows.length === 0) return;
  const organizerId = checkOrganizer(db, context.options.organizerId);
  const viewer = importer(db, context.importId);
  const befores = new Map<number, Extract<KeptEvent, { created: false }>>();
  for (const row of rows) {
    const existing = eventByUid(db, row.event.uid);
    if (row.action === 'new' ? existing : existing?.id !== row.elementId) throw changedSincePreview(row.event.name);
    if (row.action !== 'update') continue;
    const before = beforeOf(db, row.event.uid, row.elementId!);
    befores.set(row.seq, before);
    context.keepBefore(row.seq, row.elementId, before);
  }
  const items = importGroups(context.deps, viewer, organizerId, rows.map((row) => ({ uid: row.event.uid, components: row.event.components! })));
  for (const row of rows) {
    const item = items.get(row.event.uid);
    if (item?.action !== (row.action === 'new' ? 'create' : 'update') || !item.eventId) throw changedSincePreview(row.event.name);
    const after = contentDigest(db, item.eventId);
    const kept: KeptEvent = row.action === 'new' ? { created: true, uid: row.event.uid, after } : { ...befores.get(row.seq)!, after };
    context.keepBefore(row.seq, item.eventId, kept);
  }
}

const changedSincePreview = (name: string) =>
  new AppError('conflict', `${name || 'An event'} changed on the box since the preview: stage the file again`);

/** The event's row and moved occurrences, as they are before the import writes. */
function beforeOf(db: Db, uid: string, id: string): Extract<KeptEvent, { created: false }> {
  const moves = (movesOf(db, [id]).get(id) ?? []).map(({ original_start, starts_at, ends_at }) => ({ original_start, starts_at, ends_at }));
  return { created: false, uid, element: rawRow(db, id), moves };
}

// ---- Undo -------------------------------------------------------------------------------------------

function undoIcs(context: FileCommitContext): void {
  const { db } = context.deps;
  const kept = [...context.kept()].map((entry) => ({ id: entry.elementId!, before: entry.before as KeptEvent }));
  const changed: string[] = [];
  for (const { id, before } of kept) {
    const now = sql(db, 'SELECT name, deleted_at FROM elements WHERE id = ?').get(id) as { name: string; deleted_at: string | null } | undefined;
    if (now && !now.deleted_at && contentDigest(db, id) !== before.after) changed.push(now.name);
  }
  if (changed.length > 0) {
    const more = changed.length > 5 ? ` and ${changed.length - 5} more` : '';
    throw new AppError('conflict', `These events changed since the import (edited on the box or imported again): ${changed.slice(0, 5).join(', ')}${more}. `
      + 'Nothing was undone: undo the later import first, or change them by hand.');
  }
  for (const { id, before } of kept.reverse()) {
    const now = sql(db, 'SELECT name, deleted_at FROM elements WHERE id = ?').get(id) as { name: string; deleted_at: string | null } | undefined;
    if (!now || now.deleted_at) continue; // deleted on the box since: the deletion stands
    if (before.created) deleteEvent(db, id, now.name);
    else restoreEvent(db, before);
  }
}

function deleteEvent(db: Db, id: string, name: string) {
  try {
    sql(db, 'DELETE FROM elements WHERE id = ?').run(id);
  } catch (error) {
    throw new AppError('conflict', `${name} has content added on the box since the import (${(error as Error).message}); nothing was undone`);
  }
}

/** Every column of the event and its moved occurrences as they were, written as a new change (for sync). */
function restoreEvent(db: Db, before: Extract<KeptEvent, { created: false }>) {
  const row = before.element;
  const columns = Object.keys(row).filter((column) => column !== 'id' && !bookkeeping.has(column));
  db.prepare(`UPDATE elements SET ${columns.map((column) => `${column} = :${column}`).join(', ')},
      origin_seq = :seq, version = version + 1, updated_at = :now WHERE id = :id`)
    .run({ ...Object.fromEntries(columns.map((column) => [column, row[column]])), id: row.id, seq: nextSequence(db), now: nowIso() });
  sql(db, 'DELETE FROM element_tags WHERE element_id = ?').run(row.id);
  const tag = sql(db, 'INSERT OR IGNORE INTO element_tags (element_id, tag) VALUES (?, ?)');
  for (const name of JSON.parse(row.tags as string) as string[]) tag.run(row.id, name.toLowerCase());
  sql(db, 'DELETE FROM event_moves WHERE event_id = ?').run(row.id);
  const move = sql(db, 'INSERT INTO event_moves (event_id, original_start, starts_at, ends_at) VALUES (?, ?, ?, ?)');
  for (const moved of before.moves) move.run(row.id, moved.original_start, moved.starts_at, moved.ends_at);
}
