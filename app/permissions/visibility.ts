// THE permission rule: who may see which element. Every read path (pages, API, lists, export,
// and later search, map, feed, iCal, sync) goes through `visibleSql` or `accessTo`, never its own copy.
//
// - public: everyone.
// - members: the element's active members, contributors and attendees; for an event, also the
//   members of its organizers; for a person, every signed-in account of the box.
// - private: the element's admins only (for a person: that person).
// - A person an admin invited sees the element (members-only or private) until they answer.
// - Element admins and box admins see everything of theirs; deleted elements are seen by no one.
import { sql, type Db } from '../core/db/database.ts';

export interface Viewer {
  personId: string;
  username: string;
  isBoxAdmin: boolean;
}

export interface Access {
  canSee: boolean;
  /** Member, contributor, attendee or admin: sees members-only fields. */
  isMember: boolean;
  isAdmin: boolean;
}

/** SQL condition on an elements alias `e`; bind `viewerParams(viewer)` as named parameters. */
export const visibleSql = (e = 'e') => `(${e}.deleted_at IS NULL AND (
  ${e}.visibility = 'public'
  OR :viewer_is_box_admin = 1
  OR ${e}.id = :viewer_id
  OR (${e}.type = 'person' AND ${e}.visibility = 'members' AND :viewer_id IS NOT NULL)
  OR EXISTS (SELECT 1 FROM links l WHERE l.to_id = ${e}.id AND l.from_id = :viewer_id AND (
       (l.status = 'active' AND (l.is_admin = 1 OR (${e}.visibility = 'members' AND l.kind IN ('member','contributor','attendee'))))
       OR (l.status = 'invited' AND l.kind IN ('member','contributor','attendee'))))
  OR (${e}.visibility = 'members' AND ${e}.type = 'event' AND EXISTS (
        SELECT 1 FROM links o JOIN links m ON m.to_id = o.from_id
        WHERE o.to_id = ${e}.id AND o.kind = 'organizer' AND o.status = 'active'
          AND m.from_id = :viewer_id AND m.status = 'active' AND m.kind IN ('member','contributor')))
))`;

export const viewerParams = (viewer: Viewer | null) => ({
  viewer_id: viewer?.personId ?? null,
  viewer_is_box_admin: viewer?.isBoxAdmin ? 1 : 0,
});

/** What a viewer may do with one element. */
export function accessTo(db: Db, viewer: Viewer | null, elementId: string): Access {
  const row = sql(
      db,
      `SELECT ${visibleSql('e')} AS can_see,
        (e.id = :viewer_id OR :viewer_is_box_admin = 1 OR EXISTS (SELECT 1 FROM links l WHERE l.to_id = e.id AND l.from_id = :viewer_id
           AND l.status = 'active' AND l.is_admin = 1)) AS is_admin,
        EXISTS (SELECT 1 FROM links l WHERE l.to_id = e.id AND l.from_id = :viewer_id AND l.status = 'active'
           AND (l.is_admin = 1 OR l.kind IN ('member','contributor','attendee'))) AS is_member
       FROM elements e WHERE e.id = :id`,
    ).get({ ...viewerParams(viewer), id: elementId }) as { can_see: number; is_admin: number; is_member: number } | undefined;
  if (!row) return { canSee: false, isMember: false, isAdmin: false };
  const isAdmin = row.can_see === 1 && row.is_admin === 1;
  return { canSee: row.can_see === 1, isAdmin, isMember: isAdmin || (row.can_see === 1 && row.is_member === 1) };
}
