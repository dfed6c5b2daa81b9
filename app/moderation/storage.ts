// SQL for reports and for hiding what moderators hide. No permission decisions here (see ./actions.ts).
import { sql, type Db } from '../core/db/database.ts';
import { uuidv7 } from '../core/ids.ts';
import { nowIso } from '../core/time.ts';
import type { Report, ReportReason, TargetRef, TargetType } from './model.ts';

interface ReportRow {
  id: string; target_type: TargetType; target_id: string; scope_id: string; reporter_id: string; reason: ReportReason;
  details: string; status: Report['status']; created_at: string;
}

const rowToReport = (row: ReportRow): Report => ({
  id: row.id, target: { type: row.target_type, id: row.target_id }, scopeId: row.scope_id, reporterId: row.reporter_id,
  reason: row.reason, details: row.details, status: row.status, createdAt: row.created_at,
});

export function findReport(db: Db, id: string): Report | null {
  const row = sql(db, 'SELECT * FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
  return row ? rowToReport(row) : null;
}

export const hasReported = (db: Db, reporterId: string, target: TargetRef) =>
  sql(db, 'SELECT 1 FROM reports WHERE target_type = ? AND target_id = ? AND reporter_id = ?').get(target.type, target.id, reporterId) !== undefined;

export type NewReport = Pick<Report, 'target' | 'scopeId' | 'reporterId' | 'reason' | 'details'>;

export function insertReport(db: Db, report: NewReport): string {
  const id = uuidv7();
  sql(db, `INSERT INTO reports (id, target_type, target_id, scope_id, reporter_id, reason, details, created_at)
    VALUES (:id, :target_type, :target_id, :scope_id, :reporter_id, :reason, :details, :now)`).run({
    id, target_type: report.target.type, target_id: report.target.id, scope_id: report.scopeId, reporter_id: report.reporterId,
    reason: report.reason, details: report.details, now: nowIso(),
  });
  return id;
}

export const countOpenReportsOn = (db: Db, target: TargetRef) =>
  (sql(db, "SELECT count(*) AS n FROM reports WHERE status = 'open' AND target_type = ? AND target_id = ?").get(target.type, target.id) as { n: number }).n;

/** Closes the reports of a target that are in one status (`from`) with a moderator's decision; returns how many. */
export function closeReports(db: Db, target: TargetRef, from: Report['status'], to: Report['status'], by: string): number {
  return sql(db, `UPDATE reports SET status = :to, decided_by = :by, decided_at = :now
      WHERE target_type = :type AND target_id = :id AND status = :from`)
    .run({ type: target.type, id: target.id, from, to, by, now: nowIso() }).changes;
}

/** Reports of something gone for good (its author deleted it) go with it. */
export function deleteReportsOn(db: Db, target: TargetRef) {
  sql(db, 'DELETE FROM reports WHERE target_type = ? AND target_id = ?').run(target.type, target.id);
}

/** Which of these targets of one type this person reported already. */
export function reportedBy(db: Db, reporterId: string, type: TargetType, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const rows = sql(db, `SELECT target_id FROM reports WHERE reporter_id = :reporter AND target_type = :type
      AND target_id IN (SELECT value FROM json_each(:ids))`).all({ reporter: reporterId, type, ids: JSON.stringify(ids) }) as { target_id: string }[];
  return new Set(rows.map((row) => row.target_id));
}

/** Every scope (null), or the reports of these scopes only. */
export type Scopes = string[] | null;

// A post deleted by its author leaves its reports behind (the posts table knows nothing of them): they wait for nothing.
const inScopes = `(:all = 1 OR r.scope_id IN (SELECT value FROM json_each(:scopes)))
  AND (CASE r.target_type WHEN 'post' THEN EXISTS (SELECT 1 FROM posts p WHERE p.id = r.target_id)
    ELSE EXISTS (SELECT 1 FROM comments c WHERE c.id = r.target_id) END)`;
const scopeParams = (scopes: Scopes) => ({ all: scopes === null ? 1 : 0, scopes: JSON.stringify(scopes ?? []) });

export interface ReportedTarget {
  target: TargetRef;
  scopeId: string;
  reasons: { reason: ReportReason; details: string }[];
  firstAt: string;
}

/** Targets with open reports in these scopes, the longest waiting first, with each report's reason. */
export function openTargets(db: Db, scopes: Scopes, limit: number): ReportedTarget[] {
  const rows = sql(db, `SELECT r.target_type, r.target_id, r.scope_id, min(r.created_at) AS first_at,
        json_group_array(json_object('reason', r.reason, 'details', r.details)) AS reasons
      FROM reports r WHERE r.status = 'open' AND ${inScopes}
      GROUP BY r.target_type, r.target_id ORDER BY first_at LIMIT :limit`).all({ ...scopeParams(scopes), limit }) as
    { target_type: TargetType; target_id: string; scope_id: string; first_at: string; reasons: string }[];
  return rows.map((row) => ({
    target: { type: row.target_type, id: row.target_id }, scopeId: row.scope_id, firstAt: row.first_at,
    reasons: JSON.parse(row.reasons) as ReportedTarget['reasons'],
  }));
}

/** Targets a moderator hid after a report, in these scopes, the latest decision first (the caller keeps those still hidden). */
export function hiddenTargets(db: Db, scopes: Scopes, limit: number): ReportedTarget[] {
  const rows = sql(db, `SELECT r.target_type, r.target_id, r.scope_id, max(r.decided_at) AS decided_at, min(r.created_at) AS first_at,
        json_group_array(json_object('reason', r.reason, 'details', r.details)) AS reasons
      FROM reports r WHERE r.status = 'hidden' AND ${inScopes}
      GROUP BY r.target_type, r.target_id ORDER BY decided_at DESC LIMIT :limit`).all({ ...scopeParams(scopes), limit }) as
    { target_type: TargetType; target_id: string; scope_id: string; first_at: string; reasons: string }[];
  return rows.map((row) => ({
    target: { type: row.target_type, id: row.target_id }, scopeId: row.scope_id, firstAt: row.first_at,
    reasons: JSON.parse(row.reasons) as ReportedTarget['reasons'],
  }));
}

/** How many targets wait for a decision in these scopes. */
export const countOpenTargets = (db: Db, scopes: Scopes) =>
  (sql(db, `SELECT count(DISTINCT r.target_type || ':' || r.target_id) AS n FROM reports r WHERE r.status = 'open' AND ${inScopes}`)
    .get(scopeParams(scopes)) as { n: number }).n;

/** A post as moderators see it, hidden or not: its words, author and wall. */
interface ModeratedContent {
  authorId: string;
  authorName: string;
  authorSlug: string;
  body: string;
  createdAt: string;
  hiddenAt: string | null;
  /** The post's wall. */
  scopeId: string;
}

export function postForModeration(db: Db, id: string): (ModeratedContent & { wallSlug: string }) | null {
  const row = sql(db, `SELECT p.author_id, a.name AS author_name, a.slug AS author_slug, p.body, p.created_at, p.hidden_at, p.wall_id, w.slug AS wall_slug
      FROM posts p JOIN elements a ON a.id = p.author_id JOIN elements w ON w.id = p.wall_id WHERE p.id = ?`).get(id) as {
    author_id: string; author_name: string; author_slug: string; body: string; created_at: string; hidden_at: string | null; wall_id: string; wall_slug: string;
  } | undefined;
  return row ? {
    authorId: row.author_id, authorName: row.author_name, authorSlug: row.author_slug, body: row.body, createdAt: row.created_at,
    hiddenAt: row.hidden_at, scopeId: row.wall_id, wallSlug: row.wall_slug,
  } : null;
}

/** Hidden by a moderator (`by`), or shown again (`by` null). */
export function setPostHidden(db: Db, id: string, by: string | null) {
  sql(db, 'UPDATE posts SET hidden_at = :at, hidden_by = :by WHERE id = :id').run({ id, by, at: by ? nowIso() : null });
}
