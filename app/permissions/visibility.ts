// THE permission rule: who may see which element. Every read path (pages, API, lists, export,
// and later search, map, feed, iCal, sync) goes through `visibleSql` or `accessTo`, never its own copy;
// posts (walls, feeds, Atom, comments on them) through `postVisibleSql` or `canSeePost`, built on it, and
// the files attached to posts through `mediaFileVisibleSql`.
//
// - public: everyone.
// - members: the element's active members, contributors and attendees; for an event, also the
//   members of its organizers; for a person, every signed-in account of the box.
// - private: the element's admins only (for a person: that person).
// - A person an admin invited sees the element (members-only or private) until they answer.
// - Element admins and box admins see everything of theirs; deleted elements are seen by no one.
// - Classified ads and mutual aid (issue 7): 'members' means every signed-in account of the box (as for a
//   person); past their expiry only their admins (and box admins) see them.
// - Elements of a module the box admin turned off (app/modules/) are seen by no one; their data is kept.
// - Cards of other boxes (app/sync/) are public and read-only: no one here is their admin or member.
import { sql, type Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';

export interface Viewer {
  personId: string;
  username: string;
  isBoxAdmin: boolean;
}

/** The signed-in viewer, or the 401 every write path answers to an anonymous visitor. */
export function signedIn(viewer: Viewer | null): Viewer {
  if (!viewer) throw new AppError('unauthenticated', 'Sign in first');
  return viewer;
}

export interface Access {
  canSee: boolean;
  /** Member, contributor, attendee or admin: sees members-only fields. */
  isMember: boolean;
  isAdmin: boolean;
}

/**
 * SQL condition on an elements alias `e`; bind `viewerParams(viewer)` as named parameters.
 * Anonymous visitors and box admins get the rule's short form: SQLite sets up every subquery of a
 * statement even when a CASE never reaches it, which made anonymous lists twice as slow.
 */
export function visibleSql(e: string, viewer: Viewer | null): string {
  if (!viewer) return `(${e}.deleted_at IS NULL AND ${e}.visibility = 'public' AND :viewer_id IS NULL AND ${notExpired(e)} AND ${typeTurnedOn(e)})`;
  if (viewer.isBoxAdmin) return `(${e}.deleted_at IS NULL AND :viewer_is_box_admin = 1 AND ${typeTurnedOn(e)})`;
  return ruleForSignedIn(e);
}

// The subquery does not depend on the row: SQLite reads the setting once per statement.
const typeTurnedOn = (e: string) =>
  `${e}.type NOT IN (SELECT value FROM json_each((SELECT value FROM box_settings WHERE key = 'hidden_types')))`;
const notExpired = (e: string) => `(${e}.expires_at IS NULL OR ${e}.expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

// Written as a CASE so the cheap answers (deleted, public, anonymous, box admin) return before any
// subquery runs. The organizer check spells out one EXISTS per link kind: with `kind IN (…)` on the
// last column of the links index, SQLite rebuilt the IN list for every row, six times slower.
const ruleForSignedIn = (e: string) => `(CASE
  WHEN ${e}.deleted_at IS NOT NULL THEN 0
  WHEN NOT ${typeTurnedOn(e)} THEN 0
  WHEN NOT ${notExpired(e)} THEN :viewer_is_box_admin = 1
    OR EXISTS (SELECT 1 FROM links l WHERE l.from_id = :viewer_id AND l.to_id = ${e}.id AND l.status = 'active' AND l.is_admin = 1)
  WHEN ${e}.visibility = 'public' THEN 1
  WHEN :viewer_id IS NULL THEN 0
  WHEN :viewer_is_box_admin = 1 OR ${e}.id = :viewer_id THEN 1
  WHEN ${e}.type IN ('classified', 'aid') AND ${e}.visibility = 'members' THEN 1
  WHEN ${e}.type = 'person' THEN ${e}.visibility = 'members'
  WHEN EXISTS (SELECT 1 FROM links l WHERE l.from_id = :viewer_id AND l.to_id = ${e}.id AND (
       (l.status = 'active' AND (l.is_admin = 1 OR (${e}.visibility = 'members' AND l.kind IN ('member','contributor','attendee'))))
       OR (l.status = 'invited' AND l.kind IN ('member','contributor','attendee')))) THEN 1
  WHEN ${e}.visibility = 'members' AND ${e}.type = 'event' THEN EXISTS (
        SELECT 1 FROM links o WHERE o.to_id = ${e}.id AND o.kind = 'organizer' AND o.status = 'active'
          AND (EXISTS (SELECT 1 FROM links m WHERE m.from_id = :viewer_id AND m.to_id = o.from_id AND m.kind = 'member' AND m.status = 'active')
            OR EXISTS (SELECT 1 FROM links m WHERE m.from_id = :viewer_id AND m.to_id = o.from_id AND m.kind = 'contributor' AND m.status = 'active')))
  ELSE 0 END) = 1`;

export const viewerParams = (viewer: Viewer | null) => ({
  viewer_id: viewer?.personId ?? null,
  viewer_is_box_admin: viewer?.isBoxAdmin ? 1 : 0,
});

/** What a viewer may do with one element. */
export function accessTo(db: Db, viewer: Viewer | null, elementId: string): Access {
  const params = { ...viewerParams(viewer), id: elementId };
  const seen = sql(db, `SELECT ${visibleSql('e', viewer)} AS can_see FROM elements e WHERE e.id = :id`).get(params) as { can_see: number } | undefined;
  if (!seen || seen.can_see !== 1) return { canSee: false, isMember: false, isAdmin: false };
  // A card of another box (app/sync/) is changed by its origin only: nobody here administers it or joins it.
  if (!viewer || isForeign(db, elementId)) return { canSee: true, isMember: false, isAdmin: false };
  const role = sql(db, `SELECT
      (:viewer_is_box_admin = 1 OR :id = :viewer_id OR EXISTS (SELECT 1 FROM links l WHERE l.from_id = :viewer_id AND l.to_id = :id
         AND l.status = 'active' AND l.is_admin = 1)) AS is_admin,
      EXISTS (SELECT 1 FROM links l WHERE l.from_id = :viewer_id AND l.to_id = :id AND l.status = 'active'
         AND (l.is_admin = 1 OR l.kind IN ('member','contributor','attendee'))) AS is_member`).get(params) as { is_admin: number; is_member: number };
  return { canSee: true, isAdmin: role.is_admin === 1, isMember: role.is_admin === 1 || role.is_member === 1 };
}

const isForeign = (db: Db, elementId: string) =>
  sql(db, "SELECT 1 FROM elements WHERE id = ? AND origin_box != (SELECT value FROM box_settings WHERE key = 'box_id')").get(elementId) !== undefined;

/**
 * SQL condition on a posts alias `p` (bind `viewerParams(viewer)`): the post's wall must be visible to the
 * viewer by the element rule above, the post not hidden by moderation, and its audience must include the
 * viewer — public: everyone who sees the wall; members: the wall's followers, members and admins (for a
 * person's wall, their followers); private: the wall's members and admins only (for a person: themselves).
 * The author always reads their own post; a box admin reads every post that is not hidden.
 */
export function postVisibleSql(p: string, viewer: Viewer | null): string {
  const wallVisible = `EXISTS (SELECT 1 FROM elements w WHERE w.id = ${p}.wall_id AND ${visibleSql('w', viewer)})`;
  if (!viewer) return `(${p}.hidden_at IS NULL AND ${p}.audience = 'public' AND ${wallVisible})`;
  if (viewer.isBoxAdmin) return `(${p}.hidden_at IS NULL AND ${wallVisible})`;
  return `(${p}.hidden_at IS NULL AND ${wallVisible} AND (
    ${p}.audience = 'public' OR ${p}.author_id = :viewer_id OR ${p}.wall_id = :viewer_id
    OR EXISTS (SELECT 1 FROM links pl WHERE pl.from_id = :viewer_id AND pl.to_id = ${p}.wall_id AND pl.status = 'active'
      AND (pl.is_admin = 1 OR pl.kind IN ('member','contributor','attendee') OR (${p}.audience = 'members' AND pl.kind = 'follows')))))`;
}

/** Whether a viewer may read one post (the rule of postVisibleSql); false for a post that does not exist. */
export function canSeePost(db: Db, viewer: Viewer | null, postId: string): boolean {
  const row = sql(db, `SELECT ${postVisibleSql('p', viewer)} AS can_see FROM posts p WHERE p.id = :id`)
    .get({ ...viewerParams(viewer), id: postId }) as { can_see: number } | undefined;
  return row?.can_see === 1;
}

/**
 * SQL condition on a media_files alias `f` (bind `viewerParams(viewer)`), besides the rule of its element:
 * a file attached to posts is read only by those who may read one of those posts, so an image of a
 * members-only post stays members-only in the wall's media library too.
 */
export function mediaFileVisibleSql(f: string, viewer: Viewer | null): string {
  return `(NOT EXISTS (SELECT 1 FROM post_files pf WHERE pf.file_id = ${f}.id)
    OR EXISTS (SELECT 1 FROM post_files pf JOIN posts p ON p.id = pf.post_id WHERE pf.file_id = ${f}.id AND ${postVisibleSql('p', viewer)}))`;
}
