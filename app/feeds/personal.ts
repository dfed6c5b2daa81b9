// A person's own feed: the posts of their own wall, of every element and person they follow or belong
// to, and the posts of the persons they follow, newest first (by creation: UUIDv7 ids), by cursor.
// Members-only and private posts are in it exactly when the post rule lets them read them.
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { postViews, type PostPage } from '../posts/actions.ts';
import { decodeCursor, encodeCursor } from '../posts/cursor.ts';
import { authoredPostIds, wallPostIds } from '../posts/storage.ts';
import { followedSources, mergeNewest, type Source } from './storage.ts';

export function personalFeed(deps: Deps, anyone: Viewer | null, cursor: string | undefined, limit: number): PostPage {
  const viewer = signedIn(anyone);
  const { walls, authors } = followedSources(deps.db, viewer.personId);
  const sources: Source[] = [
    ...walls.map((wallId): Source => (before, n, after) => wallPostIds(deps.db, viewer, wallId, before, n, after)),
    ...authors.map((authorId): Source => (before, n, after) => authoredPostIds(deps.db, viewer, authorId, before, n, after)),
  ];
  const ids = mergeNewest(sources, decodeCursor(cursor), limit + 1);
  const page = ids.slice(0, limit);
  return { items: postViews(deps, viewer, page), nextCursor: ids.length > limit ? encodeCursor(page.at(-1)!) : null };
}
