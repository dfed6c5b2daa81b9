// Posts in exports, read through the post rule like every other read: a person's own export holds the
// posts they wrote, an element's export the posts of its wall that the one exporting may read.
import type { Deps } from '../deps.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { postViews } from './actions.ts';
import { newest } from './cursor.ts';
import { authoredPostIds, wallPostIds } from './storage.ts';

const batch = 500;

/** Every id a paged reader gives, newest first. */
function allIds(read: (before: string, limit: number) => string[]): string[] {
  const ids: string[] = [];
  for (let page = read(newest, batch); page.length > 0; page = page.length < batch ? [] : read(page.at(-1)!, batch)) ids.push(...page);
  return ids;
}

/** A post as exported: what it says and where, without what a page adds to show it. */
function exported(deps: Deps, viewer: Viewer | null, ids: string[]) {
  const posts = [];
  for (let start = 0; start < ids.length; start += batch) {
    for (const { html: _html, previews: _previews, canEdit: _edit, canRemove: _remove, ...post } of postViews(deps, viewer, ids.slice(start, start + batch))) posts.push(post);
  }
  return posts;
}

export const postsWrittenBy = (deps: Deps, viewer: Viewer) =>
  exported(deps, viewer, allIds((before, limit) => authoredPostIds(deps.db, viewer, viewer.personId, before, limit)));

export const postsOnWall = (deps: Deps, viewer: Viewer | null, wallId: string) =>
  exported(deps, viewer, allIds((before, limit) => wallPostIds(deps.db, viewer, wallId, before, limit)));
