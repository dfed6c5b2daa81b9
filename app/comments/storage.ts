// SQL for comments: rows in, typed comments out. No permission decisions here (see ./actions.ts).
import { sql, type Db } from '../core/db/database.ts';
import { uuidv7 } from '../core/ids.ts';
import { nowIso } from '../core/time.ts';
import type { Comment, SubjectRef, SubjectType } from './model.ts';

interface CommentRow {
  id: string; subject_type: SubjectType; subject_id: string; parent_id: string | null; author_id: string; body: string;
  hidden_at: string | null; hidden_by: string | null; deleted_at: string | null; created_at: string; updated_at: string;
}

const rowToComment = (row: CommentRow): Comment => ({
  id: row.id, subject: { type: row.subject_type, id: row.subject_id }, parentId: row.parent_id, authorId: row.author_id,
  body: row.body, hiddenAt: row.hidden_at, hiddenBy: row.hidden_by, deletedAt: row.deleted_at, createdAt: row.created_at, updatedAt: row.updated_at,
});

export function findComment(db: Db, id: string): Comment | null {
  const row = sql(db, 'SELECT * FROM comments WHERE id = ?').get(id) as CommentRow | undefined;
  return row ? rowToComment(row) : null;
}

export interface NewComment {
  subject: SubjectRef;
  parentId: string | null;
  authorId: string;
  body: string;
}

export function insertComment(db: Db, comment: NewComment): string {
  const id = uuidv7();
  const now = nowIso();
  sql(db, `INSERT INTO comments (id, subject_type, subject_id, parent_id, author_id, body, created_at, updated_at)
    VALUES (:id, :subject_type, :subject_id, :parent_id, :author_id, :body, :now, :now)`).run({
    id, subject_type: comment.subject.type, subject_id: comment.subject.id, parent_id: comment.parentId,
    author_id: comment.authorId, body: comment.body, now,
  });
  return id;
}

export function updateCommentBody(db: Db, id: string, body: string) {
  sql(db, 'UPDATE comments SET body = ?, updated_at = ? WHERE id = ?').run(body, nowIso(), id);
}

/** A deleted comment that holds replies keeps its place, without its words. */
export function markCommentDeleted(db: Db, id: string) {
  const now = nowIso();
  sql(db, "UPDATE comments SET body = '', deleted_at = ?, updated_at = ? WHERE id = ?").run(now, now, id);
}

export function deleteCommentRow(db: Db, id: string) {
  sql(db, 'DELETE FROM comments WHERE id = ?').run(id);
}

export const hasReplies = (db: Db, id: string) => sql(db, 'SELECT 1 FROM comments WHERE parent_id = ? LIMIT 1').get(id) !== undefined;

/** Hidden by a moderator (`by`), or shown again (`by` null). */
export function setCommentHidden(db: Db, id: string, by: string | null) {
  sql(db, 'UPDATE comments SET hidden_at = :at, hidden_by = :by WHERE id = :id').run({ id, by, at: by ? nowIso() : null });
}

export interface ThreadRow extends Comment {
  authorName: string;
  authorSlug: string;
}

/** Every comment of a subject (deleted and hidden included: the caller decides), oldest first, at most `limit`. */
export function commentsOfSubject(db: Db, subject: SubjectRef, limit: number): ThreadRow[] {
  return (sql(db, `SELECT c.*, a.name AS author_name, a.slug AS author_slug FROM comments c JOIN elements a ON a.id = c.author_id
      WHERE c.subject_type = :type AND c.subject_id = :id ORDER BY c.id LIMIT :limit`)
    .all({ type: subject.type, id: subject.id, limit }) as (CommentRow & { author_name: string; author_slug: string })[])
    .map((row) => ({ ...rowToComment(row), authorName: row.author_name, authorSlug: row.author_slug }));
}

/** Readable comments (neither hidden nor deleted) of each subject of one type, by subject id. */
export function countPublished(db: Db, type: SubjectType, ids: string[]): Map<string, number> {
  const counts = new Map<string, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return counts;
  const rows = sql(db, `SELECT subject_id, count(*) AS n FROM comments
      WHERE subject_type = :type AND subject_id IN (SELECT value FROM json_each(:ids)) AND hidden_at IS NULL AND deleted_at IS NULL
      GROUP BY subject_id`).all({ type, ids: JSON.stringify(ids) }) as { subject_id: string; n: number }[];
  for (const row of rows) counts.set(row.subject_id, row.n);
  return counts;
}

/** A person's readable comments (neither hidden nor deleted), oldest first. */
export function publishedCommentsBy(db: Db, authorId: string): Comment[] {
  return (sql(db, 'SELECT * FROM comments WHERE author_id = ? AND hidden_at IS NULL AND deleted_at IS NULL ORDER BY id')
    .all(authorId) as CommentRow[]).map(rowToComment);
}

/** The wall and the author of a post, for the rules of comments on it (whether one may read it is not decided here). */
export function postFacts(db: Db, postId: string): { wallId: string; authorId: string; wallName: string } | null {
  const row = sql(db, 'SELECT p.wall_id, p.author_id, w.name AS wall_name FROM posts p JOIN elements w ON w.id = p.wall_id WHERE p.id = ?')
    .get(postId) as { wall_id: string; author_id: string; wall_name: string } | undefined;
  return row ? { wallId: row.wall_id, authorId: row.author_id, wallName: row.wall_name } : null;
}


/** A subject gone (a post deleted): its comments, and the reports on them, go with it. */
export function deleteThread(db: Db, type: SubjectType, subjectId: string) {
  sql(db, `DELETE FROM reports WHERE target_type = 'comment' AND target_id IN (SELECT id FROM comments WHERE subject_type = ? AND subject_id = ?)`)
    .run(type, subjectId);
  sql(db, 'DELETE FROM comments WHERE subject_type = ? AND subject_id = ?').run(type, subjectId);
}
