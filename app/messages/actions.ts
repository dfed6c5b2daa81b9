// In-box messages, with the rules: a person writes to the admins of an element they may see (an ad's author,
// the admins of the organization that published it); only the members of a conversation read it and answer
// in it (for anyone else it does not exist, not even for a box admin: these are private letters). A visitor
// without an account may write through a one-page's contact form, giving their name and how to answer them.
// The notification is written in the same transaction as the message.
import { transaction, type Db } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import { adminsOf } from '../links/storage.ts';
import { notify } from '../notifications/notify.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { messageBody, visitorSchema, type ConversationSummary, type ConversationView } from './model.ts';
import {
  conversationMemberIds, conversationMembers, conversationStartedBy, conversationsOf, findConversation, insertConversation,
  insertMessage, isConversationMember, markRead, messagesOf, publishersOf, unreadCount,
} from './store.ts';

export interface ContactInput {
  /** The signed-in sender, or null for a visitor (then authorName and replyTo are required). */
  fromViewer: Viewer | null;
  authorName?: string;
  replyTo?: string;
  elementId: string;
  body: string;
}

export const conversationUrl = (id: string) => `/messages/${id}`;

/**
 * Writes to the admins of an element (an ad, an offer, an organization through its one-page): a new
 * conversation titled with the element's name, or, for a signed-in sender, the one they already started
 * about it. Returns the conversation's id.
 */
export function contactElementAdmins(deps: Deps, input: ContactInput, locale: Locale = 'en'): { conversationId: string } {
  const { db } = deps;
  const body = parse(messageBody, input.body, locale);
  const viewer = input.fromViewer;
  const visitor = viewer ? null : parse(visitorSchema, { authorName: input.authorName ?? '', replyTo: input.replyTo ?? '' }, locale);
  return transaction(db, () => {
    const element = findElement(db, input.elementId);
    if (!element || !accessTo(db, viewer, element.id).canSee) throw notFound('Element');
    const recipients = recipientsFor(db, element.id).filter((id) => id !== viewer?.personId);
    if (recipients.length === 0) throw forbidden(viewer ? 'You are the one who would receive this message' : 'No one can receive messages about this yet');
    const existing = viewer ? conversationStartedBy(db, element.id, viewer.personId) : null;
    let conversationId: string;
    if (existing) {
      conversationId = existing;
      insertMessage(db, existing, { authorId: viewer!.personId, body });
    } else {
      conversationId = insertConversation(db, {
        authorId: viewer?.personId ?? null, authorName: visitor?.authorName, replyTo: visitor?.replyTo,
        recipientIds: recipients, subjectId: element.id, title: element.name, body,
      });
    }
    notify(db, deps.live, {
      kind: 'message', personIds: existing ? conversationMemberIds(db, existing) : recipients, actorId: viewer?.personId ?? null,
      subjectUrl: conversationUrl(conversationId),
      params: visitor ? { name: element.name, author: visitor.authorName, variant: 'visitor' } : { name: element.name },
    });
    return { conversationId };
  });
}

/** A signed-in person writes about an element to its admins ("Contact the author"). */
export function contactAbout(deps: Deps, viewer: Viewer | null, elementId: string, body: unknown, locale: Locale = 'en') {
  const sender = signedIn(viewer);
  return contactElementAdmins(deps, { fromViewer: sender, elementId, body: typeof body === 'string' ? body : '' }, locale);
}

/** Answers in a conversation one is a member of; tells the other members. */
export function reply(deps: Deps, viewer: Viewer | null, conversationId: string, body: unknown, locale: Locale = 'en'): { messageId: string } {
  const author = signedIn(viewer);
  const text = parse(messageBody, typeof body === 'string' ? body : '', locale);
  const { db } = deps;
  return transaction(db, () => {
    const conversation = findConversation(db, conversationId);
    if (!conversation || !isConversationMember(db, conversationId, author.personId)) throw notFound('Conversation');
    const messageId = insertMessage(db, conversationId, { authorId: author.personId, body: text });
    notify(db, deps.live, {
      kind: 'message', personIds: conversationMemberIds(db, conversationId), actorId: author.personId,
      subjectUrl: conversationUrl(conversationId), params: { name: conversation.title },
    });
    return { messageId };
  });
}

/** A conversation with its messages, for one of its members; opening it marks it read. Null for anyone else. */
export function openConversation(deps: Deps, viewer: Viewer | null, conversationId: string): ConversationView | null {
  const reader = signedIn(viewer);
  const { db } = deps;
  const conversation = findConversation(db, conversationId);
  if (!conversation || !isConversationMember(db, conversationId, reader.personId)) return null;
  markRead(db, conversationId, reader.personId);
  const subject = conversation.subjectId ? findElement(db, conversation.subjectId) : null;
  const subjectSeen = subject && accessTo(db, reader, subject.id).canSee ? subject : null;
  return {
    id: conversation.id, title: conversation.title,
    subject: subjectSeen ? { id: subjectSeen.id, name: subjectSeen.name, slug: subjectSeen.slug, type: subjectSeen.type } : null,
    members: conversationMembers(db, conversationId), messages: messagesOf(db, conversationId),
  };
}

export const conversationsPageSize = 50;

/** The viewer's conversations, unread first, then newest activity first. */
export function myConversations(deps: Deps, viewer: Viewer | null, page = 0): { items: ConversationSummary[]; more: boolean } {
  const reader = signedIn(viewer);
  return conversationsOf(deps.db, reader.personId, conversationsPageSize, Math.max(0, page) * conversationsPageSize);
}

export const myUnreadCount = (deps: Deps, viewer: Viewer) => unreadCount(deps.db, viewer.personId);

/**
 * Who receives messages about an element: its admins, and the admins of the organizations that publish it
 * (an ad or an offer posted in an organization's name is answered by that organization).
 */
export function recipientsFor(db: Db, elementId: string): string[] {
  return [...new Set([...adminsOf(db, elementId), ...publishersOf(db, elementId).flatMap((id) => adminsOf(db, id))])];
}
