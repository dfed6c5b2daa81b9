// What people do with comments, with the rules: whoever may read a subject reads its thread; a signed-in
// person who may read it comments and answers; only the author edits or deletes a comment. Words hidden by
// moderation are in no read path (thread, counts, export). Notifications are written in the same
// transaction as the comment: the post's author or the element's admins, the author of the comment
// answered, the persons mentioned as @slug — each only if they may read the thread.
import { transaction } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import { notify } from '../notifications/notify.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { deleteReportsOn } from '../moderation/storage.ts';
import {
  commentEditSchema, newCommentSchema, stateOf, subjectKey, type Comment, type CommentView, type SubjectRef, type SubjectType,
} from './model.ts';
import {
  commentsOfSubject, countPublished, deleteCommentRow, findComment, hasReplies, insertComment, markCommentDeleted,
  publishedCommentsBy, updateCommentBody, type ThreadRow,
} from './storage.ts';
import { commentUrl, ownersOf, readableSubject, readersAmong, type Subject } from './subjects.ts';
import { mentionedPersons } from './mentions.ts';

/** Threads longer than this show their first comments only: a box's conversations are far shorter. */
export const threadLimit = 1000;

const subjectNotFound = (ref: SubjectRef) => notFound(ref.type === 'post' ? 'Post' : 'Element');

export interface Thread {
  subject: Subject;
  /** Oldest first; a reply always comes after the comment it answers. */
  comments: CommentView[];
  /** Comments one can read (no placeholder of a deleted or hidden one). */
  count: number;
}

/** The thread of a subject as this viewer may read it; 404 when they may not read the subject. */
export function readThread(deps: Deps, viewer: Viewer | null, ref: SubjectRef): Thread {
  const subject = readableSubject(deps, viewer, ref);
  if (!subject) throw subjectNotFound(ref);
  const comments = threadViews(commentsOfSubject(deps.db, ref, threadLimit));
  return { subject, comments, count: comments.filter((comment) => comment.state === 'published').length };
}

/**
 * What readers get of a subject's rows: every published comment, and a word-less placeholder for a deleted
 * or hidden comment only where it holds a published reply somewhere under it.
 */
function threadViews(rows: ThreadRow[]): CommentView[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const holding = new Set<string>();
  for (const row of rows) {
    if (stateOf(row) !== 'published') continue;
    for (let parent = row.parentId; parent && !holding.has(parent); parent = byId.get(parent)?.parentId ?? null) holding.add(parent);
  }
  return rows.filter((row) => stateOf(row) === 'published' || holding.has(row.id)).map(toView);
}

function toView(row: Comment & { authorName: string; authorSlug: string }): CommentView {
  const state = stateOf(row);
  const published = state === 'published';
  return {
    id: row.id, parentId: row.parentId, state, createdAt: row.createdAt,
    author: published ? { id: row.authorId, name: row.authorName, slug: row.authorSlug } : null,
    body: published ? row.body : null,
    edited: published && row.updatedAt !== row.createdAt,
  };
}

function viewOf(deps: Deps, comment: Comment): CommentView {
  const author = findElement(deps.db, comment.authorId);
  return toView({ ...comment, authorName: author?.name ?? '', authorSlug: author?.slug ?? '' });
}

/** Readable comments of each subject of one type (pass only subjects the viewer may read). */
export const commentCounts = (deps: Deps, type: SubjectType, ids: string[]) => countPublished(deps.db, type, ids);

/** A published comment on a subject this viewer may read, with its subject; null otherwise (hidden, deleted, unknown). */
export function readableComment(deps: Deps, viewer: Viewer | null, id: string): { comment: Comment; subject: Subject } | null {
  const comment = findComment(deps.db, id);
  if (!comment || stateOf(comment) !== 'published') return null;
  const subject = readableSubject(deps, viewer, comment.subject);
  return subject ? { comment, subject } : null;
}

export function addComment(deps: Deps, viewer: Viewer | null, ref: SubjectRef, input: unknown, locale: Locale = 'en'): CommentView {
  const author = signedIn(viewer);
  const data = parse(newCommentSchema, input, locale);
  return transaction(deps.db, () => {
    const subject = readableSubject(deps, author, ref);
    if (!subject) throw subjectNotFound(ref);
    const parent = data.parentId ? answerable(deps, subject, data.parentId) : null;
    const id = insertComment(deps.db, { subject: ref, parentId: parent?.id ?? null, authorId: author.personId, body: data.body });
    tellOfComment(deps, author, subject, id, parent, data.body);
    return viewOf(deps, findComment(deps.db, id)!);
  });
}

/** The comment answered: published, and in the same thread (a hidden one is as unknown as a missing one). */
function answerable(deps: Deps, subject: Subject, parentId: string): Comment {
  const parent = findComment(deps.db, parentId);
  if (!parent || stateOf(parent) !== 'published') throw fieldError('parentId', 'The comment you answer is no longer there');
  if (subjectKey(parent.subject) !== subjectKey(subject.ref)) throw fieldError('parentId', 'The comment you answer belongs to another thread');
  return parent;
}

function tellOfComment(deps: Deps, author: Viewer, subject: Subject, id: string, parent: Comment | null, body: string) {
  const url = commentUrl(subject, id);
  const told = new Set<string>([author.personId]);
  const tell = (kind: 'comment' | 'mention', personIds: string[], params: Record<string, string>) => {
    const fresh = readersAmong(deps, subject.ref, personIds.filter((personId) => !told.has(personId)));
    for (const personId of notify(deps.db, deps.live, { kind, personIds: fresh, actorId: author.personId, subjectUrl: url, params })) told.add(personId);
  };
  if (parent) tell('comment', [parent.authorId], { variant: 'reply', name: subject.name });
  tell('comment', ownersOf(deps, subject), { name: subject.name });
  tell('mention', mentionedPersons(deps.db, body), { name: subject.name });
}

/** The author's own published comment on a subject they may still read. */
function ownComment(deps: Deps, author: Viewer, id: string): { comment: Comment; subject: Subject } {
  const found = readableComment(deps, author, id);
  if (!found) throw notFound('Comment');
  if (found.comment.authorId !== author.personId) throw forbidden('Only its author can change a comment');
  return found;
}

export function editComment(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): CommentView {
  const author = signedIn(viewer);
  const { body } = parse(commentEditSchema, input, locale);
  return transaction(deps.db, () => {
    const { comment, subject } = ownComment(deps, author, id);
    updateCommentBody(deps.db, id, body);
    // Only persons newly mentioned by the edit are told.
    const before = new Set(mentionedPersons(deps.db, comment.body));
    const added = readersAmong(deps, subject.ref, mentionedPersons(deps.db, body).filter((personId) => !before.has(personId)));
    notify(deps.db, deps.live, { kind: 'mention', personIds: added, actorId: author.personId, subjectUrl: commentUrl(subject, id), params: { name: subject.name } });
    return viewOf(deps, findComment(deps.db, id)!);
  });
}

/**
 * Deletes one's own comment. One that holds replies stays as "comment deleted" (without its words) so the
 * thread reads; one without disappears, and so do the deleted comments above it that held only it.
 */
export function deleteComment(deps: Deps, viewer: Viewer | null, id: string): { kept: boolean } {
  const author = signedIn(viewer);
  return transaction(deps.db, () => {
    const { comment } = ownComment(deps, author, id);
    deleteReportsOn(deps.db, { type: 'comment', id });
    if (hasReplies(deps.db, id)) {
      markCommentDeleted(deps.db, id);
      return { kept: true };
    }
    deleteCommentRow(deps.db, id);
    for (let parent = comment.parentId ? findComment(deps.db, comment.parentId) : null; parent?.deletedAt && !hasReplies(deps.db, parent.id);
      parent = parent.parentId ? findComment(deps.db, parent.parentId) : null) {
      deleteCommentRow(deps.db, parent.id);
    }
    return { kept: false };
  });
}

/** A person's comments for their own export, by the same rule as every read: published, on subjects they may read. */
export function commentsForExport(deps: Deps, viewer: Viewer) {
  return publishedCommentsBy(deps.db, viewer.personId)
    .map((comment) => ({ comment, subject: readableSubject(deps, viewer, comment.subject) }))
    .filter(({ subject }) => subject !== null)
    .map(({ comment, subject }) => ({
      id: comment.id, subject: subjectKey(comment.subject), url: commentUrl(subject!, comment.id), parentId: comment.parentId,
      body: comment.body, createdAt: comment.createdAt, updatedAt: comment.updatedAt,
    }));
}
