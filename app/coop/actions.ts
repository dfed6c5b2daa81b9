// The cooperative space's rules. Who: whoever may see an organization or project reads its space; only its
// active members, contributors and admins (links) create rooms, proposals, amendments, actions, and vote — a
// box admin who is not one of them reads but does not vote, and nobody can change someone else's ballot.
// When: amendments while the proposal is open to them, ballots between the vote's opening and closing,
// changeable until it closes. The clock: a deadline passes only when the box's time is confirmed (network, or a
// box admin's browser); while it is not (a Pi rebooted on a saved time), nothing closes and voting goes on.
// Each write is one transaction, its notifications inside it.
import { transaction, sql } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import { nowIso, withOffset } from '../core/time.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { findElement, findElementBySlug } from '../elements/storage.ts';
import type { Element } from '../elements/model.ts';
import { clockStatus } from '../setup/clock.ts';
import { notify } from '../notifications/notify.ts';
import {
  actionPatchSchema, actionSchema, amendingSchema, amendmentSchema, amendmentVoteSchema, ballotSchema, editProposalSchema, proposalSchema,
  roomSchema, votingSchema, type Amendment, type Choice, type CoopAction, type CoopRoom, type HistoryEntry, type Proposal, type Tally,
} from './model.ts';
import {
  actionsOf, addHistory, amendmentsOf, ballotChoice, ballotKey, ballotSecret, dueProposalIds, elementsWithRooms, spacesOfPerson, findAction, findAmendment, findProposal, findRoom,
  historyOf, insertAction, insertAmendment, insertProposal, insertRoom, isElementAdmin, isParticipant, myAmendmentVotes, namedBallots,
  participantsOf, proposalsOf, roomsOf, saveAmendmentVote, saveBallot, setActors, setAmendmentStatus, updateAction, updateProposalFields,
} from './storage.ts';
import { countBallots, tallyOf } from './tally.ts';

export const clockNotConfirmed = "The box's clock is not confirmed; a box admin can set it from the admin page";

/** The box knows the time well enough to let a deadline pass: synchronized over the network, or set by an admin's browser. */
export function confirmedClock(deps: Deps): 'network' | 'browser' | null {
  const { source } = clockStatus(deps.db);
  return source === 'network' || source === 'browser' ? source : null;
}

const deadlinePassed = (deps: Deps, deadline: string | null) => deadline !== null && deadline <= nowIso() && confirmedClock(deps) !== null;

export interface Space {
  element: Element;
  /** An active member, contributor or admin: writes and votes. */
  isParticipant: boolean;
  isAdmin: boolean;
}

/** The space of an organization or project the viewer may see (by id or slug), or a 404. */
export function spaceOf(deps: Deps, viewer: Viewer | null, idOrSlug: string): Space {
  const element = findElement(deps.db, idOrSlug) ?? findElementBySlug(deps.db, idOrSlug);
  if (!element || (element.type !== 'organization' && element.type !== 'project') || !accessTo(deps.db, viewer, element.id).canSee) {
    throw notFound('Cooperative space');
  }
  return {
    element,
    isParticipant: viewer !== null && isParticipant(deps.db, viewer.personId, element.id),
    isAdmin: viewer !== null && isElementAdmin(deps.db, viewer.personId, element.id),
  };
}

function participantOf(deps: Deps, viewer: Viewer | null, elementId: string): { viewer: Viewer; space: Space } {
  const person = signedIn(viewer);
  const space = spaceOf(deps, person, elementId);
  if (!space.isParticipant) throw forbidden('Only the members of the organization or project take part in its decisions');
  return { viewer: person, space };
}

const toInstant = (deps: Deps, value: string) => new Date(withOffset(value, deps.box.timezone)).toISOString();
const proposalUrl = (id: string) => `/coop/proposals/${id}`;
const tellParticipants = (deps: Deps, elementId: string, actorId: string | null, url: string, params: Record<string, string>) =>
  notify(deps.db, deps.live, { kind: 'coop', personIds: participantsOf(deps.db, elementId).map((p) => p.id), actorId, subjectUrl: url, params });

// Rooms

export function createRoom(deps: Deps, viewer: Viewer | null, elementId: string, input: unknown, locale: Locale = 'en'): CoopRoom {
  const room = parse(roomSchema, input, locale);
  return transaction(deps.db, () => {
    const { viewer: person, space } = participantOf(deps, viewer, elementId);
    return findRoom(deps.db, insertRoom(deps.db, space.element.id, room, person.personId))!;
  });
}

export interface SpaceView extends Space {
  rooms: CoopRoom[];
  /** Proposals not yet decided (draft, amending, voting), newest first. */
  open: Proposal[];
  resolutions: Proposal[];
  rejected: Proposal[];
  actions: CoopAction[];
  participants: { id: string; name: string }[];
}

/** A space with its rooms, proposals and actions; deadlines passed since the last visit are settled first. */
export function readSpace(deps: Deps, viewer: Viewer | null, idOrSlug: string): SpaceView {
  const space = spaceOf(deps, viewer, idOrSlug);
  const elementId = space.element.id;
  if (confirmedClock(deps)) for (const id of dueProposalIds(deps.db, elementId, nowIso())) settle(deps, id);
  return {
    ...space, rooms: roomsOf(deps.db, elementId), open: proposalsOf(deps.db, elementId, ['draft', 'amending', 'voting']),
    resolutions: proposalsOf(deps.db, elementId, ['adopted']), rejected: proposalsOf(deps.db, elementId, ['rejected']),
    actions: actionsOf(deps.db, elementId), participants: participantsOf(deps.db, elementId),
  };
}

// Proposals

export function createProposal(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): Proposal {
  const data = parse(proposalSchema, input, locale);
  return transaction(deps.db, () => {
    const room = findRoom(deps.db, data.roomId);
    if (!room) throw fieldError('roomId', 'Unknown room');
    const { viewer: person } = participantOf(deps, viewer, room.elementId);
    const id = insertProposal(deps.db, { ...data, elementId: room.elementId, authorId: person.personId });
    addHistory(deps.db, id, person.personId, 'created', data.body, { version: 1 });
    return findProposal(deps.db, id)!;
  });
}

/**
 * Settles what a passed deadline decided: the amendments at the end of their period, the vote at its closing.
 * Its own transaction, before the write that follows: a ballot refused for coming too late must not take the
 * closing down with it.
 */
function settle(deps: Deps, id: string): void {
  transaction(deps.db, () => {
    const proposal = findProposal(deps.db, id);
    if (!proposal) return;
    if (proposal.status === 'amending' && deadlinePassed(deps, proposal.amendUntil)) resolveAmendments(deps, proposal, null);
    if (proposal.status === 'voting' && deadlinePassed(deps, proposal.closesAt)) closeVote(deps, proposal, null);
  });
}

interface Role {
  proposal: Proposal;
  space: Space;
  isAuthor: boolean;
}

/** A proposal the viewer may read (settle its deadlines first, outside the write's transaction). */
function proposalFor(deps: Deps, viewer: Viewer | null, id: string): Role {
  const found = findProposal(deps.db, id);
  if (!found) throw notFound('Proposal');
  const space = spaceOf(deps, viewer, found.elementId);
  return { proposal: found, space, isAuthor: viewer !== null && found.authorId === viewer.personId };
}

function steering(deps: Deps, viewer: Viewer | null, id: string): Role & { viewer: Viewer } {
  const person = signedIn(viewer);
  const role = proposalFor(deps, person, id);
  if (!role.space.isParticipant || !(role.isAuthor || role.space.isAdmin)) {
    throw forbidden('Only the author of the proposal or an admin of the organization or project can do this');
  }
  return { ...role, viewer: person };
}

export function editProposal(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Proposal {
  const patch = parse(editProposalSchema, input, locale);
  settle(deps, id);
  return transaction(deps.db, () => {
    const { proposal, viewer: person } = steering(deps, viewer, id);
    if (proposal.status !== 'draft') throw new AppError('conflict', 'Only a draft can be edited; change its text through amendments');
    const textChanged = patch.body !== undefined && patch.body !== proposal.body;
    updateProposalFields(deps.db, id, { ...patch, bumpVersion: textChanged });
    addHistory(deps.db, id, person.personId, 'edited', textChanged ? patch.body! : null, { version: proposal.version + (textChanged ? 1 : 0) });
    return findProposal(deps.db, id)!;
  });
}

/** The author or an admin opens the draft to amendments, until a date or until the vote starts. */
export function openAmendments(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Proposal {
  const { amendUntil } = parse(amendingSchema, input, locale);
  const until = amendUntil === undefined ? null : toInstant(deps, amendUntil);
  if (until !== null && until <= nowIso()) throw fieldError('amendUntil', 'The end of the amendment period must be in the future');
  settle(deps, id);
  return transaction(deps.db, () => {
    const { proposal, viewer: person } = steering(deps, viewer, id);
    if (proposal.status !== 'draft') throw new AppError('conflict', 'Only a draft can be opened to amendments');
    updateProposalFields(deps.db, id, { status: 'amending', amendUntil: until });
    addHistory(deps.db, id, person.personId, 'amending', null, { amendUntil: until });
    tellParticipants(deps, proposal.elementId, person.personId, proposalUrl(id), { variant: 'amending', name: proposal.title });
    return findProposal(deps.db, id)!;
  });
}

function amendable(proposal: Proposal, deps: Deps) {
  if (proposal.status !== 'amending') throw new AppError('conflict', 'This proposal is not open to amendments');
  if (deadlinePassed(deps, proposal.amendUntil)) throw new AppError('conflict', 'The amendment period is over');
}

export function addAmendment(deps: Deps, viewer: Viewer | null, proposalId: string, input: unknown, locale: Locale = 'en'): Amendment {
  const data = parse(amendmentSchema, input, locale);
  settle(deps, proposalId);
  return transaction(deps.db, () => {
    const { proposal, space } = proposalFor(deps, viewer, proposalId);
    const { viewer: person } = participantOf(deps, viewer, space.element.id);
    amendable(proposal, deps);
    const id = insertAmendment(deps.db, proposal.id, person.personId, data.mode, data.body);
    addHistory(deps.db, proposal.id, person.personId, 'amendment', null, { amendmentId: id, mode: data.mode });
    tellParticipants(deps, proposal.elementId, person.personId, `${proposalUrl(proposal.id)}#amendment-${id}`, { variant: 'amendment', name: proposal.title });
    return findAmendment(deps.db, id)!;
  });
}

/** A member's vote for or against an amendment, changeable while the amendment period lasts. */
export function voteAmendment(deps: Deps, viewer: Viewer | null, amendmentId: string, input: unknown, locale: Locale = 'en'): Amendment {
  const { choice } = parse(amendmentVoteSchema, input, locale);
  const proposalId = findAmendment(deps.db, amendmentId)?.proposalId;
  if (proposalId) settle(deps, proposalId);
  return transaction(deps.db, () => {
    const amendment = findAmendment(deps.db, amendmentId);
    if (!amendment) throw notFound('Amendment');
    const { proposal, space } = proposalFor(deps, viewer, amendment.proposalId);
    const { viewer: person } = participantOf(deps, viewer, space.element.id);
    amendable(proposal, deps);
    if (findAmendment(deps.db, amendmentId)!.status !== 'open') throw new AppError('conflict', 'This amendment was already decided');
    saveAmendmentVote(deps.db, amendmentId, person.personId, choice);
    return findAmendment(deps.db, amendmentId)!;
  });
}

/** Open amendments with more for than against are applied to the text in order; the others are rejected. */
function resolveAmendments(deps: Deps, proposal: Proposal, actorId: string | null) {
  let body = proposal.body;
  let version = proposal.version;
  for (const amendment of amendmentsOf(deps.db, proposal.id).filter((a) => a.status === 'open')) {
    const accepted = amendment.votesFor > amendment.votesAgainst;
    setAmendmentStatus(deps.db, amendment.id, accepted ? 'accepted' : 'rejected');
    const detail = { amendmentId: amendment.id, for: amendment.votesFor, against: amendment.votesAgainst, version: version + (accepted ? 1 : 0) };
    if (accepted) {
      body = amendment.mode === 'replace' ? amendment.body : `${body}\n\n${amendment.body}`;
      version += 1;
      updateProposalFields(deps.db, proposal.id, { body, bumpVersion: true });
    }
    addHistory(deps.db, proposal.id, actorId, accepted ? 'amendment_accepted' : 'amendment_rejected', accepted ? body : null, detail);
  }
}

/** The author or an admin puts the proposal to the vote; amendments still open are decided first. */
export function startVote(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Proposal {
  const data = parse(votingSchema, input, locale);
  const now = nowIso();
  const opensAt = data.opensAt === undefined ? now : [toInstant(deps, data.opensAt), now].sort()[1];
  const closesAt = toInstant(deps, data.closesAt);
  if (closesAt <= opensAt) throw fieldError('closesAt', 'The vote must close after it opens');
  settle(deps, id);
  return transaction(deps.db, () => {
    const { proposal, viewer: person } = steering(deps, viewer, id);
    if (proposal.status !== 'draft' && proposal.status !== 'amending') throw new AppError('conflict', 'This proposal was already put to the vote');
    if (proposal.status === 'amending') resolveAmendments(deps, proposal, person.personId);
    updateProposalFields(deps.db, id, { status: 'voting', opensAt, closesAt });
    addHistory(deps.db, id, person.personId, 'voting', null, { opensAt, closesAt, majority: proposal.majority, anonymous: proposal.anonymous });
    tellParticipants(deps, proposal.elementId, person.personId, proposalUrl(id), { variant: 'voting', name: proposal.title });
    return findProposal(deps.db, id)!;
  });
}

/** A member casts or changes their ballot; one per person whatever arrives at once (the ballot key is the row's key). */
export function castBallot(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): { choice: Choice } {
  const { choice } = parse(ballotSchema, input, locale);
  settle(deps, id);
  return transaction(deps.db, () => {
    const { proposal, space } = proposalFor(deps, viewer, id);
    const { viewer: person } = participantOf(deps, viewer, space.element.id);
    if (proposal.status === 'adopted' || proposal.status === 'rejected') throw new AppError('conflict', 'This vote is closed');
    if (proposal.status !== 'voting') throw new AppError('conflict', 'This proposal is not open to the vote yet');
    if (proposal.opensAt !== null && nowIso() < proposal.opensAt) throw new AppError('conflict', 'The vote has not opened yet');
    const key = ballotKey(ballotSecret(deps.db), proposal.id, person.personId);
    saveBallot(deps.db, proposal.id, key, proposal.anonymous ? null : person.personId, choice);
    return { choice };
  });
}

/** Closes a vote whose closing time passed ("close now" on the page); refused while the clock is not confirmed. */
export function closeProposal(deps: Deps, viewer: Viewer | null, id: string): Proposal {
  settle(deps, id);
  return transaction(deps.db, () => {
    const { proposal, space } = proposalFor(deps, viewer, id);
    const { viewer: person } = participantOf(deps, viewer, space.element.id);
    if (proposal.status === 'adopted' || proposal.status === 'rejected') return proposal;
    if (proposal.status !== 'voting') throw new AppError('conflict', 'This proposal is not open to the vote yet');
    if (confirmedClock(deps) === null) throw new AppError('conflict', clockNotConfirmed);
    if (proposal.closesAt !== null && nowIso() < proposal.closesAt) throw new AppError('conflict', 'The vote closes at its closing time, not before');
    closeVote(deps, proposal, person.personId);
    return findProposal(deps.db, id)!;
  });
}

/** Counts the stored ballots, keeps the tally and the clock's source, and decides (inside a transaction). */
function closeVote(deps: Deps, proposal: Proposal, actorId: string | null) {
  const source = confirmedClock(deps);
  if (source === null) throw new AppError('conflict', clockNotConfirmed);
  const tally = tallyOf(countBallots(deps.db, proposal.id), proposal.majority);
  const status = tally.adopted ? 'adopted' : 'rejected';
  const closedAt = nowIso();
  updateProposalFields(deps.db, proposal.id, { status, tally, closedAt, closeClockSource: source });
  addHistory(deps.db, proposal.id, actorId, status, null, { tally, clockSource: source }, closedAt);
  tellParticipants(deps, proposal.elementId, actorId, proposalUrl(proposal.id), { variant: status, name: proposal.title });
}

export interface ProposalView {
  proposal: Proposal;
  space: Space;
  room: CoopRoom;
  isAuthor: boolean;
  history: HistoryEntry[];
  amendments: Amendment[];
  /** The viewer's own votes (theirs only: for an anonymous vote nothing else says who chose what). */
  myBallot: Choice | null;
  myAmendmentVotes: Record<string, 'for' | 'against'>;
  /** The stored tally once closed; the running counts while voting when results are live (members only); else null. */
  results: Tally | null;
  /** Who voted what: votes that are not anonymous, when results are shown. */
  voters: { personId: string; name: string; choice: Choice }[] | null;
  clockConfirmed: boolean;
  /** The closing time passed: a member may close it (once the clock is confirmed). */
  closingDue: boolean;
}

export function readProposal(deps: Deps, viewer: Viewer | null, id: string): ProposalView {
  settle(deps, id);
  const { proposal, space, isAuthor } = proposalFor(deps, viewer, id);
  const closed = proposal.status === 'adopted' || proposal.status === 'rejected';
  const live = proposal.status === 'voting' && proposal.resultsVisible === 'live' && space.isParticipant;
  const results = closed ? proposal.tally : live ? tallyOf(countBallots(deps.db, proposal.id), proposal.majority) : null;
  const secret = sql(deps.db, "SELECT value FROM box_settings WHERE key = 'ballot_secret'").get() as { value: string } | undefined;
  const myBallot = viewer && secret ? ballotChoice(deps.db, proposal.id, ballotKey(secret.value, proposal.id, viewer.personId)) : null;
  return {
    proposal, space, room: findRoom(deps.db, proposal.roomId)!, isAuthor, history: historyOf(deps.db, proposal.id),
    amendments: amendmentsOf(deps.db, proposal.id), myBallot,
    myAmendmentVotes: viewer ? Object.fromEntries(myAmendmentVotes(deps.db, proposal.id, viewer.personId)) : {},
    results, voters: results && !proposal.anonymous ? namedBallots(deps.db, proposal.id) : null,
    clockConfirmed: confirmedClock(deps) !== null,
    closingDue: proposal.status === 'voting' && proposal.closesAt !== null && proposal.closesAt <= nowIso(),
  };
}

/** The tally of a proposal as the viewer may see it (the rules of readProposal), or null while hidden. */
export function visibleTally(deps: Deps, viewer: Viewer | null, id: string): { status: Proposal['status']; tally: Tally | null } {
  const view = readProposal(deps, viewer, id);
  return { status: view.proposal.status, tally: view.results };
}

// Actions

function checkActors(deps: Deps, elementId: string, actorIds: string[]) {
  for (const id of actorIds) {
    if (!isParticipant(deps.db, id, elementId)) throw fieldError('actorIds', 'An actor must be a member of the organization or project');
  }
}

function tellActors(deps: Deps, actorIds: string[], actorId: string, action: CoopAction, elementSlug: string) {
  notify(deps.db, deps.live, {
    kind: 'coop', personIds: actorIds, actorId, subjectUrl: `/coop/${elementSlug}/actions#action-${action.id}`,
    params: { variant: 'action', name: action.title },
  });
}

export function createAction(deps: Deps, viewer: Viewer | null, elementId: string, input: unknown, locale: Locale = 'en'): CoopAction {
  const data = parse(actionSchema, input, locale);
  return transaction(deps.db, () => {
    const { viewer: person, space } = participantOf(deps, viewer, elementId);
    if (data.roomId && findRoom(deps.db, data.roomId)?.elementId !== space.element.id) throw fieldError('roomId', 'Unknown room');
    if (data.proposalId && findProposal(deps.db, data.proposalId)?.elementId !== space.element.id) throw fieldError('proposalId', 'Unknown proposal');
    checkActors(deps, space.element.id, data.actorIds);
    const action = findAction(deps.db, insertAction(deps.db, space.element.id, data, person.personId))!;
    tellActors(deps, data.actorIds, person.personId, action, space.element.slug);
    return action;
  });
}

/** A member moves an action on (status, due date) or changes who carries it out. */
export function changeAction(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): CoopAction {
  const patch = parse(actionPatchSchema, input, locale);
  return transaction(deps.db, () => {
    const action = findAction(deps.db, id);
    if (!action) throw notFound('Action');
    const { viewer: person, space } = participantOf(deps, viewer, action.elementId);
    updateAction(deps.db, id, { status: patch.status, dueDate: patch.dueDate });
    if (patch.actorIds) {
      checkActors(deps, action.elementId, patch.actorIds);
      setActors(deps.db, id, patch.actorIds);
      const before = new Set(action.actors.map((actor) => actor.id));
      tellActors(deps, patch.actorIds.filter((actorId) => !before.has(actorId)), person.personId, action, space.element.slug);
    }
    return findAction(deps.db, id)!;
  });
}

/** The spaces of "/coop": those of the organizations and projects the viewer takes part in, and others they may see that have rooms. */
export function listSpaces(deps: Deps, viewer: Viewer | null): { mine: Element[]; others: Element[] } {
  const mineIds = viewer ? spacesOfPerson(deps.db, viewer.personId) : [];
  const mine = new Set(mineIds);
  const visible = (id: string) => accessTo(deps.db, viewer, id).canSee;
  const element = (id: string) => findElement(deps.db, id);
  return {
    mine: mineIds.filter(visible).map(element).filter((e) => e !== null),
    others: elementsWithRooms(deps.db).filter((id) => !mine.has(id) && visible(id)).map(element)
      .filter((e): e is Element => e !== null && (e.type === 'organization' || e.type === 'project'))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
