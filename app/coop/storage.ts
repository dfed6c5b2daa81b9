// SQL for the cooperative space: rooms, proposals and their history, amendments, ballots, actions. No permission
// decisions here (see ./actions.ts).
import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Db } from '../core/db/database.ts';
import { uuidv7 } from '../core/ids.ts';
import { nowIso } from '../core/time.ts';
import type {
  ActionInput, ActionStatus, Amendment, AmendmentMode, Choice, CoopAction, CoopRoom, HistoryEntry, HistoryEvent, Majority, Proposal,
  ProposalStatus, ResultsVisible, RoomInput, Tally,
} from './model.ts';

// Rooms

interface RoomRow { id: string; element_id: string; name: string; description: string; created_by: string | null; is_demo: number; created_at: string }

const rowToRoom = (row: RoomRow): CoopRoom => ({
  id: row.id, elementId: row.element_id, name: row.name, description: row.description, createdBy: row.created_by,
  isDemo: row.is_demo === 1, createdAt: row.created_at,
});

export function insertRoom(db: Db, elementId: string, room: RoomInput, createdBy: string | null, isDemo = false): string {
  const id = uuidv7();
  sql(db, `INSERT INTO coop_rooms (id, element_id, name, description, created_by, is_demo, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, elementId, room.name, room.description, createdBy, isDemo ? 1 : 0, nowIso());
  return id;
}

export function findRoom(db: Db, id: string): CoopRoom | null {
  const row = sql(db, 'SELECT * FROM coop_rooms WHERE id = ?').get(id) as RoomRow | undefined;
  return row ? rowToRoom(row) : null;
}

export const roomsOf = (db: Db, elementId: string): CoopRoom[] =>
  (sql(db, 'SELECT * FROM coop_rooms WHERE element_id = ? ORDER BY name, id').all(elementId) as RoomRow[]).map(rowToRoom);

// Proposals

interface ProposalRow {
  id: string; room_id: string; element_id: string; author_id: string | null; title: string; body: string; status: ProposalStatus;
  majority: Majority; anonymous: number; results_visible: ResultsVisible; amend_until: string | null; opens_at: string | null;
  closes_at: string | null; closed_at: string | null; close_clock_source: 'network' | 'browser' | null; tally: string | null;
  version: number; created_at: string; updated_at: string;
}

const rowToProposal = (row: ProposalRow): Proposal => ({
  id: row.id, roomId: row.room_id, elementId: row.element_id, authorId: row.author_id, title: row.title, body: row.body,
  status: row.status, majority: row.majority, anonymous: row.anonymous === 1, resultsVisible: row.results_visible,
  amendUntil: row.amend_until, opensAt: row.opens_at, closesAt: row.closes_at, closedAt: row.closed_at,
  closeClockSource: row.close_clock_source, tally: row.tally === null ? null : (JSON.parse(row.tally) as Tally), version: row.version,
  createdAt: row.created_at, updatedAt: row.updated_at,
});

export interface NewProposal {
  roomId: string;
  elementId: string;
  authorId: string | null;
  title: string;
  body: string;
  majority: Majority;
  anonymous: boolean;
  resultsVisible: ResultsVisible;
}

export function insertProposal(db: Db, proposal: NewProposal, id = uuidv7(), createdAt = nowIso()): string {
  sql(db, `INSERT INTO coop_proposals (id, room_id, element_id, author_id, title, body, majority, anonymous, results_visible, created_at, updated_at)
    VALUES (:id, :room_id, :element_id, :author_id, :title, :body, :majority, :anonymous, :results_visible, :now, :now)`).run({
    id, room_id: proposal.roomId, element_id: proposal.elementId, author_id: proposal.authorId, title: proposal.title, body: proposal.body,
    majority: proposal.majority, anonymous: proposal.anonymous ? 1 : 0, results_visible: proposal.resultsVisible, now: createdAt,
  });
  return id;
}

export function findProposal(db: Db, id: string): Proposal | null {
  const row = sql(db, 'SELECT * FROM coop_proposals WHERE id = ?').get(id) as ProposalRow | undefined;
  return row ? rowToProposal(row) : null;
}

export const proposalsOf = (db: Db, elementId: string, statuses: readonly ProposalStatus[]): Proposal[] =>
  (sql(db, `SELECT * FROM coop_proposals WHERE element_id = ? AND status IN (SELECT value FROM json_each(?)) ORDER BY id DESC`)
    .all(elementId, JSON.stringify(statuses)) as ProposalRow[]).map(rowToProposal);

/** Proposals whose deadline (amendments or vote) passed before `now` and that are not settled yet. */
export const dueProposalIds = (db: Db, elementId: string, now: string): string[] =>
  (sql(db, `SELECT id FROM coop_proposals WHERE element_id = :element AND (
      (status = 'voting' AND closes_at <= :now)
      OR (status = 'amending' AND amend_until <= :now AND EXISTS (SELECT 1 FROM coop_amendments a WHERE a.proposal_id = coop_proposals.id AND a.status = 'open')))`)
    .all({ element: elementId, now }) as { id: string }[]).map((row) => row.id);

export function updateProposalFields(db: Db, id: string, fields: Partial<{
  title: string; body: string; majority: Majority; anonymous: boolean; resultsVisible: ResultsVisible; status: ProposalStatus;
  amendUntil: string | null; opensAt: string | null; closesAt: string | null; closedAt: string | null;
  closeClockSource: 'network' | 'browser'; tally: Tally; bumpVersion: boolean;
}>) {
  const set = (column: string, value: unknown) => ({ column, value });
  const changes = [
    fields.title === undefined ? null : set('title', fields.title),
    fields.body === undefined ? null : set('body', fields.body),
    fields.majority === undefined ? null : set('majority', fields.majority),
    fields.anonymous === undefined ? null : set('anonymous', fields.anonymous ? 1 : 0),
    fields.resultsVisible === undefined ? null : set('results_visible', fields.resultsVisible),
    fields.status === undefined ? null : set('status', fields.status),
    fields.amendUntil === undefined ? null : set('amend_until', fields.amendUntil),
    fields.opensAt === undefined ? null : set('opens_at', fields.opensAt),
    fields.closesAt === undefined ? null : set('closes_at', fields.closesAt),
    fields.closedAt === undefined ? null : set('closed_at', fields.closedAt),
    fields.closeClockSource === undefined ? null : set('close_clock_source', fields.closeClockSource),
    fields.tally === undefined ? null : set('tally', JSON.stringify(fields.tally)),
  ].filter((change) => change !== null);
  const params: Record<string, unknown> = { id, now: nowIso() };
  for (const change of changes) params[change.column] = change.value;
  // Built from the fixed column names above, never from input.
  db.prepare(`UPDATE coop_proposals SET ${changes.map((change) => `${change.column} = :${change.column}, `).join('')}
    version = version + ${fields.bumpVersion ? 1 : 0}, updated_at = :now WHERE id = :id`).run(params);
}

export function addHistory(db: Db, proposalId: string, actorId: string | null, event: HistoryEvent, body: string | null, detail: Record<string, unknown> = {}, at = nowIso()) {
  sql(db, 'INSERT INTO coop_proposal_history (id, proposal_id, actor_id, event, body, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(uuidv7(), proposalId, actorId, event, body, JSON.stringify(detail), at);
}

export const historyOf = (db: Db, proposalId: string): HistoryEntry[] =>
  (sql(db, `SELECT h.*, p.name AS actor_name FROM coop_proposal_history h LEFT JOIN elements p ON p.id = h.actor_id
    WHERE h.proposal_id = ? ORDER BY h.id`).all(proposalId) as {
    id: string; actor_id: string | null; actor_name: string | null; event: HistoryEvent; body: string | null; detail: string; at: string;
  }[]).map((row) => ({
    id: row.id, actorId: row.actor_id, actorName: row.actor_name, event: row.event, body: row.body,
    detail: JSON.parse(row.detail) as Record<string, unknown>, at: row.at,
  }));

// Amendments

export function insertAmendment(db: Db, proposalId: string, authorId: string, mode: AmendmentMode, body: string): string {
  const id = uuidv7();
  sql(db, 'INSERT INTO coop_amendments (id, proposal_id, author_id, mode, body, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, proposalId, authorId, mode, body, nowIso());
  return id;
}

const amendmentSelect = `SELECT a.*, p.name AS author_name,
    (SELECT count(*) FROM coop_amendment_votes v WHERE v.amendment_id = a.id AND v.choice = 'for') AS votes_for,
    (SELECT count(*) FROM coop_amendment_votes v WHERE v.amendment_id = a.id AND v.choice = 'against') AS votes_against
  FROM coop_amendments a LEFT JOIN elements p ON p.id = a.author_id`;

interface AmendmentRow {
  id: string; proposal_id: string; author_id: string | null; author_name: string | null; mode: AmendmentMode; body: string;
  status: Amendment['status']; created_at: string; decided_at: string | null; votes_for: number; votes_against: number;
}

const rowToAmendment = (row: AmendmentRow): Amendment => ({
  id: row.id, proposalId: row.proposal_id, authorId: row.author_id, authorName: row.author_name, mode: row.mode, body: row.body,
  status: row.status, createdAt: row.created_at, decidedAt: row.decided_at, votesFor: row.votes_for, votesAgainst: row.votes_against,
});

export function findAmendment(db: Db, id: string): Amendment | null {
  const row = sql(db, `${amendmentSelect} WHERE a.id = ?`).get(id) as AmendmentRow | undefined;
  return row ? rowToAmendment(row) : null;
}

export const amendmentsOf = (db: Db, proposalId: string): Amendment[] =>
  (sql(db, `${amendmentSelect} WHERE a.proposal_id = ? ORDER BY a.id`).all(proposalId) as AmendmentRow[]).map(rowToAmendment);

export function setAmendmentStatus(db: Db, id: string, status: 'accepted' | 'rejected') {
  sql(db, 'UPDATE coop_amendments SET status = ?, decided_at = ? WHERE id = ?').run(status, nowIso(), id);
}

export function saveAmendmentVote(db: Db, amendmentId: string, personId: string, choice: 'for' | 'against') {
  sql(db, `INSERT INTO coop_amendment_votes (amendment_id, person_id, choice, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (amendment_id, person_id) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at`)
    .run(amendmentId, personId, choice, nowIso());
}

/** The person's votes on the amendments of a proposal, by amendment id. */
export function myAmendmentVotes(db: Db, proposalId: string, personId: string): Map<string, 'for' | 'against'> {
  const rows = sql(db, `SELECT v.amendment_id, v.choice FROM coop_amendment_votes v JOIN coop_amendments a ON a.id = v.amendment_id
    WHERE a.proposal_id = ? AND v.person_id = ?`).all(proposalId, personId) as { amendment_id: string; choice: 'for' | 'against' }[];
  return new Map(rows.map((row) => [row.amendment_id, row.choice]));
}

// Ballots

/** The box's secret for ballot keys, created on first need (call inside a transaction). */
export function ballotSecret(db: Db): string {
  sql(db, "INSERT INTO box_settings (key, value) VALUES ('ballot_secret', ?) ON CONFLICT (key) DO NOTHING").run(randomBytes(32).toString('base64url'));
  return (sql(db, "SELECT value FROM box_settings WHERE key = 'ballot_secret'").get() as { value: string }).value;
}

/** The key of a person's ballot on a proposal: the same each time, yet it names no one without the box's secret. */
export const ballotKey = (secret: string, proposalId: string, personId: string) =>
  createHmac('sha256', secret).update(`${proposalId}:${personId}`).digest('base64url');

/** Casts or replaces a ballot: one row per key, whatever arrives at once. */
export function saveBallot(db: Db, proposalId: string, key: string, voterId: string | null, choice: Choice) {
  const now = nowIso();
  sql(db, `INSERT INTO coop_ballots (proposal_id, ballot_key, voter_id, choice, cast_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (proposal_id, ballot_key) DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at`)
    .run(proposalId, key, voterId, choice, now, now);
}

export function ballotChoice(db: Db, proposalId: string, key: string): Choice | null {
  const row = sql(db, 'SELECT choice FROM coop_ballots WHERE proposal_id = ? AND ballot_key = ?').get(proposalId, key) as { choice: Choice } | undefined;
  return row?.choice ?? null;
}

/** Who voted what, for a vote that is not anonymous only (the caller checks). */
export const namedBallots = (db: Db, proposalId: string): { personId: string; name: string; choice: Choice }[] =>
  (sql(db, `SELECT b.voter_id, p.name, b.choice FROM coop_ballots b JOIN elements p ON p.id = b.voter_id
    JOIN coop_proposals pr ON pr.id = b.proposal_id AND pr.anonymous = 0
    WHERE b.proposal_id = ? ORDER BY p.name`).all(proposalId) as { voter_id: string; name: string; choice: Choice }[])
    .map((row) => ({ personId: row.voter_id, name: row.name, choice: row.choice }));

// Members

/** Whether a person takes part in an element's decisions: an active member or contributor, or an admin of it. */
export const isParticipant = (db: Db, personId: string, elementId: string): boolean =>
  sql(db, `SELECT 1 FROM links WHERE from_id = ? AND to_id = ? AND status = 'active' AND (is_admin = 1 OR kind IN ('member', 'contributor'))`)
    .get(personId, elementId) !== undefined;

/** Whether a person administers the element (an active admin link; box admins are not admins of its decisions). */
export const isElementAdmin = (db: Db, personId: string, elementId: string): boolean =>
  sql(db, "SELECT 1 FROM links WHERE from_id = ? AND to_id = ? AND status = 'active' AND is_admin = 1").get(personId, elementId) !== undefined;

/** The persons who take part in an element's decisions (to tell them), and their names (to pick actors). */
export const participantsOf = (db: Db, elementId: string): { id: string; name: string }[] =>
  sql(db, `SELECT DISTINCT p.id, p.name FROM links l JOIN elements p ON p.id = l.from_id AND p.type = 'person' AND p.deleted_at IS NULL
    WHERE l.to_id = ? AND l.status = 'active' AND (l.is_admin = 1 OR l.kind IN ('member', 'contributor')) ORDER BY p.name`).all(elementId) as { id: string; name: string }[];

/** Organizations and projects a person takes part in, for "my spaces". */
export const spacesOfPerson = (db: Db, personId: string): string[] =>
  (sql(db, `SELECT DISTINCT e.id FROM links l JOIN elements e ON e.id = l.to_id AND e.type IN ('organization', 'project') AND e.deleted_at IS NULL
    WHERE l.from_id = ? AND l.status = 'active' AND (l.is_admin = 1 OR l.kind IN ('member', 'contributor')) ORDER BY e.name`).all(personId) as { id: string }[])
    .map((row) => row.id);

/** Elements that have a cooperative space (at least one room). */
export const elementsWithRooms = (db: Db): string[] =>
  (sql(db, 'SELECT DISTINCT element_id FROM coop_rooms').all() as { element_id: string }[]).map((row) => row.element_id);

// Actions

interface ActionRow {
  id: string; element_id: string; room_id: string | null; proposal_id: string | null; title: string; description: string;
  due_date: string | null; status: ActionStatus; created_by: string | null; created_at: string; updated_at: string;
}

function rowToAction(db: Db, row: ActionRow): CoopAction {
  const actors = sql(db, `SELECT p.id, p.name FROM coop_action_actors a JOIN elements p ON p.id = a.person_id
    WHERE a.action_id = ? ORDER BY p.name`).all(row.id) as { id: string; name: string }[];
  return {
    id: row.id, elementId: row.element_id, roomId: row.room_id, proposalId: row.proposal_id, title: row.title, description: row.description,
    dueDate: row.due_date, status: row.status, createdBy: row.created_by, actors, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export function insertAction(db: Db, elementId: string, input: ActionInput, createdBy: string | null, isDemo = false, status: ActionStatus = 'todo'): string {
  const id = uuidv7();
  const now = nowIso();
  sql(db, `INSERT INTO coop_actions (id, element_id, room_id, proposal_id, title, description, due_date, status, created_by, is_demo, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, elementId, input.roomId ?? null, input.proposalId ?? null, input.title, input.description,
    input.dueDate ?? null, status, createdBy, isDemo ? 1 : 0, now, now);
  setActors(db, id, input.actorIds);
  return id;
}

export function setActors(db: Db, actionId: string, personIds: string[]) {
  sql(db, 'DELETE FROM coop_action_actors WHERE action_id = ?').run(actionId);
  for (const personId of new Set(personIds)) sql(db, 'INSERT INTO coop_action_actors (action_id, person_id) VALUES (?, ?)').run(actionId, personId);
}

export function updateAction(db: Db, id: string, change: { status?: ActionStatus; dueDate?: string | null }) {
  sql(db, `UPDATE coop_actions SET status = coalesce(:status, status), due_date = CASE WHEN :keep_due = 1 THEN due_date ELSE :due END,
    updated_at = :now WHERE id = :id`).run({
    id, status: change.status ?? null, keep_due: change.dueDate === undefined ? 1 : 0, due: change.dueDate ?? null, now: nowIso(),
  });
}

export function findAction(db: Db, id: string): CoopAction | null {
  const row = sql(db, 'SELECT * FROM coop_actions WHERE id = ?').get(id) as ActionRow | undefined;
  return row ? rowToAction(db, row) : null;
}

/** An element's actions: not done first, by due date (none last), then done ones. */
export const actionsOf = (db: Db, elementId: string): CoopAction[] =>
  (sql(db, `SELECT * FROM coop_actions WHERE element_id = ?
    ORDER BY status = 'done', due_date IS NULL, due_date, id`).all(elementId) as ActionRow[]).map((row) => rowToAction(db, row));

/** Removes the demo's rooms (their proposals, amendments and ballots go with them) and actions. */
export function deleteDemoCoop(db: Db) {
  sql(db, 'DELETE FROM coop_actions WHERE is_demo = 1').run();
  sql(db, 'DELETE FROM coop_rooms WHERE is_demo = 1').run();
}
