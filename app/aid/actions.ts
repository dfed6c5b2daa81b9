// What people do with needs and offers, with the permission checks: post (and get matches), edit, mark
// fulfilled or reopen, renew, dismiss a match. Reading and deleting are the elements' own (app/elements/actions.ts).
import { transaction } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import { nowMs } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { createElement, readElement, updateElement } from '../elements/actions.ts';
import { defaultLifetimeDays, type Element } from '../elements/model.ts';
import { findElement, setClosed } from '../elements/storage.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { proposeMatches } from './matching.ts';
import { listQuerySchema, type AidKind, type ProposedMatch, type StoredMatch } from './model.ts';
import { dismissMatch, listAid, matchesOf, setExpiry } from './storage.ts';

export interface Posted {
  entry: Element;
  matches: ProposedMatch[];
}

/** Aid is for everyone or for the box's members (signed-in accounts); "private" would hide it from the matching too. */
function checkAidInput(input: unknown): Record<string, unknown> {
  const fields = input && typeof input === 'object' && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : {};
  if (fields.type !== undefined && fields.type !== 'aid') throw fieldError('type', 'This is the mutual aid API: the type is aid');
  if (fields.visibility === 'private') throw fieldError('visibility', 'Mutual aid is public or for members of the box');
  return fields;
}

/** Posts a need or an offer; its matches are found, stored and their authors told in the same transaction. */
export function postAid(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): Posted {
  const author = signedIn(viewer);
  const fields = checkAidInput(input);
  return transaction(deps.db, () => {
    const entry = createElement(deps, author, { ...fields, type: 'aid' }, locale);
    return { entry, matches: proposeMatches(deps, author, entry, { notify: true }) };
  });
}

/** An aid entry as this viewer may see it, or null (other types are not aid entries). */
export function readAid(deps: Deps, viewer: Viewer | null, id: string): Element | null {
  const entry = readElement(deps, viewer, id);
  return entry?.type === 'aid' ? entry : null;
}

function adminEntry(deps: Deps, viewer: Viewer, id: string): Element {
  const entry = readAid(deps, viewer, id);
  if (!entry) throw notFound('Element');
  if (!accessTo(deps.db, viewer, id).isAdmin) throw forbidden('Only the admins of this element can edit it');
  return entry;
}

/** Edits an entry; its matches are computed again (no one is told twice of the same entry). */
export function editAid(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Element {
  const editor = signedIn(viewer);
  const fields = checkAidInput(input);
  delete fields.type;
  return transaction(deps.db, () => {
    adminEntry(deps, editor, id);
    const entry = updateElement(deps, editor, id, fields, locale);
    proposeMatches(deps, editor, entry, { notify: false });
    return entry;
  });
}

/** Marks an entry fulfilled (closed), or open again. */
export function setFulfilled(deps: Deps, viewer: Viewer | null, id: string, fulfilled: boolean): Element {
  const actor = signedIn(viewer);
  return transaction(deps.db, () => {
    adminEntry(deps, actor, id);
    setClosed(deps.db, id, fulfilled);
    return findElement(deps.db, id)!;
  });
}

/** Renews an entry for the default lifetime from today (also one already past its expiry). */
export function renewAid(deps: Deps, viewer: Viewer | null, id: string): Element {
  const actor = signedIn(viewer);
  return transaction(deps.db, () => {
    const entry = adminEntry(deps, actor, id);
    setExpiry(deps.db, id, new Date(nowMs() + (defaultLifetimeDays.aid ?? 90) * 86_400_000).toISOString());
    const renewed = findElement(deps.db, id)!;
    if (!entry.closedAt) proposeMatches(deps, actor, renewed, { notify: false });
    return renewed;
  });
}

/** The proposed matches of an entry the viewer may see; dismissed ones and closed or hidden others left out. */
export function aidMatches(deps: Deps, viewer: Viewer | null, id: string, limit = 10): StoredMatch[] {
  const entry = readAid(deps, viewer, id);
  if (!entry) throw notFound('Element');
  return matchesOf(deps.db, viewer, { id: entry.id, kind: entry.kind as AidKind }, limit);
}

/** An admin of the entry says a proposed match does not fit: it no longer shows, on either side. */
export function dismissAidMatch(deps: Deps, viewer: Viewer | null, id: string, otherId: string) {
  const actor = signedIn(viewer);
  transaction(deps.db, () => {
    adminEntry(deps, actor, id);
    if (!dismissMatch(deps.db, id, otherId)) throw notFound('Match');
  });
}

/** Needs and offers for the list page and the API, filtered by the query string. */
export function listAidEntries(deps: Deps, viewer: Viewer | null, query: unknown, locale: Locale, limit = 24) {
  const filter = parse(listQuerySchema, query, locale);
  const page = listAid(deps.db, viewer, { kind: filter.kind, category: filter.category, zone: filter.zone, withClosed: filter.closed === '1' },
    filter.cursor ?? null, limit);
  return { filter, ...page };
}
