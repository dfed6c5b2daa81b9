// Joining, inviting, following and attending: the flows between persons and elements.
import { transaction } from '../core/db/database.ts';
import { nowMs } from '../core/time.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import type { Element } from '../elements/model.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { notify, type NotificationKind } from '../notifications/notify.ts';
import { adminsOf } from '../links/storage.ts';
import {
  addLink, countAdmins, createInvitation, creatorLinkKind, findInvitation, findLink, removeLink, updateLinkRole, type Link,
} from './storage.ts';

function visibleElement(deps: Deps, viewer: Viewer, id: string): Element {
  const element = findElement(deps.db, id);
  if (!element || !accessTo(deps.db, viewer, id).canSee) throw notFound('Element');
  return element;
}

/** Tells persons about a join flow of this element (inside the caller's transaction); the page is the element's. */
function tell(deps: Deps, kind: NotificationKind, personIds: string[], actorId: string, element: Element, variant?: string) {
  notify(deps.db, deps.live, { kind, personIds, actorId, subjectUrl: `/e/${element.slug}`, params: { name: element.name, ...(variant ? { variant } : {}) } });
}

function requireAdmin(deps: Deps, viewer: Viewer, id: string): Element {
  const element = visibleElement(deps, viewer, id);
  if (!accessTo(deps.db, viewer, id).isAdmin) throw forbidden('Only the admins of this element can do this');
  return element;
}

/** Asks to join: a public element's admins approve the request; joining an event is attending it. */
export function requestToJoin(deps: Deps, viewer: Viewer | null, elementId: string): Link {
  const person = signedIn(viewer);
  return transaction(deps.db, () => {
    const element = visibleElement(deps, person, elementId);
    if (element.type === 'person' || element.type === 'poi') throw new AppError('bad_request', `One cannot join a ${element.type}`);
    const kind = creatorLinkKind(element.type);
    const existing = findLink(deps.db, person.personId, elementId, kind);
    if (existing?.status === 'active') return existing;
    // An open event needs no approval; an invitation already pending is accepted by asking.
    const status = element.type === 'event' || existing?.status === 'invited' ? 'active' : 'requested';
    const link = addLink(deps.db, { fromId: person.personId, toId: elementId, kind, status });
    // An open event's attendees come and go without telling anyone; a request, or an accepted invitation, is news.
    if (status === 'requested' && existing?.status !== 'requested') tell(deps, 'join_request', adminsOf(deps.db, elementId), person.personId, element);
    if (existing?.status === 'invited') tell(deps, 'join_request', adminsOf(deps.db, elementId), person.personId, element, 'joined');
    return link;
  });
}

export function approveRequest(deps: Deps, viewer: Viewer | null, elementId: string, personId: string): Link {
  const admin = signedIn(viewer);
  return transaction(deps.db, () => {
    const element = requireAdmin(deps, admin, elementId);
    const kind = creatorLinkKind(element.type);
    const request = findLink(deps.db, personId, elementId, kind);
    if (!request || request.status !== 'requested') throw notFound('Join request');
    const link = addLink(deps.db, { fromId: personId, toId: elementId, kind, status: 'active' });
    tell(deps, 'join_answer', [personId], admin.personId, element, 'accepted');
    return link;
  });
}

export function declineRequest(deps: Deps, viewer: Viewer | null, elementId: string, personId: string) {
  const admin = signedIn(viewer);
  transaction(deps.db, () => {
    const element = requireAdmin(deps, admin, elementId);
    const request = findLink(deps.db, personId, elementId, creatorLinkKind(element.type));
    if (!request || request.status !== 'requested') throw notFound('Join request');
    removeLink(deps.db, personId, elementId, request.kind);
    tell(deps, 'join_answer', [personId], admin.personId, element, 'declined');
  });
}

/** Invites one person of the box: they see the invitation and accept it. */
export function invitePerson(deps: Deps, viewer: Viewer | null, elementId: string, personId: string): Link {
  const admin = signedIn(viewer);
  return transaction(deps.db, () => {
    const element = requireAdmin(deps, admin, elementId);
    const invitee = findElement(deps.db, personId);
    if (!invitee || invitee.type !== 'person') throw new AppError('validation', 'Unknown person', 'personId');
    const kind = creatorLinkKind(element.type);
    const existing = findLink(deps.db, personId, elementId, kind);
    if (existing?.status === 'active') return existing;
    const status = existing?.status === 'requested' ? 'active' : 'invited';
    const link = addLink(deps.db, { fromId: personId, toId: elementId, kind, status, invitedBy: admin.personId });
    // Inviting someone who asked already is saying yes to their request.
    if (status === 'active') tell(deps, 'join_answer', [personId], admin.personId, element, 'accepted');
    else if (existing?.status !== 'invited') tell(deps, 'invitation', [personId], admin.personId, element);
    return link;
  });
}

/** A link (and QR code) anyone holding it can use to join; returns the secret token. */
export function createInvitationLink(deps: Deps, viewer: Viewer | null, elementId: string): string {
  const admin = signedIn(viewer);
  return transaction(deps.db, () => {
    const element = requireAdmin(deps, admin, elementId);
    if (element.type === 'person' || element.type === 'poi') throw new AppError('bad_request', `One cannot join a ${element.type}`);
    const kind = creatorLinkKind(element.type) as 'member' | 'contributor' | 'attendee';
    return createInvitation(deps.db, elementId, kind, admin.personId);
  });
}

export interface InvitationView {
  element: Element;
  expired: boolean;
}

/** What an invitation link leads to; anyone holding the link may see the element's name. */
export function lookUpInvitation(deps: Deps, token: string): InvitationView | null {
  const invitation = findInvitation(deps.db, token);
  if (!invitation) return null;
  const element = findElement(deps.db, invitation.elementId);
  if (!element) return null;
  return { element, expired: invitation.revokedAt !== null || Date.parse(invitation.expiresAt) < nowMs() };
}

export function acceptInvitationLink(deps: Deps, viewer: Viewer | null, token: string): Link {
  const person = signedIn(viewer);
  return transaction(deps.db, () => {
    const invitation = findInvitation(deps.db, token);
    if (!invitation) throw notFound('Invitation');
    if (invitation.revokedAt !== null || Date.parse(invitation.expiresAt) < nowMs()) {
      throw new AppError('bad_request', 'This invitation has expired; ask for a new link');
    }
    const element = findElement(deps.db, invitation.elementId);
    if (!element) throw notFound('Element');
    const before = findLink(deps.db, person.personId, invitation.elementId, invitation.linkKind);
    const link = addLink(deps.db, {
      fromId: person.personId, toId: invitation.elementId, kind: invitation.linkKind, status: 'active', invitedBy: invitation.createdBy,
    });
    // The link's author, and the element's other admins, learn who came in through it.
    if (before?.status !== 'active') tell(deps, 'join_request', [invitation.createdBy, ...adminsOf(deps.db, element.id)], person.personId, element, 'joined');
    return link;
  });
}

/** Accepts an invitation addressed to this person. */
export function acceptInvitation(deps: Deps, viewer: Viewer | null, elementId: string): Link {
  const person = signedIn(viewer);
  return transaction(deps.db, () => {
    const element = visibleElement(deps, person, elementId);
    const kind = creatorLinkKind(element.type);
    const invitation = findLink(deps.db, person.personId, elementId, kind);
    if (invitation?.status === 'active') return invitation; // accepted already (a second click): nothing to do
    if (!invitation || invitation.status !== 'invited') throw notFound('Invitation');
    const link = addLink(deps.db, { fromId: person.personId, toId: elementId, kind, status: 'active' });
    tell(deps, 'join_request', adminsOf(deps.db, elementId), person.personId, element, 'joined');
    return link;
  });
}

export function follow(deps: Deps, viewer: Viewer | null, elementId: string): Link {
  const person = signedIn(viewer);
  return transaction(deps.db, () => {
    visibleElement(deps, person, elementId);
    if (elementId === person.personId) throw new AppError('bad_request', 'You cannot follow yourself');
    return addLink(deps.db, { fromId: person.personId, toId: elementId, kind: 'follows' });
  });
}

export function unfollow(deps: Deps, viewer: Viewer | null, elementId: string) {
  const person = signedIn(viewer);
  transaction(deps.db, () => removeLink(deps.db, person.personId, elementId, 'follows'));
}

/** Leaves an element; the last admin cannot leave (the element would have no one to manage it). */
export function leave(deps: Deps, viewer: Viewer | null, elementId: string) {
  const person = signedIn(viewer);
  transaction(deps.db, () => {
    const element = visibleElement(deps, person, elementId);
    const kind = creatorLinkKind(element.type);
    const link = findLink(deps.db, person.personId, elementId, kind);
    if (!link) throw notFound('Membership');
    if (link.isAdmin && countAdmins(deps.db, elementId) <= 1) {
      throw new AppError('conflict', 'You are the last admin: name another admin before leaving');
    }
    removeLink(deps.db, person.personId, elementId, kind);
  });
}

/** An element admin names another admin, or sets a member's free-text roles ("trésorière", "partner"...). */
export function updateMember(deps: Deps, viewer: Viewer | null, elementId: string, personId: string, change: { isAdmin?: boolean; roles?: string[] }): Link {
  const admin = signedIn(viewer);
  return transaction(deps.db, () => {
    const element = requireAdmin(deps, admin, elementId);
    const kind = creatorLinkKind(element.type);
    const link = findLink(deps.db, personId, elementId, kind);
    if (!link || link.status !== 'active') throw notFound('Member');
    if (change.isAdmin === false && link.isAdmin && countAdmins(deps.db, elementId) <= 1) throw new AppError('conflict', 'An element keeps at least one admin', 'isAdmin');
    updateLinkRole(deps.db, personId, elementId, kind, change);
    return findLink(deps.db, personId, elementId, kind)!;
  });
}
