// What people do with posts, with the permission checks. A person posts on their own wall, or on the wall
// of an element they belong to (as themselves, or as the element when they administer it); its author
// edits or deletes it; the wall's admins (and box admins) remove it. Reads go through the post rule.
import { adminsOf } from '../links/storage.ts';
import { removeMediaBytes } from '../media/store.ts';
import { transaction } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { accessTo, canSeePost, signedIn, type Viewer } from '../permissions/visibility.ts';
import { notify } from '../notifications/notify.ts';
import { findMediaFile } from '../media/store.ts';
import { findElement, findElementBySlug } from '../elements/storage.ts';
import type { Element } from '../elements/model.ts';
import { newPostSchema, postPatchSchema, wallTypes, type Post, type PostView } from './model.ts';
import { marksOf, normalizeTag, renderPost } from './text.ts';
import { checkedZones } from './zones.ts';
import { boxHosts, previewCards, previewSlugs } from './previews.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  attachFiles, deletePostRow, findPost, insertPost, membershipOf, mentionRecipients, mentionsOf, readPosts, updatePostRow,
  viewerOfPerson, wallPostIds,
} from './storage.ts';

export interface Posting {
  /** May write on this wall. */
  may: boolean;
  /** May sign as the wall's element (its admin). */
  asElement: boolean;
}

/** Whether a person may post on a wall: their own, or an element they belong to (as it, when they administer it). */
export function postingOn(deps: Deps, viewer: Viewer | null, wall: Element): Posting {
  if (!viewer) return { may: false, asElement: false };
  if (wall.type === 'person') return { may: wall.id === viewer.personId, asElement: false };
  if (!wallTypes.includes(wall.type)) return { may: false, asElement: false };
  const { member, admin } = membershipOf(deps.db, viewer.personId, wall.id);
  return { may: member, asElement: admin };
}

/** Elements the text mentions, each visible to the author; refuses the first they cannot see, naming it. */
function mentionedElements(deps: Deps, author: Viewer, slugs: string[]): Element[] {
  return slugs.map((slug) => {
    const element = findElementBySlug(deps.db, slug);
    if (!element || !accessTo(deps.db, author, element.id).canSee) throw fieldError('body', `@${slug}: no such person or element you can see`);
    return element;
  });
}

/** Tells each mentioned person (or the admins of a mentioned element) who may read the post. */
function notifyMentions(deps: Deps, post: { id: string; authorId: string }, wall: Element, mentioned: Element[]) {
  for (const element of mentioned) {
    const readers = mentionRecipients(deps.db, element).filter((personId) => canSeePost(deps.db, viewerOfPerson(deps.db, personId), post.id));
    notify(deps.db, deps.live, {
      kind: 'mention', personIds: readers, actorId: post.authorId, subjectUrl: `/posts/${post.id}`,
      // A mention of an organization, project or event tells its admins: the sentence names it.
      params: { name: wall.name, mentioned: element.name, ...(element.type === 'person' ? {} : { variant: 'element' }) },
    });
  }
}

export function createPost(deps: Deps, viewer: Viewer | null, wallId: string, input: unknown, locale: Locale = 'en'): Post {
  const author = signedIn(viewer);
  const data = parse(newPostSchema, input, locale);
  const { db } = deps;
  return transaction(db, () => {
    const wall = findElement(db, wallId);
    if (!wall || !accessTo(db, author, wallId).canSee) throw notFound('Element');
    const posting = postingOn(deps, author, wall);
    if (!posting.may) throw forbidden('Only the members of this element can post on its wall');
    if (data.asElementId !== undefined && (data.asElementId !== wall.id || !posting.asElement)) {
      throw new AppError('forbidden', 'Only an admin of this element can post as it', 'asElementId');
    }
    const marks = marksOf(data.body);
    const mentioned = mentionedElements(deps, author, marks.mentions);
    if (data.fileIds.some((fileId) => findMediaFile(db, fileId)?.elementId !== wall.id)) {
      throw fieldError('fileIds', 'Attach only files of the media library of this wall');
    }
    const id = insertPost(db, {
      wallId: wall.id, authorId: author.personId, asElementId: data.asElementId ?? null, audience: data.audience, body: data.body,
      tags: [...new Set([...data.tags.map(normalizeTag), ...marks.tags])],
      zones: data.audience === 'public' ? checkedZones(db, wall, data.zones) : [],
      mentions: mentioned.map((element) => element.id),
    });
    attachFiles(db, id, [...new Set(data.fileIds)]);
    notifyMentions(deps, { id, authorId: author.personId }, wall, mentioned);
    if (wall.type !== 'person') {
      notify(db, deps.live, { kind: 'wall_post', personIds: adminsOf(db, wall.id), actorId: author.personId, subjectUrl: `/posts/${id}`, params: { name: wall.name } });
    }
    return findPost(db, id)!;
  });
}

/** The author changes a post's text, audience, tags or zones; newly mentioned persons are told. */
export function updatePost(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Post {
  const editor = signedIn(viewer);
  const patch = parse(postPatchSchema, input, locale);
  const { db } = deps;
  return transaction(db, () => {
    const post = findPost(db, id);
    if (!post || !canSeePost(db, editor, id)) throw notFound('Post');
    if (post.authorId !== editor.personId) throw forbidden('Only its author can edit a post');
    const wall = findElement(db, post.wallId)!;
    const body = patch.body ?? post.body;
    const audience = patch.audience ?? post.audience;
    const before = marksOf(post.body);
    const marks = marksOf(body);
    // Mentions already there stay (told before); new ones are checked and told.
    const kept = new Set(mentionsOf(db, id));
    const found = marks.mentions.map((slug) => ({ slug, element: findElementBySlug(db, slug) }));
    const isKept = (entry: (typeof found)[number]) => entry.element !== null && kept.has(entry.element.id);
    const mentioned = mentionedElements(deps, editor, found.filter((entry) => !isKept(entry)).map((entry) => entry.slug));
    const keptMentions = found.filter(isKept).map((entry) => entry.element!.id);
    // Tags typed in the tags field stay unless the field is sent again; tags of the old text go with it.
    const fieldTags = patch.tags ? patch.tags.map(normalizeTag) : post.tags.filter((tag) => !before.tags.includes(tag));
    updatePostRow(db, id, {
      audience, body, tags: [...new Set([...fieldTags, ...marks.tags])],
      zones: audience === 'public' ? checkedZones(db, wall, patch.zones ?? (post.zones.length ? post.zones : undefined)) : [],
      mentions: [...keptMentions, ...mentioned.map((element) => element.id)],
    });
    notifyMentions(deps, post, wall, mentioned);
    return findPost(db, id)!;
  });
}

/** Its author deletes a post; an admin of its wall (or of the box) removes it. */
export function deletePost(deps: Deps, viewer: Viewer | null, id: string): Post {
  const person = signedIn(viewer);
  const { db } = deps;
  const { post, files } = transaction(db, () => {
    const found = findPost(db, id);
    if (!found || !canSeePost(db, person, id)) throw notFound('Post');
    if (found.authorId !== person.personId && !accessTo(db, person, found.wallId).isAdmin) {
      throw forbidden('Only its author or an admin of the wall can remove a post');
    }
    return { post: found, files: deletePostRow(db, id) };
  });
  removeMediaBytes(deps.config, files);
  return post;
}

/** The posts with these ids as this viewer reads them (those they may not read are left out), in order. */
export function postViews(deps: Deps, viewer: Viewer | null, ids: string[]): PostView[] {
  const rows = readPosts(deps.db, viewer, ids);
  const hosts = boxHosts(deps.config);
  const rendered = rows.map((row) => renderPost(row.post.body, row.mentioned));
  const slugsByPost = rendered.map((post) => previewSlugs(post.links, hosts));
  const cards = previewCards(deps.db, viewer, slugsByPost.flat(), deps.box.timezone);
  const wallAdmin = new Map<string, boolean>();
  const isWallAdmin = (wallId: string) => {
    if (!viewer) return false;
    if (!wallAdmin.has(wallId)) wallAdmin.set(wallId, accessTo(deps.db, viewer, wallId).isAdmin);
    return wallAdmin.get(wallId)!;
  };
  return rows.map((row, index) => ({
    ...row.post,
    wall: { id: row.wall.id, slug: row.wall.slug, name: row.wall.name, type: row.wall.type },
    author: row.author.visible ? { id: row.author.id, slug: row.author.slug, name: row.author.name, type: row.author.type } : null,
    signedAs: row.signedAs,
    html: rendered[index].html,
    previews: slugsByPost[index].flatMap((slug) => cards.get(slug) ?? []),
    files: row.files,
    canEdit: viewer?.personId === row.post.authorId,
    canRemove: viewer !== null && (viewer.personId === row.post.authorId || isWallAdmin(row.post.wallId)),
  }));
}

/** One post as the viewer reads it, or null. */
export function readPost(deps: Deps, viewer: Viewer | null, id: string): PostView | null {
  return postViews(deps, viewer, [id])[0] ?? null;
}

export interface PostPage {
  items: PostView[];
  nextCursor: string | null;
}

/** A wall's posts the viewer may read, newest first, by cursor. */
export function wallPosts(deps: Deps, viewer: Viewer | null, wallId: string, cursor: string | undefined, limit: number): PostPage {
  const ids = wallPostIds(deps.db, viewer, wallId, decodeCursor(cursor), limit + 1);
  const page = ids.slice(0, limit);
  return { items: postViews(deps, viewer, page), nextCursor: ids.length > limit ? encodeCursor(page.at(-1)!) : null };
}
