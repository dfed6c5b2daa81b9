// SQL for posts, their tags, zones, mentions and files. Every read of posts for a viewer goes through
// postVisibleSql (app/permissions/visibility.ts); writes make no permission decision (see ./actions.ts).
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { uuidv7 } from '../core/ids.ts';
import { postVisibleSql, visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import type { ElementType } from '../elements/model.ts';
import { deleteThread } from '../comments/storage.ts';
import { deleteFilesOnlyOf } from '../media/storage.ts';
import { adminsOf } from '../links/storage.ts';
import type { Audience, Post, PostFile } from './model.ts';

interface PostRow {
  id: string; wall_id: string; author_id: string; as_element_id: string | null; audience: Audience; body: string;
  is_demo: number; created_at: string; updated_at: string;
}

const postColumns = 'p.id, p.wall_id, p.author_id, p.as_element_id, p.audience, p.body, p.is_demo, p.created_at, p.updated_at';

const rowToPost = (row: PostRow, tags: string[], zones: string[]): Post => ({
  id: row.id, wallId: row.wall_id, authorId: row.author_id, asElementId: row.as_element_id, audience: row.audience, body: row.body,
  tags, zones, isDemo: row.is_demo === 1, createdAt: row.created_at, updatedAt: row.updated_at,
});

const tagsOf = (db: Db, id: string) =>
  (sql(db, 'SELECT tag FROM post_tags WHERE post_id = ? ORDER BY tag').all(id) as { tag: string }[]).map((row) => row.tag);
const zonesOf = (db: Db, id: string) =>
  (sql(db, 'SELECT zone_id FROM post_zones WHERE post_id = ? ORDER BY zone_id').all(id) as { zone_id: string }[]).map((row) => row.zone_id);

/** A post as stored, whoever asks (callers check canSeePost); null when there is none. */
export function findPost(db: Db, id: string): Post | null {
  const row = sql(db, `SELECT ${postColumns} FROM posts p WHERE p.id = ?`).get(id) as PostRow | undefined;
  return row ? rowToPost(row, tagsOf(db, id), zonesOf(db, id)) : null;
}

export interface PostRecord {
  wallId: string;
  authorId: string;
  asElementId: string | null;
  audience: Audience;
  body: string;
  tags: string[];
  zones: string[];
  /** Elements mentioned (ids). */
  mentions: string[];
  isDemo?: boolean;
}

/** Writes a post with its tags, zones and mentions; call inside a transaction. */
export function insertPost(db: Db, record: PostRecord, id = uuidv7()): string {
  const now = nowIso();
  sql(db, `INSERT INTO posts (id, wall_id, author_id, as_element_id, audience, body, is_demo, created_at, updated_at)
    VALUES (:id, :wall_id, :author_id, :as_element_id, :audience, :body, :is_demo, :now, :now)`).run({
    id, wall_id: record.wallId, author_id: record.authorId, as_element_id: record.asElementId, audience: record.audience,
    body: record.body, is_demo: record.isDemo ? 1 : 0, now,
  });
  writeMarks(db, id, record);
  return id;
}

/** Rewrites a post's text, audience, tags, zones and mentions; call inside a transaction. */
export function updatePostRow(db: Db, id: string, record: Pick<PostRecord, 'audience' | 'body' | 'tags' | 'zones' | 'mentions'>) {
  sql(db, 'UPDATE posts SET audience = :audience, body = :body, updated_at = :now WHERE id = :id')
    .run({ id, audience: record.audience, body: record.body, now: nowIso() });
  writeMarks(db, id, record);
}

function writeMarks(db: Db, id: string, record: Pick<PostRecord, 'tags' | 'zones' | 'mentions'>) {
  sql(db, 'DELETE FROM post_tags WHERE post_id = ?').run(id);
  sql(db, 'DELETE FROM post_zones WHERE post_id = ?').run(id);
  sql(db, 'DELETE FROM post_mentions WHERE post_id = ?').run(id);
  for (const tag of new Set(record.tags)) sql(db, 'INSERT INTO post_tags (post_id, tag) VALUES (?, ?)').run(id, tag);
  for (const zone of new Set(record.zones)) sql(db, 'INSERT INTO post_zones (post_id, zone_id) VALUES (?, ?)').run(id, zone);
  for (const element of new Set(record.mentions)) sql(db, 'INSERT INTO post_mentions (post_id, element_id) VALUES (?, ?)').run(id, element);
}

export const mentionsOf = (db: Db, id: string) =>
  (sql(db, 'SELECT element_id FROM post_mentions WHERE post_id = ?').all(id) as { element_id: string }[]).map((row) => row.element_id);

/**
 * Deletes a post with what hangs on it: its comments and their reports, the reports on it, and the files
 * attached to it alone. Returns the ids of those files, whose bytes go once the transaction committed.
 */
export function deletePostRow(db: Db, id: string): string[] {
  deleteThread(db, 'post', id);
  sql(db, "DELETE FROM reports WHERE target_type = 'post' AND target_id = ?").run(id);
  const files = deleteFilesOnlyOf(db, id);
  sql(db, 'DELETE FROM posts WHERE id = ?').run(id);
  return files;
}

export function attachFiles(db: Db, postId: string, fileIds: string[]) {
  fileIds.forEach((fileId, position) => sql(db, 'INSERT INTO post_files (post_id, file_id, position) VALUES (?, ?, ?)').run(postId, fileId, position));
}

/** Demo posts go with the demo content (they have no files). */
export function deleteDemoPosts(db: Db) {
  for (const { id } of sql(db, 'SELECT id FROM posts WHERE is_demo = 1').all() as { id: string }[]) deletePostRow(db, id);
}

/** Ids of a wall's posts the viewer may read, newest first, older than `before` (an id; '~' for the newest), newer than `after`. */
export function wallPostIds(db: Db, viewer: Viewer | null, wallId: string, before: string, limit: number, after = ''): string[] {
  // INDEXED BY: the planner would otherwise walk every public post (see app/feeds/storage.ts).
  return (sql(db, `SELECT p.id FROM posts p INDEXED BY posts_wall WHERE p.wall_id = :wall_id AND p.id < :before AND p.id > :after AND ${postVisibleSql('p', viewer)}
      ORDER BY p.id DESC LIMIT :limit`).all({ ...viewerParams(viewer), wall_id: wallId, before, after, limit }) as { id: string }[]).map((row) => row.id);
}

/** Ids of the posts a person wrote that the viewer may read (their own export: all of them), newest first. */
export function authoredPostIds(db: Db, viewer: Viewer | null, authorId: string, before: string, limit: number, after = ''): string[] {
  return (sql(db, `SELECT p.id FROM posts p INDEXED BY posts_author WHERE p.author_id = :author_id AND p.id < :before AND p.id > :after AND ${postVisibleSql('p', viewer)}
      ORDER BY p.id DESC LIMIT :limit`).all({ ...viewerParams(viewer), author_id: authorId, before, after, limit }) as { id: string }[]).map((row) => row.id);
}

export interface PostReadRow {
  post: Post;
  wall: { id: string; slug: string; name: string; type: ElementType; communeInsee: string | null };
  author: { id: string; slug: string; name: string; type: ElementType; visible: boolean };
  signedAs: { id: string; slug: string; name: string; type: ElementType } | null;
  /** Mentioned elements the viewer may see: slug → name. */
  mentioned: Map<string, string>;
  files: PostFile[];
}

interface ReadRow extends PostRow {
  wall_slug: string; wall_name: string; wall_type: ElementType; wall_commune: string | null;
  author_slug: string; author_name: string; author_type: ElementType; author_visible: number;
  as_slug: string | null; as_name: string | null; as_type: ElementType | null;
}

/**
 * The posts with these ids that the viewer may read (the others are left out), in the order given,
 * with their wall, author, visible mentions and files: one query each, whatever the number of posts.
 */
export function readPosts(db: Db, viewer: Viewer | null, ids: string[]): PostReadRow[] {
  if (ids.length === 0) return [];
  const params = { ...viewerParams(viewer), ids: JSON.stringify(ids) };
  const rows = sql(db, `SELECT ${postColumns}, w.slug AS wall_slug, w.name AS wall_name, w.type AS wall_type, w.commune_insee AS wall_commune,
      a.slug AS author_slug, a.name AS author_name, a.type AS author_type, ${visibleSql('a', viewer)} AS author_visible,
      s.slug AS as_slug, s.name AS as_name, s.type AS as_type
    FROM posts p JOIN elements w ON w.id = p.wall_id JOIN elements a ON a.id = p.author_id LEFT JOIN elements s ON s.id = p.as_element_id
    WHERE p.id IN (SELECT value FROM json_each(:ids)) AND ${postVisibleSql('p', viewer)}`).all(params) as ReadRow[];
  const group = <T>(query: string, extra: Record<string, unknown> = {}) => {
    const byPost = new Map<string, T[]>();
    for (const row of sql(db, query).all({ ids: params.ids, ...extra }) as (T & { post_id: string })[]) {
      const list = byPost.get(row.post_id) ?? [];
      list.push(row);
      byPost.set(row.post_id, list);
    }
    return byPost;
  };
  const tags = group<{ tag: string }>('SELECT post_id, tag FROM post_tags WHERE post_id IN (SELECT value FROM json_each(:ids)) ORDER BY tag');
  const zones = group<{ zone_id: string }>('SELECT post_id, zone_id FROM post_zones WHERE post_id IN (SELECT value FROM json_each(:ids)) ORDER BY zone_id');
  const mentions = group<{ slug: string; name: string }>(`SELECT m.post_id, e.slug, e.name FROM post_mentions m JOIN elements e ON e.id = m.element_id
    WHERE m.post_id IN (SELECT value FROM json_each(:ids)) AND ${visibleSql('e', viewer)}`, viewerParams(viewer));
  const files = group<{ id: string; name: string; kind: PostFile['kind']; mime: string; bytes: number }>(`SELECT pf.post_id, f.id, f.name, f.kind, f.mime, f.bytes
    FROM post_files pf JOIN media_files f ON f.id = pf.file_id WHERE pf.post_id IN (SELECT value FROM json_each(:ids)) ORDER BY pf.position`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [{
      post: rowToPost(row, (tags.get(id) ?? []).map((tag) => tag.tag), (zones.get(id) ?? []).map((zone) => zone.zone_id)),
      wall: { id: row.wall_id, slug: row.wall_slug, name: row.wall_name, type: row.wall_type, communeInsee: row.wall_commune },
      author: { id: row.author_id, slug: row.author_slug, name: row.author_name, type: row.author_type, visible: row.author_visible === 1 },
      signedAs: row.as_element_id && row.as_slug !== null ? { id: row.as_element_id, slug: row.as_slug, name: row.as_name!, type: row.as_type! } : null,
      mentioned: new Map((mentions.get(id) ?? []).map((mention) => [mention.slug, mention.name])),
      files: (files.get(id) ?? []).map(({ id: fileId, name, kind, mime, bytes }) => ({ id: fileId, name, kind, mime, bytes })),
    }];
  });
}

/** The person, or the admins of an element, a mention of it tells. */
export function mentionRecipients(db: Db, element: { id: string; type: ElementType }): string[] {
  if (element.type === 'person') return [element.id];
  return adminsOf(db, element.id);
}

/** How a person belongs to an element: an active member, contributor or attendee, and whether an admin of it. */
export function membershipOf(db: Db, personId: string, elementId: string): { member: boolean; admin: boolean } {
  const row = sql(db, `SELECT max(l.is_admin) AS admin, count(*) AS links FROM links l WHERE l.from_id = ? AND l.to_id = ? AND l.status = 'active'
      AND (l.is_admin = 1 OR l.kind IN ('member', 'contributor', 'attendee'))`).get(personId, elementId) as { admin: number | null; links: number };
  return { member: row.links > 0, admin: row.admin === 1 };
}

/** The viewer a stored person is (to ask the post rule what they may read), or null without an account. */
export function viewerOfPerson(db: Db, personId: string): Viewer | null {
  const row = sql(db, 'SELECT username, is_box_admin FROM accounts WHERE person_id = ?').get(personId) as { username: string; is_box_admin: number } | undefined;
  return row ? { personId, username: row.username, isBoxAdmin: row.is_box_admin === 1 } : null;
}
