// What a comment is about, as one viewer may know it: a post (read by canSeePost) or an element (read by
// accessTo), its page, its name, who owns it and who moderates it. A subject the viewer may not read is
// null, exactly like one that does not exist.
import { AppError } from '../core/errors.ts';
import type { Deps } from '../deps.ts';
import { findAccount, toViewer } from '../accounts/storage.ts';
import { findElement } from '../elements/storage.ts';
import { linksTo } from '../links/storage.ts';
import { accessTo, canSeePost, type Viewer } from '../permissions/visibility.ts';
import type { SubjectRef } from './model.ts';
import { postFacts } from './storage.ts';

export interface Subject {
  ref: SubjectRef;
  /** Its page, where its thread is read. */
  url: string;
  /** What a notification names: the element, or the wall a post is on. */
  name: string;
  /** The element whose admins moderate what is said there: the element itself, or the post's wall. */
  scopeId: string;
  /** The post's author (who hears of comments on it); null for an element, whose admins hear of them. */
  postAuthorId: string | null;
}

export function readableSubject(deps: Deps, viewer: Viewer | null, ref: SubjectRef): Subject | null {
  const readable = ref.type === 'post' ? canSeePost(deps.db, viewer, ref.id) : accessTo(deps.db, viewer, ref.id).canSee;
  return readable ? subjectFacts(deps, ref) : null;
}

/** What a subject is, whoever asks: for moderators and notifications, never to answer a reader. */
export function subjectFacts(deps: Deps, ref: SubjectRef): Subject | null {
  if (ref.type === 'post') {
    const post = postFacts(deps.db, ref.id);
    return post ? { ref, url: `/posts/${ref.id}`, name: post.wallName, scopeId: post.wallId, postAuthorId: post.authorId } : null;
  }
  const element = findElement(deps.db, ref.id);
  if (!element) return null;
  // A person speaks on their wall, in posts; their page takes no comments.
  if (element.type === 'person') throw new AppError('bad_request', 'Comments are open on events, organizations, projects and places', 'subject');
  return { ref, url: `/e/${element.slug}`, name: element.name, scopeId: element.id, postAuthorId: null };
}

/** Who hears of a new comment on a subject: the post's author, or the element's admins (read on writes only). */
export function ownersOf(deps: Deps, subject: Subject): string[] {
  if (subject.postAuthorId) return [subject.postAuthorId];
  return linksTo(deps.db, subject.ref.id).filter((link) => link.status === 'active' && link.isAdmin).map((link) => link.fromId);
}

/** The viewer a person with an account would be, or null (no account: never told anything). */
export function viewerOf(deps: Deps, personId: string): Viewer | null {
  const account = findAccount(deps.db, personId);
  return account ? toViewer(account) : null;
}

/** Of these persons, those who may read the subject: nobody is told of words they could not open. */
export function readersAmong(deps: Deps, ref: SubjectRef, personIds: Iterable<string>): string[] {
  return [...new Set(personIds)].filter((personId) => {
    const viewer = viewerOf(deps, personId);
    return viewer !== null && readableSubject(deps, viewer, ref) !== null;
  });
}

export const commentUrl = (subject: Subject, commentId: string) => `${subject.url}#comment-${commentId}`;
